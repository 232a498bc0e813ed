import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Facilitation records (one act of help to one citizen), the citizens they count (by keyed hash;
 * the codice fiscale only encrypted), and the roll-ups the dashboards read: counts per programme,
 * month, dimension and value, kept in the same transaction as every record write, so a dashboard
 * over a million records reads a few thousand rows.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  // On SQLite the roll-ups are stored in key order (WITHOUT ROWID): a dashboard reads a range of them.
  const clustered = db.getExecutor().adapter instanceof SqliteAdapter ? sql`without rowid` : sql``;
  await db.schema
    .createTable('facilitation_settings')
    .addColumn('programme_id', 'text', (c) => c.primaryKey().references('programmes.id').onDelete('cascade'))
    // Days a facilitator may correct their own records; null: the configured default.
    .addColumn('edit_window_days', 'integer')
    .addColumn('admits_minors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('facilitation_citizens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    // HMAC of the codice fiscale (or of another identifier the facilitator chose), never the value.
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // AES-256-GCM ciphertext of the codice fiscale, naming its key.
    .addColumn('cf_enc', 'text')
    .addColumn('gender', 'text')
    .addColumn('education', 'text')
    .addColumn('employment', 'text')
    .addColumn('citizenship', 'text')
    .addColumn('province', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('facilitation_citizens_key', ['organisation_id', 'key_hash'])
    .modifyEnd(clustered)
    .execute();

  await db.schema
    .createTable('facilitation_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('facilitator_id', 'text', (c) => c.notNull().references('users.id'))
    // Records created together (a group session) share it.
    .addColumn('service_group_id', 'text')
    .addColumn('service_date', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    // Codes joined with ':' as in the national bulk upload.
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('competences', 'text', (c) => c.notNull())
    .addColumn('areas', 'text', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('citizen_id', 'text', (c) => c.references('facilitation_citizens.id'))
    .addColumn('gender', 'text')
    .addColumn('age_band', 'text')
    .addColumn('education', 'text')
    .addColumn('employment', 'text')
    .addColumn('citizenship', 'text')
    .addColumn('province', 'text')
    .addColumn('consent_channel', 'text')
    .addColumn('consent_date', 'text')
    .addColumn('first_time', 'text')
    .addColumn('previous_kinds', 'text')
    .addColumn('survey_status', 'text', (c) => c.notNull().defaultTo('not_sent'))
    .addColumn('survey_token_hash', 'text')
    .addColumn('survey_sent_at', 'text')
    .addColumn('survey_answered_at', 'text')
    .addColumn('es1', 'text')
    .addColumn('es2', 'text')
    .addColumn('es3', 'text')
    .addColumn('es4', 'text')
    .addColumn('es5', 'text')
    .addColumn('es6', 'integer')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('facilitation_records_programme_date')
    .on('facilitation_records')
    .columns(['programme_id', 'service_date', 'id'])
    .execute();
  await db.schema
    .createIndex('facilitation_records_facilitator')
    .on('facilitation_records')
    .columns(['facilitator_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('facilitation_records_organisation')
    .on('facilitation_records')
    .columns(['organisation_id', 'service_date'])
    .execute();
  await db.schema
    .createIndex('facilitation_records_citizen')
    .on('facilitation_records')
    .columns(['citizen_id', 'programme_id', 'service_date', 'id'])
    .execute();
  await db.schema.createIndex('facilitation_records_date').on('facilitation_records').columns(['service_date', 'id']).execute();
  // Exports read a programme's records in id order (the order they were written), filtering the period in the index.
  await db.schema
    .createIndex('facilitation_records_programme_id')
    .on('facilitation_records')
    .columns(['programme_id', 'id', 'service_date'])
    .execute();
  await db.schema.createIndex('facilitation_records_group').on('facilitation_records').column('service_group_id').execute();

  // The first service of each citizen in each programme: unique citizens are these rows.
  await db.schema
    .createTable('facilitation_citizen_programmes')
    .addColumn('programme_id', 'text', (c) => c.notNull())
    .addColumn('citizen_id', 'text', (c) => c.notNull())
    .addColumn('first_record_id', 'text', (c) => c.notNull())
    .addColumn('first_date', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('facilitation_citizen_programmes_pk', ['programme_id', 'citizen_id'])
    .execute();
  await db.schema
    .createIndex('facilitation_citizen_programmes_first')
    .on('facilitation_citizen_programmes')
    .column('first_record_id')
    .execute();

  // Per programme, month, dimension and value: services, minutes, new unique citizens, satisfaction.
  await db.schema
    .createTable('facilitation_rollup')
    .addColumn('programme_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('services', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('citizens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating_sum', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('facilitation_rollup_pk', ['programme_id', 'month', 'dim', 'value'])
    .modifyEnd(clustered)
    .execute();
  // Totals per month ("all") without reading every dimension's rows.
  await db.schema
    .createIndex('facilitation_rollup_all')
    .on('facilitation_rollup')
    .columns(['programme_id', 'dim', 'month', 'services', 'minutes', 'citizens', 'rating_sum', 'rating_count'])
    .execute();

  // The same per venue, for the dashboard filtered by municipality or venue.
  await db.schema
    .createTable('facilitation_rollup_venue')
    .addColumn('programme_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('venue_id', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('services', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('citizens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating_sum', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('facilitation_rollup_venue_pk', ['programme_id', 'month', 'venue_id', 'municipality_code', 'dim', 'value'])
    .modifyEnd(clustered)
    .execute();
  // Totals per venue and month ("all"), covering: the breakdowns by venue and comune read only these.
  await db.schema
    .createIndex('facilitation_rollup_venue_all')
    .on('facilitation_rollup_venue')
    .columns([
      'programme_id',
      'dim',
      'month',
      'venue_id',
      'municipality_code',
      'services',
      'minutes',
      'citizens',
      'rating_sum',
      'rating_count',
    ])
    .execute();
  await db.schema
    .createIndex('facilitation_rollup_venue_municipality')
    .on('facilitation_rollup_venue')
    .columns(['programme_id', 'municipality_code', 'month'])
    .execute();
  await db.schema
    .createIndex('facilitation_rollup_venue_venue')
    .on('facilitation_rollup_venue')
    .columns(['programme_id', 'venue_id', 'month'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'facilitation_rollup_venue',
    'facilitation_rollup',
    'facilitation_citizen_programmes',
    'facilitation_records',
    'facilitation_citizens',
    'facilitation_settings',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
