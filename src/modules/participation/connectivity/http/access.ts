import { orgAccessTo } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import { organisationAccess } from '../../../organisations/service.js';
import { organisationOfReport } from '../service.js';

/** Staff of the organisation (by its id), or of the report's organisation (by the report's id). */
export function staffAccess(deps: Deps) {
  const { db } = deps;
  return {
    organisation: organisationAccess(db, ORG_STAFF),
    report: orgAccessTo(db, 'connectivityReportId', ORG_STAFF, organisationOfReport),
  };
}
