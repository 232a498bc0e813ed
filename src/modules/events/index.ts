import type { PonteModule } from '../../core/module.js';
import { questionWords } from './booking/question-words.js';
import { receivedWords } from './booking/words.js';
import { catalogueViewWords, vocabularyWords } from './catalogue/words.js';
import { doorAdminRoutes } from './door/http/admin.js';
import { doorApiRoutes } from './door/http/api.js';
import { doorWords } from './door/words.js';
import { eventAdminRoutes } from './http/admin.js';
import { registerEventApiRoutes } from './http/api.js';
import { invitationRoutes } from './http/invitations.js';
import { eventPublicRoutes } from './http/public.js';
import { questionRoutes } from './http/questions.js';
import { staffBookingApiRoutes, staffBookingRoutes } from './http/staff-bookings.js';
import { registerInvitationMail } from './invitations.js';
import { registerEventJobs } from './jobs.js';
import { messageAdminRoutes } from './messages/http/admin.js';
import { messageApiRoutes } from './messages/http/api.js';
import { registerMessageJobs } from './messages/service.js';
import { messageWords } from './messages/words.js';
import { proposalAdminRoutes } from './proposals/http/admin.js';
import { proposalApiRoutes } from './proposals/http/api.js';
import { registerProposalJobs } from './proposals/service.js';
import { proposalWords } from './proposals/words.js';
import { surveyAdminRoutes } from './survey/http/admin.js';
import { surveyApiRoutes } from './survey/http/api.js';
import { surveyPublicRoutes } from './survey/http/public.js';
import { registerSurveyJobs } from './survey/service.js';
import { surveyWords } from './survey/words.js';
import { staffActWords } from './views/staff-acts-words.js';
import { staffWords } from './views/words.js';
import { visibilityWords } from './visibility-words.js';
import { checkWords } from './words.js';

/** Events and courses: the catalogue, booking and waiting list, the door, messages to attendees, the satisfaction survey. */
export const eventsModule: PonteModule = {
  name: 'events',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  rotateKeys: async (deps, next) => (await import('./keys.js')).rotateKeys(deps, next),
  routes: [
    registerEventApiRoutes,
    eventPublicRoutes,
    eventAdminRoutes,
    staffBookingRoutes,
    staffBookingApiRoutes,
    questionRoutes,
    doorApiRoutes,
    doorAdminRoutes,
    messageApiRoutes,
    messageAdminRoutes,
    surveyApiRoutes,
    surveyAdminRoutes,
    surveyPublicRoutes,
    invitationRoutes,
    proposalApiRoutes,
    proposalAdminRoutes,
  ],
  jobs: (deps) => {
    registerEventJobs(deps);
    registerInvitationMail(deps);
    registerMessageJobs(deps);
    registerSurveyJobs(deps);
    registerProposalJobs(deps);
  },
  messages: {
    it: {
      ...vocabularyWords.it,
      ...catalogueViewWords.it,
      ...receivedWords.it,
      ...staffWords.it,
      ...staffActWords.it,
      ...doorWords.it,
      ...messageWords.it,
      ...surveyWords.it,
      ...checkWords.it,
      ...questionWords.it,
      ...visibilityWords.it,
      ...proposalWords.it,
    },
    en: {
      ...vocabularyWords.en,
      ...catalogueViewWords.en,
      ...receivedWords.en,
      ...staffWords.en,
      ...staffActWords.en,
      ...doorWords.en,
      ...messageWords.en,
      ...surveyWords.en,
      ...checkWords.en,
      ...questionWords.en,
      ...visibilityWords.en,
      ...proposalWords.en,
    },
  },
  seedDemo: async (db, demo) => {
    await (await import('./demo.js')).seedDemoEvents(db, demo.ids);
    await (await import('./proposals/demo.js')).seedDemoProposals(db, demo.ids);
  },
};
