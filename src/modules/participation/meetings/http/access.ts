import { orgAccessTo } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import * as svc from '../service.js';

/** The access rules of the staff's meeting and poll routes, by the path parameter that names the record. */
export function meetingAccess(deps: Deps) {
  const { db } = deps;
  return {
    process: orgAccessTo(db, 'processId', ORG_STAFF, svc.organisationOfProcess),
    meeting: orgAccessTo(db, 'meetingId', ORG_STAFF, svc.organisationOfMeeting),
    poll: orgAccessTo(db, 'pollId', ORG_STAFF, svc.organisationOfPoll),
  };
}
