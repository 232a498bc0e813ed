import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { orgAccess, paramOf } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { organisationIdIfExists } from '../../organisations/service.js';
import { organisationOfProcess } from '../processes/service.js';
import { organisationOfComment, organisationOfProposal } from '../proposals/service.js';

/** What RATE_LIMIT_MAX asks of a public write (0 turns the limit off). */
export function rateLimitOf(deps: Deps): { max: number; timeWindow: string } | null {
  const max = deps.config.rateLimitMax;
  return max > 0 ? { max, timeWindow: '1 minute' } : null;
}

/** The route options of a public write: counted against RATE_LIMIT_MAX. */
export function publicWrite(deps: Deps): {
  access: { kind: 'public' };
  publicWrite: true;
  rateLimit?: { max: number; timeWindow: string };
} {
  const rateLimit = rateLimitOf(deps);
  return { access: { kind: 'public' }, publicWrite: true, ...(rateLimit ? { rateLimit } : {}) };
}

/** An app whose routes count against RATE_LIMIT_MAX (apiRoute has no rate-limit option). */
export function limitedApp(app: FastifyInstance, deps: Deps): FastifyInstance {
  const rateLimit = rateLimitOf(deps);
  return {
    route: (opts: RouteOptions) => app.route({ ...opts, config: { ...opts.config, ...(rateLimit ? { rateLimit } : {}) } }),
  } as unknown as FastifyInstance;
}

/** The access rules of staff routes, by the path parameter that names the record. */
export function staffAccess(deps: Deps) {
  const { db } = deps;
  return {
    organisation: orgAccess('organisationId', ORG_STAFF, (req: FastifyRequest) =>
      organisationIdIfExists(db, paramOf(req, 'organisationId')),
    ),
    process: orgAccess('processId', ORG_STAFF, (req: FastifyRequest) => organisationOfProcess(db, paramOf(req, 'processId'))),
    proposal: orgAccess('participationProposalId', ORG_STAFF, (req: FastifyRequest) =>
      organisationOfProposal(db, paramOf(req, 'participationProposalId')),
    ),
    comment: orgAccess('commentId', ORG_STAFF, (req: FastifyRequest) => organisationOfComment(db, paramOf(req, 'commentId'))),
  };
}
