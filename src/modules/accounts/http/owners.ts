import type { FastifyRequest } from 'fastify';
import { paramOf } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { organisationOwner } from '../../organisations/service.js';
import { organisationIfMember } from '../service.js';

/** The organisation a path names, for `orgAccess`. */
export function owners(deps: Deps) {
  const { db } = deps;
  return {
    organisation: organisationOwner(db),
    /** The organisation, when the person in the path has a role in it: another organisation's people are not found. */
    member: (req: FastifyRequest) => organisationIfMember(db, paramOf(req, 'organisationId'), paramOf(req, 'userId')),
  };
}
