import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { createPgTrigger, createSqliteTriggers, dropPgTriggers, dropSqliteTriggers } from './triggers.js';

/**
 * A number on each event that moves with every change of what its public page shows: the event row
 * itself (all but its seat counts, `taken` and `waiting`, which bookings change), its sessions,
 * audiences, topics, partners and booking questions, its venue and the venue's comune, its
 * organiser's name and contacts, its partners' names and partnerships, its programme's name and
 * the desks that follow it. Triggers keep it, in the transaction of the change, so no write can
 * forget to, whoever makes it. A booking leaves it alone.
 *
 * A process keeps what an event page shows beside this number and, on each request, reads only the
 * event's row (the number and the live seat counts, in one statement) to know whether it still holds
 * (events/catalogue/event-kept.ts). On PostgreSQL, where processes share the database, every process
 * sees a change as soon as it commits.
 *
 * The event's own trigger names the columns the table has now: a later migration that adds a column
 * the page shows recreates it.
 */

/** What changes of other tables move the number of which events: `R` is the changed row (old or new). */
interface Watch {
  table: string;
  /** Columns whose update matters (undefined: any update). */
  columns?: string[];
  /** No trigger on insert: no event can refer to a row not yet there. */
  noInsert?: boolean;
  /** The events concerned, as a condition on the events table. */
  events: string;
}

const OF_EVENT = 'id = R.event_id';
const WATCHES: Watch[] = [
  ...['event_sessions', 'event_audiences', 'event_topics', 'event_partners', 'event_questions'].map((table) => ({
    table,
    events: OF_EVENT,
  })),
  { table: 'desks', columns: ['event_id', 'follow_operators', 'active', 'name'], events: OF_EVENT },
  { table: 'venues', noInsert: true, events: 'venue_id = R.id' },
  {
    table: 'organisations',
    columns: ['name', 'website', 'phone'],
    noInsert: true,
    events: 'organisation_id = R.id or id in (select event_id from event_partners where organisation_id = R.id)',
  },
  { table: 'programmes', columns: ['name'], noInsert: true, events: 'programme_id = R.id' },
  { table: 'partnerships', events: 'organisation_id in (R.organisation_id, R.partner_id)' },
  {
    table: 'municipalities',
    columns: ['name', 'province', 'province_code', 'region', 'cadastral_code', 'active'],
    noInsert: true,
    events: 'municipality_code = R.code or venue_id in (select id from venues where municipality_code = R.code)',
  },
];

/** Columns of events whose change leaves the page as it is: the seat counts, and the number itself. */
const LIVE = ['taken', 'waiting', 'page_version'];

const bump = (watch: Watch, row: 'old' | 'new') =>
  `update events set page_version = page_version + 1 where ${watch.events.replaceAll('R.', `${row}.`)}`;

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
async function eventColumns(db: Kysely<any>, sqlite: boolean): Promise<string[]> {
  const rows = sqlite
    ? await sql<{ name: string }>`select name from pragma_table_info('events')`.execute(db)
    : await sql<{ name: string }>`select column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = 'events'`.execute(db);
  return rows.rows.map((r) => r.name).filter((c) => !LIVE.includes(c));
}

// biome-ignore lint/suspicious/noExplicitAny: see eventColumns()
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .alterTable('events')
    .addColumn('page_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const columns = await eventColumns(db, sqlite);
  if (sqlite) {
    const changed = columns.map((c) => `old.${c} is not new.${c}`).join(' or ');
    // Recursive triggers are off in SQLite, and the number is not among the columns watched.
    await sql
      .raw(`create trigger events_page_version after update of ${columns.join(', ')} on events when ${changed}
        begin update events set page_version = page_version + 1 where id = new.id; end`)
      .execute(db);
    for (const watch of WATCHES) {
      await createSqliteTriggers(db, `${watch.table}_event_page`, watch.table, {
        insert: watch.noInsert ? undefined : [bump(watch, 'new')],
        update: [bump(watch, 'old'), bump(watch, 'new')],
        delete: [bump(watch, 'old')],
        updateOf: watch.columns,
      });
    }
    return;
  }
  const changed = columns.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
  await sql
    .raw(`create function events_page_version() returns trigger language plpgsql as $$
      begin new.page_version := old.page_version + 1; return new; end $$`)
    .execute(db);
  // Named columns only: a booking's update (of taken or waiting) does not even call it.
  await createPgTrigger(db, {
    name: 'events_page_version',
    table: 'events',
    before: true,
    events: [`update of ${columns.join(', ')}`],
    when: changed,
    calls: 'events_page_version',
  });
  for (const watch of WATCHES) {
    const name = `${watch.table}_event_page`;
    await sql
      .raw(`create function ${name}() returns trigger language plpgsql as $$
        begin
          if tg_op <> 'INSERT' then ${bump(watch, 'old')}; end if;
          if tg_op <> 'DELETE' then ${bump(watch, 'new')}; end if;
          return null;
        end $$`)
      .execute(db);
    const events = [watch.noInsert ? '' : 'insert', `update${watch.columns ? ` of ${watch.columns.join(', ')}` : ''}`, 'delete'].filter(
      Boolean,
    );
    await createPgTrigger(db, { name, table: watch.table, events, calls: name });
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see eventColumns()
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql.raw('drop trigger if exists events_page_version').execute(db);
    await dropSqliteTriggers(
      db,
      WATCHES.map((watch) => `${watch.table}_event_page`),
    );
  } else {
    const watched = WATCHES.map((watch) => [`${watch.table}_event_page`, watch.table] as const);
    await dropPgTriggers(db, [['events_page_version', 'events'], ...watched], ['events_page_version', ...watched.map(([name]) => name)]);
  }
  await db.schema.alterTable('events').dropColumn('page_version').execute();
}
