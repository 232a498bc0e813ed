import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../../../db/index.js';
import type { ConnectivityReportTable, Database } from '../../../db/schema.js';
import type { ReportFilterInput } from './schemas.js';

/** The SQL of connectivity reports, on their one table. */

export type Executor = Kysely<Database> | Transaction<Database>;

export async function insert(executor: Executor, row: ConnectivityReportTable): Promise<void> {
  await executor.insertInto('connectivity_reports').values(row).execute();
}

export function row(db: Db, id: string): Promise<ConnectivityReportTable | undefined> {
  return db.k.selectFrom('connectivity_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An organisation's reports, newest first, filtered by status and problem. */
export function list(db: Db, organisationId: string, filter: ReportFilterInput): Promise<ConnectivityReportTable[]> {
  let q = db.k.selectFrom('connectivity_reports').selectAll().where('organisation_id', '=', organisationId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.problem) q = q.where('problem', '=', filter.problem);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** Open reports counted by comune and problem: nothing else leaves the table for the public view. */
export async function openCounts(db: Db, organisationId: string): Promise<{ municipality: string | null; problem: string; n: number }[]> {
  const rows = await db.k
    .selectFrom('connectivity_reports')
    .select(['municipality_code', 'problem'])
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'open')
    .groupBy(['municipality_code', 'problem'])
    .execute();
  return rows.map((r) => ({ municipality: r.municipality_code, problem: r.problem, n: Number(r.n) }));
}

/** Closes an open report (resolved, or merged into another); false when it was no longer open. */
export async function close(
  executor: Executor,
  id: string,
  change: { status: 'resolved' | 'merged'; mergedInto: string | null; by: string | null; at: string },
): Promise<boolean> {
  const r = await executor
    .updateTable('connectivity_reports')
    .set({ status: change.status, merged_into: change.mergedInto, closed_at: change.at, closed_by: change.by })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Erases the contacts whose time has come; how many. */
export async function eraseContacts(executor: Executor, now: string): Promise<number> {
  const r = await executor
    .updateTable('connectivity_reports')
    .set({ contact_email: null, contact_erase_at: null })
    .where('contact_erase_at', '<=', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The reports whose contact is still kept, to encrypt again under a new key. */
export function withContact(executor: Executor): Promise<{ id: string; contact_email: string | null }[]> {
  return executor
    .selectFrom('connectivity_reports')
    .select(['id', 'contact_email'])
    .where('contact_email', 'is not', null)
    .orderBy('id')
    .execute();
}

/** Replaces a contact's ciphertext, unless it changed meanwhile (erased, or rotated by another run). */
export async function setContact(executor: Executor, id: string, was: string, sealed: string): Promise<void> {
  await executor
    .updateTable('connectivity_reports')
    .set({ contact_email: sealed })
    .where('id', '=', id)
    .where('contact_email', '=', was)
    .execute();
}
