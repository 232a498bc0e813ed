/**
 * `npm run bench`: measures every figure against a real server on 127.0.0.1, beside a bare Fastify
 * route measured in the same run. Figures that write one thing per request (bookings) are also
 * printed beside a second yardstick, one SQLite row written in one Kysely transaction behind a bare
 * route, the reference the events issue sets its booking targets against. One JSON line per figure
 * on stdout; progress and a summary table on stderr.
 *
 *   npm run bench -- [--only NAME[,NAME]] [--duration S] [--warmup S] [--connections N] [--dialect sqlite|postgres]
 *
 * SQLite always runs; PostgreSQL runs when PG_BENCH_URL or PG_TEST_URL is set, in a schema of its own
 * that is dropped afterwards. To add a figure, write bench/figures/<name>.ts and list it in FIGURES.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Dialect } from '../src/db/index.js';
import { measureBacklogDrain, prepareDrain } from './backlog-drain.js';
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
import { type BenchDatabase, createBenchDatabase } from './generators.js';
import { APP_PEAK, FIGURE, figuresTable, goalsTable } from './goals.js';
import { type LoadTerms, measure, probe } from './load.js';
import { type ServerProcess, startServer } from './processes.js';
import { measureStartTime } from './start-time.js';
import type { BenchContext, Figure, FigureLoad, ResultRow } from './types.js';

/** Every figure, in the order they run. The bare route is measured first, always. */
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
];

const BARE = 'bare Fastify route';
const BARE_WRITE = 'bare one-row write transaction through Kysely';
/** The compiled build's start (bench/start-time.ts): measured when no --only is given, or --only start. */
const START = FIGURE.start;
/** Event bookings as installed and the job backlog (bench/backlog-drain.ts): with no --only, or --only drain / installed. */
const DRAIN = FIGURE.drain;
/** The drain figure books this long unless --duration is given. */
const DRAIN_BOOKING_S = 60;

const USAGE = `Usage: npm run bench -- [options]
  --only NAME[,NAME]    only the figures whose name contains NAME (the bare route always runs)
  --duration S          seconds of measured load per figure (default 10; the backlog drain books ${DRAIN_BOOKING_S} s unless given)
  --warmup S            seconds of unmeasured load before each figure (default 2)
  --connections N       concurrent connections (default 50)
  --dialect D           sqlite or postgres (default: sqlite, and postgres when PG_BENCH_URL or PG_TEST_URL is set)
  --markdown FILE       also write the goals and figures tables (Markdown, as printed at the end) to FILE
Figures: ${FIGURES.map((f) => f.name).join(', ')}, ${START}, ${DRAIN}`;

