import type { PonteModule } from '../../core/module.js';
import { guideAdminRoutes } from './http/admin.js';
import { guideApiRoutes } from './http/api.js';
import { guidePublicRoutes } from './http/public.js';
import { messages } from './messages.js';

/** Plain-language guides to online services (service sheets), with search and versions. */
export const guidesModule: PonteModule = {
  name: 'guides',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  routes: [guidePublicRoutes, guideApiRoutes, guideAdminRoutes],
  messages,
  seedDemo: async (db, demo) => {
    await (await import('./demo.js')).seedDemoGuides(db, demo.ids);
  },
};
