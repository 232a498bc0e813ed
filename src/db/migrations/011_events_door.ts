import { type Kysely, sql } from 'kysely';

/**
 * What happens at the door and after an event: check-ins (per session, booked people and
 * walk-ins), the satisfaction survey, messages to the people of an event, and signed webhooks.
 * Every table carries `organisation_id`, so tenancy is checked the same way as everywhere else.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('event_sessions.id').onDelete('cascade'))
    // Null for a walk-in; a booking is checked in at most once per session (unique index below).
    .addColumn('registration_id', 'text', (c) => c.references('registrations.id'))
    .addColumn('people', 'integer', (c) => c.notNull())
    // A walk-in's name is optional and personal: erased with the bookings' data.
    .addColumn('name', 'text')
    .addColumn('audience', 'text')
    .addColumn('age_band', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('checked_in_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_checkins_event').on('event_checkins').columns(['event_id', 'session_id']).execute();
  await db.schema
    .createIndex('event_checkins_once')
    .on('event_checkins')
    .columns(['session_id', 'registration_id'])
    .unique()
    .where(sql.ref('registration_id'), 'is not', null)
    .execute();
  await db.schema.createIndex('event_checkins_registration').on('event_checkins').column('registration_id').execute();

  await db.schema
    .createTable('event_surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('registration_id', 'text', (c) => c.notNull().unique().references('registrations.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer')
    .addColumn('comment', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_surveys_event').on('event_surveys').columns(['event_id', 'answered_at']).execute();

  await db.schema
    .createTable('event_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    // JSON array of the statuses written to: booked, checked-in, no-show, waiting.
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_messages_event').on('event_messages').columns(['event_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    // JSON array of event types (registration.created, …).
    .addColumn('events', 'text', (c) => c.notNull())
    // The signing secret, encrypted with a key derived from DATA_KEY (it must be read to sign).
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_subscriptions_organisation').on('webhook_subscriptions').column('organisation_id').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('webhook_subscriptions.id').onDelete('cascade'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // pending, delivered, failed (gave up after the last attempt).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text')
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_subscription')
    .on('webhook_deliveries')
    .columns(['subscription_id', 'created_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['webhook_deliveries', 'webhook_subscriptions', 'event_messages', 'event_surveys', 'event_checkins']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
