import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { createIndex } from './indexes.js';

/**
 * The websites allowed to show an organisation's events widget in a frame: one row per origin
 * (scheme, host and port, as a browser compares them for `frame-ancestors`). An organisation
 * lists each origin once.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'widget_origins', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'origin text not null',
    'created_by text',
    'created_at text not null',
  ]);
  await createIndex(db, 'widget_origins_org_origin', 'widget_origins', ['organisation_id', 'origin'], { unique: true });
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('widget_origins').execute();
}
