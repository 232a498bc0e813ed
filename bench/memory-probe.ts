/**
 * The server's memory figure by figure, without caring for rates: one server of the whole app (the
 * compiled build in plain Node with `npm start`'s flags, as `BENCH_BUILD=1 npm run bench` runs it)
 * takes each figure's requests in a short autocannon burst, in the bench's order, and after each
 * burst its VmHWM (the peak since start, never reset: the memory goal is the whole run's peak) and
 * VmRSS are read from /proc. Rates under a loaded machine mean nothing; memory does.
 *
 *   npx tsx bench/memory-probe.ts [--only WORD[,WORD]] [--seconds 3] [--connections 50] [--keep DIR]
 *
 * --keep DIR keeps the prepared SQLite database and the figures' prepared data in DIR and reuses
 * them on the next run (preparing the facilitation records takes minutes). SQLite only.
 * MEMORY_NODE_ARGS replaces the server's Node flags (default: npm start's). PONTE_DIST names a copy
 * of dist/ to serve instead of dist/ (bench/memory-server.mjs), to compare two builds: a folder
 * named dist below the project, e.g. `node scripts/build.mjs node_modules/.cache/old/dist` (the
 * views find their built assets in the folder beside it, as in dist/).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createDb } from '../src/db/index.js';
import { INSTALLED_NODE_ARGS } from './child.js';
import bookings from './figures/bookings.js';
import { cataloguePage, cataloguePageUncached } from './figures/catalogue.js';
import { deskBookings } from './figures/desk-bookings.js';
import { deskSlots } from './figures/desk-slots.js';
import eventPage from './figures/event-page.js';
import { facilitationDashboardAll, facilitationDashboardProgramme } from './figures/facilitation-dashboard.js';
import { guidesSearch, guidesSearchTypo, guidesSearchUnseen } from './figures/guides-search.js';
import homePage from './figures/home-page.js';
import municipalitySearch from './figures/municipality-search.js';
import organisationVenues from './figures/organisation-venues.js';
import { proposalsApi, proposalsPage } from './figures/proposals.js';
import widgetPage from './figures/widget.js';
import { createBenchDatabase } from './generators.js';
import { probe } from './load.js';
import type { BenchContext, Figure } from './types.js';

/** The bench's figures in bench/run.ts's order. */
const FIGURES: Figure[] = [
  municipalitySearch,
  homePage,
  organisationVenues,
  bookings,
  cataloguePage,
  cataloguePageUncached,
  eventPage,
  guidesSearch,
  guidesSearchTypo,
  guidesSearchUnseen,
  deskSlots,
  deskBookings,
  facilitationDashboardProgramme,
  facilitationDashboardAll,
  widgetPage,
  proposalsPage,
  proposalsApi,
] as Figure[];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    keep: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const wanted = (values.only ?? '')
  .split(',')
  .map((w) => w.trim().toLowerCase())
  .filter(Boolean);
const figures = wanted.length ? FIGURES.filter((f) => wanted.some((w) => f.name.toLowerCase().includes(w))) : FIGURES;

const REPORT = `/tmp/ponte-memory-report-${process.pid}.json`;

/** VmHWM and VmRSS of the server, and what V8 says it holds (the server writes it on SIGUSR2). */
async function memoryOf(pid: number): Promise<string> {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mib = (name: string) => String(Math.round(Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) / 1024));
  rmSync(REPORT, { force: true });
  process.kill(pid, 'SIGUSR2');
  let v8 = '';
  for (let i = 0; i < 50 && !v8; i++) {
    await sleep(20);
    if (existsSync(REPORT)) {
      const r = JSON.parse(readFileSync(REPORT, 'utf8'));
      v8 = `heap ${r.heapTotal} (used ${r.heapUsed}${r.live === undefined ? '' : `, live ${r.live}`}; old ${r.spaces.old_space}, new ${r.spaces.new_space}, large ${r.spaces.large_object_space}) external ${r.external}`;
    }
  }
  return `peak ${mib('VmHWM').padStart(4)} MiB  now ${mib('VmRSS').padStart(4)} MiB  ${mapsOf(pid)}  ${v8}`;
}

