/**
 * What the application's per-request machinery costs, in processor time a busy machine does not
 * bend: the whole app built as bench/server.ts builds it and a bare Fastify route (bench/bare.ts),
 * in one process, each answering batches of `app.inject` in turn; each batch is timed with
 * process.cpuUsage (user and system). Targets: the bare route, the app's /healthz (nothing but the
 * shared hooks), the municipality search and the home page, with the headers their figures send.
 *
 *   npx tsx bench/request-overhead.ts [--rounds 5] [--batch 2000] [--only municipality]
 *   npx tsx bench/request-overhead.ts --only home --profile /tmp/home.cpuprofile
 *
 * Opens a fresh SQLite benchmark database (migrated, comuni loaded, demo seeded) unless
 * DATABASE_URL names one. Prints one JSON line per target: microseconds of processor time per
 * request, the lowest and highest of the rounds, and the ratio to the bare route's lowest.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/index.js';
import { BROWSER_HEADERS } from './figures/browser.js';
import { createBenchDatabase } from './generators.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    batch: { type: 'string', default: '2000' },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const batch = Number(values.batch);

const prepared = process.env.DATABASE_URL ? null : await createBenchDatabase('sqlite');
const databaseUrl = process.env.DATABASE_URL ?? (prepared as NonNullable<typeof prepared>).url;

const config = loadConfig({
  ...process.env,
  DATABASE_URL: databaseUrl,
  HOST: '127.0.0.1',
  RATE_LIMIT_MAX: '0',
  LOG_LEVEL: 'silent',
  WORKERS: 'false',
  SEED_DEMO: 'false',
});
const db = createDb(config.databaseUrl, { checkpointInBackground: true });
const app = await buildApp({ config, db });
await app.ready();
const bare = Fastify({ logger: false });
bare.get('/', async () => ({ ok: true }));
await bare.ready();

type Target = { name: string; inject: () => Promise<{ statusCode: number }> };
const targets: Target[] = [
  { name: 'bare route', inject: () => bare.inject({ method: 'GET', url: '/' }) },
  { name: 'app /healthz', inject: () => app.inject({ method: 'GET', url: '/healthz', headers: { accept: 'application/json' } }) },
  {
    name: 'municipality search',
    inject: () => app.inject({ method: 'GET', url: '/api/v1/municipalities?q=san', headers: { accept: 'application/json' } }),
  },
  { name: 'home page', inject: () => app.inject({ method: 'GET', url: '/', headers: BROWSER_HEADERS }) },
].filter((t) => t.name === 'bare route' || !values.only || t.name.includes(values.only));

/** Processor microseconds per request over one batch. */
async function timeBatch(target: Target): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < batch; i++) {
    const res = await target.inject();
    if (res.statusCode !== 200) throw new Error(`${target.name}: status ${res.statusCode}`);
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / batch;
}

// Warm-up: the first answers compile, fill caches and open the database.
for (const target of targets) await timeBatch(target);
// With --profile FILE, a processor profile of the measured rounds only (start-up and warm-up left out).
const session = values.profile ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
}
const times = new Map<string, number[]>(targets.map((t) => [t.name, []]));
for (let r = 0; r < rounds; r++) {
  for (const target of targets) times.get(target.name)?.push(await timeBatch(target));
}
if (session && values.profile) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(values.profile, JSON.stringify(profile));
}
const bareBest = Math.min(...(times.get('bare route') ?? [1]));
for (const [name, list] of times) {
  const best = Math.min(...list);
  console.log(
    JSON.stringify({
      target: name,
      cpu_us_per_request: Math.round(best),
      range_us: [Math.round(best), Math.round(Math.max(...list))],
      times_bare: Math.round((best / bareBest) * 10) / 10,
    }),
  );
}
await app.close();
await bare.close();
await db.destroy();
await prepared?.cleanup();
