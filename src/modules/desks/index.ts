import type { PonteModule } from '../../core/module.js';
import { seedDemoDesks } from './demo.js';
import { registerDeskRoutes } from './routes.js';

/** Help desks (SPID, CIE, pagoPA): opening hours, services, free slots and appointments. */
export const desksModule: PonteModule = {
  name: 'desks',
  routes: [registerDeskRoutes],
  seedDemo: async (db, demo) => {
    await seedDemoDesks(db, demo.ids);
  },
};
