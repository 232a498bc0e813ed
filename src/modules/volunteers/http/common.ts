import type { FastifyRequest } from 'fastify';
import { orgAccess, paramOf } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { organisationIdIfExists } from '../../organisations/service.js';
import * as svc from '../service.js';

/** The access rules of staff routes, by the path parameter that names the record. */
export function staffAccess(deps: Deps) {
  const { db } = deps;
  return {
    organisation: orgAccess('organisationId', ORG_STAFF, (req: FastifyRequest) =>
      organisationIdIfExists(db, paramOf(req, 'organisationId')),
    ),
    application: orgAccess('applicationId', ORG_STAFF, (req: FastifyRequest) =>
      svc.organisationOfApplication(db, paramOf(req, 'applicationId')),
    ),
    shift: orgAccess('shiftId', ORG_STAFF, (req: FastifyRequest) => svc.organisationOfShift(db, paramOf(req, 'shiftId'))),
  };
}
