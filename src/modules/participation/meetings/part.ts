import type { DemoIds, Dictionary, RoutePlugin, TenancyFixtures } from '../../../core/module.js';
import type { Db } from '../../../db/index.js';
import { agendaAdminRoutes } from '../agenda/http/admin.js';
import { agendaApiRoutes } from '../agenda/http/api.js';
import { agendaPublicRoutes } from '../agenda/http/public.js';
import { agendaWords } from '../agenda/words.js';
import { meetingAdminRoutes } from './http/admin.js';
import { meetingApiRoutes } from './http/api.js';
import { meetingPublicRoutes } from './http/public.js';
import { meetingWords } from './words.js';

/** What meetings, live polls and the agenda's tracking add to the participation module's manifest (index.ts). */
export const meetingsAndAgenda = {
  routes: [
    meetingPublicRoutes,
    meetingAdminRoutes,
    meetingApiRoutes,
    agendaPublicRoutes,
    agendaAdminRoutes,
    agendaApiRoutes,
  ] as RoutePlugin[],
  words: {
    it: { ...meetingWords.it, ...agendaWords.it },
    en: { ...meetingWords.en, ...agendaWords.en },
  } as Dictionary,
  seedDemo: async (db: Db, ids: DemoIds) => (await import('./demo.js')).seedDemoMeetings(db, ids),
  /** The rest of participation's tenancy fixtures with these added (loaded by the test only). */
  async withTenancy(rest: TenancyFixtures): Promise<TenancyFixtures> {
    const own = (await import('./tenancy.js')).meetingsTenancy;
    return { fixtures: { ...rest.fixtures, ...own.fixtures }, bodies: { ...rest.bodies, ...own.bodies } };
  },
};
