import type { PonteModule } from '../../core/module.js';
import { adminRoutes } from './http/admin.js';
import { programmeAdminRoutes } from './http/admin-programme.js';
import { apiRoutes } from './http/api.js';
import { publicRoutes } from './http/public.js';
import { messages } from './messages.js';
import { planErasure, registerErasureJob, registerQuestionnaireJob } from './service.js';

/** Facilitation records, the dashboard, open data and the national platform's upload. */
export const facilitationModule: PonteModule = {
  name: 'facilitation',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  rotateKeys: async (deps, next) => (await import('./keys.js')).rotateKeys(deps, next),
  routes: [publicRoutes, adminRoutes, programmeAdminRoutes, apiRoutes],
  jobs: (deps) => {
    registerQuestionnaireJob(deps);
    registerErasureJob(deps);
  },
  // Where this process runs jobs, the daily erasure of expired identities is planned at start.
  onReady: planErasure,
  messages,
  seedDemo: async (db, demo) => {
    await (await import('./demo.js')).seedDemoFacilitation(db, demo.ids);
  },
};