type Row = ResultRow;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function positive(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be a whole number of at least ${min}\n${USAGE}`);
  return n;
}

function parseCli() {
  try {
    return parseArgs({
      options: {
        only: { type: 'string', multiple: true },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        dialect: { type: 'string', multiple: true },
        markdown: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
}

function readOptions() {
  const values = parseCli();
  if (values.help) {
    console.error(USAGE);
    process.exit(0);
  }
  const terms: LoadTerms = {
    duration: positive('duration', values.duration, 10, 1),
    warmup: positive('warmup', values.warmup, 2, 0),
    connections: positive('connections', values.connections, 50, 1),
  };
  const wanted = (values.only ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const figures = wanted.length ? FIGURES.filter((f) => wanted.some((w) => f.name.toLowerCase().includes(w))) : FIGURES;
  const startTime = !wanted.length || wanted.some((w) => START.includes(w));
  const drain = !wanted.length || wanted.some((w) => DRAIN.includes(w));
  const drainSeconds = values.duration === undefined ? DRAIN_BOOKING_S : terms.duration;
  if (wanted.length && !figures.length && !startTime && !drain && !wanted.some((w) => BARE.includes(w))) {
    fail(`--only ${wanted.join(',')} matches no figure.\n${USAGE}`);
  }
  const pgBaseUrl = process.env.PG_BENCH_URL || process.env.PG_TEST_URL || undefined;
  const dialects = (values.dialect ?? (pgBaseUrl ? ['sqlite', 'postgres'] : ['sqlite'])) as string[];
  for (const d of dialects) if (d !== 'sqlite' && d !== 'postgres') fail(`--dialect must be sqlite or postgres\n${USAGE}`);
  if (dialects.includes('postgres') && !pgBaseUrl) fail('--dialect postgres needs PG_BENCH_URL or PG_TEST_URL');
  const specials = { startTime, drainSeconds: drain ? drainSeconds : 0 };
  return { terms, figures, dialects: dialects as Dialect[], pgBaseUrl, specials, markdown: values.markdown };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

// Cleanups of what is running now (servers, benchmark databases), undone in reverse on Ctrl-C too.
const cleanups: (() => Promise<void>)[] = [];
async function withCleanup<T>(start: () => Promise<T>, stop: (value: T) => Promise<void>, use: (value: T) => Promise<void>) {
  const value = await start();
  let stopping: Promise<void> | undefined;
  const undo = () => {
    stopping ??= stop(value);
    return stopping;
  };
  cleanups.push(undo);
  try {
    await use(value);
  } finally {
    cleanups.splice(cleanups.indexOf(undo), 1);
    await undo();
  }
}
let interrupted = false;
process.once('SIGINT', async () => {
  interrupted = true;
  log('\nInterrupted: stopping servers and removing benchmark data…');
  for (const undo of cleanups.reverse()) await undo().catch(() => {});
  process.exit(130);
});

/** A rate as a share of a yardstick's, to three decimals; undefined when the yardstick is missing. */
function share(rps: number, yardstick: number): number | undefined {
  return yardstick ? Math.round((rps / yardstick) * 1000) / 1000 : undefined;
}

function emit(row: Row): Row {
  process.stdout.write(`${JSON.stringify(row)}\n`);
  return row;
}

async function measureOn(server: ServerProcess, load: FigureLoad, terms: LoadTerms) {
  await probe(server.baseUrl, load);
  const windowed = server.resetPeakRss();
  const m = await measure(server.baseUrl, load, terms);
  return { m, peak: server.peakRssMb(), windowed };
}

type Base = Pick<Row, 'dialect' | 'connections' | 'duration_s'>;

/** The bare route: every figure's ratio is against its rate. */
async function measureBare(dialect: Dialect, base: Base, terms: LoadTerms, rows: Row[]): Promise<number> {
  log(`[${dialect}] ${BARE}…`);
  let bareRps = 0;
  await withCleanup(
    () => startServer('bare.ts'),
    (s) => s.stop(),
    async (bare) => {
      const { m } = await measureOn(bare, { path: '/' }, terms);
      bareRps = m.rps;
      rows.push(emit({ figure: BARE, ...base, ...m, bare_rps: m.rps, ratio: 1, peak_rss_mb: bare.peakRssMb() }));
    },
  );
  return bareRps;
}

/**
 * The write yardstick: one row in one Kysely transaction behind a bare route, on the dialect's own
 * database (SQLite in a file of its own, PostgreSQL in the run's schema, a table of its own).
 */
async function measureWrite(ctx: BenchContext, base: Base, terms: LoadTerms, bareRps: number, rows: Row[]): Promise<number> {
  log(`[${ctx.dialect}] ${BARE_WRITE}…`);
  let writeRps = 0;
  const env: Record<string, string> = ctx.dialect === 'postgres' ? { WRITE_DATABASE_URL: ctx.databaseUrl } : {};
  await withCleanup(
    () => startServer('bare-write.ts', env),
    (s) => s.stop(),
    async (server) => {
      const load = {
        method: 'POST' as const,
        path: '/write',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Persona di prova' }),
      };
      const { m } = await measureOn(server, load, terms);
      writeRps = m.rps;
      const ratio = share(m.rps, bareRps);
      rows.push(
        emit({
          figure: BARE_WRITE,
          ...base,
          ...m,
          bare_rps: bareRps,
          ratio,
          write_rps: m.rps,
          write_ratio: 1,
          peak_rss_mb: server.peakRssMb(),
        }),
      );
    },
  );
  return writeRps;
}

/** Every figure against one server of the whole app; then the app's peak over all of them (the memory goal). */
async function measureApp(
  ctx: BenchContext,
  figures: Figure[],
  prepared: Map<Figure, unknown>,
  base: Base,
  terms: LoadTerms,
  yardsticks: { bareRps: number; writeRps: number },
  rows: Row[],
): Promise<void> {
  const { bareRps, writeRps } = yardsticks;
  await withCleanup(
    () => startServer('server.ts', { DATABASE_URL: ctx.databaseUrl }),
    (s) => s.stop(),
    async (app) => {
      let groupPeak = app.peakRssMb();
      let windowed = true;
      for (const figure of figures) {
        log(`[${ctx.dialect}] ${figure.name}…`);
        try {
          const load = figure.requests(ctx, prepared.get(figure));
          const r = await measureOn(app, load, terms);
          windowed &&= r.windowed;
          if (r.peak !== null) groupPeak = Math.max(groupPeak ?? 0, r.peak);
          const ratio = share(r.m.rps, bareRps);
          const connections = load.connections ?? terms.connections;
          const write = figure.writes && writeRps ? { write_rps: writeRps, write_ratio: share(r.m.rps, writeRps) } : {};
          rows.push(emit({ figure: figure.name, ...base, connections, ...r.m, bare_rps: bareRps, ratio, ...write, peak_rss_mb: r.peak }));
        } catch (err) {
          rows.push(emit({ figure: figure.name, ...base, error: (err as Error).message }));
        }
      }
      // One line per server process: the peak of the whole group, read before stopping it.
      groupPeak = Math.max(groupPeak ?? 0, app.peakRssMb() ?? 0) || null;
      process.stdout.write(
        `${JSON.stringify({ server: 'app', dialect: ctx.dialect, build: process.env.BENCH_BUILD === '1', figures: figures.map((f) => f.name), peak_rss_mb: groupPeak, per_figure_peak: windowed })}\n`,
      );
      rows.push({ figure: APP_PEAK, ...base, peak_rss_mb: groupPeak });
    },
  );
}

/** Event bookings as installed, then the job backlog's drain (bench/backlog-drain.ts). */
async function measureDrain(
  ctx: BenchContext,
  eventIds: string[],
  base: Base,
  terms: LoadTerms,
  seconds: number,
  yardsticks: { bareRps: number; writeRps: number },
  rows: Row[],
) {
  log(
    `[${ctx.dialect}] ${DRAIN} (node dist/main.js serve, jobs in-process: ${seconds} s of booking, then up to ${seconds} s for the jobs)…`,
  );
  try {
    const d = await measureBacklogDrain(ctx, eventIds, terms, seconds);
    const { m, ...drain } = d;
    const { bareRps, writeRps } = yardsticks;
    const ratios = { bare_rps: bareRps, ratio: share(m.rps, bareRps), write_rps: writeRps, write_ratio: share(m.rps, writeRps) };
    rows.push(emit({ figure: DRAIN, ...base, duration_s: seconds, ...m, ...ratios, ...drain }));
  } catch (err) {
    rows.push(emit({ figure: DRAIN, ...base, error: (err as Error).message }));
  }
}

/** Measures the bare route and then every figure on one dialect, appending to `rows` as it goes. */
async function runDialect(
  dialect: Dialect,
  figures: Figure[],
  terms: LoadTerms,
  pgBaseUrl: string | undefined,
  rows: Row[],
  specials: { startTime: boolean; drainSeconds: number },
): Promise<void> {
  const base = { dialect, connections: terms.connections, duration_s: terms.duration };
  log(`\n[${dialect}] preparing the benchmark database…`);
  await withCleanup(
    () => createBenchDatabase(dialect, pgBaseUrl),
    (bdb: BenchDatabase) => bdb.cleanup(),
    async (bdb) => {
      const ctx: BenchContext = { dialect, db: bdb.db, databaseUrl: bdb.url, demo: bdb.demo };
      const prepared = new Map<Figure, unknown>();
      for (const figure of figures) {
        log(`[${dialect}] preparing ${figure.name}…`);
        prepared.set(figure, await figure.prepare?.(ctx));
      }
      const drainEvent = specials.drainSeconds ? await prepareDrain(ctx) : undefined;

      const bareRps = await measureBare(dialect, base, terms, rows);
      if (specials.startTime) {
        log(`[${dialect}] ${START} (the compiled build, node dist/main.js serve, to the first 200 of /readyz)…`);
        try {
          const s = await measureStartTime(bdb.url);
          rows.push(emit({ figure: START, ...base, start_runs_ms: s.runs_ms, start_median_ms: s.median_ms, start_max_ms: s.max_ms }));
        } catch (err) {
          rows.push(emit({ figure: START, ...base, error: (err as Error).message }));
        }
      }
      // The write yardstick runs when a figure that writes is measured.
      const writeRps = figures.some((f) => f.writes) || drainEvent ? await measureWrite(ctx, base, terms, bareRps, rows) : 0;
      if (figures.length) await measureApp(ctx, figures, prepared, base, terms, { bareRps, writeRps }, rows);
      if (drainEvent) await measureDrain(ctx, drainEvent, base, terms, specials.drainSeconds, { bareRps, writeRps }, rows);
    },
  );
}

function summary(rows: Row[], terms: LoadTerms, loadAtStart: number): string {
  const cpu = cpus();
  const fmt = (n: number | undefined | null, digits = 0) =>
    n === undefined || n === null ? '—' : n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const header = ['dialect', 'figure', 'req/s', 'p50 ms', 'p99 ms', 'bare req/s', 'ratio', '÷ write tx', 'peak RSS MiB', 'note'];
  const percent = (r: number | undefined) => (r === undefined ? '—' : `${fmt(r * 100, 1)} %`);
  const table = rows.map((r) => {
    const started =
      r.start_median_ms === undefined
        ? ''
        : `median ${r.start_median_ms} ms, max ${r.start_max_ms} ms over ${r.start_runs_ms?.length} starts (goal < 1,000 ms)`;
    const drained =
      r.backlog_jobs === undefined
        ? ''
        : `${r.backlog_jobs} jobs due after ${r.booking_s} s of booking; ${r.drain_s === null ? `${r.jobs_left} left after ${r.drain_limit_s} s` : `drained in ${r.drain_s} s`}`;
    const note = r.error ? `ERROR: ${r.error}` : r.non2xx || r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors` : started || drained;
    return [
      r.dialect,
      r.figure,
      fmt(r.rps),
      fmt(r.p50_ms),
      fmt(r.p99_ms),
      fmt(r.bare_rps),
      percent(r.ratio),
      percent(r.write_ratio),
      fmt(r.peak_rss_mb),
      note,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= 8 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    '',
    `Summary: ${terms.connections} connections, ${terms.duration} s per figure after ${terms.warmup} s of warm-up;`,
    `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average ${loadAtStart.toFixed(2)} at start`,
    `(above about 0.5, something else shares the cores and the figures are low). Ratio = figure req/s ÷ bare route req/s;`,
    `÷ write tx = a writing figure's req/s ÷ the write yardstick's on the same dialect (one row, one Kysely transaction, behind a bare route).`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...table.map(line),
    '',
  ].join('\n');
}

