import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { addColumns, dropColumns, TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';

/**
 * A programme's plan: the courses it promises, by audience, before they have dates ("in programma
 * da febbraio"), each linked to its event (and that event's series) once staff schedule it. The
 * event is named by id only: events are another module's rows, read through its service.
 * The same change of issue 17 gives events' messages an SMS text (one number per engineer's change).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'programme_plan_items', [
    'id text primary key',
    'programme_id text not null references programmes(id) on delete cascade',
    'position integer not null',
    'title text not null',
    'audience text not null',
    'description text',
    'expected text',
    'expected_month text',
    'event_id text',
    'series_id text',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'programme_plan_items_programme', 'programme_plan_items', ['programme_id', 'position']);
  // Also of issue 17: an event message's text for people reached only by SMS (events' table).
  await addColumns(db, 'event_messages', [['sms', 'text']]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropColumns(db, 'event_messages', ['sms']);
  await db.schema.dropTable('programme_plan_items').ifExists().execute();
}
