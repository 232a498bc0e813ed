import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { createTable } from '../ddl.js';

/**
 * One row counting the changes of what decides which events the public catalogue lists and in
 * which order: an event created or deleted, a change of its status, visibility, dates, comune,
 * organiser, programme, format or search text, and any change of its audiences, topics or
 * partners. Triggers keep it, so no write can forget to, whoever makes it. A booking changes only
 * seats (taken, waiting) and leaves it alone, so it is no hot row for bookings.
 *
 * A process keeps the catalogue's pages (which events, their tags) and the list of comuni with
 * events beside this number and reads only the number, with the page's rows, on each request
 * (events/catalogue/catalogue.ts). On PostgreSQL, where processes share the database, every
 * process sees a change as soon as it commits.
 */
const COLUMNS = [
  'status',
  'visibility',
  'starts_at',
  'ends_at',
  'municipality_code',
  'organisation_id',
  'programme_id',
  'format',
  'search_text',
];
const TAGS = ['event_audiences', 'event_topics', 'event_partners'];
const changed = COLUMNS.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
const BUMP = 'update catalogue_version set version = version + 1 where id = 1';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'catalogue_version', ['id integer primary key', 'version integer not null']);
  await db.insertInto('catalogue_version').values({ id: 1, version: 0 }).execute();
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    const when = changed.replaceAll('is distinct from', 'is not');
    await sql.raw(`create trigger events_catalogue_insert after insert on events begin ${BUMP}; end`).execute(db);
    await sql.raw(`create trigger events_catalogue_delete after delete on events begin ${BUMP}; end`).execute(db);
    await sql
      .raw(`create trigger events_catalogue_update after update of ${COLUMNS.join(', ')} on events when ${when} begin ${BUMP}; end`)
      .execute(db);
    for (const table of TAGS) {
      for (const op of ['insert', 'update', 'delete']) {
        await sql.raw(`create trigger ${table}_catalogue_${op} after ${op} on ${table} begin ${BUMP}; end`).execute(db);
      }
    }
    return;
  }
  await sql
    .raw(`create function catalogue_changed() returns trigger language plpgsql as $$ begin ${BUMP}; return null; end $$`)
    .execute(db);
  // Once per statement where the statement is the change (a series of events created at once bumps once).
  await sql
    .raw('create trigger events_catalogue after insert or delete on events for each statement execute function catalogue_changed()')
    .execute(db);
  await sql
    .raw(
      `create trigger events_catalogue_update after update of ${COLUMNS.join(', ')} on events for each row when (${changed}) execute function catalogue_changed()`,
    )
    .execute(db);
  for (const table of TAGS) {
    await sql
      .raw(
        `create trigger ${table}_catalogue after insert or update or delete on ${table} for each statement execute function catalogue_changed()`,
      )
      .execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const name of ['events_catalogue_insert', 'events_catalogue_delete', 'events_catalogue_update']) {
      await sql.raw(`drop trigger if exists ${name}`).execute(db);
    }
    for (const table of TAGS) {
      for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists ${table}_catalogue_${op}`).execute(db);
    }
  } else {
    await sql.raw('drop trigger if exists events_catalogue on events').execute(db);
    await sql.raw('drop trigger if exists events_catalogue_update on events').execute(db);
    for (const table of TAGS) await sql.raw(`drop trigger if exists ${table}_catalogue on ${table}`).execute(db);
    await sql.raw('drop function if exists catalogue_changed()').execute(db);
  }
  await db.schema.dropTable('catalogue_version').ifExists().execute();
}
