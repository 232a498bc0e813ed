import type { PonteModule } from '../../core/module.js';
import { seedDemoGuides } from './demo.js';
import { registerGuideRoutes } from './routes.js';

/** Plain-language guides to online services (service sheets), with search and versions. */
export const guidesModule: PonteModule = {
  name: 'guides',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  routes: [registerGuideRoutes],
  seedDemo: async (db, demo) => {
    await seedDemoGuides(db, demo.ids);
  },
};
