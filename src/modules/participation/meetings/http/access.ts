import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { orgAccess, paramOf } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import * as svc from '../service.js';

/** The access rules of the staff's meeting and poll routes, by the path parameter that names the record. */
export function meetingAccess(deps: Deps) {
  const { db } = deps;
  return {
    process: orgAccess('processId', ORG_STAFF, (req: FastifyRequest) => svc.organisationOfProcess(db, paramOf(req, 'processId'))),
    meeting: orgAccess('meetingId', ORG_STAFF, (req: FastifyRequest) => svc.organisationOfMeeting(db, paramOf(req, 'meetingId'))),
    poll: orgAccess('pollId', ORG_STAFF, (req: FastifyRequest) => svc.organisationOfPoll(db, paramOf(req, 'pollId'))),
  };
}

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
