import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Help desks (sportelli): services, weekly hours, exceptions, operators' shifts, appointments and
 * holds. Capacity lives in `desk_slot_usage`, one row per desk and 5-minute unit of real time:
 * holds and appointments take a unit with one conditional upsert (`used < capacity`), so the
 * database, not the application, decides who gets the last place.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('desks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
    // A pop-up desk attached to an event (e.g. the SPID desk at each meeting); no foreign key, so
    // the desks do not depend on the events' tables.
    .addColumn('event_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    // 'MM-DD' of the local patron saint's day: closed like a national holiday.
    .addColumn('patron_day', 'text')
    // At most `person_limit_count` appointments per service and contact within `person_limit_days`.
    .addColumn('person_limit_count', 'integer')
    .addColumn('person_limit_days', 'integer')
    .addColumn('retention_days', 'integer', (c) => c.notNull().defaultTo(90))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('desks_organisation').on('desks').column('organisation_id').execute();
  await db.schema.createIndex('desks_venue').on('desks').column('venue_id').execute();

  await db.schema
    .createTable('desk_services')
    .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    // JSON array of what to bring.
    .addColumn('bring', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('desk_services_pk', ['desk_id', 'code'])
    .execute();
  await db.schema.createIndex('desk_services_code').on('desk_services').columns(['code', 'desk_id']).execute();

  await db.schema
    .createTable('desk_hours')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('operators', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('desk_hours_desk').on('desk_hours').columns(['desk_id', 'weekday']).execute();

  await db.schema
    .createTable('desk_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
    // closed | open (extra opening) | blocked
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text')
    .addColumn('end_time', 'text')
    .addColumn('operators', 'integer')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('desk_exceptions_desk').on('desk_exceptions').columns(['desk_id', 'to_date']).execute();

  await db.schema
    .createTable('desk_operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    // Weekly shift (weekday) or a one-day shift (on_date) that replaces the operator's weekly one.
    .addColumn('weekday', 'integer')
    .addColumn('on_date', 'text')
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('absent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('desk_operators_desk').on('desk_operators').column('desk_id').execute();

  await db.schema
    .createTable('desk_slot_usage')
    .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
    // UTC instant of a 5-minute unit of time.
    .addColumn('unit_start', 'text', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    // Operators on duty in the unit when it was last taken (for reading; the check uses the schedule).
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('desk_slot_usage_pk', ['desk_id', 'unit_start'])
    // On SQLite the rows live in the key's own b-tree, so a slot list reads them in one range scan.
    .$call((t) => (sqlite ? t.modifyEnd(sql`without rowid`) : t))
    .execute();

  await db.schema
    .createTable('desk_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
    .addColumn('service_code', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('desk_holds_expiry').on('desk_holds').columns(['desk_id', 'expires_at']).execute();

  await db.schema
    .createTable('desk_appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id'))
    .addColumn('service_code', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    // booked | served | no-show | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('email_hash', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('manage_token_hash', 'text', (c) => c.notNull())
    // The hold this appointment was booked from: a form sent twice finds its first appointment.
    .addColumn('hold_id', 'text', (c) => c.unique())
    // online | staff | walk-in
    .addColumn('source', 'text', (c) => c.notNull())
    // 1 while the appointment holds its units in desk_slot_usage.
    .addColumn('holds_capacity', 'integer', (c) => c.notNull())
    .addColumn('booked_by', 'text')
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('it'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('served_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('anonymised_at', 'text')
    .execute();
  await db.schema.createIndex('desk_appointments_day').on('desk_appointments').columns(['desk_id', 'start_at']).execute();
  await db.schema
    .createIndex('desk_appointments_email')
    .on('desk_appointments')
    .columns(['desk_id', 'email_hash'])
    .where(sql.ref('email_hash'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('desk_appointments_phone')
    .on('desk_appointments')
    .columns(['desk_id', 'phone_hash'])
    .where(sql.ref('phone_hash'), 'is not', null)
    .execute();

  // One row per desk and contact, locked by a booking that checks the per-person limit, so two
  // bookings by the same person are counted one after the other.
  await db.schema
    .createTable('desk_contact_locks')
    .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
    .addColumn('contact_hash', 'text', (c) => c.notNull())
    .addColumn('touched_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('desk_contact_locks_pk', ['desk_id', 'contact_hash'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'desk_contact_locks',
    'desk_appointments',
    'desk_holds',
    'desk_slot_usage',
    'desk_operators',
    'desk_exceptions',
    'desk_hours',
    'desk_services',
    'desks',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
