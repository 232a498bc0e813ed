import type { FastifyInstance } from 'fastify';
import { pingDb } from '../db/index.js';
import { PUBLIC } from './access.js';
import type { Deps } from './deps.js';
import { registerMetrics } from './metrics.js';
import { buildOpenApi } from './openapi.js';

/** Liveness, readiness, Prometheus metrics (core/metrics.ts) and the OpenAPI document. */
export async function registerSystemRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  registerMetrics(app, deps.config);

  app.get('/healthz', { config: { access: PUBLIC } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: PUBLIC } }, async (_req, reply) => {
    try {
      await pingDb(deps.db);
      return { status: 'ready', database: deps.db.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: deps.db.dialect });
    }
  });
  let openapi: unknown;
  app.get('/api/v1/openapi.json', { config: { access: PUBLIC } }, async () => {
    openapi ??= buildOpenApi(app.routeTable, deps.config.baseUrl);
    return openapi;
  });
}
