import { z } from 'zod';
import { auditLog } from '../../core/audit.js';
import { isId, newId } from '../../core/ids.js';
import { type FieldError, fieldError, refuse } from '../../core/problems.js';
import { organisationThrough } from '../../core/rows.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { AgreementCommitmentTable } from '../../db/schema.js';
import { eventsHeldAt } from '../events/service.js';
import { volunteerFulfilment } from '../volunteers/service.js';
import { getAgreement, organisationNames, venuesByIds } from './service.js';

const agreementLog = auditLog('agreement');

/**
 * What each partner commits to in an agreement (venues, hours per period, volunteers) and what
 * fulfils it within the agreement's dates: the events held at the committed venues with the partner
 * (organised by it, or naming it as a partner), and the shifts its volunteers were marked present at.
 */

export const COMMITMENT_PERIODS = ['month', 'year', 'agreement'] as const;

export const CommitmentCreate = z.object({
  partner: z.string().uuid('organisations.commitments.check.partner'),
  venues: z
    .array(z.string().uuid('organisations.commitments.check.venue'))
    .max(50)
    .transform((v) => [...new Set(v)])
    .default([]),
  hours: z
    .number()
    .int('organisations.commitments.check.hours')
    .min(0, 'organisations.commitments.check.hours')
    .max(100_000, 'organisations.commitments.check.hours'),
  period: z.enum(COMMITMENT_PERIODS, { message: 'organisations.commitments.check.period' }),
  volunteers: z
    .number()
    .int('organisations.commitments.check.volunteers')
    .min(0, 'organisations.commitments.check.volunteers')
    .max(10_000, 'organisations.commitments.check.volunteers'),
});

const Named = z.object({ id: z.string(), name: z.string() });
export const CommitmentOut = z.object({
  id: z.string(),
  partner: Named,
  venues: z.array(Named),
  period: z.enum(COMMITMENT_PERIODS),
  committed: z.object({
    /** Hours per period, as agreed. */
    hoursPerPeriod: z.number(),
    /** Over the agreement's dates (to today when it has no end): hours per period times the periods. */
    hours: z.number(),
    volunteers: z.number(),
  }),
  fulfilled: z.object({
    events: z.array(z.object({ id: z.string(), title: z.string(), start: z.string(), venue: z.string(), hours: z.number() })),
    eventHours: z.number(),
    shifts: z.number(),
    shiftHours: z.number(),
    hours: z.number(),
    volunteers: z.number(),
  }),
});
export type CommitmentView = z.output<typeof CommitmentOut>;

const DAY_MS = 86_400_000;

/** The agreement's dates as instants [from, to): its end, or today when it has none. */
function span(agreement: { start: string; end: string | null }): { from: string; to: string; days: number } {
  const from = `${agreement.start}T00:00:00.000Z`;
  const end = agreement.end ?? nowIso().slice(0, 10);
  const to = new Date(Date.parse(`${end}T00:00:00.000Z`) + DAY_MS).toISOString();
  return { from, to, days: Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS)) };
}

