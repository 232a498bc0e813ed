// The application under test as it is installed: the compiled build (dist/, `npm run build`) in
// plain Node, without the TypeScript loader. bench/processes.ts runs this instead of server.ts
// when BENCH_BUILD=1. Same settings as server.ts: no logs, no background workers, no rate limits.
import { buildApp } from '../dist/app.js';
import { loadConfig } from '../dist/config.js';
import { createDb } from '../dist/db/index.js';
import { BENCH_SERVER_SETTINGS, listen } from './build-listen.mjs';

const config = loadConfig({ ...process.env, ...BENCH_SERVER_SETTINGS });
const db = createDb(config.databaseUrl, { checkpointInBackground: true });
const app = await buildApp({ config, db });
await listen(app, () => db.destroy());
