import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import { type Match, selectRows } from './rows.js';

/** The tables with an `id` column: their rows can be listed in a stable order. */
type TableWithId = { [T in keyof Database]: Database[T] extends { id: string } ? T : never }[keyof Database];

type ColumnOf<T extends TableWithId> = keyof Database[T] & string;

/**
 * The whole rows of one of a module's tables that belong to a record (`column` is `owner`, or one
 * of the owners), in the order given and then by id, so that rows alike in that order always come
 * in the same order: the list of a record's rows that many repos read. At most `limit` rows when
 * given; no query when the list of owners is empty. Inside a transaction when given one.
 */
export async function listRows<T extends TableWithId>(
  db: Db | Kysely<Database> | Transaction<Database>,
  table: T,
  column: ColumnOf<T>,
  owner: string | readonly string[],
  order: ColumnOf<T>,
  limit?: number,
): Promise<Database[T][]> {
  return (await selectRows(db, table, { [column]: owner } as Match<T>, [order, 'id' as ColumnOf<T>], limit)) as Database[T][];
}
