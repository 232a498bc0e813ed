import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { JobQueue } from './jobs.js';
import type { Mailer } from './mail.js';
import type { SmsService } from './sms.js';

/** What every module's routes and services receive: no globals, so tests can build many apps. */
export interface Deps {
  config: Config;
  db: Db;
  /** The job table: enqueue work inside the transaction that causes it. */
  jobs: JobQueue;
  mailer: Mailer;
  /** SMS (core/sms.ts), for the modules' jobs(deps): buildApp gives it; command-line dependencies, which run no jobs, do not. */
  sms?: SmsService;
}
