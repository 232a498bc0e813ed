import type { PonteModule } from '../../core/module.js';
import { callbackAdminRoutes } from './http/admin.js';
import { callbackApiRoutes } from './http/api.js';
import { messages } from './messages.js';

/** "Da avvisare per telefono": phone-only people whose booking changed, for staff to call and tick off. */
export const callbacksModule: PonteModule = {
  name: 'callbacks',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  routes: [callbackAdminRoutes, callbackApiRoutes],
  messages,
};
