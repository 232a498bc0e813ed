/**
 * Facilitation at a region's scale, the figures the load harness cannot take:
 *
 *   npx tsx bench/facilitation.ts [--records N] [--runs N] [--dialect sqlite|postgres]
 *
 * On a fresh benchmark database per dialect (PostgreSQL when PG_BENCH_URL or PG_TEST_URL is set):
 * generates N records (default 1,000,000), starts the server in its own process, then measures
 * - each dashboard one request at a time (median and p99 of --runs requests after a warm-up):
 *   one programme for one calendar year (unfiltered, and filtered by comune), and all programmes;
 * - the exports, each in a process of its own through the command line (`export facilitation`):
 *   rows per second of the stream and the process's peak resident memory.
 * One JSON line per figure on stdout, progress on stderr.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import type { Dialect } from '../src/db/index.js';
import { todayInRome } from '../src/modules/facilitation/service.js';
import { generateFacilitation } from './facilitation-data.js';
import { createBenchDatabase } from './generators.js';
import { startServer } from './processes.js';

const ROOT = resolve(import.meta.dirname, '..');
const log = (line: string) => process.stderr.write(`${line}\n`);

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '200' },
    dialect: { type: 'string', multiple: true },
  },
});
const records = Number(values.records);
const runs = Number(values.runs);
const pgBaseUrl = process.env.PG_BENCH_URL || process.env.PG_TEST_URL || undefined;
const dialects = (values.dialect ?? (pgBaseUrl ? ['sqlite', 'postgres'] : ['sqlite'])) as Dialect[];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

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

/** Runs `export facilitation` in a process of its own and reads the statistics it prints. */
function exportRun(databaseUrl: string, args: string[]): Promise<Record<string, number | string>> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'export', 'facilitation', ...args, '--out', '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PONTE_EXPORT_STATS: '1', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) => {
      const line = err
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      if (code !== 0 || !line) fail(new Error(`export ${args.join(' ')} failed (${code}): ${err.slice(-500)}`));
      else done(JSON.parse(line));
    });
  });
}

async function main(): Promise<void> {
  for (const dialect of dialects) {
    log(`\n[${dialect}] preparing the benchmark database…`);
    const bdb = await createBenchDatabase(dialect, pgBaseUrl);
    try {
      const t0 = Date.now();
      const data = await generateFacilitation(bdb.db, loadConfig({ DATA_KEY: process.env.DATA_KEY, LOG_LEVEL: 'silent' }), {
        records,
        log,
      });
      const generation = {
        figure: 'facilitation generator',
        dialect,
        records: data.records,
        seconds: Math.round((Date.now() - t0) / 1000),
      };
      process.stdout.write(`${JSON.stringify(generation)}\n`);
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
      const today = todayInRome();
      const exports: [string, string[]][] = [
        [
          'facilitation export, national layout, regional programme',
          ['--programme', data.big, '--from', '2000-01-01', '--to', today, '--format', 'national'],
        ],
        ['facilitation export, open data, all programmes', ['--from', '2000-01-01', '--to', today, '--format', 'opendata']],
        [
          'facilitation export, plain CSV, regional programme',
          ['--programme', data.big, '--from', '2000-01-01', '--to', today, '--format', 'csv'],
        ],
      ];
      for (const [figure, args] of exports) {
        log(`[${dialect}] ${figure}…`);
        const stats = await exportRun(bdb.url, args);
        process.stdout.write(`${JSON.stringify({ figure, dialect, ...stats })}\n`);
      }
    } finally {
      await bdb.cleanup();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
