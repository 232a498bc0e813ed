import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { pingDb } from '../db/index.js';
import { PUBLIC } from './access.js';
import { buildOpenApi } from './api.js';
import type { Deps } from './deps.js';

/** Liveness, readiness, Prometheus metrics and the OpenAPI document. */
export async function registerSystemRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'ponte_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'ponte_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: reply.statusCode });
    duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    done();
  });

  app.get('/healthz', { config: { access: PUBLIC } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: PUBLIC } }, async (_req, reply) => {
    try {
      await pingDb(deps.db);
      return { status: 'ready', database: deps.db.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: deps.db.dialect });
    }
  });
  app.get('/metrics', { config: { access: PUBLIC } }, async (_req, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  let openapi: unknown;
  app.get('/api/v1/openapi.json', { config: { access: PUBLIC } }, async () => {
    openapi ??= buildOpenApi(app.routeTable, deps.config.baseUrl);
    return openapi;
  });
}
