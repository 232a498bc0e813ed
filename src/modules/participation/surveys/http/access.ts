import type { FastifyRequest } from 'fastify';
import { orgAccess, paramOf } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import { organisationIdIfExists } from '../../../organisations/service.js';
import { organisationOfSurvey } from '../service.js';

/** Staff of the organisation that owns the survey (or the organisation named in the path). */
export function surveyAccess(deps: Deps) {
  const { db } = deps;
  return {
    survey: orgAccess('surveyId', ORG_STAFF, (req: FastifyRequest) => organisationOfSurvey(db, paramOf(req, 'surveyId'))),
    organisation: orgAccess('organisationId', ORG_STAFF, (req: FastifyRequest) =>
      organisationIdIfExists(db, paramOf(req, 'organisationId')),
    ),
  };
}
