import type { PonteModule } from '../../core/module.js';
import { programmeAdminRoutes } from './http/admin.js';
import { programmeApiRoutes } from './http/api.js';
import { programmeCoverageRoutes } from './http/coverage.js';
import { programmePlanRoutes } from './http/plan.js';
import { messages } from './messages.js';

/** Programmes: what an organisation promises its funders, with targets and partners. */
export const programmesModule: PonteModule = {
  name: 'programmes',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  routes: [programmeApiRoutes, programmeAdminRoutes, programmePlanRoutes, programmeCoverageRoutes],
  messages,
  seedDemo: async (db, demo) => {
    await (await import('./demo.js')).seedDemoProgrammes(db, demo.ids);
  },
};
