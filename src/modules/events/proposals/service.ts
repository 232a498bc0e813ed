import type { z } from 'zod';
import { hasRole } from '../../../core/access.js';
import { auditLog } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import { isId, newId } from '../../../core/ids.js';
import { enqueueJob } from '../../../core/jobs.js';
import { type Mail, registerRenderedMail } from '../../../core/mail.js';
import { type FieldError, fieldError, Problem, refuse } from '../../../core/problems.js';
import type { Role } from '../../../core/roles.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { formatRome, nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { EventProposalTable } from '../../../db/schema.js';
import { getMember } from '../../accounts/service.js';
import * as organisations from '../../organisations/service.js';
import { getProgramme, listProgrammes } from '../../programmes/service.js';
import { createEvent, type EventDeps } from '../service.js';
import * as repo from './repo.js';
import {
  type PartnerOverview,
  ProposalCreate,
  type ProposalCreateData,
  ProposalResubmit,
  type ProposalStatus,
  type ProposalView,
} from './schemas.js';

const eventProposalLog = auditLog('event-proposal');

/**
 * Partners propose events: a partner organisation's people (its admins, staff or partner accounts)
 * propose an event at one of their venues, or one they may use, to a programme of an organisation
 * that has accepted a partnership with theirs. The programme's staff approve it into the catalogue
 * (an event of the programme's organisation naming the partner), send it back with a comment for
 * the partner to correct and send again, or decline it with a reason. The proposer gets an e-mail
 * on each decision.
 */

export const PROPOSAL_MAIL_JOB = 'events.proposal-decision';
/** Who may propose in a partner organisation's name. */
export const PROPOSERS: Role[] = ['org-admin', 'staff', 'partner'];

export async function organisationOfProposal(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return (await repo.proposal(db, id))?.organisation_id;
}

