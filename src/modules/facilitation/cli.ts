import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.js';
import { commandDeps } from '../../core/command-deps.js';
import type { Deps } from '../../core/deps.js';
import { nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { getProgramme, type Programme } from '../programmes/service.js';
import { todayInRome } from './dates.js';
import { auditExport, plainCsv } from './exports.js';
import { NATIONAL_FILE_ROWS } from './national-checks.js';
import type { NationalScope, NationalSummary } from './national-export.js';
import { nationalFiles, recordBatch, refusedIdsOf } from './national-files.js';
import { openDataCsv } from './opendata.js';
import * as repo from './repo.js';
import { IsoDate } from './schemas.js';

/**
 * The command-line side of facilitation: exports that stream to standard output (or a file) in
 * constant memory, with a progress bar only when standard error is a terminal; the import with
 * its dry run; and the rotation of the data key.
 */

export class CliError extends Error {
  override name = 'CliError';
}

const fmt = new Intl.NumberFormat('en-GB');

/** A one-line progress bar redrawn on standard error (terminals only). */
function progress(total: number): { update(n: number): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  const draw = (n: number) => {
    const share = total > 0 ? Math.min(1, n / total) : 1;
    const width = 30;
    const filled = Math.round(share * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${fmt.format(n)}/${fmt.format(total)} rows`,
    );
  };
  return {
    update: (n) => {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && n < total) return;
      last = now;
      draw(n);
    },
    done: () => {
      if (tty) process.stderr.write('\n');
    },
  };
}

async function writeAll(chunks: AsyncGenerator<string>, out: Writable): Promise<void> {
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
}

export async function exportCommand(config: Config, db: Db, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      programme: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'national' },
      out: { type: 'string' },
      pending: { type: 'boolean', default: false },
    },
  });
  const format = values.format as string;
  if (!['national', 'opendata', 'csv'].includes(format)) throw new CliError('--format must be national, opendata or csv');
  if (!values.programme && format !== 'opendata') throw new CliError(`export facilitation --format ${format} needs --programme ID`);
  const from = values.from ?? '1990-01-01';
  const to = values.to ?? todayInRome();
  for (const [name, v] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (!IsoDate.safeParse(v).success) throw new CliError(`${name} must be a date as YYYY-MM-DD`);
  }
  if (from > to) throw new CliError('--to comes before --from');
  // This process only streams the export, which reads each page of the records once: SQLite's
  // 16 MB page cache (better-sqlite3's default) would fill with pages never read again, and count
  // in the process's memory. 2 MB keeps the indexes' upper levels for the citizens' lookups.
  if (db.sqlite) db.sqlite.pragma('cache_size = -2000');
  const deps = commandDeps(config, db);
  const programme = values.programme ? await getProgramme(db, values.programme) : null;
  const scope = { programme: programme?.id ?? null, from, to };
  const total = await repo.countForExport(db.k, scope);
  const bar = progress(total);
  if (format === 'national' && programme) {
    await auditExport(deps, null, programme, { format, from, to, rows: total, via: 'cli' });
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let cpuAtFiles: NodeJS.CpuUsage | undefined;
  const rssBefore = Math.round(process.resourceUsage().maxRSS / 1024);
  const opts = { onProgress: bar.update };
  let rows = total;
  let statsEnd: number | undefined;
  let rssAtFiles: number | undefined;
  let batchSeconds: number | undefined;
  if (format === 'national' && programme) {
    const nationalScope = { programme: programme.id, from, to, pending: values.pending };
    const startedAt = nowIso();
    const { summary, files } = await nationalExport(deps, programme, nationalScope, values.out, opts);
    rows = summary.valid;
    bar.done();
    const written = performance.now();
    cpuAtFiles = process.cpuUsage(cpuBefore);
    rssAtFiles = Math.round(process.resourceUsage().maxRSS / 1024);
    const refused = summary.rejected
      ? ` ${fmt.format(summary.rejected)} would be discarded by the national platform and were left out (see the export page's list).`
      : '';
    const batch =
      summary.valid > 0
        ? await recordBatch(
            deps,
            null,
            programme,
            nationalScope,
            { summary, files },
            startedAt,
            await refusedIdsOf(deps, programme, nationalScope, summary),
          )
        : null;
    batchSeconds = (performance.now() - written) / 1000;
    process.stderr.write(`Wrote ${fmt.format(summary.valid)} records (${fmt.format(batch?.corrections ?? 0)} corrections).${refused}\n`);
    if (batch) process.stderr.write(`Batch ${batch.number} recorded: ${files} file(s).\n`);
    // The figure below is the files' streaming; recording the batch is timed on its own.
    statsEnd = written;
  } else {
    // The file stream takes 256 KiB before asking to wait: with the default 16 KiB each piece of the
    // export waited for its own write to finish in the thread pool, and the export idled for a fifth
    // of its time; 1 MiB was no faster and held more memory.
    const out: Writable = values.out ? createWriteStream(values.out, { highWaterMark: 256 * 1024 }) : process.stdout;
    const chunks = format === 'opendata' ? openDataCsv(deps, scope, opts) : plainCsv(deps, { programme: programme!.id, from, to }, opts);
    await writeAll(chunks, out);
    bar.done();
    if (values.out) {
      out.end();
      await once(out, 'finish');
      process.stderr.write(`Wrote ${fmt.format(total)} records to ${values.out}.\n`);
    }
  }
  // For the benchmarks: rows per second of the streaming itself, and the process's peak memory.
  if (process.env.PONTE_EXPORT_STATS === '1') {
    const seconds = ((statsEnd ?? performance.now()) - started) / 1000;
    const peak = Math.round(process.resourceUsage().maxRSS / 1024);
    // The export's own peak is taken when its files are written; recording the batch is reported beside it.
    const rss = rssAtFiles ?? peak;
    // Processor time (user and system) of the same stretch: a yardstick a busy machine does not bend.
    const cpu = cpuAtFiles ?? process.cpuUsage(cpuBefore);
    const cpuSeconds = Math.round((cpu.user + cpu.system) / 10_000) / 100;
    const batch = batchSeconds === undefined ? {} : { batch_seconds: Math.round(batchSeconds * 100) / 100, peak_rss_with_batch_mb: peak };
    process.stderr.write(
      `${JSON.stringify({ format, rows, seconds: Math.round(seconds * 100) / 100, rows_per_s: Math.round(rows / seconds), cpu_seconds: cpuSeconds, rows_per_cpu_s: Math.round(rows / cpuSeconds), peak_rss_mb: rss, rss_before_export_mb: rssBefore, ...batch })}\n`,
    );
  }
}

/**
 * The national files: to `out` when it is a folder (numbered files, as many as 9,000 rows a file
 * needs), else to the one file or standard output, which take one file only. Recorded as a batch.
 */
async function nationalExport(
  deps: Deps,
  programme: Programme,
  scope: NationalScope,
  outPath: string | undefined,
  opts: { onProgress: (n: number) => void },
): Promise<{ summary: NationalSummary; files: number }> {
  const toDir = outPath !== undefined && (outPath.endsWith('/') || isDir(outPath));
  if (toDir) mkdirSync(outPath, { recursive: true });
  const events = nationalFiles(deps, programme, scope, opts);
  let out: Writable | null = null;
  let files = 0;
  const close = async () => {
    if (out && out !== process.stdout) {
      out.end();
      await once(out, 'finish');
    }
    out = null;
  };
  for (;;) {
    const step = await events.next();
    if (step.done) {
      await close();
      return { summary: step.value, files };
    }
    const e = step.value;
    if (e.kind === 'start') {
      if (e.index > 1 && !toDir) {
        throw new CliError(
          `more than ${NATIONAL_FILE_ROWS} rows: the national platform takes at most ${NATIONAL_FILE_ROWS} a file; give --out a folder`,
        );
      }
      files = e.index;
      out = toDir
        ? createWriteStream(join(outPath, e.name), { highWaterMark: 256 * 1024 })
        : outPath
          ? createWriteStream(outPath, { highWaterMark: 256 * 1024 })
          : process.stdout;
    } else if (e.kind === 'data' && out && e.data !== undefined) {
      if (!(out as Writable).write(e.data)) await once(out, 'drain');
    } else if (e.kind === 'end') await close();
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function importCommand(config: Config, db: Db, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false }, programme: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) throw new CliError('usage: import facilitation FILE [--dry-run] [--programme ID]');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const deps = commandDeps(config, db);
  const dryRun = values['dry-run'] === true;
  // The import and the key rotation load the record service (and the accounts module with its
  // password hashing) only when they run: an export's process stays smaller without them.
  const { ImportFormatError, importNational } = await import('./imports.js');
  let report: Awaited<ReturnType<typeof importNational>>;
  try {
    report = await importNational(deps, null, text, { dryRun, programme: values.programme, maxIssues: 100_000 });
  } catch (err) {
    if (err instanceof ImportFormatError) throw new CliError(`Import refused: ${err.message}`);
    throw err;
  }
  for (const i of report.issues) console.log(`row ${i.row}${i.column ? ` ${i.column}` : ''}: ${i.message}`);
  if (dryRun) {
    console.log(
      `Dry run: ${fmt.format(report.rows)} rows, ${fmt.format(report.valid)} valid, ${fmt.format(report.rejected)} rejected. Nothing was written.`,
    );
    return report.rejected > 0 ? 1 : 0;
  }
  if (report.rejected > 0) {
    console.log(`${fmt.format(report.rejected)} of ${fmt.format(report.rows)} rows rejected: nothing was imported.`);
    return 1;
  }
  console.log(`Imported ${fmt.format(report.imported)} records.`);
  return 0;
}

/** `rotate-data-key`: every module's keys, codici fiscali included (modules/rotate-keys.ts). */
export async function rotateCommand(config: Config, db: Db, args: string[]): Promise<void> {
  await (await import('../rotate-keys.js')).rotateCommand(config, db, args);
}
