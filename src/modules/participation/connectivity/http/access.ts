import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { orgAccess, paramOf } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import { organisationIdIfExists } from '../../../organisations/service.js';
import { organisationOfReport } from '../service.js';

/** What RATE_LIMIT_MAX asks of a public write (0 turns the limit off). */
export function rateLimitOf(deps: Deps): { max: number; timeWindow: string } | null {
  const max = deps.config.rateLimitMax;
  return max > 0 ? { max, timeWindow: '1 minute' } : null;
}

/** An app whose routes count against RATE_LIMIT_MAX (apiRoute has no rate-limit option). */
export function limitedApp(app: FastifyInstance, deps: Deps): FastifyInstance {
  const rateLimit = rateLimitOf(deps);
  return {
    route: (opts: RouteOptions) => app.route({ ...opts, config: { ...opts.config, ...(rateLimit ? { rateLimit } : {}) } }),
  } as unknown as FastifyInstance;
}

/** Staff of the organisation (by its id), or of the report's organisation (by the report's id). */
export function staffAccess(deps: Deps) {
  const { db } = deps;
  return {
    organisation: orgAccess('organisationId', ORG_STAFF, (req: FastifyRequest) =>
      organisationIdIfExists(db, paramOf(req, 'organisationId')),
    ),
    report: orgAccess('connectivityReportId', ORG_STAFF, (req: FastifyRequest) =>
      organisationOfReport(db, paramOf(req, 'connectivityReportId')),
    ),
  };
}
