import type { PonteModule } from '../../core/module.js';
import { registerWebhookAdmin } from './http/admin.js';
import { registerWebhookApi } from './http/api.js';
import { registerWebhookJobs } from './jobs.js';
import { messages } from './messages.js';

/** Webhooks: signed notifications of changes to an organisation's own systems. */
export const webhooksModule: PonteModule = {
  name: 'webhooks',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  rotateKeys: async (deps, next) => (await import('./keys.js')).rotateKeys(deps, next),
  routes: [registerWebhookApi, registerWebhookAdmin],
  jobs: registerWebhookJobs,
  messages,
};
