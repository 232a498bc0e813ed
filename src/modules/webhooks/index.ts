import type { PonteModule } from '../../core/module.js';
import { registerWebhookRoutes } from './routes.js';

/** Webhooks: signed notifications of changes to an organisation's own systems. */
export const webhooksModule: PonteModule = {
  name: 'webhooks',
  routes: [registerWebhookRoutes],
};
