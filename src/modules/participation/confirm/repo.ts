import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../../../db/index.js';
import type { Database, ParticipationConfirmationTable } from '../../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The SQL of pending confirmations. */

export async function insertConfirmation(trx: Executor, row: ParticipationConfirmationTable): Promise<void> {
  await trx.insertInto('participation_confirmations').values(row).execute();
}

export async function byId(db: Db, id: string): Promise<ParticipationConfirmationTable | undefined> {
  return db.k.selectFrom('participation_confirmations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function byTokenHash(db: Db, hash: string): Promise<ParticipationConfirmationTable | undefined> {
  return db.k.selectFrom('participation_confirmations').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

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
  const res = await trx
    .updateTable('participation_confirmations')
    .set({ confirmed_at: now, contact_sealed: null })
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Whether the contact confirmed something of this kind about this subject already. */
export async function confirmedFor(db: Db, kind: string, subjectId: string, contactHash: string): Promise<boolean> {
  const row = await db.k
    .selectFrom('participation_confirmations')
    .select('id')
    .where('contact_hash', '=', contactHash)
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  return !!row;
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
export async function deleteOfProcess(trx: Executor, processId: string): Promise<number> {
  const res = await trx.deleteFrom('participation_confirmations').where('process_id', '=', processId).executeTakeFirst();
  return Number(res.numDeletedRows ?? 0);
}
