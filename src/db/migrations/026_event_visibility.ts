import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { addColumns, dropColumns } from './columns.js';

/**
 * Closed and internal courses. An event is 'public' (listed everywhere, as before), 'unlisted'
 * (its page opens by its link, no list, feed or search shows it) or 'invitation' (unlisted, and
 * only the people on its list may book). The list keeps, for each invited person, the keyed hash
 * of the normalised e-mail or phone (the same derivation as a booking's contact_hash), which is
 * what a booking is matched against, and the normalised contact itself, so staff can read and edit
 * the list and a key rotation can hash it again. Rows go with the event's personal data.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, 'events', [['visibility', 'text', 'public']]);
  await createTable(db, 'event_invitations', [
    'event_id text not null references events(id) on delete cascade',
    'contact_hash text not null',
    // 'e:' and the lower-case e-mail, or 'p:' and the phone's digits without +39.
    'contact text not null',
    'created_at text not null',
    'constraint event_invitations_pk primary key (event_id, contact_hash)',
  ]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_invitations').execute();
  await dropColumns(db, 'events', ['visibility']);
}
