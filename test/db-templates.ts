import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { newId } from '../src/core/ids.js';
import type { DemoContext } from '../src/core/module.js';
import { createDb, type Dialect, ensureSchema } from '../src/db/index.js';
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

/**
 * CREATE DATABASE … TEMPLATE for a test's copy. On PostgreSQL 15 and later it asks for FILE_COPY,
 * which copies the template's files after a checkpoint: about a third of the server's time of the
 * default there (WAL_LOG, which writes every block of the copy through the log), and a test run
 * makes hundreds of copies. Older servers copy files anyway and know no STRATEGY.
 */
async function createCopy(client: pg.Client, name: string, template: string): Promise<void> {
  serverVersion ??= client.query<{ v: string }>('select current_setting($1) as v', ['server_version_num']).then((r) => Number(r.rows[0].v));
  await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}${(await serverVersion) >= 150000 ? ' STRATEGY FILE_COPY' : ''}`);
}

/** The test server's version number, asked by the first copy of the process. */
let serverVersion: Promise<number> | undefined;

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
    const demo = demoDatabases(dir);
    rmSync(dir, { recursive: true, force: true });
    if (pgBase && database) {
      const name = database;
      await onServer(pgBase, async (c) => {
        for (const d of demo) await c.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
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
  await onServer(base, (c) => createCopy(c, name, template));
  return {
    url: pgDatabaseUrl(base, name),
    schema: PG_TEST_SCHEMA,
    drop: () => onServer(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * The demo programme, seeded once per run and dialect and copied for each file that asks for it:
 * seeding it cost a second or two of this process and as much again of PostgreSQL's for each of
 * a dozen files, on each dialect. The first file to ask builds it; the others wait for it. What a
 * file receives is what seedDemo gave on a fresh database: the same rows, ids and logins.
 */
export interface DemoTemplate extends DemoContext {
  /** The SQLite file or the PostgreSQL database to copy. */
  source: string;
}

/** The folder holding this run's templates, or null in a run without global-setup. */
function templateDir(): string | null {
  const template = process.env[SQLITE_TEMPLATE_ENV];
  return template && existsSync(template) ? dirname(template) : null;
}

/** The PostgreSQL demo databases built in `dir`, for the run's teardown to drop. */
function demoDatabases(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f === 'demo-postgres.json')
    .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as DemoTemplate).source);
}

/**
 * This run's demo template of the dialect, built by the first caller of the run (`seed` fills the
 * database it is given); null in a run without templates. A folder made with mkdir is the lock:
 * one process builds, the others poll for the description it writes last.
 */
export async function demoTemplate(
  dialect: Dialect,
  pgBase: string | undefined,
  seed: (url: string) => Promise<DemoContext>,
): Promise<DemoTemplate | null> {
  const dir = templateDir();
  if (!dir || (dialect === 'postgres' && !(pgBase && process.env[PG_TEMPLATE_ENV]))) return null;
  const described = join(dir, `demo-${dialect}.json`);
  let building = false;
  try {
    mkdirSync(join(dir, `demo-${dialect}.lock`));
    building = true;
  } catch {
    // Another file of the run is building it.
  }
  if (building) {
    let source: string;
    let url: string;
    if (dialect === 'sqlite') {
      source = join(dir, 'demo.db');
      const building = join(dir, 'demo.building.db');
      copyFileSync(process.env[SQLITE_TEMPLATE_ENV] as string, building);
      const made = await seed(`sqlite:${building}`);
      renameSync(building, source);
      writeFileSync(`${described}.tmp`, JSON.stringify({ ...made, source }));
    } else {
      const base = pgBase as string;
      source = `ponte_demo_${newId().replace(/-/g, '').slice(-16)}`;
      const name = source;
      await onServer(base, (c) => createCopy(c, name, process.env[PG_TEMPLATE_ENV] as string));
      url = pgDatabaseUrl(base, name);
      const made = await seed(url);
      writeFileSync(`${described}.tmp`, JSON.stringify({ ...made, source }));
    }
    renameSync(`${described}.tmp`, described);
  }
  for (let waited = 0; !existsSync(described); waited += 50) {
    if (waited > 300_000) throw new Error(`the demo template (${dialect}) was not built within 5 minutes`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return JSON.parse(readFileSync(described, 'utf8')) as DemoTemplate;
}

/** A copy of the SQLite demo template in `dir`. */
export function copySqliteDemo(template: DemoTemplate, dir: string): string {
  const file = join(dir, 'test.db');
  copyFileSync(template.source, file);
  return file;
}

/** A new PostgreSQL database copied from the demo template: its URL and its removal. */
export async function copyPgDemo(
  base: string,
  template: DemoTemplate,
): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const name = `ponte_t_${newId().replace(/-/g, '').slice(-20)}`;
  await onServer(base, (c) => createCopy(c, name, template.source));
  return {
    url: pgDatabaseUrl(base, name),
    schema: PG_TEST_SCHEMA,
    drop: () => onServer(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
