import { orgAccessTo } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_MEMBERS, ORG_STAFF } from '../../../../core/roles.js';
import { organisationAccess } from '../../../organisations/service.js';
import { organisationOfProposal, PROPOSERS } from '../service.js';

/** Who may call the proposals' routes, by the path parameter that names the record. */
export function proposalAccess(deps: Deps) {
  const { db } = deps;
  return {
    /** An organisation's page and lists: any of its people, partner accounts included. */
    members: organisationAccess(db, ORG_MEMBERS),
    /** Proposing in the organisation's name. */
    proposers: organisationAccess(db, PROPOSERS),
    /** Deciding: staff of the programme's organisation. */
    decide: orgAccessTo(db, 'proposalId', ORG_STAFF, organisationOfProposal),
  };
}
