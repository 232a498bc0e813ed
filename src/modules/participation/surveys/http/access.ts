import { orgAccessTo } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import { organisationAccess } from '../../../organisations/service.js';
import { organisationOfSurvey } from '../service.js';

/** Staff of the organisation that owns the survey (or the organisation named in the path). */
export function surveyAccess(deps: Deps) {
  const { db } = deps;
  return {
    survey: orgAccessTo(db, 'surveyId', ORG_STAFF, organisationOfSurvey),
    organisation: organisationAccess(db, ORG_STAFF),
  };
}
