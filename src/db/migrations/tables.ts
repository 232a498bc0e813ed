// biome-ignore-all lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';

/*
 * The shapes of table several migrations make alike, and the dropping of tables their downs do.
 * Not a migration: the migrations use it. Frozen like them: change it only in ways that leave every
 * existing table as it was.
 */

/**
 * A table of pairs: each row ties a row of the owning table, and is deleted with it, to one value
 * (a partner, a comune, a tag), and the pair is the primary key `<table>_pk`. `owner` is the
 * owning column and the row it refers to (`['event_id', 'events(id)']`), `value` the definition of
 * the other column (`'topic text not null'`).
 */
export async function createPairTable(
  db: Kysely<any>,
  table: string,
  owner: [column: string, references: string],
  value: string,
): Promise<void> {
  const [column, references] = owner;
  await createTable(db, table, [
    `${column} text not null references ${references} on delete cascade`,
    value,
    `constraint ${table}_pk primary key (${column}, ${value.slice(0, value.indexOf(' '))})`,
  ]);
}

/** Drops tables, in order, those that exist (a down drops what its up made, the last made first). */
export async function dropTables(db: Kysely<any>, tables: string[]): Promise<void> {
  for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
}
