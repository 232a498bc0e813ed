import type { Kysely, Transaction } from 'kysely';
import { deleteRows, findRow, hasRow, insertRow, notNull, updateRows } from '../../../core/rows.js';
import type { Db } from '../../../db/index.js';
import type { Database, ParticipationConfirmationTable } from '../../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The SQL of pending confirmations. */

export const insertConfirmation = (trx: Executor, row: ParticipationConfirmationTable): Promise<void> =>
  insertRow(trx, 'participation_confirmations', row);

export const byId = (db: Db, id: string): Promise<ParticipationConfirmationTable | undefined> =>
  findRow(db, 'participation_confirmations', { id });

export const byTokenHash = (db: Db, hash: string): Promise<ParticipationConfirmationTable | undefined> =>
  findRow(db, 'participation_confirmations', { token_hash: hash });

/** SMS confirmations of a contact still waiting for their code. */
export async function pendingCodes(db: Db, contactHash: string, now: string): Promise<ParticipationConfirmationTable[]> {
  return db.k
    .selectFrom('participation_confirmations')
    .selectAll()
    .where('contact_hash', '=', contactHash)
    .where('channel', '=', 'sms')
    .where('confirmed_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(10)
    .execute();
}

export async function countAttempt(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.k
    .updateTable('participation_confirmations')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids)
    .execute();
}

/** Marks it confirmed unless it already is (the claim two clicks race for); forgets the contact. */
export async function claim(trx: Executor, id: string, now: string): Promise<boolean> {
  const claimed = await updateRows(
    trx,
    'participation_confirmations',
    { id, confirmed_at: null },
    { confirmed_at: now, contact_sealed: null },
  );
  return claimed === 1;
}

/** Whether the contact confirmed something of this kind about this subject already. */
export async function confirmedFor(db: Db, kind: string, subjectId: string, contactHash: string): Promise<boolean> {
  const match = { contact_hash: contactHash, kind, subject_id: subjectId, confirmed_at: notNull } as const;
  return hasRow(db, 'participation_confirmations', match, 'id');
}

/** Confirmations past their expiry and never confirmed: their contact is no longer needed. */
export async function deleteExpired(trx: Executor, now: string): Promise<number> {
  const res = await trx
    .deleteFrom('participation_confirmations')
    .where('confirmed_at', 'is', null)
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(res.numDeletedRows ?? 0);
}

/** Everything confirmed about a process: the contacts' hashes go with its personal data. */
export const deleteOfProcess = (trx: Executor, processId: string): Promise<number> =>
  deleteRows(trx, 'participation_confirmations', { process_id: processId });
