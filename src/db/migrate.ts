import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { type Db, SCHEMA_CHANGE_LOCK } from './index.js';
import * as m001 from './migrations/001_foundation.js';
import * as m002 from './migrations/002_jobs.js';
import * as m003 from './migrations/003_programmes_events.js';
import * as m006 from './migrations/006_desks.js';
import * as m007 from './migrations/007_guides.js';
import * as m008 from './migrations/008_facilitation.js';
import * as m009 from './migrations/009_skills.js';
import * as m010 from './migrations/010_events_catalogue.js';
import * as m011 from './migrations/011_events_door.js';
import * as m012 from './migrations/012_event_skills_check.js';
import * as m013 from './migrations/013_registrations_manage_index.js';
import * as m014 from './migrations/014_records_fiscal_code_flag.js';
import * as m015 from './migrations/015_national_reporting.js';
import * as m016 from './migrations/016_password_links.js';
import * as m017 from './migrations/017_partnership_consent.js';
import * as m018 from './migrations/018_calendar_sequence.js';
import * as m019 from './migrations/019_oidc_totp.js';
import * as m022 from './migrations/022_oidc_trusted_email.js';
import * as m024 from './migrations/024_appointment_codes.js';
import * as m025 from './migrations/025_phone_callbacks.js';
import * as m026 from './migrations/026_event_visibility.js';
import * as m027 from './migrations/027_booking_questions.js';
import * as m028 from './migrations/028_widget_origins.js';
import * as m029 from './migrations/029_programme_plan.js';
import * as m030 from './migrations/030_job_request_ids.js';
import * as m031 from './migrations/031_guide_search_version.js';
import * as m032 from './migrations/032_volunteers.js';
import * as m033 from './migrations/033_participation.js';
import * as m034 from './migrations/034_participation_surveys.js';
import * as m035 from './migrations/035_participation_meetings.js';
import * as m036 from './migrations/036_connectivity_reports.js';
import * as m037 from './migrations/037_partner_proposals.js';
import * as m038 from './migrations/038_volunteer_training.js';
import * as m039 from './migrations/039_volunteer_sms.js';
import * as m040 from './migrations/040_user_phone.js';
import * as m041 from './migrations/041_volunteer_messages.js';
import * as m042 from './migrations/042_desk_schedule_version.js';
import * as m043 from './migrations/043_catalogue_version.js';
import * as m044 from './migrations/044_event_page_version.js';

/**
 * Migrations are listed here in order rather than read from a folder, so they work the same
 * under tsx, compiled output and tests. A new migration is a new file and one line below.
 */
export const migrations: Record<string, Migration> = {
  '001_foundation': m001,
  '002_jobs': m002,
  '003_programmes_events': m003,
  '006_desks': m006,
  '007_guides': m007,
  '008_facilitation': m008,
  '009_skills': m009,
  '010_events_catalogue': m010,
  '011_events_door': m011,
  '012_event_skills_check': m012,
  '013_registrations_manage_index': m013,
  '014_records_fiscal_code_flag': m014,
  '015_national_reporting': m015,
  '016_password_links': m016,
  '017_partnership_consent': m017,
  '018_calendar_sequence': m018,
  '019_oidc_totp': m019,
  '022_oidc_trusted_email': m022,
  '024_appointment_codes': m024,
  '025_phone_callbacks': m025,
  '026_event_visibility': m026,
  '027_booking_questions': m027,
  '028_widget_origins': m028,
  '029_programme_plan': m029,
  '030_job_request_ids': m030,
  '031_guide_search_version': m031,
  '032_volunteers': m032,
  '037_partner_proposals': m037,
  '038_volunteer_training': m038,
  '039_volunteer_sms': m039,
  '033_participation': m033,
  '034_participation_surveys': m034,
  '035_participation_meetings': m035,
  '036_connectivity_reports': m036,
  '040_user_phone': m040,
  '041_volunteer_messages': m041,
  '042_desk_schedule_version': m042,
  '043_catalogue_version': m043,
  '044_event_page_version': m044,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/**
 * Brings the database up to date. On PostgreSQL one process at a time does so per database (an
 * advisory lock), so several servers starting together migrate one after the other; the catalogue
 * read that finds Kysely's own tables looks at our schema only (pg-introspector.ts).
 */
export async function migrate(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  if (!db.pg) return migrateUnlocked(db);
  const client = await db.pg.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_CHANGE_LOCK]);
    return await migrateUnlocked(db);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [SCHEMA_CHANGE_LOCK]).catch(() => {});
    client.release();
  }
}

/**
 * Whether the database has run exactly the migrations listed, as on every start after an upgrade's
 * first: then nothing is to do, and one read of Kysely's own table says so. The migrator, to find
 * that table, reads the columns of every table first; with anything else recorded (a missing
 * migration, one this version does not know) it is left to decide.
 */
async function upToDate(db: Db): Promise<boolean> {
  const table = db.schema ? sql`${sql.id(db.schema)}.kysely_migration` : sql`kysely_migration`;
  let done: Set<string>;
  try {
    done = new Set((await sql<{ name: string }>`select name from ${table}`.execute(db.k)).rows.map((r) => r.name));
  } catch {
    return false;
  }
  const listed = Object.keys(migrations);
  return done.size === listed.length && listed.every((name) => done.has(name));
}

async function migrateUnlocked(db: Db): Promise<string[]> {
  // Kysely looks for its bookkeeping tables across all schemas unless told which one is ours.
  const migrator = new Migrator({
    db: db.k,
    provider: new StaticProvider(),
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
