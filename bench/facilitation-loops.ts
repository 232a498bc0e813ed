/**
 * The exports' own loops in one process, for a processor-time comparison a busy machine does not
 * bend: the national files (`nationalFiles`, names decrypted and every row checked) and the plain
 * CSV (`plainCsv`) of the same programme and period, run in alternation, each timed in processor
 * seconds (user and system). Nothing is written to disk and no batch is recorded. With --hash each
 * run also gives the sha256 of everything it yields, in order (the files' names included), to
 * compare the output of two versions of the code; hashing is then part of the time.
 *
 *   DATABASE_URL=… npx tsx bench/facilitation-loops.ts --programme ID [--runs 3] [--from D] [--to D]
 *                  [--only national|csv] [--hash]
 *
 * On the database `bench/facilitation.ts --keep` leaves (its JSON file names the programme as
 * `big`). One JSON line per run on stdout: format, rows, cpu_seconds, rows_per_cpu_s, the
 * process's peak RSS so far, and sha256 with --hash.
 */

import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { commandDeps } from '../src/core/command-deps.js';
import { createDb } from '../src/db/index.js';
import { todayInRome } from '../src/modules/facilitation/dates.js';
import { plainCsv } from '../src/modules/facilitation/exports.js';
import { nationalFiles } from '../src/modules/facilitation/national-files.js';
import { getProgramme } from '../src/modules/programmes/service.js';

const { values } = parseArgs({
  options: {
    programme: { type: 'string' },
    runs: { type: 'string', default: '3' },
    from: { type: 'string', default: '2000-01-01' },
    to: { type: 'string' },
    only: { type: 'string' },
    hash: { type: 'boolean', default: false },
  },
});
if (!values.programme) throw new Error('--programme ID is required');

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const db = createDb(config.databaseUrl);
if (db.sqlite) db.sqlite.pragma('cache_size = -2000');
const deps = commandDeps(config, db);
const programme = await getProgramme(db, values.programme);
const scope = { programme: programme.id, from: values.from as string, to: values.to ?? todayInRome() };

/** Processor seconds and the hash of what `run` yields; `rows` is what it reports. */
async function timed(format: string, run: () => AsyncIterable<string | Uint8Array>, rows: () => number): Promise<void> {
  const hash = values.hash ? createHash('sha256') : null;
  const cpu = process.cpuUsage();
  for await (const piece of run()) hash?.update(piece);
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const n = rows();
  const line = {
    format,
    rows: n,
    cpu_seconds: Math.round(cpuSeconds * 100) / 100,
    rows_per_cpu_s: Math.round(n / cpuSeconds),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(hash ? { sha256: hash.digest('hex') } : {}),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

for (let i = 0; i < Number(values.runs); i++) {
  if (values.only !== 'csv') {
    let valid = 0;
    await timed(
      'national',
      async function* () {
        const events = nationalFiles(deps, programme, scope);
        for (;;) {
          const step = await events.next();
          if (step.done) {
            valid = step.value.valid;
            return;
          }
          // The file's name marks where a file starts, so a different split changes the hash.
          if (step.value.kind === 'start') yield `\u0000${step.value.name}\u0000`;
          if (step.value.data !== undefined) yield step.value.data;
        }
      },
      () => valid,
    );
  }
  if (values.only !== 'national') {
    let n = 0;
    await timed(
      'csv',
      () =>
        plainCsv(deps, scope, {
          onProgress: (rows) => {
            n = rows;
          },
        }),
      () => n,
    );
  }
}
await db.destroy();
