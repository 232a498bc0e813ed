import type { PonteModule } from '../../core/module.js';
import { commitmentRoutes } from './commitments-http.js';
import { commitmentWords } from './commitments-words.js';
import { organisationAdminRoutes } from './http/admin.js';
import { organisationApiRoutes } from './http/api.js';
import { messages } from './messages.js';
import { registerPartnershipMailJob } from './partnership-mail.js';

/** Organisations, their venues, members, partnerships and agreements. */
export const organisationsModule: PonteModule = {
  name: 'organisations',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  routes: [organisationApiRoutes, organisationAdminRoutes, commitmentRoutes],
  jobs: registerPartnershipMailJob,
  seedDemo: async (db, demo) => (await import('./demo.js')).seedDemoOrganisations(db, demo.ids),
  messages: { it: { ...messages.it, ...commitmentWords.it }, en: { ...messages.en, ...commitmentWords.en } },
};
