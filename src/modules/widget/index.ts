import type { PonteModule } from '../../core/module.js';
import { widgetAdminRoutes } from './http/admin.js';
import { widgetApiRoutes } from './http/api.js';
import { widgetPublicRoutes } from './http/public.js';
import { messages } from './messages.js';

/** The widget: an organisation's events on its own website, in a frame only the sites it lists may show. */
export const widgetModule: PonteModule = {
  name: 'widget',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  routes: [widgetPublicRoutes, widgetAdminRoutes, widgetApiRoutes],
  messages,
};
