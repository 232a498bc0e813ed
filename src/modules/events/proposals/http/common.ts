import { orgAccessTo } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_MEMBERS, ORG_STAFF } from '../../../../core/roles.js';
import { organisationIdIfExists } from '../../../organisations/service.js';
import { organisationOfProposal, PROPOSERS } from '../service.js';

/** Who may call the proposals' routes, by the path parameter that names the record. */
export function proposalAccess(deps: Deps) {
  const { db } = deps;
  return {
    /** An organisation's page and lists: any of its people, partner accounts included. */
    members: orgAccessTo(db, 'organisationId', ORG_MEMBERS, organisationIdIfExists),
    /** Proposing in the organisation's name. */
    proposers: orgAccessTo(db, 'organisationId', PROPOSERS, organisationIdIfExists),
    /** Deciding: staff of the programme's organisation. */
    decide: orgAccessTo(db, 'proposalId', ORG_STAFF, organisationOfProposal),
  };
}
