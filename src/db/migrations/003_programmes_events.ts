import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('programmes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('funding', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('national_reporting', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retention_days', 'integer', (c) => c.notNull().defaultTo(90))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('programmes_organisation').on('programmes').column('organisation_id').execute();

  await db.schema
    .createTable('programme_partners')
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('programme_partners_pk', ['programme_id', 'organisation_id'])
    .execute();

  await db.schema
    .createTable('programme_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .execute();
  await db.schema.createIndex('programme_targets_programme').on('programme_targets').column('programme_id').execute();

  await db.schema
    .createTable('event_series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('programme_id', 'text', (c) => c.references('programmes.id'))
    .addColumn('series_id', 'text', (c) => c.references('event_series.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('venue_id', 'text', (c) => c.references('venues.id'))
    .addColumn('online_url', 'text')
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('municipalities.code'))
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('waiting', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_seats_per_booking', 'integer', (c) => c.notNull().defaultTo(4))
    .addColumn('booking_required', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('booking_opens_at', 'text')
    .addColumn('booking_closes_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancel_reason', 'text')
    .addColumn('accessibility', 'text')
    .addColumn('waitlist_mode', 'text', (c) => c.notNull().defaultTo('auto'))
    .addColumn('offer_hours', 'integer', (c) => c.notNull().defaultTo(24))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_catalogue').on('events').columns(['status', 'starts_at']).execute();
  await db.schema.createIndex('events_municipality').on('events').columns(['municipality_code', 'starts_at']).execute();
  await db.schema.createIndex('events_organisation').on('events').columns(['organisation_id', 'starts_at']).execute();
  await db.schema.createIndex('events_programme').on('events').column('programme_id').execute();
  await db.schema.createIndex('events_series').on('events').column('series_id').execute();

  await db.schema
    .createTable('event_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_sessions_event').on('event_sessions').columns(['event_id', 'position']).execute();

  for (const [table, column] of [
    ['event_audiences', 'audience'],
    ['event_topics', 'topic'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
      .addColumn(column, 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['event_id', column])
      .execute();
    await db.schema.createIndex(`${table}_${column}`).on(table).columns([column, 'event_id']).execute();
  }

  await db.schema
    .createTable('event_partners')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('event_partners_pk', ['event_id', 'organisation_id'])
    .execute();

  await db.schema
    .createTable('registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('contact_hash', 'text')
    .addColumn('audience', 'text')
    .addColumn('age_band', 'text')
    .addColumn('manage_token_hash', 'text', (c) => c.notNull())
    .addColumn('ticket_code', 'text', (c) => c.notNull().unique())
    .addColumn('offer_expires_at', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('booked_by', 'text')
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('it'))
    .addColumn('privacy_accepted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('anonymised_at', 'text')
    .execute();
  await db.schema.createIndex('registrations_event_status').on('registrations').columns(['event_id', 'status', 'id']).execute();
  await db.schema.createIndex('registrations_manage').on('registrations').column('manage_token_hash').execute();
  // One live booking per person and event: the same person booking twice gets their existing one.
  await db.schema
    .createIndex('registrations_one_per_person')
    .on('registrations')
    .columns(['event_id', 'contact_hash'])
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
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
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
