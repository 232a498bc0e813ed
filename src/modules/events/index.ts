import type { PonteModule } from '../../core/module.js';
import { registerEventApiRoutes } from './api-routes.js';
import { registerCheckinRoutes } from './door/checkin-routes.js';
import { seedDemoEvents } from './demo.js';
import { registerMessageRoutes } from './messages/messages-routes.js';
import { registerEventPageRoutes } from './page-routes.js';
import { registerSurveyRoutes } from './survey/survey-routes.js';

/** Events and courses: the catalogue, booking and waiting list, the door, messages to attendees, the satisfaction survey. */
export const eventsModule: PonteModule = {
  name: 'events',
  rotateKeys: async (deps, next) => (await import('./keys.js')).rotateKeys(deps, next),
  routes: [registerEventApiRoutes, registerEventPageRoutes, registerCheckinRoutes, registerMessageRoutes, registerSurveyRoutes],
  seedDemo: async (db, demo) => {
    await seedDemoEvents(db, demo.ids);
  },
};
