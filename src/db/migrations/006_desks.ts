import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { CONTACT, TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';
import { dropTables } from './tables.js';

/**
 * Help desks (sportelli): services, weekly hours, exceptions, operators' shifts, appointments and
 * holds. Capacity lives in `desk_slot_usage`, one row per desk and 5-minute unit of real time:
 * holds and appointments take a unit with one conditional upsert (`used < capacity`), so the
 * database, not the application, decides who gets the last place.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createDeskSetup(db);
  await createDeskBooking(db);
}

/** Desks, their services, weekly hours, exceptions and operators. */
// biome-ignore lint/suspicious/noExplicitAny: see above
async function createDeskSetup(db: Kysely<any>): Promise<void> {
  await createTable(db, 'desks', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'venue_id text not null references venues(id)',
    // A pop-up desk attached to an event (e.g. the SPID desk at each meeting); no foreign key, so
    // the desks do not depend on the events' tables.
    'event_id text',
    'name text not null',
    'description text',
    // 'MM-DD' of the local patron saint's day: closed like a national holiday.
    'patron_day text',
    // At most `person_limit_count` appointments per service and contact within `person_limit_days`.
    'person_limit_count integer',
    'person_limit_days integer',
    'retention_days integer not null default 90',
    'active integer not null default 1',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'desks_organisation', 'desks', ['organisation_id']);
  await createIndex(db, 'desks_venue', 'desks', ['venue_id']);

  await createTable(db, 'desk_services', [
    'desk_id text not null references desks(id) on delete cascade',
    'code text not null',
    'name text not null',
    'duration_minutes integer not null',
    // JSON array of what to bring.
    'bring text not null',
    'position integer not null',
    'constraint desk_services_pk primary key (desk_id, code)',
  ]);
  await createIndex(db, 'desk_services_code', 'desk_services', ['code', 'desk_id']);

  await createTable(db, 'desk_hours', [
    'id text primary key',
    'desk_id text not null references desks(id) on delete cascade',
    'weekday integer not null',
    'start_time text not null',
    'end_time text not null',
    'operators integer not null',
  ]);
  await createIndex(db, 'desk_hours_desk', 'desk_hours', ['desk_id', 'weekday']);

  await createTable(db, 'desk_exceptions', [
    'id text primary key',
    'desk_id text not null references desks(id) on delete cascade',
    // closed | open (extra opening) | blocked
    'kind text not null',
    'from_date text not null',
    'to_date text not null',
    'start_time text',
    'end_time text',
    'operators integer',
    'note text',
    'created_at text not null',
  ]);
  await createIndex(db, 'desk_exceptions_desk', 'desk_exceptions', ['desk_id', 'to_date']);

  await createTable(db, 'desk_operators', [
    'id text primary key',
    'desk_id text not null references desks(id) on delete cascade',
    'name text not null',
    'user_id text references users(id) on delete set null',
    // Weekly shift (weekday) or a one-day shift (on_date) that replaces the operator's weekly one.
    'weekday integer',
    'on_date text',
    'start_time text not null',
    'end_time text not null',
    'absent integer not null default 0',
    'created_at text not null',
  ]);
  await createIndex(db, 'desk_operators_desk', 'desk_operators', ['desk_id']);
}

/** Capacity by 5-minute unit, holds, appointments and the per-person locks. */
// biome-ignore lint/suspicious/noExplicitAny: see above
async function createDeskBooking(db: Kysely<any>): Promise<void> {
  await createTable(
    db,
    'desk_slot_usage',
    [
      'desk_id text not null references desks(id) on delete cascade',
      // UTC instant of a 5-minute unit of time.
      'unit_start text not null',
      'used integer not null',
      // Operators on duty in the unit when it was last taken (for reading; the check uses the schedule).
      'capacity integer not null',
      'constraint desk_slot_usage_pk primary key (desk_id, unit_start)',
      // On SQLite the rows live in the key's own b-tree, so a slot list reads them in one range scan.
    ],
    { withoutRowidOnSqlite: true },
  );

  await createTable(db, 'desk_holds', [
    'id text primary key',
    'desk_id text not null references desks(id) on delete cascade',
    'service_code text not null',
    'start_at text not null',
    'end_at text not null',
    'expires_at text not null',
    'created_at text not null',
  ]);
  await createIndex(db, 'desk_holds_expiry', 'desk_holds', ['desk_id', 'expires_at']);

  await createTable(db, 'desk_appointments', [
    'id text primary key',
    'desk_id text not null references desks(id)',
    'service_code text not null',
    'start_at text not null',
    'end_at text not null',
    // booked | served | no-show | cancelled
    'status text not null',
    ...CONTACT,
    'email_hash text',
    'phone_hash text',
    'manage_token_hash text not null',
    // The hold this appointment was booked from: a form sent twice finds its first appointment.
    'hold_id text unique',
    // online | staff | walk-in
    'source text not null',
    // 1 while the appointment holds its units in desk_slot_usage.
    'holds_capacity integer not null',
    'booked_by text',
    "lang text not null default 'it'",
    ...TIMESTAMPS,
    'served_at text',
    'cancelled_at text',
    'anonymised_at text',
  ]);
  await createIndex(db, 'desk_appointments_day', 'desk_appointments', ['desk_id', 'start_at']);
  await createIndex(db, 'desk_appointments_email', 'desk_appointments', ['desk_id', 'email_hash'], {
    where: [['email_hash', 'is not', null]],
  });
  await createIndex(db, 'desk_appointments_phone', 'desk_appointments', ['desk_id', 'phone_hash'], {
    where: [['phone_hash', 'is not', null]],
  });

  // One row per desk and contact, locked by a booking that checks the per-person limit, so two
  // bookings by the same person are counted one after the other.
  await createTable(db, 'desk_contact_locks', [
    'desk_id text not null references desks(id) on delete cascade',
    'contact_hash text not null',
    'touched_at text not null',
    'constraint desk_contact_locks_pk primary key (desk_id, contact_hash)',
  ]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, [
    'desk_contact_locks',
    'desk_appointments',
    'desk_holds',
    'desk_slot_usage',
    'desk_operators',
    'desk_exceptions',
    'desk_hours',
    'desk_services',
    'desks',
  ]);
}
