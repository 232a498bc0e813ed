import type { Deps } from '../../../core/deps.js';
import type { DemoIds, RoutePlugin, TenancyFixtures } from '../../../core/module.js';
import type { Db } from '../../../db/index.js';
import { registerSurveyErasure } from './erasure.js';
import { surveyAdminRoutes } from './http/admin.js';
import { surveyApiRoutes } from './http/api.js';
import { surveyPublicRoutes } from './http/public.js';
import { registerSurveyResponses } from './responses.js';
import { surveyWords } from './words.js';

/** What surveys add to the participation module's manifest (index.ts). */
export const surveys = {
  routes: [surveyPublicRoutes, surveyAdminRoutes, surveyApiRoutes] as RoutePlugin[],
  words: surveyWords,
  jobs(_deps: Deps): void {
    registerSurveyResponses();
    registerSurveyErasure();
  },
  seedDemo: async (db: Db, ids: DemoIds) => (await import('./demo.js')).seedDemoSurvey(db, ids),
  /** The rest of participation's tenancy fixtures with these added (loaded by the test only). */
  async withTenancy(rest: TenancyFixtures): Promise<TenancyFixtures> {
    const own = (await import('./tenancy.js')).surveyTenancy;
    return { fixtures: { ...rest.fixtures, ...own.fixtures }, bodies: { ...rest.bodies, ...own.bodies } };
  },
};
