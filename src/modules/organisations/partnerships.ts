import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { audit } from '../../core/audit.js';
import { t } from '../../core/i18n.js';
import { isId, newId } from '../../core/ids.js';
import { type FieldError, fieldError, refuse } from '../../core/problems.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { Database, PartnershipTable } from '../../db/schema.js';
import { enqueueRequestMail } from './partnership-mail.js';

/**
 * Partnerships: one organisation asks, the one it names accepts or declines. Only an accepted
 * partnership lets either side use the other's venues (events, facilitation services), so nobody
 * can hold events or record services, which then reach open data, in another body's rooms without
 * its consent. Either side can end a partnership; ending it stops new use of the venues and leaves
 * what already happened there as it was.
 */

export type Executor = Kysely<Database> | Transaction<Database>;

export const PARTNERSHIP_STATUSES = ['pending', 'accepted', 'declined', 'ended'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];
const LIVE: PartnershipStatus[] = ['pending', 'accepted'];

export const PartnershipRequest = z.object({
  partner: z.string({ message: 'partnerships.check.partner' }).refine(isId, 'partnerships.check.partner.id'),
});

const OrgRef = z.object({ id: z.string(), name: z.string() });
export const PartnershipOut = z.object({
  id: z.string(),
  /** The organisation that asked. */
  organisation: OrgRef,
  /** The organisation named, whose consent the partnership needs. */
  partner: OrgRef,
  status: z.enum(PARTNERSHIP_STATUSES),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});

export interface Partnership {
  id: string;
  organisation: { id: string; name: string };
  partner: { id: string; name: string };
  status: PartnershipStatus;
  requestedAt: string;
  decidedAt: string | null;
  endedAt: string | null;
}

const pairOf = (a: string, b: string) => [a, b].sort().join('|');

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

async function present(db: Executor, rows: PartnershipTable[]): Promise<Partnership[]> {
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.flatMap((r) => [r.organisation_id, r.partner_id]))];
  const names = new Map(
    (await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute()).map((o) => [o.id, o.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    organisation: { id: r.organisation_id, name: names.get(r.organisation_id) ?? '' },
    partner: { id: r.partner_id, name: names.get(r.partner_id) ?? '' },
    status: r.status,
    requestedAt: r.requested_at,
    decidedAt: r.decided_at,
    endedAt: r.ended_at,
  }));
}

/** The audit line of a step of a partnership, written by the one writer of the log. */
async function auditStep(db: Executor, userId: string | null, organisationId: string, action: string, p: PartnershipTable) {
  await audit(db, {
    action,
    entity: 'partnership',
    entityId: p.id,
    userId,
    organisationId,
    details: { organisation: p.organisation_id, partner: p.partner_id },
  });
}

// ---------- reading ----------

/**
 * For access rules: the side of the partnership that the path's organisation is, or `undefined`
 * (404) when the partnership does not exist or that organisation is not one of its two sides.
 */
export async function partnershipSide(
  db: Db,
  partnershipId: string | undefined,
  organisationId: string | undefined,
): Promise<string | undefined> {
  if (!isId(partnershipId) || !isId(organisationId)) return undefined;
  const row = await db.k
    .selectFrom('partnerships')
    .select(['organisation_id', 'partner_id'])
    .where('id', '=', partnershipId)
    .executeTakeFirst();
  if (!row) return undefined;
  return row.organisation_id === organisationId || row.partner_id === organisationId ? organisationId : undefined;
}

/** An organisation's partnerships in both directions, the live ones first, newest first. */
export async function listPartnerships(db: Db, organisationId: string): Promise<Partnership[]> {
  const rows = await db.k
    .selectFrom('partnerships')
    .selectAll()
    .where((eb) => eb.or([eb('organisation_id', '=', organisationId), eb('partner_id', '=', organisationId)]))
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const rank = (s: PartnershipStatus) => (s === 'pending' ? 0 : s === 'accepted' ? 1 : 2);
  return (await present(db.k, rows)).sort((a, b) => rank(a.status) - rank(b.status));
}

export async function getPartnership(db: Db, id: string): Promise<Partnership> {
  if (!isId(id)) throw refuse(404, 'partnerships.problem.missing');
  const row = await db.k.selectFrom('partnerships').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw refuse(404, 'partnerships.problem.missing');
  return (await present(db.k, [row]))[0];
}

