import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { registerAnswerCheck } from './core/answer-check.js';
import type { Deps } from './core/deps.js';
import { registerHttpCore } from './core/http.js';
import { JobQueue } from './core/jobs.js';
import { type LogStream, loggerOptions, registerRequestContext } from './core/logging.js';
import { createMailer, type Mailer, registerMailJob } from './core/mail.js';
import { createSmsSender, SmsService } from './core/sms.js';
import { registerSystemRoutes } from './core/system-routes.js';
import type { Db } from './db/index.js';
import { registerModules } from './modules/index.js';
import { sendErrorPage } from './web/error-page.js';
import { registerCompression, registerStaticFiles } from './web/static-files.js';

export interface BuildOptions {
  config: Config;
  db: Db;
  logger?: boolean;
  /** Where the log goes instead of standard output. */
  logStream?: LogStream;
  /** A mailer to use instead of the one SMTP_URL describes. */
  mailer?: Mailer;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The application's dependencies, for the CLI and tests (e.g. to run due jobs). */
    deps: Deps;
  }
}

/** Builds the whole application: core plugins, then every module. No network is opened here. */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(opts.config.logLevel, opts.logStream, opts.config.logFormat),
    // Only configured proxies may set the client address: otherwise anyone could dodge rate limits.
    // (Fastify takes a number of hops too, though its types do not say so.)
    trustProxy: opts.config.trustProxy as boolean | string[],
    bodyLimit: 64 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  registerRequestContext(app);
  const jobs = new JobQueue(opts.db, app.log);
  const mailer = opts.mailer ?? createMailer(opts.config);
  registerMailJob(jobs, mailer);
  const sms = new SmsService(jobs, createSmsSender(opts.config));
  const deps: Deps = { config: opts.config, db: opts.db, jobs, mailer, sms };
  app.decorate('deps', deps);
  if (opts.config.workers) {
    app.addHook('onReady', async () => jobs.start());
    // Jobs share the event loop with requests here: they are claimed in smaller batches while requests come in.
    app.addHook('onRequest', (_req, _reply, done) => {
      jobs.noteRequest();
      done();
    });
  }
  app.addHook('onClose', async () => {
    await jobs.stop();
    mailer.close();
    sms.close();
  });

  // Before any route: the check sees answers before compression turns them into bytes.
  if (process.env.PONTE_CHECK_ANSWERS === '1') registerAnswerCheck(app);
  // Before any route: compression applies to the routes registered after it.
  await registerCompression(app);
  await registerHttpCore(app, opts.config, opts.db, sendErrorPage);
  await registerStaticFiles(app);
  await registerSystemRoutes(app, deps);
  await registerModules(app, deps);
  return app;
}
