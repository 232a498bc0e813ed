// biome-ignore-all lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Creates a table from its columns and constraints written as SQL, in the subset both SQLite and
 * PostgreSQL read alike (`text`, `integer`, `double precision`, `not null`, `default`, `references
 * t(c) on delete cascade`, `constraint n primary key (a, b)`). A table reads as its definition
 * rather than as a chain of builder calls. Frozen like the migrations that use it: change it only
 * in ways that leave every existing migration's tables as they were.
 */
export async function createTable(
  db: Kysely<any>,
  name: string,
  definitions: string[],
  options: {
    /** On SQLite, keep the rows in the primary key's own b-tree (read in one range scan). */
    withoutRowidOnSqlite?: boolean;
  } = {},
): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const end = options.withoutRowidOnSqlite && sqlite ? ' without rowid' : '';
  await sql.raw(`create table ${name} (\n  ${definitions.join(',\n  ')}\n)${end}`).execute(db);
}
