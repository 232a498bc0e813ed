import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { createTable } from '../ddl.js';
import { createPgTrigger, createSqliteTriggers, dropPgTriggers, dropSqliteTriggers } from './triggers.js';

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
    const bumps = { insert: [BUMP], update: [BUMP], delete: [BUMP] };
    await createSqliteTriggers(db, 'events_catalogue', 'events', { ...bumps, updateOf: COLUMNS, updateWhen: when });
    for (const table of TAGS) await createSqliteTriggers(db, `${table}_catalogue`, table, bumps);
    return;
  }
  await sql
    .raw(`create function catalogue_changed() returns trigger language plpgsql as $$ begin ${BUMP}; return null; end $$`)
    .execute(db);
  // Once per statement where the statement is the change (a series of events created at once bumps once).
  await createPgTrigger(db, {
    name: 'events_catalogue',
    table: 'events',
    events: ['insert', 'delete'],
    each: 'statement',
    calls: 'catalogue_changed',
  });
  await createPgTrigger(db, {
    name: 'events_catalogue_update',
    table: 'events',
    events: [`update of ${COLUMNS.join(', ')}`],
    when: changed,
    calls: 'catalogue_changed',
  });
  for (const table of TAGS) await createPgTrigger(db, { name: `${table}_catalogue`, table, each: 'statement', calls: 'catalogue_changed' });
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await dropSqliteTriggers(db, ['events_catalogue', ...TAGS.map((table) => `${table}_catalogue`)]);
  } else {
    await dropPgTriggers(
      db,
      [
        ['events_catalogue', 'events'],
        ['events_catalogue_update', 'events'],
        ...TAGS.map((table) => [`${table}_catalogue`, table] as const),
      ],
      ['catalogue_changed'],
    );
  }
  await db.schema.dropTable('catalogue_version').ifExists().execute();
}
