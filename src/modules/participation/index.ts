import type { PonteModule } from '../../core/module.js';
import { participationPublicRoutes } from './http/public.js';

/**
 * Participation: a municipality's participatory processes (phases, surveys, proposals and their
 * supports, meetings with minutes and live polls, the agenda that comes out of them and its
 * tracking) and the citizens' reports of places without connectivity.
 */
export const participationModule: PonteModule = {
  name: 'participation',
  routes: [participationPublicRoutes],
  messages: { it: {}, en: {} },
};
