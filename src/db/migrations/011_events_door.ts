import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';
import { dropTables } from './tables.js';

/**
 * What happens at the door and after an event: check-ins (per session, booked people and
 * walk-ins), the satisfaction survey, messages to the people of an event, and signed webhooks.
 * Every table carries `organisation_id`, so tenancy is checked the same way as everywhere else.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'event_checkins', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'event_id text not null references events(id) on delete cascade',
    'session_id text not null references event_sessions(id) on delete cascade',
    // Null for a walk-in; a booking is checked in at most once per session (unique index below).
    'registration_id text references registrations(id)',
    'people integer not null',
    // A walk-in's name is optional and personal: erased with the bookings' data.
    'name text',
    'audience text',
    'age_band text',
    'method text not null',
    'checked_in_by text',
    'created_at text not null',
  ]);
  await createIndex(db, 'event_checkins_event', 'event_checkins', ['event_id', 'session_id']);
  await createIndex(db, 'event_checkins_once', 'event_checkins', ['session_id', 'registration_id'], {
    unique: true,
    where: [['registration_id', 'is not', null]],
  });
  await createIndex(db, 'event_checkins_registration', 'event_checkins', ['registration_id']);

  await createTable(db, 'event_surveys', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'event_id text not null references events(id) on delete cascade',
    'registration_id text not null unique references registrations(id)',
    'token_hash text not null',
    'rating integer',
    'comment text',
    'sent_at text',
    'answered_at text',
    'created_at text not null',
  ]);
  await createIndex(db, 'event_surveys_event', 'event_surveys', ['event_id', 'answered_at']);

  await createTable(db, 'event_messages', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'event_id text not null references events(id) on delete cascade',
    // JSON array of the statuses written to: booked, checked-in, no-show, waiting.
    'audience text not null',
    'subject text not null',
    'body text not null',
    'recipients integer not null',
    'created_by text',
    'created_at text not null',
  ]);
  await createIndex(db, 'event_messages_event', 'event_messages', ['event_id', 'created_at']);

  await createTable(db, 'webhook_subscriptions', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'url text not null',
    // JSON array of event types (registration.created, …).
    'events text not null',
    // The signing secret, encrypted with a key derived from DATA_KEY (it must be read to sign).
    'secret text not null',
    'description text',
    'active integer not null default 1',
    'created_by text',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'webhook_subscriptions_organisation', 'webhook_subscriptions', ['organisation_id']);

  await createTable(db, 'webhook_deliveries', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'subscription_id text not null references webhook_subscriptions(id) on delete cascade',
    'event_type text not null',
    'body text not null',
    // pending, delivered, failed (gave up after the last attempt).
    'status text not null',
    'attempts integer not null default 0',
    'response_status integer',
    'last_error text',
    'created_at text not null',
    'last_attempt_at text',
    'delivered_at text',
  ]);
  await createIndex(db, 'webhook_deliveries_subscription', 'webhook_deliveries', ['subscription_id', 'created_at']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['webhook_deliveries', 'webhook_subscriptions', 'event_messages', 'event_surveys', 'event_checkins']);
}
