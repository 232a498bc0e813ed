import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { addColumns, dropColumns } from './columns.js';

/**
 * Accounts that sign in by mobile number: a volunteer who applied with a phone and no e-mail gets
 * an account with that number (E.164) and no address. `users.email` becomes nullable and
 * `users.phone` is added, unique like the address (both dialects let several rows hold null).
 *
 * SQLite cannot drop a NOT NULL constraint in place: the table is rebuilt as its documented
 * procedure says (foreign keys off, a copy under a new name, the old table dropped, the copy
 * renamed, the keys checked), from the table's own definition with the one constraint removed, so
 * the columns later migrations added stay as they are. Migrations run outside a transaction on
 * SQLite (Kysely), which lets the pragma take effect; the rebuild itself is one transaction.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await rebuildUsersWithNullableEmail(db);
  else
    await db.schema
      .alterTable('users')
      .alterColumn('email', (c) => c.dropNotNull())
      .execute();
  await addColumns(db, 'users', [['phone', 'text']]);
  await db.schema.createIndex('users_phone').on('users').column('phone').unique().execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function rebuildUsersWithNullableEmail(db: Kysely<any>): Promise<void> {
  const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'users'`.execute(db);
  const definition = table.rows[0]?.sql;
  const notNull = /\bemail\s+text\s+not\s+null\s+unique\b/i;
  if (!definition || !notNull.test(definition)) throw new Error('040: users.email is not defined as the migration expects');
  const indexes = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'index' and tbl_name = 'users' and sql is not null
  `.execute(db);
  const columns = (await sql<{ name: string }>`select name from pragma_table_info('users')`.execute(db)).rows.map((r) => `"${r.name}"`);
  const created = definition.replace(notNull, 'email text unique').replace(/^create\s+table\s+("?)users\1/i, 'create table users_040');
  await sql.raw('pragma foreign_keys = off').execute(db);
  try {
    await sql.raw('begin').execute(db);
    try {
      await sql.raw(created).execute(db);
      await sql.raw(`insert into users_040 (${columns.join(', ')}) select ${columns.join(', ')} from users`).execute(db);
      await sql.raw('drop table users').execute(db);
      await sql.raw('alter table users_040 rename to users').execute(db);
      for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
      const broken = await sql`select * from pragma_foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error('040: rebuilding users broke foreign keys');
      await sql.raw('commit').execute(db);
    } catch (err) {
      await sql.raw('rollback').execute(db);
      throw err;
    }
  } finally {
    await sql.raw('pragma foreign_keys = on').execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_phone').execute();
  await dropColumns(db, 'users', ['phone']);
}
