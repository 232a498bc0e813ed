import type { Config } from '../config.js';
import type { Db } from '../db/index.js';

/** What every module's routes and services receive: no globals, so tests can build many apps. */
export interface Deps {
  config: Config;
  db: Db;
}
