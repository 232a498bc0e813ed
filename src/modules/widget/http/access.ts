import { orgAccessTo } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { ORG_ADMINS } from '../../../core/roles.js';
import { organisationAccess } from '../../organisations/service.js';
import { organisationOfOrigin } from '../service.js';

/**
 * The websites allowed to frame the widget are chosen by the organisation's administrators: like
 * webhooks, they decide where the organisation's pages appear outside Ponte.
 */
export function widgetAccess(deps: Deps) {
  const { db } = deps;
  return {
    byOrg: organisationAccess(db, ORG_ADMINS),
    byOrigin: orgAccessTo(db, 'widgetOriginId', ORG_ADMINS, organisationOfOrigin),
  };
}
