import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';
import { createPairTable, dropTables } from './tables.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'municipalities', [
    'code text primary key',
    'name text not null',
    'search_name text not null',
    'province text not null',
    'province_code text not null',
    'region text not null',
    'cadastral_code text not null',
    'active integer not null default 1',
    'replaced_by text',
    'updated_at text not null',
  ]);
  await createIndex(db, 'municipalities_search', 'municipalities', ['search_name']);
  await createIndex(db, 'municipalities_cadastral', 'municipalities', ['cadastral_code']);

  await createTable(db, 'organisations', [
    'id text primary key',
    'name text not null',
    'type text not null',
    'municipality_code text not null references municipalities(code)',
    'description text',
    'website text',
    'email text',
    ...TIMESTAMPS,
  ]);

  await createPairTable(
    db,
    'organisation_municipalities',
    ['organisation_id', 'organisations(id)'],
    'municipality_code text not null references municipalities(code)',
  );

  await createTable(db, 'venues', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'name text not null',
    'address text not null',
    'municipality_code text not null references municipalities(code)',
    'latitude double precision',
    'longitude double precision',
    'capacity integer',
    'step_free integer not null default 0',
    'accessibility text',
    'opening_notes text',
    'national_id text',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'venues_organisation', 'venues', ['organisation_id']);
  await createIndex(db, 'venues_municipality', 'venues', ['municipality_code']);

  await createTable(db, 'agreements', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'title text not null',
    'start_date text not null',
    'end_date text',
    'commitments text',
    'document_url text',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'agreements_organisation', 'agreements', ['organisation_id']);

  await createPairTable(
    db,
    'agreement_partners',
    ['agreement_id', 'agreements(id)'],
    'organisation_id text not null references organisations(id)',
  );

  await createTable(db, 'users', [
    'id text primary key',
    'email text not null unique',
    'name text not null',
    'password_hash text not null',
    'national_id text',
    'active integer not null default 1',
    'created_at text not null',
    'password_changed_at text not null',
  ]);

  await createTable(db, 'memberships', [
    'id text primary key',
    'user_id text not null references users(id) on delete cascade',
    'organisation_id text references organisations(id)',
    'role text not null',
    'created_at text not null',
  ]);
  await createIndex(db, 'memberships_user', 'memberships', ['user_id']);
  await createIndex(db, 'memberships_organisation', 'memberships', ['organisation_id']);

  await createTable(db, 'sessions', [
    'id text primary key',
    'user_id text not null references users(id) on delete cascade',
    'created_at text not null',
    'expires_at text not null',
    'last_seen_at text not null',
  ]);
  await createIndex(db, 'sessions_user', 'sessions', ['user_id']);

  await createTable(db, 'api_tokens', [
    'id text primary key',
    'user_id text not null references users(id) on delete cascade',
    'token_hash text not null unique',
    'name text not null',
    'created_at text not null',
    'last_used_at text',
  ]);

  await createTable(db, 'login_throttle', [
    'email text primary key',
    'failures integer not null',
    'locked_until text',
    'updated_at text not null',
  ]);

  await createTable(db, 'audit_log', [
    'id text primary key',
    'at text not null',
    'user_id text',
    'organisation_id text',
    'action text not null',
    'entity text not null',
    'entity_id text',
    'details text',
  ]);
  await createIndex(db, 'audit_organisation_at', 'audit_log', ['organisation_id', 'at']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, [
    'audit_log',
    'login_throttle',
    'api_tokens',
    'sessions',
    'memberships',
    'users',
    'agreement_partners',
    'agreements',
    'venues',
    'organisation_municipalities',
    'organisations',
    'municipalities',
  ]);
}