/** The run's goals and figures as Markdown, with what it ran on: to be pasted into the README as it is. */
function markdownReport(rows: Row[], terms: LoadTerms, load: { loadAtStart: number; loadAtEnd: number }): string {
  const cpu = cpus();
  const day = new Date().toISOString().slice(0, 10);
  const build = process.env.BENCH_BUILD === '1' ? 'the compiled build in plain Node (`BENCH_BUILD=1`)' : 'the sources through tsx';
  const args = process.argv.slice(2).map((a) => (/^[\w.,=/:-]+$/.test(a) ? a : `"${a}"`));
  return [
    '',
    `**Run of ${day}**: \`${process.env.BENCH_BUILD === '1' ? 'BENCH_BUILD=1 ' : ''}npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\`, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${build}; load average ${load.loadAtStart.toFixed(2)} at the start, ${load.loadAtEnd.toFixed(2)} at the end. ${terms.connections} connections, ${terms.duration} s after ${terms.warmup} s of warm-up per figure. Ratios are against the bare route and the bare one-row write route of the same dialect measured in this run.`,
    '',
    goalsTable(rows),
    '',
    figuresTable(rows),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const { terms, figures, dialects, pgBaseUrl, specials, markdown } = readOptions();
  const loadAtStart = loadavg()[0];
  const rows: Row[] = [];
  for (const dialect of dialects) {
    try {
      await runDialect(dialect, figures, terms, pgBaseUrl, rows, specials);
    } catch (err) {
      if (interrupted) return;
      // One dialect failing to start (e.g. PostgreSQL unreachable) leaves the other's figures standing.
      log(`[${dialect}] ${(err as Error).stack ?? err}`);
      rows.push(
        emit({ figure: '(setup)', dialect, connections: terms.connections, duration_s: terms.duration, error: (err as Error).message }),
      );
    }
  }
  log(summary(rows, terms, loadAtStart));
  const tables = markdownReport(rows, terms, { loadAtStart, loadAtEnd: loadavg()[0] });
  log(tables);
  if (markdown) writeFileSync(markdown, tables);
  if (rows.some((r) => r.error || r.non2xx || r.errors)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  // After Ctrl-C, failures of the interrupted run are expected; the SIGINT handler exits when clean.
  if (interrupted) return;
  console.error(err);
  process.exit(1);
});
