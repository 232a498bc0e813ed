import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../../../db/index.js';
import type { Database, ParticipationPhaseTable, ParticipationProcessTable } from '../../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The SQL of processes and phases. */

export async function insertProcess(trx: Executor, row: ParticipationProcessTable, phases: ParticipationPhaseTable[]): Promise<void> {
  await trx.insertInto('participation_processes').values(row).execute();
  if (phases.length > 0) await trx.insertInto('participation_phases').values(phases).execute();
}

export async function processRow(db: Db, id: string): Promise<ParticipationProcessTable | undefined> {
  return db.k.selectFrom('participation_processes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function phasesOf(db: Db, processIds: string[]): Promise<ParticipationPhaseTable[]> {
  if (processIds.length === 0) return [];
  return db.k.selectFrom('participation_phases').selectAll().where('process_id', 'in', processIds).orderBy('position').execute();
}

/** Processes of some organisations (null: all), with the given statuses, newest first. */
export async function processRows(
  db: Db,
  organisationIds: string[] | null,
  statuses: ParticipationProcessTable['status'][],
): Promise<ParticipationProcessTable[]> {
  let q = db.k.selectFrom('participation_processes').selectAll().where('status', 'in', statuses);
  if (organisationIds) {
    if (organisationIds.length === 0) return [];
    q = q.where('organisation_id', 'in', organisationIds);
  }
  return q.orderBy('created_at', 'desc').execute();
}

export async function updateProcess(trx: Executor, id: string, set: Partial<ParticipationProcessTable>): Promise<void> {
  await trx.updateTable('participation_processes').set(set).where('id', '=', id).execute();
}

export async function replacePhases(trx: Executor, processId: string, phases: ParticipationPhaseTable[]): Promise<void> {
  await trx.deleteFrom('participation_phases').where('process_id', '=', processId).execute();
  if (phases.length > 0) await trx.insertInto('participation_phases').values(phases).execute();
}

/** Closed processes whose personal data is still there. */
export async function closedNotErased(db: Db): Promise<ParticipationProcessTable[]> {
  return db.k.selectFrom('participation_processes').selectAll().where('status', '=', 'closed').where('erased_at', 'is', null).execute();
}
