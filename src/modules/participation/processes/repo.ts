import type { Kysely, Transaction } from 'kysely';
import { findRow, insertRow, replaceRows, selectRows, updateRows } from '../../../core/rows.js';
import type { Db } from '../../../db/index.js';
import type { Database, ParticipationPhaseTable, ParticipationProcessTable } from '../../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The SQL of processes and phases. */

export async function insertProcess(trx: Executor, row: ParticipationProcessTable, phases: ParticipationPhaseTable[]): Promise<void> {
  await insertRow(trx, 'participation_processes', row);
  await replaceRows(trx, 'participation_phases', { process_id: row.id }, phases, false);
}

export const processRow = (db: Db, id: string): Promise<ParticipationProcessTable | undefined> =>
  findRow(db, 'participation_processes', { id });

export const phasesOf = (db: Db, processIds: string[]): Promise<ParticipationPhaseTable[]> =>
  selectRows(db, 'participation_phases', { process_id: processIds }, ['position']);

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
  await updateRows(trx, 'participation_processes', { id }, set);
}

export const replacePhases = (trx: Executor, processId: string, phases: ParticipationPhaseTable[]): Promise<void> =>
  replaceRows(trx, 'participation_phases', { process_id: processId }, phases);

/** Closed processes whose personal data is still there. */
export const closedNotErased = (db: Db): Promise<ParticipationProcessTable[]> =>
  selectRows(db, 'participation_processes', { status: 'closed', erased_at: null }, []);
