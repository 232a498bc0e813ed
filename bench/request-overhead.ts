/**
 * What the application's per-request machinery costs, in processor time a busy machine does not
 * bend: the whole app built as bench/server.ts builds it and a bare Fastify route (bench/bare.ts),
 * in one process, each answering batches of `app.inject` in turn; each batch is timed with
 * process.cpuUsage (user and system). Targets: the bare route, the app's /healthz (nothing but the
 * shared hooks), the municipality search, the home page and a demo event's page, with the headers
 * their figures send.
 *
 *   npx tsx bench/request-overhead.ts [--rounds 5] [--batch 2000] [--only municipality]
 *   npx tsx bench/request-overhead.ts --only home --profile /tmp/home.cpuprofile
 *   npx tsx bench/request-overhead.ts --http
 *
 * Opens a fresh SQLite benchmark database (migrated, comuni loaded, demo seeded) unless
 * DATABASE_URL names one. Prints one JSON line per target: microseconds of processor time per
 * request, the lowest and highest of the rounds, and the ratio to the bare route's lowest.
 *
 * `app.inject` costs some 40 µs of its own per request, more than the app's shared hooks. With
 * --http both listen on loopback instead and each batch is sent by autocannon from a process of its
 * own (10 connections), so the time counted is the server's alone, sockets and HTTP parsing included.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/index.js';
import { BROWSER_HEADERS } from './figures/browser.js';
import { createBenchDatabase } from './generators.js';

const AUTOCANNON = fileURLToPath(new URL('../node_modules/.bin/autocannon', import.meta.url));

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    batch: { type: 'string', default: '2000' },
    only: { type: 'string' },
    profile: { type: 'string' },
    http: { type: 'boolean', default: false },
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

// An event page of the demo (never kept whole: it reads the event's row and its seats every time).
const demoEvent = await db.k
  .selectFrom('events')
  .select('id')
  .where('status', '=', 'published')
  .where('visibility', '=', 'public')
  .orderBy('id')
  .executeTakeFirst();

type Target = { name: string; server: typeof app; url: string; headers: Record<string, string> };
const allTargets: Target[] = [
  { name: 'bare route', server: bare, url: '/', headers: {} },
  { name: 'app /healthz', server: app, url: '/healthz', headers: { accept: 'application/json' } },
  { name: 'municipality search', server: app, url: '/api/v1/municipalities?q=san', headers: { accept: 'application/json' } },
  { name: 'home page', server: app, url: '/', headers: { ...BROWSER_HEADERS } },
  ...(demoEvent ? [{ name: 'event page', server: app, url: `/eventi/${demoEvent.id}`, headers: { ...BROWSER_HEADERS } }] : []),
];
const targets = allTargets.filter((t) => t.name === 'bare route' || !values.only || t.name.includes(values.only));
if (values.http) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  await bare.listen({ port: 0, host: '127.0.0.1' });
}

/** Processor microseconds per request over one batch. */
async function timeBatch(target: Target): Promise<number> {
  const start = process.cpuUsage();
  if (values.http) {
    const address = target.server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const headers = Object.entries(target.headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
    // Asynchronously, so that this process answers while autocannon asks.
    await new Promise<void>((resolve, reject) => {
      const child = execFile(
        AUTOCANNON,
        ['-c', '10', '-a', String(batch), '-j', ...headers, `http://127.0.0.1:${port}${target.url}`],
        (err, out) => {
          if (err) return reject(err);
          const result = JSON.parse(out) as { non2xx: number; errors: number };
          if (result.non2xx || result.errors) reject(new Error(`${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors`));
          else resolve();
        },
      );
      child.stdin?.end();
    });
  } else {
    for (let i = 0; i < batch; i++) {
      const res = await target.server.inject({ method: 'GET', url: target.url, headers: target.headers });
      if (res.statusCode !== 200) throw new Error(`${target.name}: status ${res.statusCode}`);
    }
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