/** How many periods the agreement spans: months and years to the nearest whole one, at least one. */
function periods(period: AgreementCommitmentTable['period'], days: number): number {
  if (period === 'agreement') return 1;
  return Math.max(1, Math.round(days / (period === 'month' ? 30.44 : 365.25)));
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The agreement's commitments, each with what fulfils it. */
export async function commitmentsOf(db: Db, agreementId: string): Promise<CommitmentView[]> {
  const agreement = await getAgreement(db, agreementId);
  const rows = await db.k
    .selectFrom('agreement_commitments')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (rows.length === 0) return [];
  const { from, to, days } = span(agreement);
  const venueIds = [...new Set(rows.flatMap((r) => JSON.parse(r.venues) as string[]))];
  const [venues, names, held] = await Promise.all([
    venuesByIds(db, venueIds),
    organisationNames(
      db,
      rows.map((r) => r.partner_id),
    ),
    eventsHeldAt(db, venueIds, from, to),
  ]);
  return Promise.all(
    rows.map(async (r) => {
      const mine = JSON.parse(r.venues) as string[];
      // An event counts when it is at a committed venue and the partner organises it or is named on it.
      const events = held.filter(
        (e) => mine.includes(e.venueId) && (e.organisationId === r.partner_id || e.partners.includes(r.partner_id)),
      );
      const shifts = await volunteerFulfilment(db, r.partner_id, from, to);
      const eventHours = round(events.reduce((h, e) => h + e.hours, 0));
      return {
        id: r.id,
        partner: { id: r.partner_id, name: names.get(r.partner_id) ?? '' },
        venues: mine.map((id) => ({ id, name: venues.get(id)?.name ?? '' })),
        period: r.period,
        committed: { hoursPerPeriod: Number(r.hours), hours: Number(r.hours) * periods(r.period, days), volunteers: Number(r.volunteers) },
        fulfilled: {
          events: events.map((e) => ({
            id: e.id,
            title: e.title,
            start: e.start,
            venue: venues.get(e.venueId)?.name ?? '',
            hours: e.hours,
          })),
          eventHours,
          shifts: shifts.shifts,
          shiftHours: shifts.hours,
          hours: round(eventHours + shifts.hours),
          volunteers: shifts.volunteers,
        },
      };
    }),
  );
}

export async function organisationOfCommitment(db: Db, id: string | undefined): Promise<string | undefined> {
  return isId(id) ? organisationThrough(db, 'agreement_commitments', 'agreement_id', 'agreements', id) : undefined;
}

/** Records a partner's commitment: the partner must be named in the agreement, the venues its own or the agreement owner's. */
export async function addCommitment(db: Db, userId: string | null, agreementId: string, input: unknown): Promise<CommitmentView> {
  const data = parse(CommitmentCreate, input);
  const agreement = await getAgreement(db, agreementId);
  const errors: FieldError[] = [];
  if (!agreement.partners.some((p) => p.id === data.partner))
    errors.push(fieldError('partner', 'organisations.commitments.check.notPartner'));
  const venues = await venuesByIds(db, data.venues);
  if (data.venues.some((v) => ![data.partner, agreement.organisation].includes(venues.get(v)?.organisation ?? ''))) {
    errors.push(fieldError('venues', 'organisations.commitments.check.venueNotAllowed'));
  }
  if (errors.length > 0) throw refuse(422, 'organisations.commitments.error.invalid', undefined, errors);
  const row: AgreementCommitmentTable = {
    id: newId(),
    agreement_id: agreementId,
    partner_id: data.partner,
    venues: JSON.stringify(data.venues),
    hours: data.hours,
    period: data.period,
    volunteers: data.volunteers,
    created_at: nowIso(),
  };
  await db.k.transaction().execute(async (trx) => {
    await trx.insertInto('agreement_commitments').values(row).execute();
    await agreementLog(trx, 'agreement.commitment-added', { id: agreementId, organisationId: agreement.organisation }, userId, {
      commitment: row.id,
      partner: data.partner,
    });
  });
  return (await commitmentsOf(db, agreementId)).find((c) => c.id === row.id) as CommitmentView;
}

export async function removeCommitment(db: Db, userId: string | null, commitmentId: string): Promise<{ agreementId: string }> {
  const row = isId(commitmentId)
    ? await db.k.selectFrom('agreement_commitments').selectAll().where('id', '=', commitmentId).executeTakeFirst()
    : undefined;
  if (!row) throw refuse(404, 'organisations.commitments.error.notFound');
  const organisationId = await organisationOfCommitment(db, commitmentId);
  await db.k.transaction().execute(async (trx) => {
    await trx.deleteFrom('agreement_commitments').where('id', '=', commitmentId).execute();
    await agreementLog(trx, 'agreement.commitment-removed', { id: row.agreement_id, organisationId: organisationId ?? null }, userId, {
      commitment: commitmentId,
    });
  });
  return { agreementId: row.agreement_id };
}
