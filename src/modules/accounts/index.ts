import type { PonteModule } from '../../core/module.js';
import { accountAdminRoutes } from './http/admin.js';
import { accountApiRoutes } from './http/api.js';
import { accountPublicRoutes } from './http/public.js';
import { messages } from './messages.js';
import { registerPasswordLinkSms } from './password-link-sms.js';
import { registerPasswordLinkJob } from './password-links.js';

/** Sign-in, sessions, API tokens, passwords, OpenID Connect and two-step verification. */
export const accountsModule: PonteModule = {
  name: 'accounts',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  rotateKeys: async (deps, next) => (await import('./keys.js')).rotateKeys(deps, next),
  routes: [accountPublicRoutes, accountAdminRoutes, accountApiRoutes],
  jobs: (deps) => {
    registerPasswordLinkJob(deps);
    registerPasswordLinkSms(deps);
  },
  seedDemo: async (db, demo) => (await import('./demo.js')).seedDemoAccounts(db, demo),
  messages,
};
