import { hasRole } from '../../../core/access.js';
import { auditLog } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import { isId, newId } from '../../../core/ids.js';
import { fieldError, refuse } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { ProgrammePlanItemTable, ProgrammeTable } from '../../../db/schema.js';
import { type Audience, getEvent, getEvents, seriesEvents } from '../../events/service.js';
import * as programmeRepo from '../repo.js';
import * as repo from './repo.js';
import { PLAN_ITEMS_MAX, PlanEditInput, PlanItemInput, PlanLinkInput } from './schemas.js';

const programmeLog = auditLog('programme');

/** Audits a change of a programme's plan: a line on the programme, naming the item in the details. */
function auditPlan(
  trx: Parameters<typeof programmeLog>[0],
  by: Principal | null,
  programme: ProgrammeTable,
  action: string,
  details: object,
) {
  return programmeLog(trx, action, { id: programme.id, organisationId: programme.organisation_id }, by, details);
}

/**
 * A programme's plan: the courses it promises, by audience, with or without a date yet. Items are
 * linked to an event once staff schedule it; the event's series comes with it, so a course of
 * eight meetings shows its eight dates. Events are read through the events service.
 */

export interface DatedEvent {
  id: string;
  title: string;
  /** ISO instant of the first session. */
  start: string;
  page: string;
}

export interface PlanItem {
  id: string;
  position: number;
  title: string;
  audience: Audience;
  description: string | null;
  expected: string | null;
  expectedMonth: string | null;
  eventId: string | null;
  seriesId: string | null;
  /** Published public events of the item, in date order; empty while it has no date. */
  events: DatedEvent[];
}

async function datedEvents(db: Db, row: ProgrammePlanItemTable): Promise<DatedEvent[]> {
  if (row.series_id) {
    return (await seriesEvents(db, row.series_id))
      .filter((e) => e.status === 'published' && e.visibility === 'public')
      .map((e) => ({ id: e.id, title: e.title, start: e.start, page: `/eventi/${e.id}` }));
  }
  if (!row.event_id) return [];
  return (
    (await getEvents(db, [row.event_id]))
      // An unlisted course or one by invitation is reached by its link only, never from a public page.
      .filter((e) => e.status === 'published' && e.visibility === 'public')
      .map((e) => ({ id: e.id, title: e.title, start: e.start, page: e.page }))
  );
}

async function present(db: Db, rows: ProgrammePlanItemTable[]): Promise<PlanItem[]> {
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      position: Number(r.position),
      title: r.title,
      audience: r.audience as Audience,
      description: r.description,
      expected: r.expected,
      expectedMonth: r.expected_month,
      eventId: r.event_id,
      seriesId: r.series_id,
      events: await datedEvents(db, r),
    })),
  );
}

/** The programme's row, or 404 (a malformed id too). */
async function programmeOr404(db: Db, programmeId: string) {
  const row = isId(programmeId) ? await programmeRepo.programmeRow(db, programmeId) : undefined;
  if (!row) throw refuse(404, 'programme.error.notFound');
  return row;
}

/** The plan of a programme, public: it names courses and their published dates, no person. */
export async function getPlan(db: Db, programmeId: string): Promise<PlanItem[]> {
  await programmeOr404(db, programmeId);
  return present(db, await repo.planItems(db, programmeId));
}

function assertStaff(principal: Principal | null, organisationId: string): void {
  if (principal && !hasRole(principal, organisationId, ORG_STAFF)) throw refuse(403, 'programme.error.staffOnly');
}

/** The event (with its series) an item links to: it must be one of the programme owner's events. */
async function linkOf(db: Db, organisationId: string, eventId: string | null | undefined) {
  if (!eventId) return { eventId: null, seriesId: null };
  const event = await getEvent(db, eventId, { includeDrafts: true }).catch(() => null);
  if (!event || event.organisation.id !== organisationId) {
    throw refuse(422, 'programme.plan.error.event', undefined, [fieldError('eventId', 'programme.plan.error.event.field')]);
  }
  return { eventId: event.id, seriesId: event.seriesId };
}

