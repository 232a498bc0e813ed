import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Db } from '../../../../db/index.js';
import { formlessPageContext, type PageContext, sendPage } from '../../../../web/layout.js';
import { processPage, publicProcessRef } from '../process-link.js';

/** What a public page of a process is given first: its context and the process, with the link to its page. */
type ProcessPageBase = { ctx: PageContext; process: { id: string; title: string; page: string } };

/**
 * A public page of the process its path names (its agenda, its meetings): the process must be
 * public; `propsOf` reads what else the page shows of it. The page has no form for visitors.
 */
export function publicProcessPage<Props extends ProcessPageBase>(
  db: Db,
  Page: (props: Props) => VNode,
  propsOf: (processId: string) => Promise<Omit<Props, keyof ProcessPageBase>>,
) {
  return async (req: FastifyRequest<{ Params: { processId: string } }>, reply: FastifyReply) => {
    const process = await publicProcessRef(db, req.params.processId);
    const own = await propsOf(process.id);
    const base: ProcessPageBase = {
      ctx: formlessPageContext(req, reply),
      process: { id: process.id, title: process.title, page: processPage(process.id) },
    };
    return sendPage(reply, Page({ ...base, ...own } as Props));
  };
}
