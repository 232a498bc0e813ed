import type { FastifyRequest } from 'fastify';
import { orgAccess, paramOf } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { organisationIdIfExists } from '../../organisations/service.js';
import { organisationOfProcess } from '../processes/service.js';
import { organisationOfComment, organisationOfProposal } from '../proposals/service.js';

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
