import type { Kysely } from 'kysely';
import { addColumns, dropColumns } from './columns.js';

/** The request that enqueued a job, so the job's log lines can be read beside the request's. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, 'jobs', [['request_id', 'text']]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropColumns(db, 'jobs', ['request_id']);
}
