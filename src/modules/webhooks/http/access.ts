import { orgAccessTo } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { ORG_ADMINS } from '../../../core/roles.js';
import { organisationAccess } from '../../organisations/service.js';
import { organisationOfSubscription, type WithSecret } from '../service.js';

/**
 * Webhooks are managed by the organisation's administrators only: a subscription decides where
 * the organisation's booking activity is sent outside Ponte, like API tokens and members it is an
 * administrative choice, not part of running events.
 */
const WHO = ORG_ADMINS;

/** Who may reach a route naming an organisation (`byOrg`) or a subscription (`byHook`). */
export function webhookAccess(deps: Deps) {
  const { db } = deps;
  return {
    byOrg: organisationAccess(db, WHO),
    byHook: orgAccessTo(db, 'webhookId', WHO, organisationOfSubscription),
  };
}

/** A subscription with its signing secret, as the API answers it once. */
export const withSecret = (r: WithSecret) => ({ ...r.subscription, secret: r.secret });
