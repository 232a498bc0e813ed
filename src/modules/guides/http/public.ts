import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, PUBLIC } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { desksOffering, upcomingEvents } from '../nearby.js';
import { CATEGORIES, LIFE_EVENTS, ServiceQuery } from '../schemas.js';
import * as svc from '../service.js';
import { CataloguePage, ChoicePage, PrintPage, SheetPage } from '../views/public.js';

const CSS = readFileSync(resolve(import.meta.dirname, '..', 'guides.css'), 'utf8');

type CatalogueRequest = { Querystring: Record<string, string | string[] | undefined> };
type SheetRequest = { Params: { slugOrId: string } };

/** The public catalogue of service sheets, a sheet's page and its printable version. */
export const guidePublicRoutes: RoutePlugin = async (app, deps) => {
  app.get('/servizi/stile.css', { config: { access: PUBLIC } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );
  registerCatalogue(app, deps);
  registerSheetPages(app, deps);
};

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** The catalogue's query from the page's address: unknown categories and life events are left out. */
function catalogueQuery(raw: CatalogueRequest['Querystring']) {
  const category = one(raw.category);
  const lifeEvent = one(raw.evento);
  const organisation = one(raw.organisation);
  const q = one(raw.q)?.slice(0, 200) || undefined;
  const parsed = ServiceQuery.safeParse({
    q,
    organisation: organisation || undefined,
    category: category && (CATEGORIES as readonly string[]).includes(category) ? category : undefined,
    lifeEvent: lifeEvent && (LIFE_EVENTS as readonly string[]).includes(lifeEvent) ? lifeEvent : undefined,
    limit: 20,
    offset: one(raw.offset) ?? 0,
  });
  return parsed.success ? parsed.data : parse(ServiceQuery, { limit: 20, offset: 0, q });
}

function registerCatalogue(app: FastifyInstance, { db }: Deps): void {
  app.get<CatalogueRequest>('/servizi', { config: { access: PUBLIC } }, async (req, reply) => {
    const q = catalogueQuery(req.query);
    const [result, facets] = await Promise.all([svc.listPublished(db, q), svc.catalogueFacets(db)]);
    return sendPage(
      reply,
      CataloguePage({
        ctx: pageContext(req, reply),
        query: {
          q: q.q ?? '',
          organisation: q.organisation ?? '',
          category: q.category ?? '',
          lifeEvent: q.lifeEvent ?? '',
          offset: q.offset,
          limit: q.limit,
        },
        result,
        facets,
      }),
    );
  });
}

async function publicSheet(db: Db, req: FastifyRequest<SheetRequest>, reply: FastifyReply, print: boolean) {
  const found = await svc.findPublicSheet(db, req.params.slugOrId, req.principal);
  if ('choices' in found) return sendPage(reply, ChoicePage({ ctx: pageContext(req, reply), choices: found.choices }));
  const { sheet, preview } = found;
  const sheetPath = preview ? `/servizi/${sheet.id}` : sheet.page;
  if (print) {
    const origin = `${req.protocol}://${req.host}`;
    return sendPage(
      reply,
      PrintPage({ ctx: pageContext(req, reply), sheet, sheetPath, absoluteUrl: `${origin}${sheetPath}`, now: nowIso() }),
    );
  }
  const [events, desks] = await Promise.all([
    upcomingEvents(db, sheet.topics),
    desksOffering(db, sheet.deskServices, sheet.organisation.id),
  ]);
  return sendPage(
    reply,
    SheetPage({
      ctx: pageContext(req, reply, sheet.organisation.name),
      sheet,
      preview,
      events,
      desks,
      canEdit: hasRole(req.principal, sheet.organisation.id, ORG_STAFF),
    }),
  );
}

function registerSheetPages(app: FastifyInstance, { db }: Deps): void {
  app.get<SheetRequest>('/servizi/:slugOrId', { config: { access: PUBLIC } }, async (req, reply) => publicSheet(db, req, reply, false));
  app.get<SheetRequest>('/servizi/:slugOrId/stampa', { config: { access: PUBLIC } }, async (req, reply) =>
    publicSheet(db, req, reply, true),
  );
}
