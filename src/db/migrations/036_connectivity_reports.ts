import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { createIndex } from './indexes.js';

/**
 * Citizens' reports of places without connectivity (participation). A report belongs to an
 * organisation and names a comune of it (ISTAT code) with a frazione and a street, or a point, or
 * both; a point outside the organisation's comuni is kept and flagged. The optional contact e-mail
 * is encrypted and erased at `contact_erase_at`. A report merged into another keeps its row and
 * names the one it joined.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'connectivity_reports', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'municipality_code text',
    'hamlet text',
    'street text',
    'latitude double precision',
    'longitude double precision',
    'outside integer not null default 0',
    'problem text not null',
    'operator text not null',
    'operator_other text',
    'building text not null',
    'school_name text',
    'contact_email text',
    'contact_erase_at text',
    "status text not null default 'open'",
    'merged_into text',
    'closed_at text',
    'closed_by text',
    'created_at text not null',
  ]);
  await createIndex(db, 'connectivity_reports_organisation', 'connectivity_reports', ['organisation_id', 'status', 'created_at']);
  await createIndex(db, 'connectivity_reports_erase', 'connectivity_reports', ['contact_erase_at']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('connectivity_reports').execute();
}
