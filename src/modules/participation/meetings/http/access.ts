import type { FastifyRequest } from 'fastify';
import { orgAccess, paramOf } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import * as svc from '../service.js';

/** The access rules of the staff's meeting and poll routes, by the path parameter that names the record. */
export function meetingAccess(deps: Deps) {
  const { db } = deps;
  return {
    process: orgAccess('processId', ORG_STAFF, (req: FastifyRequest) => svc.organisationOfProcess(db, paramOf(req, 'processId'))),
    meeting: orgAccess('meetingId', ORG_STAFF, (req: FastifyRequest) => svc.organisationOfMeeting(db, paramOf(req, 'meetingId'))),
    poll: orgAccess('pollId', ORG_STAFF, (req: FastifyRequest) => svc.organisationOfPoll(db, paramOf(req, 'pollId'))),
  };
}
