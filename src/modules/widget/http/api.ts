import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiRoute } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { OrgParam, Origin, OriginCreate, OriginParam } from '../schemas.js';
import * as svc from '../service.js';
import { widgetAccess } from './access.js';

/** The API of the widget's allowed websites: list, add, remove. */
export async function widgetApiRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;
  const { byOrg, byOrigin } = widgetAccess(deps);

  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId/widget-origins',
    {
      access: byOrg,
      summary: 'The websites allowed to show the organisation’s events widget in a frame',
      tags: ['widget'],
      params: OrgParam,
      responses: { 200: { description: 'OK', schema: z.object({ items: Origin.array() }) } },
    },
    async ({ req }) => ({ items: await svc.listOrigins(db, req.targetOrganisationId!) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/organisations/:organisationId/widget-origins',
    {
      access: byOrg,
      summary: 'Allow a website to show the events widget (its origin goes into the widget’s frame-ancestors)',
      tags: ['widget'],
      params: OrgParam,
      body: OriginCreate,
      responses: {
        201: { description: 'Created', schema: Origin },
        422: { description: 'Not an http(s) origin (a path, a query, a wildcard, credentials), already listed, or too many' },
      },
    },
    async ({ req, reply, body }) =>
      reply.code(201).send(await svc.addOrigin(db, req.targetOrganisationId!, body, req.principal?.userId ?? null)),
  );

  apiRoute(
    app,
    'DELETE',
    '/api/v1/widget-origins/:widgetOriginId',
    {
      access: byOrigin,
      summary: 'Stop a website from showing the events widget',
      tags: ['widget'],
      params: OriginParam,
      responses: { 204: { description: 'Removed' } },
    },
    async ({ req, reply, params }) => {
      await svc.removeOrigin(db, params.widgetOriginId, req.principal?.userId ?? null);
      return reply.code(204).send();
    },
  );
}
