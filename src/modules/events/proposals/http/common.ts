import type { FastifyRequest } from 'fastify';
import { orgAccess, paramOf } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_MEMBERS, ORG_STAFF } from '../../../../core/roles.js';
import { organisationIdIfExists } from '../../../organisations/service.js';
import { organisationOfProposal, PROPOSERS } from '../service.js';

/** Who may call the proposals' routes, by the path parameter that names the record. */
export function proposalAccess(deps: Deps) {
  const { db } = deps;
  const organisation = (req: FastifyRequest) => organisationIdIfExists(db, paramOf(req, 'organisationId'));
  return {
    /** An organisation's page and lists: any of its people, partner accounts included. */
    members: orgAccess('organisationId', ORG_MEMBERS, organisation),
    /** Proposing in the organisation's name. */
    proposers: orgAccess('organisationId', PROPOSERS, organisation),
    /** Deciding: staff of the programme's organisation. */
    decide: orgAccess('proposalId', ORG_STAFF, (req: FastifyRequest) => organisationOfProposal(db, paramOf(req, 'proposalId'))),
  };
}
