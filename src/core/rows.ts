import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import { isId } from './ids.js';
import type { KeyRing, SealKind } from './keys.js';

/**
 * The plain reads and writes of one table that every repo writes: one row found by some columns,
 * the rows of a record in an order, whether a row exists, and the rows updated or deleted by some
 * columns. Conditions are equalities (`match`): a value is `=`, a list is `in` (no query at all
 * when the list is empty: nothing can match), `null` is `is null` and `notNull` is `is not null`.
 * Each takes the database, a Kysely handle or a transaction, and writes the same statement on
 * SQLite and PostgreSQL.
 *
 *   await findRow(db, 'participation_polls', { code });
 *   await rowById(db, 'desk_holds', id);
 *   await selectRows(db, 'desk_hours', { desk_id: deskIds }, ['desk_id', 'weekday', 'start_time']);
 *   await updateRows(trx, 'phone_callbacks', { id, done_at: null }, { done_at: at, done_by: userId });
 */

/** `is not null` in a match. */
export const notNull: unique symbol = Symbol('not null');

export type Table = keyof Database & string;
export type Column<T extends Table> = keyof Database[T] & string;
export type Row<T extends Table> = Database[T];
/** The tables with an `id` column. */
type TableWithId = { [T in Table]: Database[T] extends { id: string } ? T : never }[Table];

/** Equalities on a table's columns, all of which a row meets. */
export type Match<T extends Table> = {
  [C in Column<T>]?: Row<T>[C] | readonly NonNullable<Row<T>[C]>[] | typeof notNull;
};

/** A column to order by, ascending, or with ` desc` after it. */
export type Order<T extends Table> = Column<T> | `${Column<T>} desc`;

export type Handle = Db | Kysely<Database> | Transaction<Database>;

// Kysely cannot follow a column of a table named by a type parameter: the signatures say what may
// be named, and the statements are written over the untyped builder.
type Untyped = Kysely<Record<string, Record<string, unknown>>>;
// biome-ignore lint/suspicious/noExplicitAny: a builder of any statement that has a where clause
type Filterable = { where: (...args: any[]) => any };

const untyped = (db: Handle): Untyped => ('k' in db ? db.k : db) as unknown as Untyped;

/** Whether a match can meet no row without asking (one of its lists is empty). */
const meetsNone = (match: object): boolean => Object.values(match).some((v) => Array.isArray(v) && v.length === 0);

function filtered<Q extends Filterable>(query: Q, match: object): Q {
  let q = query;
  for (const [column, value] of Object.entries(match)) {
    // A forgotten value must not widen an update or a delete to every row.
    if (value === undefined) throw new Error(`no value to match ${column} with`);
    if (value === null) q = q.where(column, 'is', null);
    else if (value === notNull) q = q.where(column, 'is not', null);
    else q = q.where(column, Array.isArray(value) ? 'in' : '=', value);
  }
  return q;
}

function ordered<Q extends { orderBy: (column: string, direction?: 'desc') => Q }>(query: Q, order: readonly string[]): Q {
  let q = query;
  for (const o of order) q = o.endsWith(' desc') ? q.orderBy(o.slice(0, -5), 'desc') : q.orderBy(o);
  return q;
}

/** The row that meets the match (the first, when several do), with all its columns or those named. */
export async function findRow<T extends Table, C extends Column<T> = Column<T>>(
  db: Handle,
  table: T,
  match: Match<T>,
  columns?: readonly C[],
): Promise<Pick<Row<T>, C> | undefined> {
  if (meetsNone(match)) return undefined;
  const from = untyped(db).selectFrom(table as string);
  const query = columns ? from.select(columns as readonly string[]) : from.selectAll();
  return (await filtered(query, match).executeTakeFirst()) as Pick<Row<T>, C> | undefined;
}

/** The row with this id; undefined without a query when the id is not one Ponte makes (a mistyped link). */
export async function rowById<T extends TableWithId>(db: Handle, table: T, id: string | undefined): Promise<Row<T> | undefined> {
  return isId(id) ? (findRow(db, table, { id } as Match<T>) as Promise<Row<T> | undefined>) : undefined;
}

/** The first row that meets the match in the order given. */
export async function firstRow<T extends Table>(
  db: Handle,
  table: T,
  match: Match<T>,
  order: readonly Order<T>[],
): Promise<Row<T> | undefined> {
  const [first] = await selectRows(db, table, match, order, 1);
  return first as Row<T> | undefined;
}

/** The tables whose rows belong to an organisation. */
type TableOfOrganisation = { [T in TableWithId]: Database[T] extends { organisation_id: string } ? T : never }[TableWithId];

/** The organisation the row with this id belongs to, for access rules; undefined when there is no such row. */
export async function organisationOfRow(db: Handle, table: TableOfOrganisation, id: string): Promise<string | undefined> {
  const row = await findRow(db, table, { id }, ['organisation_id']);
  return row?.organisation_id;
}

/**
 * The organisation a row belongs to through the row it names in `column` (a registration through
 * its event), for access rules; undefined when there is no such row.
 *
 *   await organisationThrough(db, 'registrations', 'event_id', 'events', id);
 */
