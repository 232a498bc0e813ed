// biome-ignore-all lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
import type { Kysely } from 'kysely';

/*
 * The column definitions many tables share, written once for createTable (src/db/ddl.ts), and the
 * columns later migrations add to tables that exist. Not a migration: the migrations use it. Frozen
 * like them: change it only in ways that leave every existing table as it was.
 */

/** When a row was made and last changed (ISO-8601 UTC text). */
export const TIMESTAMPS = ['created_at text not null', 'updated_at text not null'];

/** How a person who is not an account can be reached: every part optional, erased with their data. */
export const CONTACT = ['name text', 'email text', 'phone text'];

/** A column added to a table that exists: its type, and its default when it is `not null default …`. */
export type AddedColumn = [name: string, type: 'text' | 'integer', notNullDefault?: string | number];

/**
 * Adds columns to a table, one `alter table … add column` each, in order, through the calls the
 * migrations made one by one. A flag is `['name', 'integer', 0]`: booleans are 0/1 integers.
 */
export async function addColumns(db: Kysely<any>, table: string, columns: AddedColumn[]): Promise<void> {
  for (const [name, type, fallback] of columns) {
    const alter = db.schema.alterTable(table);
    await (fallback === undefined
      ? alter.addColumn(name, type)
      : alter.addColumn(name, type, (c) => c.notNull().defaultTo(fallback))
    ).execute();
  }
}

/** Drops columns of a table, one `alter table … drop column` each, in order (the downs of addColumns). */
export async function dropColumns(db: Kysely<any>, table: string, names: string[]): Promise<void> {
  for (const name of names) await db.schema.alterTable(table).dropColumn(name).execute();
}
