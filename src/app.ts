import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { Deps } from './core/deps.js';
import { registerHttpCore } from './core/http.js';
import { registerSystemRoutes } from './core/system-routes.js';
import type { Db } from './db/index.js';
import { registerModules } from './modules/index.js';

const ROOT = resolve(import.meta.dirname, '..');

export interface BuildOptions {
  config: Config;
  db: Db;
  logger?: boolean;
}

/** Builds the whole application: core plugins, then every module. No network is opened here. */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : { level: opts.config.logLevel },
    trustProxy: true,
    bodyLimit: 64 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const deps: Deps = { config: opts.config, db: opts.db };

  await registerHttpCore(app, opts.config, opts.db);
  await app.register(fastifyStatic, {
    root: resolve(ROOT, 'node_modules/bootstrap-italia/dist'),
    prefix: '/static/bi/',
    maxAge: '7d',
  });
  await app.register(fastifyStatic, {
    root: resolve(ROOT, 'src/web/static'),
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  });
  await registerSystemRoutes(app, deps);
  await registerModules(app, deps);
  return app;
}
