import type { FastifyRequest } from 'fastify';
import { orgAccess, paramOf } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import { organisationOfProcess } from '../../meetings/service.js';
import { organisationOfAction } from '../service.js';

/** The access rules of the staff's agenda routes, by the path parameter that names the record. */
export function agendaAccess(deps: Deps) {
  const { db } = deps;
  return {
    process: orgAccess('processId', ORG_STAFF, (req: FastifyRequest) => organisationOfProcess(db, paramOf(req, 'processId'))),
    action: orgAccess('actionId', ORG_STAFF, (req: FastifyRequest) => organisationOfAction(db, paramOf(req, 'actionId'))),
  };
}
