import pg from 'pg';
import { buildIfStale } from '../bin/fresh-build.mjs';
import { buildTemplates } from './db-templates.js';

/** Where `npm test` looks for PostgreSQL when PG_TEST_URL is not set (the README's local setup). */
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Every integration test runs on SQLite and, when PostgreSQL is reachable, on PostgreSQL too: with
 * PG_TEST_URL unset, the local server is tried once here and used if it answers. PG_TEST_URL=""
 * keeps a run on SQLite alone.
 */
export default async function setup(): Promise<() => Promise<void>> {
  await findPostgres();
  // The tests' child processes run the compiled build, as `npm run ponte` does (test/helpers.ts
  // runCli, test/ops/processes.ts): built here once when a source is newer, not by each of them at once.
  if (buildIfStale() !== 0) throw new Error('npm run build failed: the tests cannot start the compiled build');
  // Every test file starts from a copy of these (test/db-templates.ts); removed when the run ends.
  return buildTemplates(process.env.PG_TEST_URL || undefined);
}

async function findPostgres(): Promise<void> {
  if (process.env.PG_TEST_URL !== undefined) return;
  const client = new pg.Client({ connectionString: LOCAL_POSTGRES, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    process.env.PG_TEST_URL = LOCAL_POSTGRES;
    console.log(`PostgreSQL answers at ${LOCAL_POSTGRES}: the tests run on SQLite and PostgreSQL.`);
  } catch {
    console.log('PostgreSQL is not reachable (set PG_TEST_URL to use one): the tests run on SQLite only.');
  } finally {
    await client.end().catch(() => {});
  }
}
