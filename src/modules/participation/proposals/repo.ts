import { type Kysely, sql, type Transaction } from 'kysely';
import { newId } from '../../../core/ids.js';
import { findRow, hasRow, insertRow, notNull, selectRows, updateRows } from '../../../core/rows.js';
import { nowIso } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import type {
  Database,
  ParticipationCommentTable,
  ParticipationProposalImageTable,
  ParticipationProposalTable,
} from '../../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The SQL of proposals, their images, supports and comments. */

type ProposalFields = Pick<ParticipationProposalTable, 'process_id' | 'title' | 'body' | 'municipality_code' | 'category'>;

/**
 * A new proposal's row: what it says and where, with no author, state, answer, supports or
 * comments and not yet confirmed, unless `more` says otherwise; created and updated `at`.
 */
export function proposalRowOf(fields: ProposalFields & Partial<ParticipationProposalTable>, at = nowIso()): ParticipationProposalTable {
  return {
    id: newId(),
    author_hash: null,
    author_name: null,
    confirmed_at: null,
    state: null,
    state_reason: null,
    merged_into: null,
    answer: null,
    answered_at: null,
    hidden_at: null,
    hidden_reason: null,
    supports: 0,
    comments: 0,
    has_image: 0,
    created_at: at,
    updated_at: at,
    ...fields,
  };
}

/** A new comment's row on a proposal: no parent, author or confirmation unless given; created `at`. */
export function commentRowOf(
  fields: Pick<ParticipationCommentTable, 'proposal_id' | 'body'> & Partial<ParticipationCommentTable>,
  at = nowIso(),
): ParticipationCommentTable {
  return {
    id: newId(),
    parent_id: null,
    author_hash: null,
    author_name: null,
    confirmed_at: null,
    hidden_at: null,
    hidden_reason: null,
    created_at: at,
    ...fields,
  };
}

export async function insertProposal(
  trx: Executor,
  row: ParticipationProposalTable,
  image?: ParticipationProposalImageTable,
): Promise<void> {
  await insertRow(trx, 'participation_proposals', row);
  if (image) await insertRow(trx, 'participation_proposal_images', image);
}

export const proposalRow = (db: Db | Executor, id: string): Promise<ParticipationProposalTable | undefined> =>
  findRow(db, 'participation_proposals', { id });

export const proposalsByIds = (db: Db, ids: string[]): Promise<ParticipationProposalTable[]> =>
  selectRows(db, 'participation_proposals', { id: ids }, []);

export const image = (db: Db, proposalId: string): Promise<ParticipationProposalImageTable | undefined> =>
  findRow(db, 'participation_proposal_images', { proposal_id: proposalId });

export interface ListFilter {
  municipality?: string;
  category?: string;
  /** A state, 'open' (no state yet) or 'assembly' (at least `threshold` supports). */
  state?: string;
  threshold: number;
  sort: 'supports' | 'newest';
  limit: number;
  offset: number;
}

