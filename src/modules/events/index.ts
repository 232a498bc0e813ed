import type { PonteModule } from '../../core/module.js';
import { seedDemoEvents } from './demo.js';
import { doorAdminRoutes } from './door/http/admin.js';
import { doorApiRoutes } from './door/http/api.js';
import { doorWords } from './door/words.js';
import { registerEventApiRoutes } from './http/api.js';
import { registerEventPageRoutes } from './http/pages.js';
import { registerEventJobs } from './jobs.js';
import { messageAdminRoutes } from './messages/http/admin.js';
import { messageApiRoutes } from './messages/http/api.js';
import { registerMessageJobs } from './messages/service.js';
import { messageWords } from './messages/words.js';
import { surveyAdminRoutes } from './survey/http/admin.js';
import { surveyApiRoutes } from './survey/http/api.js';
import { surveyPublicRoutes } from './survey/http/public.js';
import { registerSurveyJobs } from './survey/service.js';
import { surveyWords } from './survey/words.js';

/** Events and courses: the catalogue, booking and waiting list, the door, messages to attendees, the satisfaction survey. */
export const eventsModule: PonteModule = {
  name: 'events',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  rotateKeys: async (deps, next) => (await import('./keys.js')).rotateKeys(deps, next),
  routes: [
    registerEventApiRoutes,
    registerEventPageRoutes,
    doorApiRoutes,
    doorAdminRoutes,
    messageApiRoutes,
    messageAdminRoutes,
    surveyApiRoutes,
    surveyAdminRoutes,
    surveyPublicRoutes,
  ],
  jobs: (deps) => {
    registerEventJobs(deps);
    registerMessageJobs(deps);
    registerSurveyJobs(deps);
  },
  messages: {
    it: { ...doorWords.it, ...messageWords.it, ...surveyWords.it },
    en: { ...doorWords.en, ...messageWords.en, ...surveyWords.en },
  },
  seedDemo: async (db, demo) => {
    await seedDemoEvents(db, demo.ids);
  },
};
