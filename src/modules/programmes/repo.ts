import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import { nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import type { Database, ProgrammeTable, ProgrammeTargetTable } from '../../db/schema.js';

type Q = Kysely<Database>;

export async function programmeRow(db: Db, id: string): Promise<ProgrammeTable | undefined> {
  return db.k.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function organisationOf(db: Db, id: string): Promise<string | undefined> {
  const row = await db.k.selectFrom('programmes').select('organisation_id').where('id', '=', id).executeTakeFirst();
  return row?.organisation_id;
}

export async function programmeRows(db: Db, organisationId: string | null): Promise<ProgrammeTable[]> {
  let q = db.k.selectFrom('programmes').selectAll().orderBy('start_date', 'desc').orderBy('name').orderBy('id');
  if (organisationId) q = q.where('organisation_id', '=', organisationId);
  return q.execute();
}

/** Partner links of the programmes (the organisations service gives their names). */
export async function partnerLinksOf(db: Db, programmeIds: string[]) {
  if (programmeIds.length === 0) return [];
  return db.k
    .selectFrom('programme_partners')
    .select(['programme_id', 'organisation_id'])
    .where('programme_id', 'in', programmeIds)
    .execute();
}

export async function targetsOf(k: Q, programmeIds: string[]): Promise<ProgrammeTargetTable[]> {
  if (programmeIds.length === 0) return [];
  return k
    .selectFrom('programme_targets')
    .selectAll()
    .where('programme_id', 'in', programmeIds)
    .orderBy('deadline')
    .orderBy('metric')
    .orderBy('id')
    .execute();
}

export async function insertProgramme(trx: Q, row: ProgrammeTable): Promise<void> {
  await trx.insertInto('programmes').values(row).execute();
}

/**
 * Touches the programme row first in every write: on PostgreSQL this takes the row lock, so two
 * concurrent replacements of partners or targets run one after the other instead of interleaving.
 */
export async function updateProgrammeRow(trx: Q, id: string, set: Partial<ProgrammeTable>): Promise<void> {
  await trx
    .updateTable('programmes')
    .set({ ...set, updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
}

export async function replacePartners(trx: Q, programmeId: string, partners: string[], replace: boolean): Promise<void> {
  if (replace) await trx.deleteFrom('programme_partners').where('programme_id', '=', programmeId).execute();
  if (partners.length === 0) return;
  await trx
    .insertInto('programme_partners')
    .values(partners.map((p) => ({ programme_id: programmeId, organisation_id: p })))
    .execute();
}

export interface TargetRow {
  metric: string;
  value: number;
  deadline: string;
  label: string | null;
}

/**
 * Replaces a programme's targets. A milestone that keeps its metric and deadline keeps its id,
 * so whatever refers to it (a dashboard link, an export) stays valid across edits.
 */
export async function replaceTargets(trx: Q, programmeId: string, targets: TargetRow[], replace: boolean): Promise<void> {
  const keep = new Map<string, string>();
  if (replace) {
    for (const t of await targetsOf(trx, [programmeId])) keep.set(`${t.metric}|${t.deadline}`, t.id);
    await trx.deleteFrom('programme_targets').where('programme_id', '=', programmeId).execute();
  }
  if (targets.length === 0) return;
  await trx
    .insertInto('programme_targets')
    .values(
      targets.map((t) => ({
        id: keep.get(`${t.metric}|${t.deadline}`) ?? newId(),
        programme_id: programmeId,
        metric: t.metric,
        value: t.value,
        deadline: t.deadline,
        label: t.label,
      })),
    )
    .execute();
}