/** A process's public proposals (confirmed, not hidden), filtered, one page of them and how many in all. */
export async function publicProposals(
  db: Db,
  processId: string,
  f: ListFilter,
): Promise<{ rows: ParticipationProposalTable[]; total: number }> {
  let q = db.k
    .selectFrom('participation_proposals')
    .where('process_id', '=', processId)
    .where('confirmed_at', 'is not', null)
    .where('hidden_at', 'is', null);
  if (f.municipality) q = q.where('municipality_code', '=', f.municipality);
  if (f.category) q = q.where('category', '=', f.category);
  if (f.state === 'open') q = q.where('state', 'is', null);
  else if (f.state === 'assembly') q = q.where('supports', '>=', Math.max(1, f.threshold));
  else if (f.state) q = q.where('state', '=', f.state as ParticipationProposalTable['state']);
  const ordered =
    f.sort === 'supports'
      ? q.orderBy('supports', 'desc').orderBy('created_at', 'desc')
      : q.orderBy('created_at', 'desc').orderBy('id', 'desc');
  const [rows, count] = await Promise.all([
    ordered.selectAll().limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Every proposal of a process, for staff: pending and hidden ones too, newest first. */
export const allProposals = (db: Db, processId: string): Promise<ParticipationProposalTable[]> =>
  selectRows(db, 'participation_proposals', { process_id: processId }, ['created_at desc']);

export const updateProposal = (trx: Executor, id: string, set: Partial<ParticipationProposalTable>): Promise<number> =>
  updateRows(trx, 'participation_proposals', { id }, set);

/** Confirms a proposal once (null confirmed_at only). */
export async function confirmProposal(trx: Executor, id: string, now: string): Promise<boolean> {
  return (await updateRows(trx, 'participation_proposals', { id, confirmed_at: null }, { confirmed_at: now, updated_at: now })) === 1;
}

export const hasSupport = (db: Db, proposalId: string, contactHash: string): Promise<boolean> =>
  hasRow(db, 'participation_supports', { proposal_id: proposalId, contact_hash: contactHash }, 'id');

/**
 * Counts a support once per person: the insert does nothing when (proposal, contact) is there
 * already (the unique index decides between simultaneous ones), and only an insert that wrote a
 * row adds one to the proposal's counter, in the same transaction.
 */
export async function addSupport(
  trx: Transaction<Database>,
  row: { id: string; proposalId: string; contactHash: string; now: string },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('participation_supports')
    .values({ id: row.id, proposal_id: row.proposalId, contact_hash: row.contactHash, created_at: row.now })
    .onConflict((oc) => oc.columns(['proposal_id', 'contact_hash']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await moveCounter(trx, row.proposalId, 'supports', '+');
  return true;
}

/** Moves one of a proposal's counters (its supports, its confirmed visible comments) by one. */
async function moveCounter(trx: Executor, proposalId: string, counter: 'supports' | 'comments', op: '+' | '-'): Promise<void> {
  await trx
    .updateTable('participation_proposals')
    .set((eb) => ({ [counter]: eb(counter, op, 1) }))
    .where('id', '=', proposalId)
    .execute();
}

export const insertComment = (trx: Executor, row: ParticipationCommentTable): Promise<void> =>
  insertRow(trx, 'participation_comments', row);

export const commentRow = (db: Db, id: string): Promise<ParticipationCommentTable | undefined> =>
  findRow(db, 'participation_comments', { id });

/** Confirms a comment once, and counts it on its proposal. */
export async function confirmComment(trx: Executor, id: string, now: string): Promise<string | null> {
  const row = await trx
    .updateTable('participation_comments')
    .set({ confirmed_at: now })
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .returning('proposal_id')
    .executeTakeFirst();
  if (!row) return null;
  await moveCounter(trx, row.proposal_id, 'comments', '+');
  return row.proposal_id;
}

/** Hides a comment with its reason; a visible confirmed one stops counting. */
export async function hideComment(trx: Executor, id: string, reason: string, now: string): Promise<boolean> {
  const row = await trx
    .updateTable('participation_comments')
    .set({ hidden_at: now, hidden_reason: reason })
    .where('id', '=', id)
    .where('hidden_at', 'is', null)
    .returning(['proposal_id', 'confirmed_at'])
    .executeTakeFirst();
  if (!row) return false;
  if (row.confirmed_at) {
    await moveCounter(trx, row.proposal_id, 'comments', '-');
  }
  return true;
}

/** The confirmed comments of a proposal, oldest first (hidden ones too: they show their reason). */
export const commentsOf = (db: Db, proposalId: string): Promise<ParticipationCommentTable[]> =>
  selectRows(db, 'participation_comments', { proposal_id: proposalId, confirmed_at: notNull }, ['created_at', 'id']);

/** The personal data of a process's proposers, supporters and commenters, erased; the texts stay. */
export async function eraseOfProcess(trx: Executor, processId: string): Promise<void> {
  const ofProcess = sql<string>`(select id from participation_proposals where process_id = ${processId})`;
  await trx
    .updateTable('participation_proposals')
    .set({ author_hash: null, author_name: null })
    .where('process_id', '=', processId)
    .execute();
  await trx.updateTable('participation_supports').set({ contact_hash: null }).where('proposal_id', 'in', ofProcess).execute();
  await trx
    .updateTable('participation_comments')
    .set({ author_hash: null, author_name: null })
    .where('proposal_id', 'in', ofProcess)
    .execute();
}
