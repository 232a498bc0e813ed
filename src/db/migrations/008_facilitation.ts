import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';
import { dropTables } from './tables.js';

/**
 * Facilitation records (one act of help to one citizen), the citizens they count (by keyed hash;
 * the codice fiscale only encrypted), and the roll-ups the dashboards read: counts per programme,
 * month, dimension and value, kept in the same transaction as every record write, so a dashboard
 * over a million records reads a few thousand rows.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createRecords(db);
  await createRollups(db);
}

/** Settings, citizens (identity encrypted, matched by keyed hash) and the records of services. */
// biome-ignore lint/suspicious/noExplicitAny: see above
async function createRecords(db: Kysely<any>): Promise<void> {
  await createTable(db, 'facilitation_settings', [
    'programme_id text primary key references programmes(id) on delete cascade',
    // Days a facilitator may correct their own records; null: the configured default.
    'edit_window_days integer',
    'admits_minors integer not null default 0',
    'updated_at text not null',
  ]);

  await createTable(
    db,
    'facilitation_citizens',
    [
      'id text primary key',
      'organisation_id text not null references organisations(id)',
      // HMAC of the codice fiscale (or of another identifier the facilitator chose), never the value.
      'key_hash text not null',
      'key_id text not null',
      'kind text not null',
      // AES-256-GCM ciphertext of the codice fiscale, naming its key.
      'cf_enc text',
      'gender text',
      'education text',
      'employment text',
      'citizenship text',
      'province text',
      ...TIMESTAMPS,
      'constraint facilitation_citizens_key unique (organisation_id, key_hash)',
    ],
    { withoutRowidOnSqlite: true },
  );

  await createTable(db, 'facilitation_records', [
    'id text primary key',
    'programme_id text not null references programmes(id)',
    'organisation_id text not null references organisations(id)',
    'venue_id text not null references venues(id)',
    'municipality_code text not null',
    'facilitator_id text not null references users(id)',
    // Records created together (a group session) share it.
    'service_group_id text',
    'service_date text not null',
    'duration_minutes integer not null',
    // Codes joined with ':' as in the national bulk upload.
    'kinds text not null',
    'competences text not null',
    'areas text not null',
    'services text not null',
    'details text',
    'citizen_id text references facilitation_citizens(id)',
    'gender text',
    'age_band text',
    'education text',
    'employment text',
    'citizenship text',
    'province text',
    'consent_channel text',
    'consent_date text',
    'first_time text',
    'previous_kinds text',
    "survey_status text not null default 'not_sent'",
    'survey_token_hash text',
    'survey_sent_at text',
    'survey_answered_at text',
    'es1 text',
    'es2 text',
    'es3 text',
    'es4 text',
    'es5 text',
    'es6 integer',
    'source text not null',
    'created_by text',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'facilitation_records_programme_date', 'facilitation_records', ['programme_id', 'service_date', 'id']);
  await createIndex(db, 'facilitation_records_facilitator', 'facilitation_records', ['facilitator_id', 'created_at']);
  await createIndex(db, 'facilitation_records_organisation', 'facilitation_records', ['organisation_id', 'service_date']);
  await createIndex(db, 'facilitation_records_citizen', 'facilitation_records', ['citizen_id', 'programme_id', 'service_date', 'id']);
  await createIndex(db, 'facilitation_records_date', 'facilitation_records', ['service_date', 'id']);
  // Exports read a programme's records in id order (the order they were written), filtering the period in the index.
  await createIndex(db, 'facilitation_records_programme_id', 'facilitation_records', ['programme_id', 'id', 'service_date']);
  await createIndex(db, 'facilitation_records_group', 'facilitation_records', ['service_group_id']);
}

/** What a roll-up row counts: services, minutes, new unique citizens, and the sum and number of ratings. */
const MEASURES = ['services', 'minutes', 'citizens', 'rating_sum', 'rating_count'];
const MEASURE_COLUMNS = MEASURES.map((measure) => `${measure} integer not null default 0`);

/** Unique citizens per programme and the monthly roll-ups the dashboards read. */
// biome-ignore lint/suspicious/noExplicitAny: see above
async function createRollups(db: Kysely<any>): Promise<void> {
  // The first service of each citizen in each programme: unique citizens are these rows.
  await createTable(db, 'facilitation_citizen_programmes', [
    'programme_id text not null',
    'citizen_id text not null',
    'first_record_id text not null',
    'first_date text not null',
    'constraint facilitation_citizen_programmes_pk primary key (programme_id, citizen_id)',
  ]);
  await createIndex(db, 'facilitation_citizen_programmes_first', 'facilitation_citizen_programmes', ['first_record_id']);

  // Per programme, month, dimension and value: services, minutes, new unique citizens, satisfaction.
  await createTable(
    db,
    'facilitation_rollup',
    [
      'programme_id text not null',
      'month text not null',
      'dim text not null',
      'value text not null',
      ...MEASURE_COLUMNS,
      'constraint facilitation_rollup_pk primary key (programme_id, month, dim, value)',
    ],
    { withoutRowidOnSqlite: true },
  );
  // Totals per month ("all") without reading every dimension's rows.
  await createIndex(db, 'facilitation_rollup_all', 'facilitation_rollup', ['programme_id', 'dim', 'month', ...MEASURES]);

  // The same per venue, for the dashboard filtered by municipality or venue.
  await createTable(
    db,
    'facilitation_rollup_venue',
    [
      'programme_id text not null',
      'month text not null',
      'venue_id text not null',
      'municipality_code text not null',
      'dim text not null',
      'value text not null',
      ...MEASURE_COLUMNS,
      'constraint facilitation_rollup_venue_pk primary key (programme_id, month, venue_id, municipality_code, dim, value)',
    ],
    { withoutRowidOnSqlite: true },
  );
  // Totals per venue and month ("all"), covering: the breakdowns by venue and comune read only these.
  await createIndex(db, 'facilitation_rollup_venue_all', 'facilitation_rollup_venue', [
    'programme_id',
    'dim',
    'month',
    'venue_id',
    'municipality_code',
    ...MEASURES,
  ]);
  await createIndex(db, 'facilitation_rollup_venue_municipality', 'facilitation_rollup_venue', [
    'programme_id',
    'municipality_code',
    'month',
  ]);
  await createIndex(db, 'facilitation_rollup_venue_venue', 'facilitation_rollup_venue', ['programme_id', 'venue_id', 'month']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, [
    'facilitation_rollup_venue',
    'facilitation_rollup',
    'facilitation_citizen_programmes',
    'facilitation_records',
    'facilitation_citizens',
    'facilitation_settings',
  ]);
}
