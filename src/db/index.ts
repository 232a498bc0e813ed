import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import { lazyRequire } from '../core/lazy.js';
import { type Checkpointer, startCheckpointer, WRITER_CHECKPOINT_PAGES } from './checkpointer.js';
import { OwnSchemaPostgresDialect } from './pg-introspector.js';
import type { Database } from './schema.js';
import { keepingStatements } from './statements.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  /** Typed query builder shared by both dialects. */
  k: Kysely<Database>;
  dialect: Dialect;
  /** The raw better-sqlite3 handle, for hot paths that need synchronous transactions. */
  sqlite: SQLite.Database | null;
  /** The raw PostgreSQL pool, for hot paths that read rows as arrays (no object per row). */
  pg: pg.Pool | null;
  /** The PostgreSQL schema this handle works in, when one was chosen. */
  schema: string | null;
  destroy(): Promise<void>;
}

// The PostgreSQL driver loads with the first PostgreSQL database opened: a SQLite install never does.
const requirePg = lazyRequire<typeof pg>('pg');
let pgReady = false;
function pgDriver(): typeof pg {
  const driver = requirePg();
  if (!pgReady) {
    // pg returns bigint (count(*), sum) and numeric as strings; SQLite gives numbers.
    // Normalising here means no module has to remember the difference.
    driver.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
    driver.types.setTypeParser(1700, (v) => Number.parseFloat(v));
    pgReady = true;
  }
  return driver;
}

export interface CreateDbOptions {
  /** PostgreSQL schema to use (created when missing); lets test runs keep apart. */
  schema?: string;
  poolSize?: number;
  /** SQLite: copy the write-ahead log into the database from a worker thread (see checkpointer.ts); for the server. */
  checkpointInBackground?: boolean;
}

/** SQLite's page cache per connection, in KiB (SQLite's own default is 2,000; better-sqlite3's 16,000). */
export const SQLITE_CACHE_KIB = 4000;

export function createDb(url: string, options: CreateDbOptions = {}): Db {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const handle = new SQLite(file);
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    // Savepoints (each booking of a group commit has one) keep their undo pages in a sub-journal:
    // in memory it costs a copy, on disk a write system call per page.
    handle.pragma('temp_store = MEMORY');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 5000');
    // better-sqlite3 builds SQLite with a page cache of 16 MB a connection, which a server reading
    // a large database fills and keeps: a sixth of its memory. Pages it no longer holds come from
    // the operating system's file cache, outside the process, for a system call each.
    handle.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    let checkpointer: Checkpointer | null = null;
    if (options.checkpointInBackground && file !== ':memory:') {
      const changes = handle.prepare('SELECT total_changes()').pluck();
      checkpointer = startCheckpointer(file, () => changes.get() as number);
    }
    if (checkpointer) handle.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
    const k = new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingStatements(handle) }) });
    return {
      k,
      dialect: 'sqlite',
      sqlite: handle,
      pg: null,
      schema: null,
      destroy: async () => {
        await checkpointer?.stop();
        await k.destroy();
      },
    };
  }
  const parsed = new URL(url);
  const schema = options.schema ?? parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const pool = new (pgDriver().Pool)({
    connectionString: parsed.toString(),
    max: options.poolSize ?? 10,
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  // An idle connection the server ends (a restart, a failover, a database dropped with FORCE) is an
  // 'error' event of the pool; without a listener Node ends the whole process. The pool has already
  // let that connection go and opens a new one for the next query, so there is nothing more to do.
  pool.on('error', () => {});
  const k = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  return {
    k,
    dialect: 'postgres',
    sqlite: null,
    pg: pool,
    schema: schema ?? null,
    destroy: () => k.destroy(),
  };
}

const stampStatements = new WeakMap<SQLite.Database, SQLite.Statement>();

/**
 * SQLite: whether anything in the database may have changed, as two counters: `data_version`
 * moves when another connection (another process, the checkpointer's truncation) commits, and
 * `total_changes()` when this connection writes a row, rolled back or not. While both are the same,
 * nothing any query could read has changed. Read it before the reads it vouches for: a change
 * between the two then only makes the next comparison fail. null on PostgreSQL, which has no such
 * counter.
 */
export function changeStamp(db: Pick<Db, 'sqlite'>): readonly [number, number] | null {
  const handle = db.sqlite;
  if (!handle) return null;
  let statement = stampStatements.get(handle);
  if (!statement) {
    statement = handle.prepare('SELECT data_version, total_changes() FROM pragma_data_version').raw();
    stampStatements.set(handle, statement);
  }
  return statement.get() as [number, number];
}

/** Creates a PostgreSQL schema if missing (used by tests and `?schema=` URLs). */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new (pgDriver().Client)({ connectionString: url.split('?')[0] });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
}

/** The advisory lock taken on PostgreSQL while a schema is migrated or dropped (see migrate.ts). */
export const SCHEMA_CHANGE_LOCK = 727_061_601;

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new (pgDriver().Client)({ connectionString: url.split('?')[0] });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_CHANGE_LOCK]);
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export async function pingDb(db: Db): Promise<void> {
  await sql`select 1`.execute(db.k);
}
