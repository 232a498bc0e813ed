import type { FastifyInstance, FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify';
import type { VNode } from 'preact';
import type { Deps } from '../core/deps.js';
import type { RoutePlugin } from '../core/module.js';
import type { Db } from '../db/index.js';
import { getOrganisation, type Organisation } from '../modules/organisations/service.js';
import type { FormBody } from './forms.js';
import { type PageContext, pageContext, sendPage } from './layout.js';

/** Some of a module's routes, registered on its plugin's instance. */
export type RoutePart = (app: FastifyInstance, deps: Deps) => void;

/** A module's routes made of its parts, registered in the order given. */
export function routesOf(...parts: RoutePart[]): RoutePlugin {
  return async (app, deps) => {
    for (const part of parts) part(app, deps);
  };
}

/** The route of a form sent to a record's address: the path parameter that names it and the form's fields. */
export type PathForm<P extends string> = { Params: Record<P, string>; Body: FormBody | undefined };

/** What an organisation's back-office page is given first: its context, named after the organisation, and the organisation. */
export type OrgPageBase = { ctx: PageContext; organisation: { id: string; name: string } };

/** What a page of the organisation reads for itself: all its props but the context (and the organisation, unless it wants the whole record). */
type OwnProps<Props extends OrgPageBase> = Omit<Props, keyof OrgPageBase> & { organisation?: Props['organisation'] };

/**
 * The back-office page of the organisation its route names (found by the route's access rule):
 * `propsOf` reads what else the page shows; the page is drawn with the context named after the
 * organisation, its id and name, then `extra` (a refused form's errors and values, a notice). The
 * sender it returns, `(req, reply, extra?, status?)`, is also what a refused form draws again.
 *
 *   const desksPage = orgPage(db, DesksAdminPage, async (req, org) => ({ desks: await listDesks(db, org.id) }));
 */
export function orgPage<Props extends OrgPageBase, R extends RouteGenericInterface = RouteGenericInterface>(
  db: Db,
  Page: (props: Props) => VNode,
  propsOf: (req: FastifyRequest<R>, org: Organisation) => Promise<OwnProps<Props>>,
) {
  return async (req: FastifyRequest<R>, reply: FastifyReply, extra: Partial<Props> = {}, status = 200) => {
    const org = await getOrganisation(db, req.targetOrganisationId!);
    const own = await propsOf(req, org);
    const base: OrgPageBase = { ctx: pageContext(req, reply, org.name), organisation: { id: org.id, name: org.name } };
    return sendPage(reply, Page({ ...base, ...own, ...extra } as Props), status);
  };
}
