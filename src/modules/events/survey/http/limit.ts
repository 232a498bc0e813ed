import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../../core/deps.js';
import { sharedRateLimit } from '../../http-kit.js';

/** Answers to the survey, by page or API, are public writes: together they count against RATE_LIMIT_MAX. */
export function surveyRateLimit(scope: FastifyInstance, deps: Deps): void {
  const max = deps.config.rateLimitMax;
  if (max > 0) scope.addHook('onRequest', sharedRateLimit(scope, deps, 'events.survey', max));
}