/** Requests waiting for this organisation's answer. */
export async function pendingRequestsFor(db: Db, organisationId: string): Promise<number> {
  const row = await db.k
    .selectFrom('partnerships')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('partner_id', '=', organisationId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Organisations with an accepted partnership with this one: those whose venues it may use. */
export async function acceptedPartners(db: Db, organisationId: string): Promise<{ id: string; name: string }[]> {
  const ids = [...((await acceptedPartnerIds(db, [organisationId])).get(organisationId) ?? [])];
  if (ids.length === 0) return [];
  const orgs = await db.k.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute();
  return orgs.sort((a, b) => a.name.localeCompare(b.name, 'it'));
}

/**
 * For each organisation given, the organisations it has an accepted partnership with (in either
 * direction): the partners other modules may name in public.
 */
export async function acceptedPartnerIds(db: Db, organisationIds: string[]): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>(organisationIds.map((id) => [id, new Set<string>()]));
  if (organisationIds.length === 0) return found;
  const rows = await db.k
    .selectFrom('partnerships')
    .select(['organisation_id', 'partner_id'])
    .where((eb) => eb.or([eb('organisation_id', 'in', organisationIds), eb('partner_id', 'in', organisationIds)]))
    .where('status', '=', 'accepted')
    .execute();
  for (const r of rows) {
    found.get(r.organisation_id)?.add(r.partner_id);
    found.get(r.partner_id)?.add(r.organisation_id);
  }
  return found;
}

/**
 * Why `organisationId` may not use a venue of `venueOwnerId`, as the error of the form's or the
 * body's `field` (in the request's language once answered), or `null` when it may: its own venue,
 * or one of a partner that has accepted.
 */
export async function venueRefusal(db: Db, organisationId: string, venueOwnerId: string, field = 'venue'): Promise<FieldError | null> {
  if (organisationId === venueOwnerId) return null;
  const live = await db.k
    .selectFrom('partnerships')
    .select('status')
    .where('pair', '=', pairOf(organisationId, venueOwnerId))
    .where('status', 'in', LIVE)
    .executeTakeFirst();
  if (live?.status === 'accepted') return null;
  const owner = await db.k.selectFrom('organisations').select('name').where('id', '=', venueOwnerId).executeTakeFirst();
  const name = owner?.name ?? t('it', 'partnerships.venue.otherOwner');
  return fieldError(field, live?.status === 'pending' ? 'partnerships.venue.pending' : 'partnerships.venue.notPartner', { name });
}

// ---------- writing ----------

/**
 * Asks `partnerId` to become a partner of `organisationId`. 409 when the two already have a
 * partnership, accepted or waiting for an answer (the database holds one live partnership per
 * couple, whichever side asked).
 */
export async function requestPartnership(db: Db, organisationId: string, input: unknown, userId: string | null): Promise<Partnership> {
  const { partner } = parse(PartnershipRequest, input);
  if (partner === organisationId) {
    throw refuse(422, 'partnerships.problem.self', undefined, [fieldError('partner', 'partnerships.problem.self.field')]);
  }
  const exists = await db.k.selectFrom('organisations').select('id').where('id', '=', partner).executeTakeFirst();
  if (!exists) throw refuse(422, 'partnerships.problem.partner', undefined, [fieldError('partner', 'partnerships.problem.partner.field')]);
  const id = await db.k.transaction().execute(async (trx) => insertRequest(trx, organisationId, partner, userId));
  return getPartnership(db, id);
}

const ALREADY = 'partnerships.problem.already';

/** Inserts a request and its audit entry; 409 when the couple already has a live partnership. */
async function insertRequest(
  trx: Transaction<Database>,
  organisationId: string,
  partnerId: string,
  userId: string | null,
): Promise<string> {
  const pair = pairOf(organisationId, partnerId);
  const live = await trx.selectFrom('partnerships').select('id').where('pair', '=', pair).where('status', 'in', LIVE).executeTakeFirst();
  if (live) throw refuse(409, ALREADY);
  const now = nowIso();
  const row: PartnershipTable = {
    id: newId(),
    organisation_id: organisationId,
    partner_id: partnerId,
    pair,
    status: 'pending',
    requested_by: userId,
    requested_at: now,
    decided_by: null,
    decided_at: null,
    ended_by: null,
    ended_at: null,
  };
  try {
    await trx.insertInto('partnerships').values(row).execute();
  } catch (err) {
    // Two requests for the same couple at once: the unique index keeps one, the other is a 409
    // (thrown, so that the transaction is rolled back, as PostgreSQL requires after an error).
    if (isUniqueViolation(err)) throw refuse(409, ALREADY);
    throw err;
  }
  await auditStep(trx, userId, organisationId, 'partnership.request', row);
  await enqueueRequestMail(trx, row.id);
  return row.id;
}

/**
 * Asks each partner named in an agreement that has no live partnership yet. Accepting the request
 * is the partner's signature in Ponte: until then the agreement names it but opens nothing.
 */
export async function requestPartnershipsOfAgreement(
  trx: Transaction<Database>,
  organisationId: string,
  partners: string[],
  userId: string | null,
): Promise<void> {
  for (const p of partners) {
    const pair = pairOf(organisationId, p);
    const live = await trx.selectFrom('partnerships').select('id').where('pair', '=', pair).where('status', 'in', LIVE).executeTakeFirst();
    if (!live) await insertRequest(trx, organisationId, p, userId);
  }
}

/** The named organisation says yes (`accept`) or no (`decline`) to a request waiting for it. */
export async function answerPartnership(
  db: Db,
  partnershipId: string,
  actingOrganisation: string,
  answer: 'accept' | 'decline',
  userId: string | null,
): Promise<Partnership> {
  const current = await getPartnership(db, partnershipId);
  if (current.partner.id !== actingOrganisation) {
    throw refuse(403, 'partnerships.problem.onlyPartner', { partner: current.partner.name });
  }
  const status: PartnershipStatus = answer === 'accept' ? 'accepted' : 'declined';
  const now = nowIso();
  const done = await db.k.transaction().execute(async (trx) => {
    // Only a request still waiting changes: two answers at once leave the first one standing.
    const res = await trx
      .updateTable('partnerships')
      .set({ status, decided_by: userId, decided_at: now })
      .where('id', '=', partnershipId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return false;
    const row = await trx.selectFrom('partnerships').selectAll().where('id', '=', partnershipId).executeTakeFirstOrThrow();
    await auditStep(trx, userId, actingOrganisation, `partnership.${answer}`, row);
    return true;
  });
  if (!done) throw refuse(409, alreadyKey(current.status));
  return getPartnership(db, partnershipId);
}

/** Either side ends an accepted partnership, or withdraws or refuses one still waiting. */
export async function endPartnership(
  db: Db,
  partnershipId: string,
  actingOrganisation: string,
  userId: string | null,
): Promise<Partnership> {
  const current = await getPartnership(db, partnershipId);
  if (current.organisation.id !== actingOrganisation && current.partner.id !== actingOrganisation) {
    throw refuse(404, 'partnerships.problem.missing');
  }
  const now = nowIso();
  const done = await db.k.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('partnerships')
      .set({ status: 'ended', ended_by: userId, ended_at: now })
      .where('id', '=', partnershipId)
      .where('status', 'in', LIVE)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return false;
    const row = await trx.selectFrom('partnerships').selectAll().where('id', '=', partnershipId).executeTakeFirstOrThrow();
    await auditStep(trx, userId, actingOrganisation, 'partnership.end', row);
    return true;
  });
  if (!done) throw refuse(409, alreadyKey(current.status));
  return getPartnership(db, partnershipId);
}

/** The dictionary key of the 409 for a step on a partnership that has already moved on from `status`. */
function alreadyKey(status: PartnershipStatus): string {
  return `partnerships.problem.${status}`;
}

/** One step of the acting organisation on a partnership: accept, decline or end. */
export function actOnPartnership(
  db: Db,
  partnershipId: string,
  actingOrganisation: string,
  action: 'accept' | 'decline' | 'end',
  userId: string | null,
): Promise<Partnership> {
  return action === 'end'
    ? endPartnership(db, partnershipId, actingOrganisation, userId)
    : answerPartnership(db, partnershipId, actingOrganisation, action, userId);
}
