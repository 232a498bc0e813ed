import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { dropTables } from './tables.js';

/**
 * Staff's messages to volunteers, kept: the text as written, whom it was addressed to (role, skill,
 * shift), how many it went to by e-mail and by SMS, and one row per volunteer reached with the
 * channel used. The jobs that send it hold the message's and the volunteer's ids only, and the
 * volunteer's "I miei turni" page shows the messages they received (where the SMS points).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'volunteer_messages', [
    'id text primary key',
    'organisation_id text not null',
    'subject text not null',
    'body text not null',
    'audience text not null',
    'sent_by text',
    'email_count integer not null',
    'sms_count integer not null',
    'created_at text not null',
  ]);
  await db.schema
    .createIndex('volunteer_messages_organisation')
    .on('volunteer_messages')
    .columns(['organisation_id', 'created_at'])
    .execute();
  await createTable(db, 'volunteer_message_recipients', [
    'message_id text not null references volunteer_messages(id) on delete cascade',
    'volunteer_id text not null references volunteers(id) on delete cascade',
    'channel text not null',
    'constraint volunteer_message_recipients_pk primary key (message_id, volunteer_id)',
  ]);
  await db.schema.createIndex('volunteer_message_recipients_volunteer').on('volunteer_message_recipients').column('volunteer_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['volunteer_message_recipients', 'volunteer_messages']);
}
