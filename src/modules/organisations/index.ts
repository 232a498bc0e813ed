import type { PonteModule } from '../../core/module.js';
import { registerOrganisationRoutes } from './routes.js';

/** Organisations, their venues, members, partnerships and agreements. */
export const organisationsModule: PonteModule = {
  name: 'organisations',
  routes: [registerOrganisationRoutes],
};
