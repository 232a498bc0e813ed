import { orgAccessTo } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { organisationAccess } from '../../organisations/service.js';
import * as svc from '../service.js';

/** The access rules of staff routes, by the path parameter that names the record. */
export function staffAccess(deps: Deps) {
  const { db } = deps;
  return {
    organisation: organisationAccess(db, ORG_STAFF),
    application: orgAccessTo(db, 'applicationId', ORG_STAFF, svc.organisationOfApplication),
    shift: orgAccessTo(db, 'shiftId', ORG_STAFF, svc.organisationOfShift),
  };
}
