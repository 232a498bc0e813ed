import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { addColumns, dropColumns } from './columns.js';
import { createIndex } from './indexes.js';
import { dropTables } from './tables.js';

/**
 * Volunteers' training and the rules of sign-up: the courses each volunteer did (an event of the
 * organisation, by id only, or an outside course entered by staff), the "in affiancamento" flag of
 * a trainee, the state of a sign-up (pending while staff approve someone with too many no-shows),
 * the number of no-shows after which a programme's sign-ups wait for approval, and the version of a
 * volunteer's calendar link (raised to revoke that one link).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'volunteer_trainings', [
    'id text primary key',
    'volunteer_id text not null references volunteers(id) on delete cascade',
    'event_id text',
    'title text not null',
    'held_on text not null',
    'hours double precision not null',
    'created_by text',
    'created_at text not null',
  ]);
  await createIndex(db, 'volunteer_trainings_volunteer', 'volunteer_trainings', ['volunteer_id', 'held_on']);
  await addColumns(db, 'volunteers', [
    ['trainee', 'integer', 0],
    ['feed_version', 'integer', 0],
  ]);
  await addColumns(db, 'shift_signups', [['status', 'text', 'confirmed']]);
  await createTable(db, 'volunteer_programme_rules', ['programme_id text primary key', 'no_show_limit integer not null']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['volunteer_programme_rules', 'volunteer_trainings']);
  await dropColumns(db, 'shift_signups', ['status']);
  await dropColumns(db, 'volunteers', ['feed_version', 'trainee']);
}
