/**
 * Facilitation at a region's scale, the figures the load harness cannot take:
 *
 *   npx tsx bench/facilitation.ts [--records N] [--runs N] [--dialect sqlite|postgres]
 *                                 [--keep] [--only dashboards|exports] [--export-runs N]
 *
 * On a fresh benchmark database per dialect (PostgreSQL when PG_BENCH_URL or PG_TEST_URL is set):
 * generates N records (default 1,000,000), starts the server in its own process, then measures
 * - each dashboard one request at a time (median and p99 of --runs requests after a warm-up):
 *   one programme for one calendar year (unfiltered, and filtered by comune), and all programmes;
 * - the exports, each run --export-runs times (median) as a user runs them: the command line
 *   (`npm run ponte -- export facilitation … --out FILE`, i.e. `node bin/ponte.mjs`, the compiled
 *   build, made once before the first run) in a process of its own;
 *   the national one writes its numbered files (9,000 rows at most each) into a folder
 *   (`--out DIR/`), emptied before every run. Bytes and sha256 are over the files in name order.
 *   Rows are those the export wrote; the national export must write every record of the
 *   programme's period (none refused), and the benchmark stops if it does not.
 *   Rows per second are given twice: over the streaming alone (as the process reports it) and
 *   over the process's whole wall time, start-up included; peak memory is the process's
 *   high-water mark (`/usr/bin/time`'s maximum resident set when present, else the process's own).
 *   BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") passes flags to the exports' Node.
 * With --keep the generated database stays in data/bench/ (a SQLite file, or a PostgreSQL schema
 * named after the record count) and later runs with the same --records reuse it: the generator
 * takes minutes, a measurement seconds.
 * One JSON line per figure on stdout, progress on stderr.
 */

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDist } from '../scripts/build.mjs';
import { loadConfig } from '../src/config.js';
import { createDb, type Db, type Dialect, dropSchema, ensureSchema } from '../src/db/index.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemo } from '../src/demo/seed.js';
import { todayInRome } from '../src/modules/facilitation/service.js';
import { ensureMunicipalities } from '../src/modules/organisations/municipalities.js';
import { type FacilitationBench, generateFacilitation } from './facilitation-data.js';
import { claimMigrationTables, createBenchDatabase } from './generators.js';
import { quantile } from './load.js';
import { startServer } from './processes.js';

const ROOT = resolve(import.meta.dirname, '..');
const log = (line: string) => process.stderr.write(`${line}\n`);

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '200' },
    dialect: { type: 'string', multiple: true },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
    'export-runs': { type: 'string', default: '3' },
  },
});
const records = Number(values.records);
const runs = Number(values.runs);
const exportRuns = Number(values['export-runs']);
const only = values.only;
if (only && only !== 'dashboards' && only !== 'exports') throw new Error('--only takes dashboards or exports');
const pgBaseUrl = process.env.PG_BENCH_URL || process.env.PG_TEST_URL || undefined;
const dialects = (values.dialect ?? (pgBaseUrl ? ['sqlite', 'postgres'] : ['sqlite'])) as Dialect[];

