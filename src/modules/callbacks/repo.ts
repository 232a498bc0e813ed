import type { Kysely, Transaction } from 'kysely';
import { deleteRows, findRow, insertRow, updateRows } from '../../core/rows.js';
import type { Db } from '../../db/index.js';
import type { Database, PhoneCallbackTable } from '../../db/schema.js';

/** The callbacks' SQL: the "da avvisare per telefono" entries. */

export type Executor = Kysely<Database> | Transaction<Database>;

/** The columns of a new entry, in the order of the values of INSERT_SQL. */
const COLUMNS = ['id', 'organisation_id', 'subject_kind', 'subject_id', 'scope_id', 'reason', 'created_at'] as const;

/** One new entry with `?` placeholders, for operations that write raw SQL in their own transaction. */
export const INSERT_SQL = `insert into phone_callbacks (${COLUMNS.join(', ')}, done_at, done_by) values (${COLUMNS.map(() => '?').join(', ')}, null, null)`;

/** Drops the entries of one booking (`?`: its id), when its personal data is erased. */
export const FORGET_SQL = 'delete from phone_callbacks where subject_id = ?';
/** Drops the entries of every booking of one event or desk (`?`: its id), when their data is erased. */
export const FORGET_SCOPE_SQL = 'delete from phone_callbacks where scope_id = ?';

export const insert = (executor: Executor, row: PhoneCallbackTable): Promise<void> => insertRow(executor, 'phone_callbacks', row);

export function openRows(db: Db, organisationId: string, scopeId?: string): Promise<PhoneCallbackTable[]> {
  let q = db.k.selectFrom('phone_callbacks').selectAll().where('organisation_id', '=', organisationId).where('done_at', 'is', null);
  if (scopeId) q = q.where('scope_id', '=', scopeId);
  return q.orderBy('created_at').orderBy('id').execute();
}

export const row = (db: Db, id: string): Promise<PhoneCallbackTable | undefined> => findRow(db, 'phone_callbacks', { id });

/** Marks an open entry done; false when it was already ticked (by someone else, a moment ago). */
export async function markDone(executor: Executor, id: string, userId: string | null, at: string): Promise<boolean> {
  return (await updateRows(executor, 'phone_callbacks', { id, done_at: null }, { done_at: at, done_by: userId })) === 1;
}

export async function forget(executor: Executor, subjectIds: string[]): Promise<void> {
  await deleteRows(executor, 'phone_callbacks', { subject_id: subjectIds });
}
