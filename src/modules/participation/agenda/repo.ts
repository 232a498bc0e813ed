import type { Kysely, Transaction } from 'kysely';
import { listRows } from '../../../core/list-rows.js';
import { findRow, insertRow, organisationOfRow, replaceRows, selectRows, updateRows } from '../../../core/rows.js';
import type { Db } from '../../../db/index.js';
import type { AgendaActionTable, AgendaActionUpdateTable, Database } from '../../../db/schema.js';

/** The SQL of the agenda: actions, their origins and their updates. */

type Ex = Kysely<Database> | Transaction<Database>;

export const organisationOfAction = (db: Db, id: string): Promise<string | undefined> => organisationOfRow(db, 'participation_actions', id);

export const insertAction = (ex: Ex, row: AgendaActionTable): Promise<void> => insertRow(ex, 'participation_actions', row);

export const action = (db: Db, id: string): Promise<AgendaActionTable | undefined> => findRow(db, 'participation_actions', { id });

export async function actionsOfProcess(db: Db, processId: string): Promise<AgendaActionTable[]> {
  return listRows(db, 'participation_actions', 'process_id', processId, 'created_at', 1000);
}

export async function updateAction(ex: Ex, id: string, set: Partial<AgendaActionTable>): Promise<void> {
  await updateRows(ex, 'participation_actions', { id }, set);
}

export async function replaceOrigins(ex: Ex, actionId: string, kind: 'proposal' | 'meeting', ids: string[]): Promise<void> {
  const rows = ids.map((origin_id) => ({ action_id: actionId, kind, origin_id }));
  await replaceRows(ex, 'participation_action_origins', { action_id: actionId, kind }, rows);
}

export const originsOf = (db: Db, actionIds: string[]): Promise<{ action_id: string; kind: 'proposal' | 'meeting'; origin_id: string }[]> =>
  selectRows(db, 'participation_action_origins', { action_id: actionIds }, []);

export const insertUpdate = (ex: Ex, row: AgendaActionUpdateTable): Promise<void> => insertRow(ex, 'participation_action_updates', row);

export const updatesOf = (db: Db, actionIds: string[]): Promise<AgendaActionUpdateTable[]> =>
  selectRows(db, 'participation_action_updates', { action_id: actionIds }, ['day desc', 'created_at desc']);
