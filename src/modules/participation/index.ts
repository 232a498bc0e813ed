import type { Deps } from '../../core/deps.js';
import type { Dictionary, PonteModule } from '../../core/module.js';
import { registerConfirmationJobs } from './confirm/service.js';
import { connectivity } from './connectivity/part.js';
import { participationAdminRoutes } from './http/admin.js';
import { participationApiRoutes } from './http/api.js';
import { participationPublicRoutes } from './http/public.js';
import { meetingsAndAgenda } from './meetings/part.js';
import { messages } from './messages.js';
import { planErasure, registerErasureJob } from './processes/erasure.js';
import { registerProposalJobs } from './proposals/jobs.js';
import { surveys } from './surveys/part.js';

/**
 * Participation: a municipality's participatory processes (phases, surveys, proposals and their
 * supports, meetings with minutes and live polls, the agenda that comes out of them and its
 * tracking) and the citizens' reports of places without connectivity. Each part adds one line to
 * each list below: its routes, its words, its jobs.
 */
// biome-ignore format: one line per part, so the parts add theirs without colliding
const routes = [
  participationPublicRoutes,
  participationAdminRoutes,
  participationApiRoutes,
  ...connectivity.routes,
  ...meetingsAndAgenda.routes,
  ...surveys.routes,
];

// biome-ignore format: one line per part, so the parts add theirs without colliding
const words: Dictionary[] = [
  messages,
  connectivity.words,
  meetingsAndAgenda.words,
  surveys.words,
];

// biome-ignore format: one line per part, so the parts add theirs without colliding
const jobs: ((deps: Deps) => void)[] = [
  registerConfirmationJobs,
  registerErasureJob,
  registerProposalJobs,
  connectivity.jobs,
  surveys.jobs,
];

export const participationModule: PonteModule = {
  name: 'participation',
  routes,
  messages: {
    it: Object.assign({}, ...words.map((w) => w.it)),
    en: Object.assign({}, ...words.map((w) => w.en)),
  },
  jobs: (deps) => {
    for (const register of jobs) register(deps);
  },
  onReady: planErasure,
  rotateKeys: (deps, next) => connectivity.rotateKeys(deps, next),
  seedDemo: async (db, demo) => {
    await (await import('./demo.js')).seedParticipationDemo(db, demo);
    await connectivity.seedDemo(db, demo.ids);
    await surveys.seedDemo(db, demo.ids);
    await meetingsAndAgenda.seedDemo(db, demo.ids);
  },
  tenancy: async () =>
    meetingsAndAgenda.withTenancy(await surveys.withTenancy(await connectivity.withTenancy((await import('./tenancy.js')).tenancy))),
};
