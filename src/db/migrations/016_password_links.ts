import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { createIndex } from './indexes.js';

/**
 * Single-use links that let a person set their password: "Password dimenticata?" (valid 30
 * minutes) and the invitation or reset an administrator sends instead of handing out a password.
 * Only a hash of the link's secret is kept, so the table cannot be replayed as links.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'password_links', [
    'id text primary key',
    'user_id text not null references users(id) on delete cascade',
    // 'reset' (asked for from the sign-in page, or by an administrator) or 'invite' (a new account).
    'purpose text not null',
    'token_hash text not null unique',
    'lang text not null',
    'created_at text not null',
    'expires_at text not null',
    'used_at text',
    // Who sent it: null when the person asked for it themselves.
    'created_by text references users(id) on delete set null',
  ]);
  // Counting a person's recent requests (the per-address limit) and closing their open links.
  await createIndex(db, 'password_links_user', 'password_links', ['user_id', 'created_at']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_links').execute();
}
