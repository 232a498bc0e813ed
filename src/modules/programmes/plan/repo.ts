import type { Kysely } from 'kysely';
import { listRows } from '../../../core/list-rows.js';
import { deleteRows, findRow, updateRows } from '../../../core/rows.js';
import type { Db } from '../../../db/index.js';
import type { Database, ProgrammePlanItemTable } from '../../../db/schema.js';

type Q = Kysely<Database>;

/** The plan of a programme, in the order staff gave it. */
export const planItems = (db: Db, programmeId: string): Promise<ProgrammePlanItemTable[]> =>
  listRows(db, 'programme_plan_items', 'programme_id', programmeId, 'position');

export const planItem = (db: Db, programmeId: string, id: string): Promise<ProgrammePlanItemTable | undefined> =>
  findRow(db, 'programme_plan_items', { programme_id: programmeId, id });

/**
 * Appends an item at the end of the plan. The position is computed in the insert itself, inside
 * the transaction that locked the programme row, so two additions never share a position.
 */
export async function appendItem(trx: Q, row: Omit<ProgrammePlanItemTable, 'position'>, max: number): Promise<boolean> {
  const count = await trx
    .selectFrom('programme_plan_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('programme_id', '=', row.programme_id)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= max) return false;
  const last = await trx
    .selectFrom('programme_plan_items')
    .select((eb) => eb.fn.max<number>('position').as('p'))
    .where('programme_id', '=', row.programme_id)
    .executeTakeFirst();
  await trx
    .insertInto('programme_plan_items')
    .values({ ...row, position: Number(last?.p ?? 0) + 1 })
    .execute();
  return true;
}

export async function setItemLink(trx: Q, id: string, eventId: string | null, seriesId: string | null, at: string): Promise<void> {
  await updateRows(trx, 'programme_plan_items', { id }, { event_id: eventId, series_id: seriesId, updated_at: at });
}

export type PlanItemWords = Partial<Pick<ProgrammePlanItemTable, 'title' | 'audience' | 'description' | 'expected' | 'expected_month'>>;

export async function updateItemWords(trx: Q, programmeId: string, id: string, words: PlanItemWords, at: string): Promise<void> {
  await updateRows(trx, 'programme_plan_items', { programme_id: programmeId, id }, { ...words, updated_at: at });
}

export const deleteItem = (trx: Q, programmeId: string, id: string): Promise<number> =>
  deleteRows(trx, 'programme_plan_items', { programme_id: programmeId, id });
