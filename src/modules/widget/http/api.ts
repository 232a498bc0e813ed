import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { OrgParam, Origin, OriginCreate, OriginParam } from '../schemas.js';
import * as svc from '../service.js';
import { widgetAccess } from './access.js';

/** The API of the widget's allowed websites: list, add, remove. */
export async function widgetApiRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;
  const { byOrg, byOrigin } = widgetAccess(deps);
  const api = apiRouter(app, { tags: ['widget'] });

  const organisationRoutes = api.under('/api/v1/organisations/:organisationId', { access: byOrg, params: OrgParam });
  organisationRoutes.get(
    '/widget-origins',
    { summary: 'The websites allowed to show the organisation’s events widget in a frame', ok: z.object({ items: Origin.array() }) },
    async ({ req }) => ({ items: await svc.listOrigins(db, req.targetOrganisationId!) }),
  );

  organisationRoutes.post(
    '/widget-origins',
    {
      summary: 'Allow a website to show the events widget (its origin goes into the widget’s frame-ancestors)',
      body: OriginCreate,
      created: Origin,
      responses: {
        422: { description: 'Not an http(s) origin (a path, a query, a wildcard, credentials), already listed, or too many' },
      },
    },
    async ({ req, body }) => svc.addOrigin(db, req.targetOrganisationId!, body, req.principal?.userId ?? null),
  );

  api.delete(
    '/api/v1/widget-origins/:widgetOriginId',
    {
      access: byOrigin,
      summary: 'Stop a website from showing the events widget',
      params: OriginParam,
      noContent: 'Removed',
    },
    async ({ req, params }) => svc.removeOrigin(db, params.widgetOriginId, req.principal?.userId ?? null),
  );
}
