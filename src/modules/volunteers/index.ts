import type { PonteModule } from '../../core/module.js';
import { shiftGenerationRoutes } from './generate/http.js';
import { generateWords } from './generate/words.js';
import { volunteerAdminRoutes } from './http/admin.js';
import { volunteerApiRoutes } from './http/api.js';
import { volunteerCertificateRoutes } from './http/certificate.js';
import { volunteerPublicRoutes } from './http/public.js';
import { volunteerStaffRoutes } from './http/staff.js';
import { volunteerTrainingRoutes } from './http/training.js';
import { messages } from './messages.js';
import { registerVolunteerJobs } from './service.js';

/** Volunteers: public applications, staff approval, shifts volunteers sign up for themselves. */
export const volunteersModule: PonteModule = {
  name: 'volunteers',
  routes: [
    volunteerPublicRoutes,
    volunteerAdminRoutes,
    volunteerStaffRoutes,
    volunteerApiRoutes,
    volunteerCertificateRoutes,
    shiftGenerationRoutes,
    volunteerTrainingRoutes,
  ],
  messages: { it: { ...messages.it, ...generateWords.it }, en: { ...messages.en, ...generateWords.en } },
  jobs: (deps) => registerVolunteerJobs(deps),
  tenancy: async () => (await import('./tenancy.js')).tenancy,
};