/** Processor time the server has used, in ms (utime + stime of /proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory by kind of mapping: files (code), the brk heap (malloc), other anonymous memory (V8, threads, mmap'd malloc). */
function mapsOf(pid: number): string {
  const kb = { file: 0, brk: 0, anon: 0 };
  let kind: keyof typeof kb = 'anon';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) kind = head[1] === '[heap]' ? 'brk' : head[1].startsWith('/') ? 'file' : 'anon';
    else if (line.startsWith('Rss:')) kb[kind] += Number(line.split(/\s+/)[1]);
  }
  const mib = (n: number) => Math.round(n / 1024);
  return `(file ${mib(kb.file)}, brk ${mib(kb.brk)}, anon ${mib(kb.anon)})`;
}

/** The database and each figure's prepared data: made afresh, or read back from --keep DIR. */
async function prepared(): Promise<{ ctx: BenchContext; data: unknown[]; done(): Promise<void> }> {
  const dir = values.keep;
  const saved = dir && join(dir, 'prepared.json');
  if (saved && existsSync(saved)) {
    const { demo, data } = JSON.parse(readFileSync(saved, 'utf8'));
    const url = `sqlite:${join(dir, 'bench.db')}`;
    const db = createDb(url);
    const all = new Map(FIGURES.map((f, i) => [f, data[i]]));
    return { ctx: { dialect: 'sqlite', db, databaseUrl: url, demo }, data: figures.map((f) => all.get(f)), done: () => db.destroy() };
  }
  const bdb = await createBenchDatabase('sqlite');
  const ctx: BenchContext = { dialect: 'sqlite', db: bdb.db, databaseUrl: bdb.url, demo: bdb.demo };
  // With --keep every figure is prepared, so that any later --only finds its data.
  const toPrepare = saved ? FIGURES : figures;
  const data: unknown[] = [];
  for (const f of toPrepare) {
    process.stderr.write(`preparing ${f.name}…\n`);
    data.push(await f.prepare?.(ctx));
  }
  if (!dir || !saved) return { ctx, data, done: () => bdb.cleanup() };
  mkdirSync(dir, { recursive: true });
  bdb.db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(bdb.url.slice('sqlite:'.length), join(dir, 'bench.db'));
  writeFileSync(saved, JSON.stringify({ demo: bdb.demo, data }));
  const url = `sqlite:${join(dir, 'bench.db')}`;
  await bdb.cleanup();
  const db = createDb(url);
  return { ctx: { ...ctx, db, databaseUrl: url }, data: figures.map((f) => data[FIGURES.indexOf(f)]), done: () => db.destroy() };
}

/** The app's server from a build (dist/ or PONTE_DIST), with npm start's Node flags unless MEMORY_NODE_ARGS says otherwise. */
async function startBuilt(databaseUrl: string) {
  const flags = process.env.MEMORY_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? INSTALLED_NODE_ARGS;
  const child = spawn(process.execPath, [...flags, resolve(import.meta.dirname, 'memory-server.mjs')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', MEMORY_REPORT: REPORT },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => child.kill('SIGKILL'));
  const port = await new Promise<number>((done, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^ready (\d+)$/.exec(line.trim());
      if (m) done(Number(m[1]));
    });
    child.once('exit', (code) => fail(new Error(`the server exited with code ${code}`)));
  });
  const exited = new Promise((done) => child.once('exit', done));
  return {
    pid: child.pid!,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const { ctx, data, done } = await prepared();
const server = await startBuilt(ctx.databaseUrl);
try {
  console.log(`${'started'.padEnd(52)} ${await memoryOf(server.pid)}`);
  for (const [i, figure] of figures.entries()) {
    const load = figure.requests(ctx, data[i]);
    await probe(server.baseUrl, load);
    const cpuBefore = cpuMsOf(server.pid);
    const { path, probe: _p, connections: own, ...request } = load;
    const r = await autocannon({
      ...request,
      url: new URL(path, server.baseUrl).toString(),
      connections: own ?? connections,
      duration: seconds,
    });
    const cpu = `${((cpuMsOf(server.pid) - cpuBefore) / Math.max(1, r.requests.total)).toFixed(2)} ms cpu/req`;
    const bad = r.non2xx || r.errors ? `  (${r.non2xx} non-2xx, ${r.errors} errors)` : '';
    console.log(`${figure.name.slice(0, 52).padEnd(52)} ${await memoryOf(server.pid)}  ${r.requests.total} requests, ${cpu}${bad}`);
  }
} finally {
  await server.stop();
  await done();
}
