import type { FastifyRequest } from 'fastify';
import { orgAccess, paramOf } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import { organisationIdIfExists } from '../../../organisations/service.js';
import { organisationOfReport } from '../service.js';

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
