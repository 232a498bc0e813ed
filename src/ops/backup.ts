import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import type { Config } from '../config.js';
import { liveServerPid, sqliteFile } from './server-lock.js';

/**
 * `ponte backup --out FILE` and `ponte restore FILE`. SQLite is copied with its online backup API
 * while the server keeps serving: the copy is one consistent state of the database, with every
 * transaction committed before the backup began. PostgreSQL is dumped by its own `pg_dump`, and
 * restored by `pg_restore` (README, Operations): a restore there is a database administrator's job.
 */

/** A refusal read as one line (main.ts prints the message of an error named CliError). */
export class OpsError extends Error {
  override name = 'CliError';
}

export async function backupCommand(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) throw new OpsError('usage: backup --out FILE');
  const file = sqliteFile(config.databaseUrl);
  if (file) return backupSqlite(file, values.out);
  if (config.databaseUrl.startsWith('sqlite:')) throw new OpsError('an in-memory database has nothing to back up');
  dumpPostgres(config.databaseUrl, values.out);
}

async function backupSqlite(file: string, out: string): Promise<void> {
  if (!existsSync(file)) throw new OpsError(`no database at ${file}`);
  const source = new SQLite(file, { fileMustExist: true });
  source.pragma('busy_timeout = 5000');
  // Written under another name and renamed when whole: a failed backup leaves no file that looks good.
  const partial = `${out}.partial`;
  await copySqlite(source, partial);
  checkSqlite(partial);
  renameSync(partial, out);
  console.log(`Backup of ${file} written to ${out} (${statSync(out).size} bytes).`);
}

/** Copies an open SQLite database to `to` (its folder made first), then closes it. */
async function copySqlite(source: SQLite.Database, to: string): Promise<void> {
  mkdirSync(dirname(to), { recursive: true });
  try {
    // All the pages in each step: a step reads one snapshot, and a write between two steps would
    // make SQLite start the copy over.
    await source.backup(to, { progress: () => 1_000_000 });
  } finally {
    source.close();
  }
}

/** Refuses a file that is not a sound SQLite database holding Ponte's tables. */
function checkSqlite(file: string): void {
  let db: SQLite.Database | null = null;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new OpsError(`${file} is damaged: ${String(check)}`);
    const jobs = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'jobs'").get();
    if (!jobs) throw new OpsError(`${file} is not a Ponte database`);
  } catch (err) {
    if (err instanceof OpsError) throw err;
    throw new OpsError(`${file} is not a Ponte database: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}

/** The address pg_dump understands: Ponte's `?schema=` becomes its --schema option. */
function pgTarget(url: string): { dbname: string; schema: string | null } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  return { dbname: parsed.toString(), schema };
}

function dumpPostgres(url: string, out: string): void {
  const { dbname, schema } = pgTarget(url);
  const args = ['--format=custom', `--file=${out}`, `--dbname=${dbname}`, ...(schema ? [`--schema=${schema}`] : [])];
  const run = spawnSync('pg_dump', args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new OpsError(
      'pg_dump is not installed here: install the PostgreSQL client tools (Debian: apt install postgresql-client), or run pg_dump --format=custom on the database server (README, Operations)',
    );
  }
  if (run.status !== 0) {
    // What pg_dump wrote before it failed is not a backup.
    rmSync(out, { force: true });
    throw new OpsError(`pg_dump failed: ${(run.stderr || String(run.error)).trim()}`);
  }
  console.log(`Backup of the PostgreSQL database written to ${out} (pg_dump custom format; restore with pg_restore).`);
}

export async function restoreCommand(config: Config, args: string[]): Promise<void> {
  const from = args[0];
  if (!from) throw new OpsError('usage: restore FILE');
  const file = sqliteFile(config.databaseUrl);
  if (!file) {
    throw new OpsError(
      'restore replaces an SQLite database only; for PostgreSQL stop Ponte and run: pg_restore --clean --if-exists --no-owner --dbname=DATABASE_URL FILE (README, Operations)',
    );
  }
  if (!existsSync(from)) throw new OpsError(`cannot read ${from}: no such file`);
  const pid = liveServerPid(file);
  if (pid !== null) {
    throw new OpsError(
      `Restore refused: a Ponte process (pid ${pid}) has ${file} open. Stop it first (kill -TERM ${pid}, systemctl stop ponte, or docker compose stop), then run restore again.`,
    );
  }
  checkSqlite(from);
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  const incoming = `${file}.restoring`;
  await copySqlite(source, incoming);
  // The database replaced is kept beside it until the next restore, in case the backup was the wrong one.
  // Its write-ahead log goes with it (SQLite finds `X-wal` beside `X`): it holds committed changes.
  const kept = existsSync(file);
  for (const suffix of ['', '-wal', '-shm']) {
    rmSync(`${file}.before-restore${suffix}`, { force: true });
    if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${file}.before-restore${suffix}`);
  }
  renameSync(incoming, file);
  console.log(`Restored ${file} from ${from}${kept ? ` (the previous database is kept as ${file}.before-restore)` : ''}.`);
}
