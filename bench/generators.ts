import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDb, type Db, type Dialect, dropSchema, ensureSchema } from '../src/db/index.js';
import { migrate } from '../src/db/migrate.js';
import { type DemoIds, seedDemo } from '../src/demo/seed.js';
import { ensureMunicipalities } from '../src/modules/organisations/municipalities.js';

/** A database of its own for one benchmark run of one dialect; nothing shared with other runs. */
export interface BenchDatabase {
  dialect: Dialect;
  /** The DATABASE_URL a server process opens. */
  url: string;
  db: Db;
  demo: DemoIds;
  /** Closes the connection and removes the data (the file, or the PostgreSQL schema). */
  cleanup(): Promise<void>;
}

/**
 * Creates and migrates a fresh database, loads the comuni and seeds the demo programme.
 * SQLite lives in a temporary directory; PostgreSQL in a dedicated `bench_…` schema of `pgBaseUrl`.
 * Figures add their own data in `prepare`, through the services, on top of this.
 */
export async function createBenchDatabase(dialect: Dialect, pgBaseUrl?: string): Promise<BenchDatabase> {
  let url: string;
  let removeData: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-bench-'));
    url = `sqlite:${join(dir, 'bench.db')}`;
    removeData = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    if (!pgBaseUrl) throw new Error('a PostgreSQL benchmark needs PG_BENCH_URL or PG_TEST_URL');
    const schema = `bench_${randomBytes(8).toString('hex')}`;
    await ensureSchema(pgBaseUrl, schema);
    url = `${pgBaseUrl}${pgBaseUrl.includes('?') ? '&' : '?'}schema=${schema}`;
    removeData = () => dropSchema(pgBaseUrl, schema);
  }
  const db = createDb(url);
  const cleanup = async () => {
    await db.destroy();
    await removeData();
  };
  try {
    if (dialect === 'postgres') await claimMigrationTables(db);
    await migrate(db);
    await ensureMunicipalities(db);
    const { ids } = await seedDemo(db);
    return { dialect, url, db, demo: ids, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/**
 * Kysely's migrator decides whether its bookkeeping tables exist by looking in every schema of the
 * database, then reads them through the search_path. When a test run's schema in the same database
 * already has them, it skips creating ours and fails with `relation "kysely_migration_lock" does
 * not exist`. Creating them in our schema first (same definitions as Kysely's) avoids that race.
 */
export async function claimMigrationTables(db: Db): Promise<void> {
  await sql`create table if not exists kysely_migration (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(
    db.k,
  );
  await sql`create table if not exists kysely_migration_lock (id varchar(255) not null primary key, is_locked integer not null default 0)`.execute(
    db.k,
  );
}
