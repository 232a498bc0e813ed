import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../../core/deps.js';
import { sharedRateLimit } from '../../http-kit.js';

/**
 * Writing to the people of an event, by page or API, counts against one rate limit (at most 30 a
 * minute, less when RATE_LIMIT_MAX is lower), for every route of the scope it is added to.
 */
export function messageRateLimit(scope: FastifyInstance, deps: Deps): void {
  const max = deps.config.rateLimitMax;
  if (max > 0) scope.addHook('onRequest', sharedRateLimit(scope, deps, 'events.messages', Math.min(max, 30)));
}
