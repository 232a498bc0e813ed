/**
 * The server's processor time per request under the booking figures' load, as `npm run bench` runs
 * them: the bench's database with both figures' data, the app server (bench/server.ts) and the bare
 * one-row write server (bench/bare-write.ts) in processes of their own, 50 connections of autocannon
 * each. The server process's user + system time (/proc/<pid>/stat, every thread) over the load is
 * divided by the answers counted (warm-up included), rounds alternating between the loads. On a
 * machine shared with other work the rates say little; this number can be compared.
 *
 *   node --import tsx bench/booking-server-cpu.ts [--dialect sqlite|postgres] [--rounds 3] [--seconds 4] [--warmup 8]
 *
 * BENCH_BUILD=1 runs the compiled build as bench/run.ts does. PostgreSQL's own processes are not counted.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Dialect } from '../src/db/index.js';
import bookings from './figures/bookings.js';
import { deskBookings } from './figures/desk-bookings.js';
import { createBenchDatabase } from './generators.js';
import { type ServerProcess, startServer } from './processes.js';
import type { BenchContext, FigureLoad } from './types.js';

const { values: opts } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '8' },
    only: { type: 'string' },
  },
});
const dialect = opts.dialect as Dialect;
const seconds = Number(opts.seconds);

/** User + system time of a process so far, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function load(server: ServerProcess, figure: FigureLoad, duration = seconds): Promise<number> {
  const { path, probe: _p, connections: _c, ...request } = figure;
  const before = cpuMs(server.pid);
  let answered = 0;
  let failed = 0;
  await new Promise<void>((done, fail) => {
    const run = autocannon({ ...request, url: new URL(path, server.baseUrl).toString(), connections: 50, duration }, (err) =>
      err ? fail(err) : done(),
    );
    run.on('response', (_client, status) => {
      answered++;
      if (status < 200 || status > 299) failed++;
    });
  });
  if (failed) console.error(`${failed} of ${answered} answers were not 2xx`);
  return (cpuMs(server.pid) - before) / answered;
}

const pgBase = process.env.PG_BENCH_URL ?? process.env.PG_TEST_URL;
const bdb = await createBenchDatabase(dialect, pgBase);
const ctx: BenchContext = { dialect, db: bdb.db, databaseUrl: bdb.url, demo: bdb.demo };
const eventId = await bookings.prepare!(ctx);
const desk = await deskBookings.prepare!(ctx);
const app = await startServer('server.ts', { DATABASE_URL: bdb.url });
const write = await startServer('bare-write.ts', dialect === 'postgres' ? { WRITE_DATABASE_URL: bdb.url } : {});
const writeLoad: FigureLoad = {
  method: 'POST',
  path: '/write',
  headers: { 'content-type': 'application/json' },
  body: '{"name":"Persona di prova"}',
};

const loads: [string, ServerProcess, FigureLoad][] = [
  ['write', write, writeLoad],
  ['event booking', app, bookings.requests(ctx, eventId)],
  ['desk booking', app, deskBookings.requests(ctx, desk)],
];
const chosen = loads.filter(([name]) => !opts.only || name === 'write' || name.includes(opts.only));
const results = new Map<string, number[]>(chosen.map(([name]) => [name, []]));
try {
  // A first load each, not counted: the servers' code compiled and warmed. The process's time
  // includes V8's compiler threads, which were still at work in rounds after a 2-second warm-up.
  for (const [, server, figure] of chosen) await load(server, figure, Number(opts.warmup));
  for (let r = 0; r < Number(opts.rounds); r++) {
    for (const [name, server, figure] of chosen) results.get(name)!.push(await load(server, figure));
  }
} finally {
  await app.stop();
  await write.stop();
  await bdb.cleanup();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, ms] of results) {
  const ratio = name === 'write' ? '' : `, ${((median(results.get('write')!) / median(ms)) * 100).toFixed(1)} % of the write by median`;
  console.log(`${dialect} ${name}: ${ms.map((x) => x.toFixed(3)).join(' ')} ms of the server per request${ratio}`);
}
process.exit(0);
