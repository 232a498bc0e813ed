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
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Dialect } from '../src/db/index.js';
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
import { type LoadTerms, type Measurement, measure, probe } from './load.js';
import { type ServerProcess, startServer } from './processes.js';
import { measureStartTime } from './start-time.js';
import type { BenchContext, Figure, FigureLoad } from './types.js';

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
const BARE_WRITE = 'bare SQLite write transaction through Kysely';
/** The compiled build's start (bench/start-time.ts): measured when no --only is given, or --only start. */
const START = 'start to first answer';

const USAGE = `Usage: npm run bench -- [options]
  --only NAME[,NAME]    only the figures whose name contains NAME (the bare route always runs)
  --duration S          seconds of measured load per figure (default 10)
  --warmup S            seconds of unmeasured load before each figure (default 2)
  --connections N       concurrent connections (default 50)
  --dialect D           sqlite or postgres (default: sqlite, and postgres when PG_BENCH_URL or PG_TEST_URL is set)
Figures: ${FIGURES.map((f) => f.name).join(', ')}, ${START}`;

interface Row extends Partial<Measurement> {
  figure: string;
  dialect: Dialect;
  bare_rps?: number;
  ratio?: number;
  /** For figures that write: the SQLite write yardstick's rate in the same run, and the figure's share of it. */
  write_rps?: number;
  write_ratio?: number;
  connections: number;
  duration_s: number;
  peak_rss_mb?: number | null;
  /** Start to first answer: each start of the compiled build, in ms, and their median and maximum. */
  start_runs_ms?: number[];
  start_median_ms?: number;
  start_max_ms?: number;
  error?: string;
}

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
  if (wanted.length && !figures.length && !startTime && !wanted.some((w) => BARE.includes(w))) {
    fail(`--only ${wanted.join(',')} matches no figure.\n${USAGE}`);
  }
  const pgBaseUrl = process.env.PG_BENCH_URL || process.env.PG_TEST_URL || undefined;
  const dialects = (values.dialect ?? (pgBaseUrl ? ['sqlite', 'postgres'] : ['sqlite'])) as string[];
  for (const d of dialects) if (d !== 'sqlite' && d !== 'postgres') fail(`--dialect must be sqlite or postgres\n${USAGE}`);
  if (dialects.includes('postgres') && !pgBaseUrl) fail('--dialect postgres needs PG_BENCH_URL or PG_TEST_URL');
  return { terms, figures, dialects: dialects as Dialect[], pgBaseUrl, startTime };
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

/** Measures the bare route and then every figure on one dialect, appending to `rows` as it goes. */
async function runDialect(
  dialect: Dialect,
  figures: Figure[],
  terms: LoadTerms,
  pgBaseUrl: string | undefined,
  rows: Row[],
  startTime = false,
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

      let bareRps = 0;
      log(`[${dialect}] ${BARE}…`);
      await withCleanup(
        () => startServer('bare.ts'),
        (s) => s.stop(),
        async (bare) => {
          const { m } = await measureOn(bare, { path: '/' }, terms);
          bareRps = m.rps;
          rows.push(emit({ figure: BARE, ...base, ...m, bare_rps: m.rps, ratio: 1, peak_rss_mb: bare.peakRssMb() }));
        },
      );
      if (startTime) {
        log(`[${dialect}] ${START} (the compiled build, node dist/main.js serve, to the first 200 of /readyz)…`);
        try {
          const s = await measureStartTime(bdb.url);
          rows.push(emit({ figure: START, ...base, start_runs_ms: s.runs_ms, start_median_ms: s.median_ms, start_max_ms: s.max_ms }));
        } catch (err) {
          rows.push(emit({ figure: START, ...base, error: (err as Error).message }));
        }
      }
      if (!figures.length) return;

      // The write yardstick runs once per run, on SQLite, when a figure that writes is measured.
      let writeRps = 0;
      if (dialect === 'sqlite' && figures.some((f) => f.writes)) {
        log(`[${dialect}] ${BARE_WRITE}…`);
        await withCleanup(
          () => startServer('bare-write.ts'),
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
      }

      await withCleanup(
        () => startServer('server.ts', { DATABASE_URL: bdb.url }),
        (s) => s.stop(),
        async (app) => {
          let groupPeak = app.peakRssMb();
          let windowed = true;
          for (const figure of figures) {
            log(`[${dialect}] ${figure.name}…`);
            try {
              const load = figure.requests(ctx, prepared.get(figure));
              const r = await measureOn(app, load, terms);
              windowed &&= r.windowed;
              if (r.peak !== null) groupPeak = Math.max(groupPeak ?? 0, r.peak);
              const ratio = share(r.m.rps, bareRps);
              const connections = load.connections ?? terms.connections;
              const write = figure.writes && writeRps ? { write_rps: writeRps, write_ratio: share(r.m.rps, writeRps) } : {};
              rows.push(
                emit({ figure: figure.name, ...base, connections, ...r.m, bare_rps: bareRps, ratio, ...write, peak_rss_mb: r.peak }),
              );
            } catch (err) {
              rows.push(emit({ figure: figure.name, ...base, error: (err as Error).message }));
            }
          }
          // One line per server process: the peak of the whole group, read before stopping it.
          groupPeak = Math.max(groupPeak ?? 0, app.peakRssMb() ?? 0) || null;
          process.stdout.write(
            `${JSON.stringify({ server: 'app', dialect, figures: figures.map((f) => f.name), peak_rss_mb: groupPeak, per_figure_peak: windowed })}\n`,
          );
        },
      );
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
    const note = r.error ? `ERROR: ${r.error}` : r.non2xx || r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors` : started;
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
    `÷ write tx = a writing figure's req/s ÷ the SQLite write yardstick's (one row, one Kysely transaction, behind a bare route).`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...table.map(line),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const { terms, figures, dialects, pgBaseUrl, startTime } = readOptions();
  const loadAtStart = loadavg()[0];
  const rows: Row[] = [];
  for (const dialect of dialects) {
    try {
      await runDialect(dialect, figures, terms, pgBaseUrl, rows, startTime);
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
  if (rows.some((r) => r.error || r.non2xx || r.errors)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  // After Ctrl-C, failures of the interrupted run are expected; the SIGINT handler exits when clean.
  if (interrupted) return;
  console.error(err);
  process.exit(1);
});
