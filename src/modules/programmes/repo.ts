import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import { findRow, insertRow, organisationOfRow, replaceRows, selectRows, updateRows } from '../../core/rows.js';
import { nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import type { Database, ProgrammeTable, ProgrammeTargetTable } from '../../db/schema.js';

type Q = Kysely<Database>;

export const programmeRow = (db: Db, id: string): Promise<ProgrammeTable | undefined> => findRow(db, 'programmes', { id });

export const organisationOf = (db: Db, id: string): Promise<string | undefined> => organisationOfRow(db, 'programmes', id);

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

export const targetsOf = (k: Q, programmeIds: string[]): Promise<ProgrammeTargetTable[]> =>
  selectRows(k, 'programme_targets', { programme_id: programmeIds }, ['deadline', 'metric', 'id']);

export const insertProgramme = (trx: Q, row: ProgrammeTable): Promise<void> => insertRow(trx, 'programmes', row);

/**
 * Touches the programme row first in every write: on PostgreSQL this takes the row lock, so two
 * concurrent replacements of partners or targets run one after the other instead of interleaving.
 */
export async function updateProgrammeRow(trx: Q, id: string, set: Partial<ProgrammeTable>): Promise<void> {
  await updateRows(trx, 'programmes', { id }, { ...set, updated_at: nowIso() });
}

export async function replacePartners(trx: Q, programmeId: string, partners: string[], replace: boolean): Promise<void> {
  const rows = partners.map((p) => ({ programme_id: programmeId, organisation_id: p }));
  await replaceRows(trx, 'programme_partners', { programme_id: programmeId }, rows, replace);
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