async function present(db: Db, rows: EventProposalTable[]): Promise<ProposalView[]> {
  if (rows.length === 0) return [];
  const orgIds = [...new Set(rows.flatMap((r) => [r.organisation_id, r.partner_id]))];
  const [names, venues, programmes] = await Promise.all([
    organisations.organisationNames(db, orgIds),
    organisations.venuesByIds(db, [...new Set(rows.map((r) => r.venue_id))]),
    Promise.all([...new Set(rows.map((r) => r.programme_id))].map((id) => getProgramme(db, id).catch(() => null))),
  ]);
  const programmeName = new Map(programmes.filter((p) => p !== null).map((p) => [p.id, p.name]));
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    organisation: { id: r.organisation_id, name: names.get(r.organisation_id) ?? '' },
    partner: { id: r.partner_id, name: names.get(r.partner_id) ?? '' },
    programme: { id: r.programme_id, name: programmeName.get(r.programme_id) ?? '' },
    venue: { id: r.venue_id, name: venues.get(r.venue_id)?.name ?? '' },
    title: r.title,
    description: r.description,
    audiences: JSON.parse(r.audiences) as string[],
    sessions: JSON.parse(r.sessions) as { start: string; end: string }[],
    capacity: Number(r.capacity),
    comment: r.comment,
    event: r.event_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** A proposal as one of its two sides sees it; anyone else is told it does not exist (404). */
export async function getProposal(db: Db, principal: Principal | null, id: string): Promise<ProposalView> {
  const row = isId(id) ? await repo.proposal(db, id) : undefined;
  if (!row || !(hasRole(principal, row.organisation_id, ORG_STAFF) || hasRole(principal, row.partner_id, PROPOSERS))) {
    throw refuse(404, 'events.proposals.error.notFound');
  }
  return (await present(db, [row]))[0];
}

/** The proposals an organisation received (as a programme's owner) and sent (as a partner). */
export async function proposalsOfOrganisation(db: Db, organisationId: string): Promise<{ received: ProposalView[]; sent: ProposalView[] }> {
  const [received, sent] = await Promise.all([
    repo.proposalsOf(db, 'organisation_id', organisationId),
    repo.proposalsOf(db, 'partner_id', organisationId),
  ]);
  return { received: await present(db, received), sent: await present(db, sent) };
}

/** Where the partner may propose: the venue is its own or one it may use (an accepted partnership). */
async function venueErrors(db: Db, partnerId: string, venueId: string): Promise<FieldError[]> {
  const venue = await organisations.getVenue(db, venueId).catch(() => null);
  if (!venue) return [fieldError('venue', 'events.proposals.check.venueUnknown')];
  if (venue.organisation === partnerId) return [];
  const refusal = await organisations.venueRefusal(db, partnerId, venue.organisation);
  return refusal ? [fieldError('venue', 'events.proposals.check.venueNotAllowed')] : [];
}

/** The programme's owner, when the partner may propose to it: an accepted partnership between the two. */
async function ownerFor(db: Db, partnerId: string, programmeId: string): Promise<{ owner?: string; errors: FieldError[] }> {
  const programme = await getProgramme(db, programmeId).catch((err) => {
    if (err instanceof Problem && err.status === 404) return null;
    throw err;
  });
  if (!programme) return { errors: [fieldError('programme', 'events.proposals.check.programmeUnknown')] };
  const owner = programme.organisation.id;
  if (owner === partnerId) return { errors: [fieldError('programme', 'events.proposals.check.programmeOwn')] };
  const partners = (await organisations.acceptedPartnerIds(db, [partnerId])).get(partnerId);
  if (!partners?.has(owner)) return { errors: [fieldError('programme', 'events.proposals.check.notPartner')] };
  return { owner, errors: [] };
}

/** The columns of what a partner proposes, as sent first and when sent again. */
function proposalColumns(data: z.infer<typeof ProposalResubmit>) {
  return {
    venue_id: data.venue,
    title: data.title,
    description: data.description ?? null,
    audiences: JSON.stringify(data.audiences),
    sessions: JSON.stringify(data.sessions),
    capacity: data.capacity,
  };
}

/** A partner proposes an event; every rule is checked before anything is written. */
export async function propose(deps: Pick<Deps, 'db'>, principal: Principal | null, input: unknown): Promise<ProposalView> {
  const { db } = deps;
  const data: ProposalCreateData = parse(ProposalCreate, input);
  if (!hasRole(principal, data.partner, PROPOSERS)) throw refuse(403, 'events.proposals.error.notPartner');
  const { owner, errors } = await ownerFor(db, data.partner, data.programme);
  errors.push(...(await venueErrors(db, data.partner, data.venue)));
  if (errors.length > 0 || !owner) throw refuse(422, 'events.proposals.error.invalid', undefined, errors);
  const now = nowIso();
  const row: EventProposalTable = {
    id: newId(),
    organisation_id: owner,
    partner_id: data.partner,
    programme_id: data.programme,
    ...proposalColumns(data),
    status: 'submitted',
    comment: null,
    proposed_by: principal?.userId ?? null,
    decided_by: null,
    decided_at: null,
    event_id: null,
    created_at: now,
    updated_at: now,
  };
  await db.k.transaction().execute(async (trx) => {
    await repo.insertProposal(trx, row);
    await eventProposalLog(trx, 'event-proposal.submitted', { id: row.id, organisationId: owner }, principal, { partner: data.partner });
  });
  return (await present(db, [row]))[0];
}

/** The partner corrects a proposal sent back to it (or still waiting) and sends it again. */
export async function resubmit(deps: Pick<Deps, 'db'>, principal: Principal | null, id: string, input: unknown): Promise<ProposalView> {
  const { db } = deps;
  const row = isId(id) ? await repo.proposal(db, id) : undefined;
  if (!row || !hasRole(principal, row.partner_id, PROPOSERS)) throw refuse(404, 'events.proposals.error.notFound');
  const data = parse(ProposalResubmit, input);
  if (row.status !== 'returned' && row.status !== 'submitted') throw refuse(409, 'events.proposals.error.decided');
  const errors = await venueErrors(db, row.partner_id, data.venue);
  if (errors.length > 0) throw refuse(422, 'events.proposals.error.invalid', undefined, errors);
  const set = {
    ...proposalColumns(data),
    status: 'submitted' as const,
    updated_at: nowIso(),
  };
  await db.k.transaction().execute(async (trx) => {
    if (!(await repo.updateIfStatus(trx, id, ['returned', 'submitted'], set))) throw refuse(409, 'events.proposals.error.decided');
    await eventProposalLog(trx, 'event-proposal.resubmitted', { id, organisationId: row.organisation_id }, principal);
  });
  return getProposal(db, principal, id);
}

export type Decision = 'approve' | 'return' | 'decline';
const STATUS_OF: Record<Decision, ProposalStatus> = { approve: 'approved', return: 'returned', decline: 'declined' };

/**
 * Staff of the programme's organisation decide. Approval claims the proposal first (two staff
 * approving at once make one event), then creates the event through the events service; if that
 * is refused (the venue no longer usable), the proposal waits again and nothing else is written.
 */
export async function decide(
  deps: EventDeps,
  principal: Principal | null,
  id: string,
  decision: Decision,
  comment: string | null | undefined,
): Promise<ProposalView> {
  const { db } = deps;
  const row = isId(id) ? await repo.proposal(db, id) : undefined;
  if (!row) throw refuse(404, 'events.proposals.error.notFound');
  if (row.status !== 'submitted') throw refuse(409, 'events.proposals.error.decided');
  const text = comment?.trim() || null;
  if (decision !== 'approve' && !text) {
    throw refuse(422, 'events.proposals.error.invalid', undefined, [fieldError('comment', `events.proposals.check.comment.${decision}`)]);
  }
  const decided = { decided_by: principal?.userId ?? null, decided_at: nowIso(), updated_at: nowIso() };
  if (!(await repo.updateIfStatus(db.k, id, ['submitted'], { status: STATUS_OF[decision], comment: text, ...decided }))) {
    throw refuse(409, 'events.proposals.error.decided');
  }
  let eventId: string | null = null;
  if (decision === 'approve') {
    try {
      eventId = (
        await createEvent(deps, null, {
          organisation: row.organisation_id,
          programme: row.programme_id,
          title: row.title,
          description: row.description,
          type: 'incontro',
          format: 'in_presenza',
          venue: row.venue_id,
          capacity: Number(row.capacity),
          status: 'published',
          audiences: JSON.parse(row.audiences),
          sessions: JSON.parse(row.sessions),
          partners: [row.partner_id],
        })
      ).id;
    } catch (err) {
      await repo.updateIfStatus(db.k, id, ['approved'], { status: 'submitted', comment: null, decided_by: null, decided_at: null });
      throw err;
    }
  }
  await db.k.transaction().execute(async (trx) => {
    if (eventId) await repo.updateIfStatus(trx, id, ['approved'], { event_id: eventId });
    // The decision travels with the job: the partner may have corrected the proposal by the time it leaves.
    const payload: DecisionMail = { proposalId: id, status: STATUS_OF[decision], title: row.title, comment: text };
    await enqueueJob(trx, PROPOSAL_MAIL_JOB, payload, { dedupeKey: `event-proposal:${id}:${decided.decided_at}` });
    await eventProposalLog(trx, `event-proposal.${STATUS_OF[decision]}`, { id, organisationId: row.organisation_id }, principal, {
      partner: row.partner_id,
      ...(eventId ? { event: eventId } : {}),
    });
  });
  return getProposal(db, principal, id).catch(async () => (await present(db, [(await repo.proposal(db, id))!]))[0]);
}

interface DecisionMail {
  proposalId: string;
  status: ProposalStatus;
  title: string;
  comment: string | null;
}

/** The e-mail of a decision to the person who proposed; the address is read when it leaves, from the account. */
export function registerProposalJobs(deps: Deps): void {
  registerRenderedMail<DecisionMail>(deps.jobs, deps.mailer, PROPOSAL_MAIL_JOB, async ({ proposalId, status, title, comment }) => {
    const row = await repo.proposal(deps.db, proposalId);
    if (!row?.proposed_by) return null;
    const person = await getMember(deps.db, row.partner_id, row.proposed_by).catch(() => null);
    // An account that signs in by phone only has no address to write to.
    if (!person?.email) return null;
    const [view] = await present(deps.db, [row]);
    const lang = 'it';
    const first = view.sessions[0]?.start;
    const vars = {
      name: person.name,
      title,
      organisation: view.organisation.name,
      when: first ? formatRome(first, lang) : '',
      comment: comment ?? '',
      url: row.event_id ? `${deps.config.baseUrl}/eventi/${row.event_id}` : `${deps.config.baseUrl}/admin/proposte/${row.id}`,
    };
    const mail: Mail = {
      to: person.email,
      subject: t(lang, `events.proposals.mail.${status}.subject`, vars),
      text: t(lang, `events.proposals.mail.${status}.body`, vars),
    };
    return mail;
  });
}

/** A partner's venues, the events held there and their figures: counts only, never who booked or came. */
export async function partnerOverview(db: Db, organisationId: string): Promise<PartnerOverview> {
  const venues = await organisations.listVenues(db, organisationId);
  const events = await repo.eventsAtVenues(
    db,
    venues.map((v) => v.id),
  );
  const names = await organisations.organisationNames(db, [...new Set(events.map((e) => e.organisation_id))]);
  return {
    venues: venues.map((v) => ({
      id: v.id,
      name: v.name,
      events: events
        .filter((e) => e.venue_id === v.id)
        .map((e) => ({
          id: e.id,
          title: e.title,
          organiser: names.get(e.organisation_id) ?? '',
          start: e.starts_at,
          status: e.status,
          capacity: Number(e.capacity),
          booked: Number(e.taken),
          waiting: Number(e.waiting),
          present: Number(e.present ?? 0),
        })),
    })),
  };
}

/** What the proposal form offers a partner: the programmes of the organisations it is an accepted partner of, and the venues it may use. */
export async function proposalChoices(db: Db, partnerId: string) {
  const partners = await organisations.acceptedPartners(db, partnerId);
  const programmes = (await Promise.all(partners.map((p) => listProgrammes(db, p.id)))).flat();
  const own = await organisations.listVenues(db, partnerId);
  const theirs = (await Promise.all(partners.map((p) => organisations.listVenues(db, p.id)))).flat();
  return {
    programmes: programmes.map((p) => ({ id: p.id, name: p.name, organisation: p.organisation.name })),
    venues: [...own, ...theirs].map((v) => ({ id: v.id, name: v.name, own: v.organisation === partnerId })),
  };
}

export type { ProposalView as ProposalViewOf } from './schemas.js';
