import { orgAccessTo } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import { organisationOfProcess } from '../../meetings/service.js';
import { organisationOfAction } from '../service.js';

/** The access rules of the staff's agenda routes, by the path parameter that names the record. */
export function agendaAccess(deps: Deps) {
  const { db } = deps;
  return {
    process: orgAccessTo(db, 'processId', ORG_STAFF, organisationOfProcess),
    action: orgAccessTo(db, 'actionId', ORG_STAFF, organisationOfAction),
  };
}
