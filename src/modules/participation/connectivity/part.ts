import type { Deps } from '../../../core/deps.js';
import type { KeyRing } from '../../../core/keys.js';
import type { DemoIds, KeyRotation, RoutePlugin, TenancyFixtures } from '../../../core/module.js';
import type { Db } from '../../../db/index.js';
import { seedDemoConnectivity } from './demo.js';
import { connectivityAdminRoutes } from './http/admin.js';
import { connectivityApiRoutes } from './http/api.js';
import { connectivityPublicRoutes } from './http/public.js';
import { ERASE_CONTACTS_JOB, eraseDueContacts } from './service.js';
import { connectivityWords } from './words.js';

/** What connectivity gaps add to the participation module's manifest (index.ts). */
export const connectivity = {
  routes: [connectivityPublicRoutes, connectivityAdminRoutes, connectivityApiRoutes] as RoutePlugin[],
  words: connectivityWords,
  jobs(deps: Deps): void {
    deps.jobs.register(ERASE_CONTACTS_JOB, async () => {
      await eraseDueContacts(deps.db);
    });
  },
  seedDemo: (db: Db, ids: DemoIds) => seedDemoConnectivity(db, ids),
  rotateKeys: async (deps: Deps, next: KeyRing): Promise<KeyRotation> => (await import('./keys.js')).rotateContactKeys(deps, next),
  /** The rest of participation's tenancy fixtures with these added (loaded by the test only). */
  async withTenancy(rest: TenancyFixtures): Promise<TenancyFixtures> {
    const own = (await import('./tenancy.js')).connectivityTenancy;
    return { fixtures: { ...rest.fixtures, ...own.fixtures }, bodies: { ...rest.bodies, ...own.bodies } };
  },
};
