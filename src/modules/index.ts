import type { FastifyInstance } from 'fastify';
import type { Deps } from '../core/deps.js';
import { registerAccountRoutes } from './accounts/routes.js';
import { registerDeskRoutes } from './desks/routes.js';
import { registerEventApiRoutes } from './events/api-routes.js';
import { registerCheckinRoutes } from './events/checkin-routes.js';
import { registerMessageRoutes } from './events/messages-routes.js';
import { registerEventPageRoutes } from './events/page-routes.js';
import { registerSurveyRoutes } from './events/survey-routes.js';
import { registerFacilitationRoutes } from './facilitation/routes.js';
import { registerGuideRoutes } from './guides/routes.js';
import { registerOrganisationRoutes } from './organisations/routes.js';
import { registerProgrammeRoutes } from './programmes/routes.js';
import { registerSiteRoutes } from './site/routes.js';
import { registerSkillRoutes } from './skills/routes.js';
import { registerWebhookRoutes } from './webhooks/routes.js';

/** Every capability registers its routes here; the order does not matter. */
export async function registerModules(app: FastifyInstance, deps: Deps): Promise<void> {
  await registerSiteRoutes(app, deps);
  await registerAccountRoutes(app, deps);
  await registerOrganisationRoutes(app, deps);
  await registerDeskRoutes(app, deps);
  await registerProgrammeRoutes(app, deps);
  await registerEventApiRoutes(app, deps);
  await registerEventPageRoutes(app, deps);
  await registerCheckinRoutes(app, deps);
  await registerMessageRoutes(app, deps);
  await registerSurveyRoutes(app, deps);
  await registerGuideRoutes(app, deps);
  await registerFacilitationRoutes(app, deps);
  await registerSkillRoutes(app, deps);
  await registerWebhookRoutes(app, deps);
}
