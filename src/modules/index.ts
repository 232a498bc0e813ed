import type { FastifyInstance } from 'fastify';
import type { Deps } from '../core/deps.js';
import { addMessages } from '../core/i18n.js';
import type { PonteModule } from '../core/module.js';
import { accountsModule } from './accounts/index.js';
import { callbacksModule } from './callbacks/index.js';
import { desksModule } from './desks/index.js';
import { eventsModule } from './events/index.js';
import { facilitationModule } from './facilitation/index.js';
import { guidesModule } from './guides/index.js';
import { manageModule } from './manage/index.js';
import { organisationsModule } from './organisations/index.js';
import { participationModule } from './participation/index.js';
import { programmesModule } from './programmes/index.js';
import { siteModule } from './site/index.js';
import { skillsModule } from './skills/index.js';
import { volunteersModule } from './volunteers/index.js';
import { webhooksModule } from './webhooks/index.js';
import { widgetModule } from './widget/index.js';

/**
 * Every capability of Ponte, in the order their demo content is seeded (a module's demo may use
 * what an earlier one made: organisations before programmes, programmes before events). Routes
 * do not depend on the order.
 */
export const MODULES: readonly PonteModule[] = [
  siteModule,
  organisationsModule,
  accountsModule,
  programmesModule,
  eventsModule,
  desksModule,
  manageModule,
  skillsModule,
  guidesModule,
  facilitationModule,
  webhooksModule,
  callbacksModule,
  widgetModule,
  volunteersModule,
  participationModule,
];

/** Loads every module's words into the dictionaries; the CLI calls it too. */
export function loadMessages(modules: readonly PonteModule[] = MODULES): void {
  for (const m of modules) if (m.messages) addMessages(m.messages);
}

/** Registers each module's job handlers, its start-up work and its route plugins, each encapsulated. */
export async function registerModules(app: FastifyInstance, deps: Deps, modules: readonly PonteModule[] = MODULES): Promise<void> {
  loadMessages(modules);
  for (const m of modules) {
    m.jobs?.(deps);
    const onReady = m.onReady;
    if (onReady && deps.config.workers) app.addHook('onReady', async () => onReady(deps));
    for (const routes of m.routes) await app.register(async (scope) => routes(scope, deps));
  }
}
