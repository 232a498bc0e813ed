import { type Expression, type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import { inBatches } from '../../core/in-batches.js';
import { maxOf } from '../../core/rows.js';
import type {
  Database,
  SkillAnswerTable,
  SkillAttemptTable,
  SkillItemTable,
  SkillResultTable,
  SkillVersionTable,
} from '../../db/schema.js';
import { AREAS } from './digcomp.js';

/** The SQL of the skills module: one query code for SQLite and PostgreSQL. */

export type Executor = Kysely<Database> | Transaction<Database>;

// ---------- versions and items ----------

export function versionById(k: Executor, id: string): Promise<SkillVersionTable | undefined> {
  return k.selectFrom('skill_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function versionWithStatus(k: Executor, scope: string, status: SkillVersionTable['status']): Promise<SkillVersionTable | undefined> {
  return k.selectFrom('skill_versions').selectAll().where('scope', '=', scope).where('status', '=', status).executeTakeFirst();
}

export function versionsOf(k: Executor, scope: string): Promise<SkillVersionTable[]> {
  return k.selectFrom('skill_versions').selectAll().where('scope', '=', scope).orderBy('number', 'desc').execute();
}

/** Retires the version the public gets in a scope (there is at most one), as of `at`. */
export async function retireCurrent(k: Executor, scope: string, at: string): Promise<void> {
  await k
    .updateTable('skill_versions')
    .set({ status: 'retired', retired_at: at })
    .where('scope', '=', scope)
    .where('status', '=', 'current')
    .execute();
}

export async function nextNumber(k: Executor, scope: string): Promise<number> {
  return (await maxOf(k, 'skill_versions', 'number', { scope })) + 1;
}

export async function insertVersion(k: Executor, row: SkillVersionTable, items: SkillItemTable[]): Promise<void> {
  await k.insertInto('skill_versions').values(row).execute();
  await inBatches(items, 50, (batch) => k.insertInto('skill_items').values(batch).execute());
}

export function itemsOf(k: Executor, versionId: string): Promise<SkillItemTable[]> {
  return k.selectFrom('skill_items').selectAll().where('version_id', '=', versionId).orderBy('position').orderBy('id').execute();
}

export async function itemsByIds(k: Executor, ids: string[]): Promise<SkillItemTable[]> {
  if (ids.length === 0) return [];
  return k.selectFrom('skill_items').selectAll().where('id', 'in', ids).execute();
}

export function itemById(k: Executor, id: string): Promise<SkillItemTable | undefined> {
  return k.selectFrom('skill_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function organisationOfItem(k: Executor, itemId: string): Promise<string | null | undefined> {
  const row = await k
    .selectFrom('skill_items')
    .innerJoin('skill_versions', 'skill_versions.id', 'skill_items.version_id')
    .select('skill_versions.organisation_id')
    .where('skill_items.id', '=', itemId)
    .executeTakeFirst();
  return row ? row.organisation_id : undefined;
}

export const maxPosition = (k: Executor, versionId: string): Promise<number> =>
  maxOf(k, 'skill_items', 'position', { version_id: versionId });

// ---------- attempts (the page flow's answers in progress) ----------

export async function insertAttempt(k: Executor, row: SkillAttemptTable): Promise<void> {
  await k.insertInto('skill_attempts').values(row).execute();
}

export function attemptByTokenHash(k: Executor, hash: string): Promise<SkillAttemptTable | undefined> {
  return k.selectFrom('skill_attempts').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

// ---------- results ----------

export async function insertResult(k: Executor, row: SkillResultTable, answers: SkillAnswerTable[]): Promise<void> {
  await k.insertInto('skill_results').values(row).execute();
  await inBatches(answers, 100, (batch) => k.insertInto('skill_answers').values(batch).execute());
}

export function resultById(k: Executor, id: string): Promise<SkillResultTable | undefined> {
  return k.selectFrom('skill_results').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest result of a chain of retakes. */
export function latestOfChain(k: Executor, chainId: string): Promise<SkillResultTable | undefined> {
  return k
    .selectFrom('skill_results')
    .selectAll()
    .where('chain_id', '=', chainId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function answersOf(k: Executor, resultId: string): Promise<SkillAnswerTable[]> {
  return k.selectFrom('skill_answers').selectAll().where('result_id', '=', resultId).execute();
}

// ---------- statistics ----------

/** Answers given (not skipped) to each item of a version, by chosen option. */
export async function answerCounts(k: Executor, versionId: string): Promise<{ item_id: string; value: number; n: number }[]> {
  const rows = await k
    .selectFrom('skill_answers')
    .innerJoin('skill_items', 'skill_items.id', 'skill_answers.item_id')
    .select(['skill_answers.item_id', 'skill_answers.value', (eb) => eb.fn.countAll().as('n')])
    .where('skill_items.version_id', '=', versionId)
    .where('skill_answers.implied', '=', 0)
    .groupBy(['skill_answers.item_id', 'skill_answers.value'])
    .execute();
  return rows.map((r) => ({ item_id: r.item_id, value: Number(r.value), n: Number(r.n) }));
}

/** Which results an organisation's aggregates count: its own (event, link or bank) or its comuni's. */
export interface ResultScope {
  organisationId: string;
  municipalities: string[];
}

function scopeWhere(scope: ResultScope): Expression<SqlBool> {
  const own = sql<SqlBool>`r.organisation_id = ${scope.organisationId}`;
  if (scope.municipalities.length === 0) return own;
  return sql<SqlBool>`(${own} or r.municipality_code in (${sql.join(scope.municipalities)}))`;
}

const BAND_CASES = AREAS.flatMap((a) => {
  const col = sql.ref(`r.level_${a}`);
  return [
    sql`sum(case when ${col} <= 2 then 1 else 0 end)`.as(`b${a}_base`),
    sql`sum(case when ${col} between 3 and 4 then 1 else 0 end)`.as(`b${a}_intermedio`),
    sql`sum(case when ${col} between 5 and 6 then 1 else 0 end)`.as(`b${a}_avanzato`),
    sql`sum(case when ${col} >= 7 then 1 else 0 end)`.as(`b${a}_altamente-specializzato`),
    sql`avg(${col})`.as(`m${a}`),
  ];
});

export type AggregateRow = Record<string, string | number | null> & { g: string | null; n: number };

/**
 * Counts of results per band of each area and mean level per area, grouped by a column of the
 * results ('all' for one group), within an organisation's scope.
 */
export async function aggregate(
  k: Executor,
  scope: ResultScope,
  groupBy: 'all' | 'age_band' | 'municipality_code',
): Promise<AggregateRow[]> {
  const group = groupBy === 'all' ? sql<string | null>`null` : sql<string | null>`${sql.ref(`r.${groupBy}`)}`;
  const query = sql<AggregateRow>`
    select ${group} as g, count(*) as n, ${sql.join(BAND_CASES)}
    from skill_results r
    where ${scopeWhere(scope)}
    ${groupBy === 'all' ? sql`` : sql`group by ${sql.ref(`r.${groupBy}`)}`}`;
  const rows = (await query.execute(k)).rows;
  return rows.map((r) => normaliseNumbers(r));
}

function normaliseNumbers(row: Record<string, unknown>): AggregateRow {
  const out: Record<string, string | number | null> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = key === 'g' ? (value as string | null) : value === null ? null : Number(value);
  }
  return out as AggregateRow;
}

export interface PhaseRow {
  key: string;
  phase: string;
  n: number;
  means: number[];
}

/** Mean level per area before and after, grouped by event or by programme, within a scope. */
export async function phaseMeans(k: Executor, scope: ResultScope, by: 'event_id' | 'programme_id'): Promise<PhaseRow[]> {
  const col = sql.ref(`r.${by}`);
  const rows = (
    await sql<Record<string, unknown>>`
    select ${col} as k, r.phase as phase, count(*) as n, ${sql.join(AREAS.map((a) => sql`avg(${sql.ref(`r.level_${a}`)})`.as(`m${a}`)))}
    from skill_results r
    where ${scopeWhere(scope)} and ${col} is not null and r.phase is not null
    group by ${col}, r.phase`.execute(k)
  ).rows;
  return rows.map((r) => ({
    key: String(r.k),
    phase: String(r.phase),
    n: Number(r.n),
    means: AREAS.map((a) => Number(r[`m${a}`])),
  }));
}

/** Pairs of one person's "before" and "after" results (a retake of the same chain): mean change per area. */
export async function pairedChange(
  k: Executor,
  scope: ResultScope,
  by: 'event_id' | 'programme_id',
): Promise<{ key: string; n: number; change: number[] }[]> {
  const col = sql.ref(`r.${by}`);
  const rows = (
    await sql<Record<string, unknown>>`
    select ${col} as k, count(*) as n,
      ${sql.join(AREAS.map((a) => sql`avg(${sql.ref(`r.level_${a}`)} - ${sql.ref(`p.level_${a}`)})`.as(`c${a}`)))}
    from skill_results r
    join skill_results p on p.id = r.previous_result_id
    where ${scopeWhere(scope)} and r.phase = 'dopo' and p.phase = 'prima' and ${col} is not null and ${col} = ${sql.ref(`p.${by}`)}
    group by ${col}`.execute(k)
  ).rows;
  return rows.map((r) => ({ key: String(r.k), n: Number(r.n), change: AREAS.map((a) => Number(r[`c${a}`])) }));
}

export function countResults(k: Executor, versionId?: string): Promise<{ n: number | string | bigint } | undefined> {
  let q = k.selectFrom('skill_results').select((eb) => eb.fn.countAll().as('n'));
  if (versionId) q = q.where('version_id', '=', versionId);
  return q.executeTakeFirst();
}
