/**
 * The application under test, in its own process: the whole app built by buildApp on the
 * DATABASE_URL the harness prepared, without logs, background workers or public rate limits.
 * Run by bench/run.ts; by hand: DATABASE_URL=sqlite:/tmp/x.db PORT=3100 node --import tsx bench/server.ts
 */
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/index.js';
import { BENCH_HOST, listenForBench } from './child.js';

const config = loadConfig({
  ...process.env,
  HOST: BENCH_HOST,
  RATE_LIMIT_MAX: '0',
  LOG_LEVEL: 'silent',
  WORKERS: 'false',
  SEED_DEMO: 'false',
});
// The harness has migrated and filled the database already. Opened as `ponte serve` opens it.
const db = createDb(config.databaseUrl, { checkpointInBackground: true });
const app = await buildApp({ config, db });
await listenForBench(app, () => db.destroy());
