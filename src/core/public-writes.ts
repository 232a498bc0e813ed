import type { FastifyInstance, RouteOptions } from 'fastify';
import { type Access, PUBLIC } from './access.js';
import type { Deps } from './deps.js';

/** What RATE_LIMIT_MAX asks of a public write, per address and minute; none when it is 0. */
function publicWriteLimit(deps: Deps): { max: number; timeWindow: string } | undefined {
  const max = deps.config.rateLimitMax;
  return max > 0 ? { max, timeWindow: '1 minute' } : undefined;
}

/** The route config of a public write (a booking, an application, a report): counted against RATE_LIMIT_MAX. */
export function publicWriteConfig(deps: Deps): { access: Access; publicWrite: true; rateLimit?: { max: number; timeWindow: string } } {
  const rateLimit = publicWriteLimit(deps);
  return { access: PUBLIC, publicWrite: true, ...(rateLimit ? { rateLimit } : {}) };
}

/** An app whose routes count against RATE_LIMIT_MAX, for apiRoute (which has no rate-limit option of its own). */
export function limitedApp(app: FastifyInstance, deps: Deps): FastifyInstance {
  const rateLimit = publicWriteLimit(deps);
  return {
    route: (opts: RouteOptions) => app.route({ ...opts, config: { ...opts.config, ...(rateLimit ? { rateLimit } : {}) } }),
  } as unknown as FastifyInstance;
}
