import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Config } from '../config.js';
import { PUBLIC } from './access.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Prometheus registry of this application (served by /metrics or by listenMetrics). */
    metricsRegistry: Registry;
  }
  interface FastifyContextConfig {
    /** The route reads `Authorization` itself: it is not taken for an API token. */
    ownAuthorization?: boolean;
  }
}

/**
 * Prometheus metrics. They tell the world how busy each route is and the process's memory, so in
 * production they are never served on the public port without a token:
 * - METRICS_PORT set: served on that address of their own only (listenMetrics), the public port
 *   answers 404;
 * - METRICS_TOKEN set: /metrics on the public port requires `Authorization: Bearer <token>`;
 * - neither: open in development, 404 in production.
 * The token, when set, is required on the metrics' own address too.
 */
export function registerMetrics(app: FastifyInstance, config: Config): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Counted here, per method, route and status, and handed to the counter when it is read: the
  // counter's own `inc` validates and hashes its labels on every request, which a scrape every few
  // seconds does not need.
  const counted = new Map<string, { labels: { method: string; route: string; status: number }; n: number }>();
  new Counter({
    name: 'ponte_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
    collect() {
      for (const entry of counted.values()) {
        if (entry.n === 0) continue;
        this.inc(entry.labels, entry.n);
        entry.n = 0;
      }
    },
  });
  const duration = new Histogram({
    name: 'ponte_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // One labels object per method and route, made once rather than on every request.
  const durationLabels = new Map<string, { method: string; route: string }>();
  app.decorate('metricsRegistry', registry);
  app.addHook('onResponse', (req, reply, done) => {
    const method = req.method;
    const route = req.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const key = `${status} ${method} ${route}`;
    const entry = counted.get(key);
    if (entry) entry.n++;
    else counted.set(key, { labels: { method, route, status }, n: 1 });
    const routeKey = key.slice(key.indexOf(' ') + 1);
    let labels = durationLabels.get(routeKey);
    if (!labels) {
      labels = { method, route };
      durationLabels.set(routeKey, labels);
    }
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });

  const onPublicPort = !config.metricsListen && (config.metricsToken !== null || !config.production);
  if (!onPublicPort) return;
  app.get('/metrics', { config: { access: PUBLIC, ownAuthorization: true } }, async (req, reply) => {
    if (!authorised(req.headers, config.metricsToken)) {
      // Answered here: a scraper wants the 401 itself, not the sign-in page the error handler offers browsers.
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').type('application/problem+json').send({
        type: 'about:blank',
        title: 'Accesso richiesto',
        status: 401,
        detail: 'Le metriche richiedono il token METRICS_TOKEN.',
      });
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

/** Whether the request carries the metrics token (always, when none is configured). */
function authorised(headers: IncomingHttpHeaders, token: string | null): boolean {
  if (token === null) return true;
  const given = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim() ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Serves GET /metrics on a listen address of its own (METRICS_HOST:METRICS_PORT). Resolves once
 * listening, with the port (useful when asked for port 0) and a way to close it.
 */
export async function listenMetrics(
  app: FastifyInstance,
  config: Config,
  listen: { host: string; port: number },
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (!authorised(req.headers, config.metricsToken)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"', 'content-type': 'text/plain; charset=utf-8' });
      res.end('METRICS_TOKEN required\n');
      return;
    }
    app.metricsRegistry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': app.metricsRegistry.contentType }).end(req.method === 'HEAD' ? undefined : text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
