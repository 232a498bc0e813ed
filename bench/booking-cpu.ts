/**
 * Processor time per booking, in one process: the bench's database with the two booking figures'
 * data (bench/figures/bookings.ts, desk-bookings.ts), the whole app built as bench/server.ts builds
 * it, and the bare one-row write route of bench/bare-write.ts beside it; each round sends a batch of
 * each through `app.inject`, `inFlight` at a time, and prints process.cpuUsage per request. On a
 * machine shared with other work, processor time is what can be compared; wall time is not.
 *
 *   node --import tsx bench/booking-cpu.ts [--dialect sqlite|postgres] [--rounds 4] [--batch 400] [--in-flight 10]
 *
 * PostgreSQL takes PG_BENCH_URL or PG_TEST_URL; its own processes' time is not counted.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb, type Dialect } from '../src/db/index.js';
import bookings from './figures/bookings.js';
import { deskBookings } from './figures/desk-bookings.js';
import { createBenchDatabase } from './generators.js';
import type { BenchContext } from './types.js';

const { values: opts } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    rounds: { type: 'string', default: '4' },
    batch: { type: 'string', default: '400' },
    'in-flight': { type: 'string', default: '10' },
    only: { type: 'string' },
  },
});
const dialect = opts.dialect as Dialect;
const rounds = Number(opts.rounds);
const batch = Number(opts.batch);
const inFlight = Number(opts['in-flight']);

interface Tables {
  bench_writes: { id: string; at: string; name: string };
}

/** bench/bare-write.ts's route, in this process. */
async function bareWrite(pgUrl: string | undefined): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  let db: Kysely<Tables>;
  let close: () => Promise<void>;
  if (pgUrl) {
    const app = createDb(pgUrl);
    db = app.k as unknown as Kysely<Tables>;
    await sql`create table if not exists bench_writes (id text primary key, at text not null, name text not null)`.execute(db);
    close = async () => {
      await sql`drop table if exists bench_writes`.execute(db);
      await app.destroy();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-bare-write-'));
    const handle = new SQLite(join(dir, 'bare.db'));
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.exec('create table bench_writes (id text primary key, at text not null, name text not null)');
    db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: handle }) });
    close = async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const app = Fastify({ logger: false });
  app.post<{ Body: { name: string } }>('/write', async (req, reply) => {
    const id = randomUUID();
    await db.transaction().execute((trx) =>
      trx
        .insertInto('bench_writes')
        .values({ id, at: new Date().toISOString(), name: String(req.body.name) })
        .execute(),
    );
    return reply.code(201).send({ id });
  });
  await app.ready();
  return { app, close };
}

/** Sends `count` requests made by `next`, `inFlight` at a time; the processor time per request in ms. */
async function timeBatch(app: FastifyInstance, next: () => InjectOptions, count: number): Promise<number> {
  let sent = 0;
  let failed = 0;
  const start = process.cpuUsage();
  const worker = async () => {
    while (sent < count) {
      sent++;
      const res = await app.inject(next());
      if (res.statusCode >= 300) {
        failed++;
        if (failed === 1) console.error(res.statusCode, res.body.slice(0, 300));
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const used = process.cpuUsage(start);
  if (failed) console.error(`${failed} of ${count} answers were not 2xx`);
  return (used.user + used.system) / 1000 / count;
}

const pgBase = process.env.PG_BENCH_URL ?? process.env.PG_TEST_URL;
const bdb = await createBenchDatabase(dialect, pgBase);
const ctx: BenchContext = { dialect, db: bdb.db, databaseUrl: bdb.url, demo: bdb.demo };
const eventId = await bookings.prepare!(ctx);
const desk = await deskBookings.prepare!(ctx);

const config = loadConfig({ DATABASE_URL: bdb.url, RATE_LIMIT_MAX: '0', LOG_LEVEL: 'silent', WORKERS: 'false', SEED_DEMO: 'false' });
const appDb = createDb(config.databaseUrl, { checkpointInBackground: true });
const app = await buildApp({ config, db: appDb });
await app.ready();
const bare = await bareWrite(dialect === 'postgres' ? bdb.url : undefined);

let n = 0;
const eventLoad = bookings.requests(ctx, eventId);
const eventRequest = (): InjectOptions => ({
  method: 'POST',
  url: eventLoad.path,
  headers: eventLoad.headers as Record<string, string>,
  payload: String(eventLoad.body).replace('[<id>]', `${process.pid}-${n++}`),
});
let d = 0;
const deskRequest = (): InjectOptions => {
  const i = d++;
  return {
    method: 'POST',
    url: `/api/v1/desks/${desk.deskId}/appointments`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    payload: JSON.stringify({
      service: 'spid',
      start: desk.starts[i % desk.starts.length],
      name: 'Persona di prova',
      email: `desk-${i}@example.org`,
    }),
  };
};
const writeRequest = (): InjectOptions => ({
  method: 'POST',
  url: '/write',
  headers: { 'content-type': 'application/json' },
  payload: '{"name":"Persona di prova"}',
});

const loads: [string, FastifyInstance, () => InjectOptions][] = [
  ['write', bare.app, writeRequest],
  // The application's own floor: its hooks around a route that does nothing.
  ['app healthz', app, () => ({ method: 'GET', url: '/healthz' })],
  ['event booking', app, eventRequest],
  ['desk booking', app, deskRequest],
];
const chosen = loads.filter(([name]) => !opts.only || name === 'write' || name === 'app healthz' || name.includes(opts.only));
// One warm-up batch each, not counted.
for (const [, a, next] of chosen) await timeBatch(a, next, Math.min(batch, 200));
const results = new Map<string, number[]>(chosen.map(([name]) => [name, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, a, next] of chosen) results.get(name)!.push(await timeBatch(a, next, batch));
}
for (const [name, ms] of results) {
  const sorted = process.env.IN_ORDER ? ms : [...ms].sort((a, b) => a - b);
  const write = results.get('write')!;
  const ratio = name === 'write' ? '' : `, ${((median(write) / median(ms)) * 100).toFixed(1)} % of the write by median`;
  console.log(`${dialect} ${name}: ${sorted.map((x) => x.toFixed(3)).join(' ')} ms per request${ratio}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

await app.close();
await appDb.destroy();
await bare.close();
await bdb.cleanup();
