import type { PonteModule } from '../../core/module.js';
import { registerAccountRoutes } from './routes.js';

/** Sign-in, sessions, API tokens, passwords, OpenID Connect and two-step verification. */
export const accountsModule: PonteModule = {
  name: 'accounts',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  rotateKeys: async (deps, next) => (await import('./keys.js')).rotateKeys(deps, next),
  routes: [registerAccountRoutes],
};
