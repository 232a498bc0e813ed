import type { Kysely, Transaction } from 'kysely';
import { listRows } from '../../../core/list-rows.js';
import type { Db } from '../../../db/index.js';
import type { AgendaActionTable, AgendaActionUpdateTable, Database } from '../../../db/schema.js';

/** The SQL of the agenda: actions, their origins and their updates. */

type Ex = Kysely<Database> | Transaction<Database>;

export async function organisationOfAction(db: Db, id: string): Promise<string | undefined> {
  return (await db.k.selectFrom('participation_actions').select('organisation_id').where('id', '=', id).executeTakeFirst())
    ?.organisation_id;
}

export async function insertAction(ex: Ex, row: AgendaActionTable): Promise<void> {
  await ex.insertInto('participation_actions').values(row).execute();
}

export async function action(db: Db, id: string): Promise<AgendaActionTable | undefined> {
  return db.k.selectFrom('participation_actions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function actionsOfProcess(db: Db, processId: string): Promise<AgendaActionTable[]> {
  return listRows(db, 'participation_actions', 'process_id', processId, 'created_at', 1000);
}

export async function updateAction(ex: Ex, id: string, set: Partial<AgendaActionTable>): Promise<void> {
  await ex.updateTable('participation_actions').set(set).where('id', '=', id).execute();
}

export async function replaceOrigins(ex: Ex, actionId: string, kind: 'proposal' | 'meeting', ids: string[]): Promise<void> {
  await ex.deleteFrom('participation_action_origins').where('action_id', '=', actionId).where('kind', '=', kind).execute();
  if (ids.length > 0)
    await ex
      .insertInto('participation_action_origins')
      .values(ids.map((origin_id) => ({ action_id: actionId, kind, origin_id })))
      .execute();
}

export async function originsOf(
  db: Db,
  actionIds: string[],
): Promise<{ action_id: string; kind: 'proposal' | 'meeting'; origin_id: string }[]> {
  if (actionIds.length === 0) return [];
  return db.k.selectFrom('participation_action_origins').selectAll().where('action_id', 'in', actionIds).execute();
}

export async function insertUpdate(ex: Ex, row: AgendaActionUpdateTable): Promise<void> {
  await ex.insertInto('participation_action_updates').values(row).execute();
}

export async function updatesOf(db: Db, actionIds: string[]): Promise<AgendaActionUpdateTable[]> {
  if (actionIds.length === 0) return [];
  return db.k
    .selectFrom('participation_action_updates')
    .selectAll()
    .where('action_id', 'in', actionIds)
    .orderBy('day', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}
