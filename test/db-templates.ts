import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { newId } from '../src/core/ids.js';
import { createDb, ensureSchema } from '../src/db/index.js';
import { migrate } from '../src/db/migrate.js';
import { ensureMunicipalities } from '../src/modules/organisations/municipalities.js';

/**
 * A run of the tests migrates a database and loads the comuni once per dialect (test/global-setup.ts),
 * and each test file starts from a copy of it: a file copy on SQLite, CREATE DATABASE … TEMPLATE on
 * PostgreSQL. Migrating a schema of its own for each file cost seconds of PostgreSQL's time, and the
 * migrations of every file queued behind one advisory lock (src/db/migrate.ts).
 */
export const SQLITE_TEMPLATE_ENV = 'PONTE_TEST_SQLITE_TEMPLATE';
export const PG_TEMPLATE_ENV = 'PONTE_TEST_PG_TEMPLATE';

/** The schema Ponte's tables live in inside each PostgreSQL test database (a database per file keeps files apart). */
export const PG_TEST_SCHEMA = 'ponte_test';

/** The address of another database on the server of `base`, working in PG_TEST_SCHEMA. */
export function pgDatabaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  url.searchParams.set('schema', PG_TEST_SCHEMA);
  return url.toString();
}

async function onServer<T>(base: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base.split('?')[0] });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Migrates a fresh database at `url` and loads the comuni into it. */
async function fill(url: string): Promise<void> {
  const db = createDb(url);
  try {
    await migrate(db);
    await ensureMunicipalities(db);
  } finally {
    await db.destroy();
  }
}

/** Builds the templates of this run and names them in the environment the workers inherit; returns their removal. */
export async function buildTemplates(pgBase: string | undefined): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-template-'));
  const file = join(dir, 'template.db');
  await fill(`sqlite:${file}`);
  process.env[SQLITE_TEMPLATE_ENV] = file;
  let database: string | null = null;
  if (pgBase) {
    database = `ponte_template_${newId().replace(/-/g, '').slice(-16)}`;
    const name = database;
    await onServer(pgBase, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = pgDatabaseUrl(pgBase, name);
    await ensureSchema(url, PG_TEST_SCHEMA);
    await fill(url);
    process.env[PG_TEMPLATE_ENV] = name;
  }
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (pgBase && database) {
      const name = database;
      await onServer(pgBase, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  };
}

/** A copy of the run's SQLite template in a new directory, or null when there is none (a run without global-setup). */
export function copySqliteTemplate(dir: string): string | null {
  const template = process.env[SQLITE_TEMPLATE_ENV];
  if (!template || !existsSync(template)) return null;
  const file = join(dir, 'test.db');
  copyFileSync(template, file);
  return file;
}

/** A new PostgreSQL database copied from the run's template: its URL and its removal; null without a template. */
export async function copyPgTemplate(base: string): Promise<{ url: string; schema: string; drop: () => Promise<void> } | null> {
  const template = process.env[PG_TEMPLATE_ENV];
  if (!template) return null;
  const name = `ponte_t_${newId().replace(/-/g, '').slice(-20)}`;
  await onServer(base, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    url: pgDatabaseUrl(base, name),
    schema: PG_TEST_SCHEMA,
    drop: () => onServer(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
