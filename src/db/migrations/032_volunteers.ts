import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { CONTACT, TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';
import { dropTables } from './tables.js';

/**
 * Volunteers (issue 18): public applications, the volunteers staff approved (each linked to an
 * account of the accounts module, by id only), the shifts staff publish and the volunteers' sign-ups.
 * A shift names a programme, desk or event by id only: those are other modules' rows.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'volunteer_applications', [
    'id text primary key',
    'organisation_id text not null references organisations(id) on delete cascade',
    'status text not null',
    ...CONTACT,
    'municipality_code text not null',
    'age_band text not null',
    'guardian_name text',
    'guardian_consent_at text',
    'school text',
    'skills text not null',
    'languages text',
    'availability text not null',
    'code_of_conduct_at text not null',
    'lang text not null',
    'decision_message text',
    'decided_at text',
    'decided_by text',
    'user_id text',
    'created_at text not null',
  ]);
  await createIndex(db, 'volunteer_applications_org', 'volunteer_applications', ['organisation_id', 'status', 'created_at']);
  await createTable(db, 'volunteers', [
    'id text primary key',
    'organisation_id text not null references organisations(id) on delete cascade',
    'user_id text not null',
    'application_id text references volunteer_applications(id) on delete set null',
    'municipality_code text not null',
    'skills text not null',
    'active integer not null default 1',
    'created_at text not null',
  ]);
  await createIndex(db, 'volunteers_user', 'volunteers', ['user_id', 'organisation_id'], { unique: true });
  await createTable(db, 'shifts', [
    'id text primary key',
    'organisation_id text not null references organisations(id) on delete cascade',
    'programme_id text',
    'desk_id text',
    'event_id text',
    'title text not null',
    'municipality_code text',
    'starts_at text not null',
    'ends_at text not null',
    'needed integer not null',
    'skills text not null',
    'published integer not null default 0',
    'withdraw_hours integer not null default 24',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'shifts_org_start', 'shifts', ['organisation_id', 'starts_at']);
  await createTable(db, 'shift_signups', [
    'id text primary key',
    'shift_id text not null references shifts(id) on delete cascade',
    'volunteer_id text not null references volunteers(id) on delete cascade',
    'attended integer',
    'created_at text not null',
  ]);
  await createIndex(db, 'shift_signups_once', 'shift_signups', ['shift_id', 'volunteer_id'], { unique: true });
  await createIndex(db, 'shift_signups_volunteer', 'shift_signups', ['volunteer_id']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['shift_signups', 'shifts', 'volunteers', 'volunteer_applications']);
}