/** Adds a course at the end of the plan (staff of the owner; the demo passes null). */
export async function addPlanItem(db: Db, principal: Principal | null, programmeId: string, input: unknown): Promise<PlanItem> {
  const data = parse(PlanItemInput, input);
  const programme = await programmeOr404(db, programmeId);
  assertStaff(principal, programme.organisation_id);
  const link = await linkOf(db, programme.organisation_id, data.eventId);
  const id = newId();
  const now = nowIso();
  await db.k.transaction().execute(async (trx) => {
    // Locks the programme row, so concurrent additions take positions one after the other.
    await programmeRepo.updateProgrammeRow(trx, programmeId, {});
    const added = await repo.appendItem(
      trx,
      {
        id,
        programme_id: programmeId,
        title: data.title,
        audience: data.audience,
        description: data.description ?? null,
        expected: data.expected ?? null,
        expected_month: data.expectedMonth ?? null,
        event_id: link.eventId,
        series_id: link.seriesId,
        created_at: now,
        updated_at: now,
      },
      PLAN_ITEMS_MAX,
    );
    if (!added) throw refuse(422, 'programme.plan.error.full', { max: PLAN_ITEMS_MAX });
    await auditPlan(trx, principal, programme, 'programme.plan.add', { item: id, linked: link.eventId !== null });
  });
  const row = await repo.planItem(db, programmeId, id);
  return (await present(db, row ? [row] : []))[0];
}

async function itemOr404(db: Db, programmeId: string, itemId: string) {
  const row = isId(itemId) ? await repo.planItem(db, programmeId, itemId) : undefined;
  if (!row) throw refuse(404, 'programme.plan.error.notFound');
  return row;
}

/** One course of the plan, or 404 (also when it belongs to another programme). */
export async function getPlanItem(db: Db, programmeId: string, itemId: string): Promise<PlanItem> {
  await programmeOr404(db, programmeId);
  return (await present(db, [await itemOr404(db, programmeId, itemId)]))[0];
}

/** Links an item to the event it became (or unlinks it, with no event). */
export async function linkPlanItem(db: Db, principal: Principal | null, programmeId: string, itemId: string, input: unknown) {
  const data = parse(PlanLinkInput, input);
  const programme = await programmeOr404(db, programmeId);
  assertStaff(principal, programme.organisation_id);
  await itemOr404(db, programmeId, itemId);
  const link = await linkOf(db, programme.organisation_id, data.eventId);
  await db.k.transaction().execute(async (trx) => {
    await repo.setItemLink(trx, itemId, link.eventId, link.seriesId, nowIso());
    await auditPlan(trx, principal, programme, 'programme.plan.link', { item: itemId, event: link.eventId });
  });
}

/** Changes an item's title, audience, description or expected period; what is not sent stays. */
export async function editPlanItem(
  db: Db,
  principal: Principal | null,
  programmeId: string,
  itemId: string,
  input: unknown,
): Promise<PlanItem> {
  const data = parse(PlanEditInput, input);
  const programme = await programmeOr404(db, programmeId);
  assertStaff(principal, programme.organisation_id);
  await itemOr404(db, programmeId, itemId);
  const words: repo.PlanItemWords = {};
  if (data.title !== undefined) words.title = data.title;
  if (data.audience !== undefined) words.audience = data.audience;
  if (data.description !== undefined) words.description = data.description;
  if (data.expected !== undefined) words.expected = data.expected;
  if (data.expectedMonth !== undefined) words.expected_month = data.expectedMonth;
  await db.k.transaction().execute(async (trx) => {
    await repo.updateItemWords(trx, programmeId, itemId, words, nowIso());
    await auditPlan(trx, principal, programme, 'programme.plan.edit', { item: itemId, fields: Object.keys(words) });
  });
  const row = await repo.planItem(db, programmeId, itemId);
  return (await present(db, row ? [row] : []))[0];
}

export async function removePlanItem(db: Db, principal: Principal | null, programmeId: string, itemId: string): Promise<void> {
  const programme = await programmeOr404(db, programmeId);
  assertStaff(principal, programme.organisation_id);
  await itemOr404(db, programmeId, itemId);
  await db.k.transaction().execute(async (trx) => {
    await repo.deleteItem(trx, programmeId, itemId);
    await auditPlan(trx, principal, programme, 'programme.plan.remove', { item: itemId });
  });
}
