import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { CONTACT, TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';
import { createPairTable, dropTables } from './tables.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'programmes', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'name text not null',
    'description text',
    'funding text',
    'start_date text not null',
    'end_date text not null',
    'national_reporting integer not null default 0',
    'retention_days integer not null default 90',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'programmes_organisation', 'programmes', ['organisation_id']);

  await createPairTable(
    db,
    'programme_partners',
    ['programme_id', 'programmes(id)'],
    'organisation_id text not null references organisations(id)',
  );

  await createTable(db, 'programme_targets', [
    'id text primary key',
    'programme_id text not null references programmes(id) on delete cascade',
    'metric text not null',
    'value integer not null',
    'deadline text not null',
    'label text',
  ]);
  await createIndex(db, 'programme_targets_programme', 'programme_targets', ['programme_id']);

  await createTable(db, 'event_series', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'title text not null',
    'rule text not null',
    'created_at text not null',
  ]);

  await createTable(db, 'events', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'programme_id text references programmes(id)',
    'series_id text references event_series(id)',
    'title text not null',
    'description text',
    'type text not null',
    'format text not null',
    'venue_id text references venues(id)',
    'online_url text',
    'municipality_code text not null references municipalities(code)',
    'capacity integer not null',
    'taken integer not null default 0',
    'waiting integer not null default 0',
    'max_seats_per_booking integer not null default 4',
    'booking_required integer not null default 1',
    'booking_opens_at text',
    'booking_closes_at text',
    'status text not null',
    'cancel_reason text',
    'accessibility text',
    "waitlist_mode text not null default 'auto'",
    'offer_hours integer not null default 24',
    'starts_at text not null',
    'ends_at text not null',
    'search_text text not null',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'events_catalogue', 'events', ['status', 'starts_at']);
  await createIndex(db, 'events_municipality', 'events', ['municipality_code', 'starts_at']);
  await createIndex(db, 'events_organisation', 'events', ['organisation_id', 'starts_at']);
  await createIndex(db, 'events_programme', 'events', ['programme_id']);
  await createIndex(db, 'events_series', 'events', ['series_id']);

  await createTable(db, 'event_sessions', [
    'id text primary key',
    'event_id text not null references events(id) on delete cascade',
    'position integer not null',
    'starts_at text not null',
    'ends_at text not null',
  ]);
  await createIndex(db, 'event_sessions_event', 'event_sessions', ['event_id', 'position']);

  for (const [table, column] of [
    ['event_audiences', 'audience'],
    ['event_topics', 'topic'],
  ] as const) {
    await createPairTable(db, table, ['event_id', 'events(id)'], `${column} text not null`);
    await createIndex(db, `${table}_${column}`, table, [column, 'event_id']);
  }

  await createPairTable(db, 'event_partners', ['event_id', 'events(id)'], 'organisation_id text not null references organisations(id)');

  await createTable(db, 'registrations', [
    'id text primary key',
    'event_id text not null references events(id)',
    'status text not null',
    'seats integer not null',
    ...CONTACT,
    'contact_hash text',
    'audience text',
    'age_band text',
    'manage_token_hash text not null',
    'ticket_code text not null unique',
    'offer_expires_at text',
    'source text not null',
    'booked_by text',
    "lang text not null default 'it'",
    'privacy_accepted_at text',
    ...TIMESTAMPS,
    'cancelled_at text',
    'anonymised_at text',
  ]);
  await createIndex(db, 'registrations_event_status', 'registrations', ['event_id', 'status', 'id']);
  await createIndex(db, 'registrations_manage', 'registrations', ['manage_token_hash']);
  // One live booking per person and event: the same person booking twice gets their existing one.
  await createIndex(db, 'registrations_one_per_person', 'registrations', ['event_id', 'contact_hash'], {
    unique: true,
    where: [['status', '<>', 'cancelled']],
  });
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, [
    'registrations',
    'event_partners',
    'event_topics',
    'event_audiences',
    'event_sessions',
    'events',
    'event_series',
    'programme_targets',
    'programme_partners',
    'programmes',
  ]);
}
