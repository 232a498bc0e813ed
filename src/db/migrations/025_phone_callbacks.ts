import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { addColumns, dropColumns } from './columns.js';
import { createIndex } from './indexes.js';

/**
 * "Da avvisare per telefono": people booked with a phone and no e-mail whose booking or
 * appointment changed (promoted from the waiting list, moved, cancelled), for staff to call and
 * tick off. Only references are kept (the booking's id, its kind, the reason); the name and the
 * number are read from the booking itself, so the entry says nothing once the booking is erased.
 * And the organisation's public contact phone, shown on event and desk pages.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'phone_callbacks', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'subject_kind text not null',
    'subject_id text not null',
    'scope_id text not null',
    'reason text not null',
    'created_at text not null',
    'done_at text',
    'done_by text',
  ]);
  await createIndex(db, 'phone_callbacks_organisation', 'phone_callbacks', ['organisation_id', 'done_at']);
  await createIndex(db, 'phone_callbacks_scope', 'phone_callbacks', ['scope_id']);
  await createIndex(db, 'phone_callbacks_subject', 'phone_callbacks', ['subject_id']);
  await addColumns(db, 'organisations', [['phone', 'text']]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropColumns(db, 'organisations', ['phone']);
  await db.schema.dropTable('phone_callbacks').execute();
}
