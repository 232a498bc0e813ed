import { orgAccessTo } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { organisationAccess } from '../../organisations/service.js';
import { organisationOfProcess } from '../processes/service.js';
import { organisationOfComment, organisationOfProposal } from '../proposals/service.js';

/** The access rules of staff routes, by the path parameter that names the record. */
export function staffAccess(deps: Deps) {
  const { db } = deps;
  return {
    organisation: organisationAccess(db, ORG_STAFF),
    process: orgAccessTo(db, 'processId', ORG_STAFF, organisationOfProcess),
    proposal: orgAccessTo(db, 'participationProposalId', ORG_STAFF, organisationOfProposal),
    comment: orgAccessTo(db, 'commentId', ORG_STAFF, organisationOfComment),
  };
}
