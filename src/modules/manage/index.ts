import type { PonteModule } from '../../core/module.js';
import { registerManageApi } from './http/api.js';
import { registerManagePages } from './http/public.js';
import { messages } from './messages.js';

/** Manage by code: a booking's or an appointment's code with the phone or e-mail used opens its manage page. */
export const manageModule: PonteModule = {
  name: 'manage',
  routes: [registerManagePages, registerManageApi],
  messages,
  tenancy: async () => (await import('./tenancy.js')).tenancy,
};