export async function organisationThrough<T extends TableWithId>(
  db: Handle,
  table: T,
  column: Column<T>,
  parent: TableOfOrganisation,
  id: string,
): Promise<string | undefined> {
  const [child, owner]: string[] = [table, parent];
  const row = await untyped(db)
    .selectFrom(child)
    .innerJoin(owner, `${owner}.id`, `${child}.${column}`)
    .select(`${owner}.organisation_id`)
    .where(`${child}.id`, '=', id)
    .executeTakeFirst();
  return row?.organisation_id as string | undefined;
}

/** The rows that meet the match, in the order given (then as the database likes), at most `limit`. */
export async function selectRows<T extends Table, C extends Column<T> = Column<T>>(
  db: Handle,
  table: T,
  match: Match<T>,
  order: readonly Order<T>[],
  limit?: number,
  columns?: readonly C[],
): Promise<Pick<Row<T>, C>[]> {
  if (meetsNone(match)) return [];
  const from = untyped(db).selectFrom(table as string);
  let query = ordered(filtered(columns ? from.select(columns as readonly string[]) : from.selectAll(), match), order);
  if (limit !== undefined) query = query.limit(limit);
  return (await query.execute()) as Pick<Row<T>, C>[];
}

/** Whether some row meets the match. */
export async function hasRow<T extends Table>(db: Handle, table: T, match: Match<T>, column: Column<T>): Promise<boolean> {
  if (meetsNone(match)) return false;
  const query = untyped(db)
    .selectFrom(table as string)
    .select(column);
  const row = await filtered(query, match).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The greatest value of a number column among the rows that meet the match; 0 when none does. */
export async function maxOf<T extends Table>(db: Handle, table: T, column: Column<T>, match: Match<T>): Promise<number> {
  if (meetsNone(match)) return 0;
  const query = untyped(db)
    .selectFrom(table as string)
    .select((eb) => eb.fn.max(column).as('m'));
  const row = await filtered(query, match).executeTakeFirst();
  return Number(row?.m ?? 0);
}

/** Inserts one row, or several in one statement. */
export async function insertRow<T extends Table>(db: Handle, table: T, row: Row<T> | readonly Row<T>[]): Promise<void> {
  const values = row as Record<string, unknown> | Record<string, unknown>[];
  await untyped(db)
    .insertInto(table as string)
    .values(values)
    .execute();
}

/**
 * Writes a record's rows again: those that meet the match are deleted, then `rows` inserted (in
 * one statement; none when empty). `replace` false skips the delete, for a record just made.
 */
export async function replaceRows<T extends Table>(
  db: Handle,
  table: T,
  match: Match<T>,
  rows: readonly Row<T>[],
  replace = true,
): Promise<void> {
  if (replace) await deleteRows(db, table, match);
  if (rows.length > 0) await insertRow(db, table, rows);
}

/** Inserts the row, or, when a row with the same `key` columns is there, sets `set` on that one. */
export async function upsertRow<T extends Table>(
  db: Handle,
  table: T,
  row: Row<T>,
  key: readonly Column<T>[],
  set: Partial<Row<T>>,
): Promise<void> {
  await untyped(db)
    .insertInto(table as string)
    .values(row as Record<string, unknown>)
    .onConflict((oc) => oc.columns(key).doUpdateSet(set))
    .execute();
}

/** Sets columns of the rows that meet the match; how many it changed. */
export async function updateRows<T extends Table>(db: Handle, table: T, match: Match<T>, set: Partial<Row<T>>): Promise<number> {
  if (meetsNone(match)) return 0;
  const query = untyped(db)
    .updateTable(table as string)
    .set(set);
  const res = await filtered(query, match).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * Reads the named columns of every row of a table in the order of `key` (one of them), and sets on
 * each row what `change` makes of it, row by row (nothing when it gives null): what rewrites values
 * derived from DATA_KEY under a new key, inside the caller's transaction.
 */
export async function rewriteRows<T extends Table, C extends Column<T>>(
  db: Handle,
  table: T,
  key: C,
  columns: readonly C[],
  change: (row: Pick<Row<T>, C>) => Partial<Row<T>> | null,
): Promise<void> {
  for (const row of await selectRows(db, table, {}, [key], undefined, columns)) {
    const set = change(row);
    if (set) await updateRows(db, table, { [key]: row[key] } as unknown as Match<T>, set);
  }
}

/**
 * For a rotation, on the ring whose current key is the new one: each value of a column of sealed
 * values sealed again under it (those sealed under it already left as they are); how many it sealed.
 */
export async function resealColumn<T extends Table, C extends Column<T>>(
  db: Handle,
  next: KeyRing,
  table: T,
  key: C,
  column: C,
  kind: SealKind,
): Promise<number> {
  let sealed = 0;
  await rewriteRows(db, table, key, [key, column], (r) => {
    const value = next.resealed(kind, r[column] as string);
    if (value === null) return null;
    sealed++;
    return { [column]: value } as Partial<Row<T>>;
  });
  return sealed;
}

/** Deletes the rows that meet the match; how many it deleted. */
export async function deleteRows<T extends Table>(db: Handle, table: T, match: Match<T>): Promise<number> {
  if (meetsNone(match)) return 0;
  const res = await filtered(untyped(db).deleteFrom(table as string), match).executeTakeFirst();
  return Number(res.numDeletedRows);
}