async function latency(url: string, token: string): Promise<{ p50_ms: number; p99_ms: number; bytes: number }> {
  const once = async () => {
    const t = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 200)}`);
    return { ms: performance.now() - t, bytes: body.length };
  };
  for (let i = 0; i < 20; i++) await once();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const r = await once();
    times.push(r.ms);
    bytes = r.bytes;
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { p50_ms: round(quantile(times, 0.5)), p99_ms: round(quantile(times, 0.99)), bytes };
}

const TIME = '/usr/bin/time';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The files an export wrote: `out` itself, or the files of the folder `out/` in name order. */
function outputFiles(out: string): string[] {
  if (!out.endsWith('/')) return [out];
  return readdirSync(out)
    .sort()
    .map((name) => join(out, name));
}

/**
 * Runs `export facilitation` as a user would, in a process of its own writing to a file (or, when
 * `out` ends with a slash, to numbered files in that folder), and returns the statistics the
 * process prints (PONTE_EXPORT_STATS) with its peak memory and wall time measured from outside by
 * /usr/bin/time when the machine has it.
 */
function exportRun(databaseUrl: string, args: string[], out: string): Promise<Record<string, number | string>> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const command = [process.execPath, ...nodeArgs, 'bin/ponte.mjs', 'export', 'facilitation', ...args, '--out', out];
  const timed = existsSync(TIME);
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(timed ? TIME : command[0], timed ? ['-f', 'PONTE_TIME %M %e', ...command] : command.slice(1), {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PONTE_EXPORT_STATS: '1', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) => {
      const wall = (performance.now() - started) / 1000;
      const exitedAt = Date.now();
      const lines = err.trim().split('\n').reverse();
      const line = lines.find((l) => l.startsWith('{'));
      if (code !== 0 || !line) {
        fail(new Error(`export ${args.join(' ')} failed (${code}): ${err.slice(-500)}`));
        return;
      }
      const stats = JSON.parse(line) as Record<string, number | string>;
      const time = lines.find((l) => l.startsWith('PONTE_TIME '))?.split(' ');
      const rows = Number(stats.rows);
      const processSeconds = time ? Number(time[2]) : wall;
      const files = outputFiles(out).map((f) => statSync(f));
      const folder = out.endsWith('/');
      done({
        ...stats,
        process_seconds: processSeconds,
        rows_per_s_with_startup: Math.round(rows / processSeconds),
        // maxRSS as the kernel counted it for the whole process, when /usr/bin/time measured it.
        peak_rss_mb: time ? Math.round(Number(time[1]) / 1024) : stats.peak_rss_mb,
        bytes: files.reduce((sum, f) => sum + f.size, 0),
        ...(folder
          ? {
              files: files.length,
              // From the last file's last write to the end of the process: what follows the files
              // (recording the batch), as seen from outside.
              after_files_seconds: Math.round((exitedAt - Math.max(...files.map((f) => f.mtimeMs))) / 10) / 100,
            }
          : {}),
      });
    });
  });
}

interface Prepared {
  db: Db;
  url: string;
  data: FacilitationBench;
  generatedSeconds: number | null;
  cleanup(): Promise<void>;
}

/**
 * The benchmark database of a dialect: with --keep, the one a previous run left in data/bench/
 * (or a new one left there for the next run); otherwise a throw-away one.
 */
async function prepare(dialect: Dialect): Promise<Prepared> {
  const config = loadConfig({ DATA_KEY: process.env.DATA_KEY, LOG_LEVEL: 'silent' });
  const generate = async (db: Db) => {
    const t0 = Date.now();
    const data = await generateFacilitation(db, config, { records, log });
    return { data, seconds: Math.round((Date.now() - t0) / 1000) };
  };
  if (!values.keep) {
    const bdb = await createBenchDatabase(dialect, pgBaseUrl);
    try {
      const g = await generate(bdb.db);
      return { db: bdb.db, url: bdb.url, data: g.data, generatedSeconds: g.seconds, cleanup: bdb.cleanup };
    } catch (err) {
      await bdb.cleanup();
      throw err;
    }
  }
  const dir = join(ROOT, 'data', 'bench');
  mkdirSync(dir, { recursive: true });
  const name = `facilitation_${records}`;
  const meta = join(dir, `${name}.${dialect}.json`);
  let url: string;
  if (dialect === 'sqlite') {
    url = `sqlite:${join(dir, `${name}.db`)}`;
  } else {
    if (!pgBaseUrl) throw new Error('a PostgreSQL benchmark needs PG_BENCH_URL or PG_TEST_URL');
    url = `${pgBaseUrl}${pgBaseUrl.includes('?') ? '&' : '?'}schema=bench_${name}`;
  }
  if (existsSync(meta)) {
    const db = createDb(url);
    log(`[${dialect}] reusing ${url}`);
    if (dialect === 'postgres') await claimMigrationTables(db);
    await migrate(db);
    return { db, url, data: JSON.parse(readFileSync(meta, 'utf8')), generatedSeconds: null, cleanup: () => db.destroy() };
  }
  // Nothing usable left by an earlier run (or it was interrupted): start from an empty database.
  if (dialect === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `${name}.db${suffix}`), { force: true });
  } else {
    await dropSchema(pgBaseUrl!, `bench_${name}`);
    await ensureSchema(pgBaseUrl!, `bench_${name}`);
  }
  const db = createDb(url);
  try {
    if (dialect === 'postgres') await claimMigrationTables(db);
    await migrate(db);
    await ensureMunicipalities(db);
    await seedDemo(db);
    const g = await generate(db);
    writeFileSync(meta, `${JSON.stringify(g.data)}\n`);
    return { db, url, data: g.data, generatedSeconds: g.seconds, cleanup: () => db.destroy() };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

async function main(): Promise<void> {
  // The exports run the compiled build, as `npm run ponte` does; built here so no run pays for it.
  if (only !== 'dashboards') await buildDist();
  for (const dialect of dialects) {
    log(`\n[${dialect}] preparing the benchmark database…`);
    const bdb = await prepare(dialect);
    try {
      const { data } = bdb;
      if (bdb.generatedSeconds !== null) {
        const generation = { figure: 'facilitation generator', dialect, records: data.records, seconds: bdb.generatedSeconds };
        process.stdout.write(`${JSON.stringify(generation)}\n`);
      }
      if (only !== 'exports') await dashboards(dialect, bdb);
      if (only !== 'dashboards') await exportFigures(dialect, bdb);
    } finally {
      await bdb.cleanup();
    }
  }
}

async function dashboards(dialect: Dialect, bdb: Prepared): Promise<void> {
  const { data } = bdb;
  const server = await startServer('server.ts', { DATABASE_URL: bdb.url });
  try {
    const base = server.baseUrl;
    const year = `from=${data.year}-01-01&to=${data.year}-12-31`;
    const municipality = (
      await bdb.db.k
        .selectFrom('venues')
        .select('municipality_code')
        .where(
          'id',
          '=',
          (
            await bdb.db.k
              .selectFrom('facilitation_records')
              .select('venue_id')
              .where('programme_id', '=', data.big)
              .limit(1)
              .executeTakeFirstOrThrow()
          ).venue_id,
        )
        .executeTakeFirstOrThrow()
    ).municipality_code;
    const figures: [string, string, string][] = [
      [
        'facilitation dashboard, one programme, one year',
        `${base}/api/v1/programmes/${data.big}/dashboard?${year}&by=venue`,
        data.staffToken,
      ],
      [
        'facilitation dashboard, one programme, one year, one comune',
        `${base}/api/v1/programmes/${data.big}/dashboard?${year}&municipality=${municipality}&by=kind`,
        data.staffToken,
      ],
      [
        'facilitation dashboard, one programme, whole programme to date',
        `${base}/api/v1/programmes/${data.big}/dashboard?from=2000-01-01&to=${todayInRome()}`,
        data.staffToken,
      ],
      [
        'facilitation dashboard, all programmes, one year',
        `${base}/api/v1/facilitation/dashboard?${year}&by=municipality`,
        data.adminToken,
      ],
    ];
    for (const [figure, url, token] of figures) {
      log(`[${dialect}] ${figure}…`);
      const m = await latency(url, token);
      process.stdout.write(`${JSON.stringify({ figure, dialect, records: data.records, runs, ...m })}\n`);
    }
  } finally {
    await server.stop();
  }
}

/**
 * The national files of the last run, read in name order: their sha256, and a check that they
 * hold `rows` data rows in all (one header line each, CRLF line ends; the generated records have
 * no free text that could hold a line break) and at most 9,000 each.
 */
function checkNationalFiles(out: string, rows: number): string {
  const hash = createHash('sha256');
  let lines = 0;
  for (const file of outputFiles(out)) {
    const content = readFileSync(file);
    hash.update(content);
    let n = -1;
    for (let i = content.indexOf('\r\n'); i >= 0; i = content.indexOf('\r\n', i + 2)) n++;
    if (n > 9000) throw new Error(`${file} holds ${n} rows: the national platform takes at most 9,000 a file`);
    lines += n;
  }
  if (lines !== rows) throw new Error(`the national files hold ${lines} rows, the export says it wrote ${rows}`);
  return hash.digest('hex');
}

async function exportFigures(dialect: Dialect, bdb: Prepared): Promise<void> {
  const { data } = bdb;
  const today = todayInRome();
  // The national export must take every record of the programme's period: the generated data is
  // complete for the national platform, so a refused row is a fault in the data or the export.
  const expected = Number(
    (
      await bdb.db.k
        .selectFrom('facilitation_records')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('programme_id', '=', data.big)
        .where('service_date', '>=', '2000-01-01')
        .where('service_date', '<=', today)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const exports: [string, string, string[]][] = [
    [
      'facilitation export, national layout, regional programme',
      'national',
      ['--programme', data.big, '--from', '2000-01-01', '--to', today, '--format', 'national'],
    ],
    ['facilitation export, open data, all programmes', 'opendata', ['--from', '2000-01-01', '--to', today, '--format', 'opendata']],
    [
      'facilitation export, plain CSV, regional programme',
      'csv',
      ['--programme', data.big, '--from', '2000-01-01', '--to', today, '--format', 'csv'],
    ],
  ];
  const dir = join(ROOT, 'data', 'bench');
  mkdirSync(dir, { recursive: true });
  for (const [figure, format, args] of exports) {
    // Real files, as a user would write them; the last run's stay for comparisons (sha256). The
    // national export writes numbered files into a folder, emptied before each run.
    const national = format === 'national';
    const out = national ? `${join(dir, `export-${dialect}-national`)}/` : join(dir, `export-${dialect}-${format}.csv`);
    const all: Record<string, number | string>[] = [];
    for (let i = 0; i < exportRuns; i++) {
      log(`[${dialect}] ${figure} (${i + 1}/${exportRuns})…`);
      if (national) rmSync(out, { recursive: true, force: true });
      const stats = await exportRun(bdb.url, args, out);
      log(`  ${JSON.stringify(stats)}`);
      if (national && Number(stats.rows) < expected) {
        throw new Error(
          `the national export wrote ${stats.rows} rows of the programme's ${expected} records: ${expected - Number(stats.rows)} refused (the target is none)`,
        );
      }
      all.push(stats);
    }
    const pick = (k: string) => median(all.map((s) => Number(s[k])));
    const rowsPerS = all.map((s) => Number(s.rows_per_s));
    const sha256 = national
      ? checkNationalFiles(out, Number(all[all.length - 1].rows))
      : createHash('sha256').update(readFileSync(out)).digest('hex');
    const result = {
      figure,
      dialect,
      rows: all[0].rows,
      ...(national ? { records: expected, files: all[all.length - 1].files } : {}),
      runs: exportRuns,
      rows_per_s: pick('rows_per_s'),
      rows_per_s_min: Math.min(...rowsPerS),
      rows_per_s_max: Math.max(...rowsPerS),
      rows_per_s_with_startup: pick('rows_per_s_with_startup'),
      seconds: pick('seconds'),
      process_seconds: pick('process_seconds'),
      peak_rss_mb: pick('peak_rss_mb'),
      rss_before_export_mb: pick('rss_before_export_mb'),
      ...(national ? { after_files_seconds: pick('after_files_seconds') } : {}),
      bytes: all[0].bytes,
      sha256,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
