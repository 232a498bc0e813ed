import type { PonteModule } from '../../core/module.js';
import { seedDemoFacilitation } from './demo.js';
import { registerFacilitationRoutes } from './routes.js';

/** Facilitation records, the dashboard, open data and the national platform's upload. */
export const facilitationModule: PonteModule = {
  name: 'facilitation',
  routes: [registerFacilitationRoutes],
  seedDemo: async (db, demo) => {
    await seedDemoFacilitation(db, demo.ids);
  },
};
