import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { createIndex } from './indexes.js';

/**
 * Sign-in with an organisation's identity provider (OpenID Connect) and two-factor authentication
 * (TOTP) for administrators.
 *
 * - `oidc_providers`: at most one provider per organisation; the client secret is kept encrypted
 *   under DATA_KEY, never in clear.
 * - `oidc_invitations`: addresses an admin allowed to get an account, with the role chosen in Ponte,
 *   on their first sign-in through the provider.
 * - `user_totp`: a user's TOTP secret (encrypted), pending until confirmed by a first code; the last
 *   time step used (a code works once) and the count of wrong codes (lockout).
 * - `totp_recovery_codes`: single-use recovery codes, only their hashes.
 * - `login_challenges`: a password accepted, waiting for the second factor: no session exists yet.
 * - `platform_settings`: switches a platform admin sets (e.g. whether admins must use TOTP).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'oidc_providers', [
    'organisation_id text primary key references organisations(id) on delete cascade',
    'label text not null',
    'issuer text not null',
    'client_id text not null',
    'client_secret_enc text not null',
    'enabled integer not null default 1',
    'updated_at text not null',
  ]);

  await createTable(db, 'oidc_invitations', [
    'id text primary key',
    'organisation_id text not null references organisations(id) on delete cascade',
    'email text not null',
    'name text not null',
    'role text not null',
    'invited_by text',
    'created_at text not null',
    'constraint oidc_invitations_org_email unique (organisation_id, email)',
  ]);

  await createTable(db, 'user_totp', [
    'user_id text primary key references users(id) on delete cascade',
    'secret_enc text not null',
    'enabled_at text',
    'last_step integer',
    'failures integer not null default 0',
    'locked_until text',
    'updated_at text not null',
  ]);

  await createTable(db, 'totp_recovery_codes', [
    'id text primary key',
    'user_id text not null references users(id) on delete cascade',
    'code_hash text not null',
    'used_at text',
    'constraint totp_recovery_codes_user_hash unique (user_id, code_hash)',
  ]);

  await createTable(db, 'login_challenges', [
    'id text primary key',
    'user_id text not null references users(id) on delete cascade',
    'purpose text not null',
    'next text',
    'created_at text not null',
    'expires_at text not null',
  ]);
  await createIndex(db, 'login_challenges_user', 'login_challenges', ['user_id']);

  await createTable(db, 'platform_settings', ['name text primary key', 'value text not null', 'updated_at text not null']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['platform_settings', 'login_challenges', 'totp_recovery_codes', 'user_totp', 'oidc_invitations', 'oidc_providers']) {
    await db.schema.dropTable(table).execute();
  }
}
