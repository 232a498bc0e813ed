import type { PonteModule } from '../../core/module.js';
import { deskFollowRoutes } from './follow/http.js';
import { registerFollowJobs } from './follow/service.js';
import { followWords } from './follow/words.js';
import { deskAdminRoutes } from './http/admin.js';
import { deskApiRoutes } from './http/api.js';
import { deskPublicRoutes } from './http/public.js';
import { registerDeskJobs } from './jobs.js';
import { messages } from './messages.js';

/** Help desks (SPID, CIE, pagoPA): opening hours, services, free slots and appointments. */
export const desksModule: PonteModule = {
  name: 'desks',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  rotateKeys: async (deps, next) => (await import('./keys.js')).rotateKeys(deps, next),
  routes: [deskPublicRoutes, deskAdminRoutes, deskApiRoutes, deskFollowRoutes],
  jobs: (deps) => {
    registerDeskJobs(deps);
    registerFollowJobs(deps);
  },
  messages: { it: { ...messages.it, ...followWords.it }, en: { ...messages.en, ...followWords.en } },
  seedDemo: async (db, demo) => {
    await (await import('./demo.js')).seedDemoDesks(db, demo.ids);
    await (await import('./follow/demo.js')).seedDemoFollowingDesk(db, demo.ids);
  },
};
