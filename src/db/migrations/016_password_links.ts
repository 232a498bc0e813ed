import type { Kysely } from 'kysely';

/**
 * Single-use links that let a person set their password: "Password dimenticata?" (valid 30
 * minutes) and the invitation or reset an administrator sends instead of handing out a password.
 * Only a hash of the link's secret is kept, so the table cannot be replayed as links.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('password_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 'reset' (asked for from the sign-in page, or by an administrator) or 'invite' (a new account).
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    // Who sent it: null when the person asked for it themselves.
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  // Counting a person's recent requests (the per-address limit) and closing their open links.
  await db.schema.createIndex('password_links_user').on('password_links').columns(['user_id', 'created_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_links').execute();
}
