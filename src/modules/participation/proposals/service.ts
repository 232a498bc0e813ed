import { auditLog } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import type { Deps } from '../../../core/deps.js';
import type { Lang } from '../../../core/i18n.js';
import { isId } from '../../../core/ids.js';
import { type FieldError, fieldError, refuse } from '../../../core/problems.js';
import { nowIso } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import type { ParticipationCommentTable, ParticipationProposalTable } from '../../../db/schema.js';
import { municipalitiesByCodes, normaliseName } from '../../organisations/service.js';
import { contactHash, normaliseContact, requestConfirmation } from '../confirm/service.js';
import { parseBody } from '../processes/check.js';
import type { ProcessView } from '../processes/schemas.js';
import { getProcess, getPublicProcess } from '../processes/service.js';
import * as repo from './repo.js';
import {
  AnswerBody,
  CommentCreate,
  type CommentView,
  HideBody,
  ProposalCreate,
  type ProposalFilter,
  type ProposalView,
  SupportCreate,
} from './schemas.js';

const proposalLog = auditLog('participation-proposal');
const commentLog = auditLog('participation-comment');

/**
 * Proposals: a citizen submits one (no account) and it waits for their e-mail's confirmation
 * before it is public; others support it (one per confirmed person) and comment (one level of
 * replies). Staff hide what breaks the rules, with a public reason, answer and set a state. A
 * process's support threshold marks proposals "per l'assemblea".
 */

export const PAGE_SIZE = 20;
/** The image of a proposal: JPEG or PNG, at most 2 MB. */
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
export const IMAGE_TYPES = ['image/jpeg', 'image/png'] as const;

export async function organisationOfProposal(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  const p = await repo.proposalRow(db, id);
  return p ? (await getProcess(db, p.process_id)).organisation : undefined;
}

export async function organisationOfComment(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  const c = await repo.commentRow(db, id);
  return c ? organisationOfProposal(db, c.proposal_id) : undefined;
}

export function proposalView(r: ParticipationProposalTable, threshold: number): ProposalView {
  return {
    id: r.id,
    process: r.process_id,
    title: r.title,
    body: r.body,
    municipality: r.municipality_code,
    category: r.category,
    author: r.author_name ?? 'un cittadino',
    status: !r.confirmed_at ? 'pending' : r.hidden_at ? 'hidden' : 'published',
    state: r.state,
    stateReason: r.state_reason,
    mergedInto: r.merged_into,
    answer: r.answer,
    hiddenReason: r.hidden_reason,
    supports: r.supports,
    comments: r.comments,
    assembly: threshold > 0 && r.supports >= threshold,
    image: r.has_image ? `/partecipa/proposte/${r.id}/immagine` : null,
    createdAt: r.created_at,
  };
}

/** A process open to citizens' contributions: published, not closed. */
async function openProcess(db: Db, processId: string): Promise<ProcessView> {
  const p = await getPublicProcess(db, processId);
  if (p.status !== 'published') throw refuse(409, 'participation.error.processClosed');
  return p;
}

/** The comune as typed (ISTAT code or name) among the process's own; null when it is not one of them. */
async function municipalityOf(db: Db, p: ProcessView, typed: string): Promise<string | null> {
  if (p.municipalities.includes(typed)) return typed;
  const names = await municipalitiesByCodes(db, p.municipalities);
  const wanted = normaliseName(typed);
  return [...names.values()].find((m) => normaliseName(m.name) === wanted)?.code ?? null;
}

export interface ImageUpload {
  mime: string;
  data: Buffer;
}

/** A citizen's proposal: stored pending, and the confirmation e-mail queued with it. */
export async function submitProposal(
  deps: Deps,
  processId: string,
  input: unknown,
  lang: Lang,
  upload?: ImageUpload | null,
): Promise<{ id: string; status: 'pending' }> {
  const p = await openProcess(deps.db, processId);
  const data = parseBody(ProposalCreate, input);
  const errors: FieldError[] = [];
  const municipality = await municipalityOf(deps.db, p, data.municipality);
  if (!municipality) errors.push(fieldError('municipality', 'participation.check.processMunicipality'));
  const category = p.categories.find((c) => c.toLowerCase() === data.category.toLowerCase());
  if (!category) errors.push(fieldError('category', 'participation.check.category'));
  if (upload && !(IMAGE_TYPES as readonly string[]).includes(upload.mime))
    errors.push(fieldError('image', 'participation.check.imageType'));
  if (upload && upload.data.length > IMAGE_MAX_BYTES) errors.push(fieldError('image', 'participation.check.imageSize'));
  try {
    normaliseContact({ email: data.email });
  } catch {
    errors.push(fieldError('email', 'participation.check.email'));
  }
  if (errors.length > 0) throw refuse(422, 'participation.error.fields', undefined, errors);
  const row = repo.proposalRowOf({
    process_id: p.id,
    title: data.title,
    body: data.body,
    municipality_code: municipality as string,
    category: category as string,
    author_hash: contactHash(deps, { email: data.email }),
    author_name: data.name || null,
    has_image: upload ? 1 : 0,
  });
  await deps.db.k.transaction().execute(async (trx) => {
    await repo.insertProposal(trx, row, upload ? { proposal_id: row.id, mime: upload.mime, data: upload.data } : undefined);
    const request = { organisationId: p.organisation, processId: p.id, kind: 'proposal', subjectId: row.id, locale: lang };
    await requestConfirmation(deps, { ...request, contact: { email: data.email } }, trx);
  });
  return { id: row.id, status: 'pending' };
}

