import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { createIndex } from './indexes.js';
import { dropTables } from './tables.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'jobs', [
    'id text primary key',
    'kind text not null',
    'payload text not null',
    'run_at text not null',
    'status text not null',
    'attempts integer not null default 0',
    'max_attempts integer not null',
    'locked_until text',
    'locked_by text',
    'last_error text',
    'dedupe_key text unique',
    'created_at text not null',
    'finished_at text',
  ]);
  await createIndex(db, 'jobs_due', 'jobs', ['status', 'run_at']);

  await createTable(db, 'idempotency_keys', [
    'scope text not null',
    'key text not null',
    'request_hash text not null',
    'status_code integer',
    'response text',
    'created_at text not null',
    'constraint idempotency_keys_pk primary key (scope, key)',
  ]);
  await createIndex(db, 'idempotency_created', 'idempotency_keys', ['created_at']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['idempotency_keys', 'jobs']);
}
