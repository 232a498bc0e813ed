import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Db } from '../../../db/index.js';
import { type PageContext, pageContext, sendPage } from '../../../web/layout.js';
import { type ProcessRef, processRef } from '../meetings/process-link.js';

/** What a back-office page of a process is given first: its context and the process. */
export type ProcessPageBase = { ctx: PageContext; process: { id: string; title: string } };

/** What a page of the process reads for itself: all its props but the context and the process. */
type OwnProps<Props extends ProcessPageBase> = Omit<Props, keyof ProcessPageBase>;

/**
 * The back-office page of one of a process's records: `find` gives the record the route names
 * (with the id of its process), `propsOf` what the page shows of it; the page is drawn with the
 * context and the process, then what `propsOf` read, then `extra` (a refused form's values and
 * errors, a notice). The sender it returns, `(req, reply, id, extra?, status?)`, is also what a
 * refused form draws again.
 *
 *   const actionPage = processRecordPage(db, StaffActionPage, (id) => getAction(db, id), async (process, action) => ({ action }));
 */
export function processRecordPage<Props extends ProcessPageBase, T extends { processId: string }>(
  db: Db,
  Page: (props: Props) => VNode,
  find: (id: string) => Promise<T>,
  propsOf: (process: ProcessRef, record: T) => Promise<OwnProps<Props>>,
) {
  return async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Partial<Props> = {}, status = 200) => {
    const record = await find(id);
    // The route's access rule has found the same process.
    const process = (await processRef(db, record.processId))!;
    const own = await propsOf(process, record);
    const props = { ctx: pageContext(req, reply), process, ...own, ...extra } as ProcessPageBase as Props;
    return sendPage(reply, Page(props), status);
  };
}

/** The back-office page of the process its route names, drawn as `processRecordPage` draws a record's. */
export function processPage<Props extends ProcessPageBase>(
  db: Db,
  Page: (props: Props) => VNode,
  propsOf: (process: ProcessRef) => Promise<OwnProps<Props>>,
) {
  return processRecordPage(db, Page, async (processId) => ({ processId }), propsOf);
}
