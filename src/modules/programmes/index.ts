import type { PonteModule } from '../../core/module.js';
import { seedDemoProgrammes } from './demo.js';
import { registerProgrammeRoutes } from './routes.js';

/** Programmes: what an organisation promises its funders, with targets and partners. */
export const programmesModule: PonteModule = {
  name: 'programmes',
  routes: [registerProgrammeRoutes],
  seedDemo: async (db, demo) => {
    await seedDemoProgrammes(db, demo.ids);
  },
};