/** A proposal citizens may see: confirmed, of a public process; 404 otherwise. */
export async function getPublicProposal(db: Db, id: string): Promise<{ proposal: ProposalView; process: ProcessView }> {
  const row = isId(id) ? await repo.proposalRow(db, id) : undefined;
  if (!row?.confirmed_at) throw refuse(404, 'participation.error.proposalNotFound');
  const process = await getPublicProcess(db, row.process_id);
  return { proposal: proposalView(row, process.supportThreshold), process };
}

/** A proposal whatever its status, for staff. */
export async function getProposal(db: Db, id: string): Promise<ProposalView> {
  const row = isId(id) ? await repo.proposalRow(db, id) : undefined;
  if (!row) throw refuse(404, 'participation.error.proposalNotFound');
  return proposalView(row, (await getProcess(db, row.process_id)).supportThreshold);
}

export async function proposalImage(db: Db, id: string): Promise<{ mime: string; data: Buffer }> {
  await getPublicProposal(db, id);
  const img = await repo.image(db, id);
  if (!img) throw refuse(404, 'participation.error.proposalNotFound');
  return { mime: img.mime, data: Buffer.from(img.data) };
}

export interface ProposalPage {
  items: ProposalView[];
  total: number;
  page: number;
  pages: number;
}

/** The public list of a process's proposals, filtered and sorted, a page at a time. */
export async function listPublicProposals(db: Db, process: ProcessView, filter: ProposalFilter): Promise<ProposalPage> {
  const page = filter.page ?? 1;
  const { rows, total } = await repo.publicProposals(db, process.id, {
    municipality: filter.municipality || undefined,
    category: filter.category || undefined,
    state: filter.state || undefined,
    threshold: process.supportThreshold,
    sort: filter.sort === 'newest' ? 'newest' : 'supports',
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  return {
    items: rows.map((r) => proposalView(r, process.supportThreshold)),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

/** Every proposal of a process (pending and hidden too), for the staff's moderation page. */
export async function proposalsForStaff(db: Db, process: ProcessView): Promise<ProposalView[]> {
  return (await repo.allProposals(db, process.id)).map((r) => proposalView(r, process.supportThreshold));
}

/** Titles of proposals by id (a merged proposal links to the one it went into). */
export async function proposalTitles(db: Db, ids: string[]): Promise<Map<string, string>> {
  return new Map((await repo.proposalsByIds(db, ids)).map((r) => [r.id, r.title]));
}

/** A support: 409 when this person's support is counted already; otherwise 202 and a confirmation link. */
export async function requestSupport(deps: Deps, proposalId: string, input: unknown, lang: Lang): Promise<{ status: 'pending' }> {
  const { proposal, process } = await getPublicProposal(deps.db, proposalId);
  if (proposal.status === 'hidden') throw refuse(409, 'participation.error.proposalHidden');
  if (process.status !== 'published') throw refuse(409, 'participation.error.processClosed');
  const data = parseBody(SupportCreate, input);
  const contact = { email: data.email };
  if (await repo.hasSupport(deps.db, proposal.id, contactHash(deps, contact))) throw refuse(409, 'participation.error.alreadySupported');
  await requestConfirmation(deps, {
    organisationId: process.organisation,
    processId: process.id,
    kind: 'support',
    subjectId: proposal.id,
    contact,
    locale: lang,
  });
  return { status: 'pending' };
}

/** A comment, or a reply to a top-level comment (never deeper): pending until its e-mail is confirmed. */
export async function submitComment(
  deps: Deps,
  proposalId: string,
  input: unknown,
  lang: Lang,
): Promise<{ id: string; status: 'pending' }> {
  const { proposal, process } = await getPublicProposal(deps.db, proposalId);
  if (proposal.status === 'hidden') throw refuse(409, 'participation.error.proposalHidden');
  if (process.status !== 'published') throw refuse(409, 'participation.error.processClosed');
  const data = parseBody(CommentCreate, input);
  const contact = { email: data.email };
  const errors: FieldError[] = [];
  try {
    normaliseContact(contact);
  } catch {
    errors.push(fieldError('email', 'participation.check.email'));
  }
  if (data.parent) {
    const parent = await repo.commentRow(deps.db, data.parent);
    if (!parent || parent.proposal_id !== proposal.id || !parent.confirmed_at)
      errors.push(fieldError('parent', 'participation.check.parent'));
    else if (parent.parent_id) errors.push(fieldError('parent', 'participation.check.parentDepth'));
  }
  if (errors.length > 0) throw refuse(422, 'participation.error.fields', undefined, errors);
  const row = repo.commentRowOf({
    proposal_id: proposal.id,
    parent_id: data.parent ?? null,
    body: data.body,
    author_hash: contactHash(deps, contact),
    author_name: data.name || null,
  });
  await deps.db.k.transaction().execute(async (trx) => {
    await repo.insertComment(trx, row);
    await requestConfirmation(
      deps,
      { organisationId: process.organisation, processId: process.id, kind: 'comment', subjectId: row.id, contact, locale: lang },
      trx,
    );
  });
  return { id: row.id, status: 'pending' };
}

/** The confirmed comments of a proposal, replies under the comment they answer. */
export async function commentsOfProposal(db: Db, proposalId: string): Promise<(CommentView & { replies: CommentView[] })[]> {
  const view = (c: ParticipationCommentTable): CommentView => ({
    id: c.id,
    parent: c.parent_id,
    body: c.hidden_at ? '' : c.body,
    author: c.author_name ?? 'un cittadino',
    hiddenReason: c.hidden_reason,
    createdAt: c.created_at,
  });
  const rows = await repo.commentsOf(db, proposalId);
  return rows.filter((c) => !c.parent_id).map((c) => ({ ...view(c), replies: rows.filter((r) => r.parent_id === c.id).map(view) }));
}

// ---------- moderation ----------

/** Staff hide a proposal with a reason the public reads. */
export async function hideProposal(db: Db, by: Principal | null, id: string, input: unknown): Promise<ProposalView> {
  const current = await getProposal(db, id);
  const { reason } = parseBody(HideBody, input);
  const now = nowIso();
  await db.k.transaction().execute(async (trx) => {
    await repo.updateProposal(trx, id, { hidden_at: now, hidden_reason: reason, updated_at: now });
    await proposalLog(trx, 'participation.proposal.hidden', { id }, by, { process: current.process });
  });
  return getProposal(db, id);
}

/** Staff hide a comment with a reason the public reads. */
export async function hideComment(db: Db, by: Principal | null, id: string, input: unknown): Promise<{ id: string; hidden: true }> {
  const c = isId(id) ? await repo.commentRow(db, id) : undefined;
  if (!c) throw refuse(404, 'participation.error.commentNotFound');
  const { reason } = parseBody(HideBody, input);
  await db.k.transaction().execute(async (trx) => {
    await repo.hideComment(trx, id, reason, nowIso());
    await commentLog(trx, 'participation.comment.hidden', { id }, by, { proposal: c.proposal_id });
  });
  return { id, hidden: true };
}

/**
 * Staff answer a proposal and set its state: merged names the proposal it went into (of the same
 * process, not itself); not feasible needs its reason.
 */
export async function answerProposal(db: Db, by: Principal | null, id: string, input: unknown): Promise<ProposalView> {
  const current = await getProposal(db, id);
  const data = parseBody(AnswerBody, input);
  const errors: FieldError[] = [];
  if (data.state === 'merged') {
    const into = data.mergedInto ? await repo.proposalRow(db, data.mergedInto) : undefined;
    if (!into || into.process_id !== current.process || into.id === id)
      errors.push(fieldError('mergedInto', 'participation.check.mergedInto'));
  }
  if (data.state === 'not-feasible' && !data.reason) errors.push(fieldError('reason', 'participation.check.reason'));
  if (!data.state && !data.answer) errors.push(fieldError('answer', 'participation.check.answerOrState'));
  if (errors.length > 0) throw refuse(422, 'participation.error.fields', undefined, errors);
  const now = nowIso();
  const set: Partial<ParticipationProposalTable> = { updated_at: now };
  if (data.state) {
    set.state = data.state;
    set.state_reason = data.reason || null;
    set.merged_into = data.state === 'merged' ? (data.mergedInto ?? null) : null;
  }
  if (data.answer) {
    set.answer = data.answer;
    set.answered_at = now;
  }
  await db.k.transaction().execute(async (trx) => {
    await repo.updateProposal(trx, id, set);
    await proposalLog(trx, 'participation.proposal.answered', { id }, by, { state: data.state ?? null });
  });
  return getProposal(db, id);
}

/** The proposal a comment belongs to. */
export async function proposalOfComment(db: Db, commentId: string): Promise<string | undefined> {
  return isId(commentId) ? (await repo.commentRow(db, commentId))?.proposal_id : undefined;
}
