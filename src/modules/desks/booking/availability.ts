import { DateTime } from 'luxon';
import type { z } from 'zod';
import { type Lang, t } from '../../../core/i18n.js';
import { fieldError, refuse } from '../../../core/problems.js';
import { now } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import { changeStamp, type Db } from '../../../db/index.js';
import { BOOKING_HORIZON_DAYS, type DeskCore, type DeskView, type ServiceView, type SlotView, todayInRome } from '../model.js';
import { instantMs, MAX_SLOT_DAYS, SlotsQuery } from '../schemas.js';
import { getDeskCore } from '../setup/desks.js';
import { exceptionView } from '../setup/exceptions.js';
import { checkSlot, planDay, romeDate, type Schedule, type Slot, slotsOfDay, unitCapacities } from '../slots.js';
import { freePlacesAfter, freeSlotsBodyAfter, type SlotsBody } from './free-places.js';
import { perDb } from './per-db.js';
import { type PlannedSlot, plannedSlots } from './planned-slots.js';
import { type DeskSchedule, deskScheduleOrRefuse, keptRowsBetween, rowsBetween, type ScheduleRows } from './schedule-cache.js';

export { encodedBody, type SlotsBody } from './free-places.js';
export type { ScheduleRows } from './schedule-cache.js';

/** Free slots: a desk's schedule for a span of days, the places taken, and whether a slot can be booked. */

/** The exceptions and operators' shifts of a desk between two dates, from its kept schedule. */
export async function scheduleRows(db: Db, deskId: string, from: string, to: string): Promise<ScheduleRows> {
  return rowsBetween(db, await deskScheduleOrRefuse(db, deskId, { includeInactive: true }), from, to);
}

export function toSchedule(desk: Pick<DeskCore, 'openingHours' | 'patronDay'>, [exceptions, operators]: ScheduleRows): Schedule {
  return {
    weekly: desk.openingHours,
    exceptions: exceptions.map(exceptionView),
    shifts: operators.map((o) => ({
      key: o.user_id ?? o.name.trim().toLowerCase(),
      weekday: o.weekday === null ? null : Number(o.weekday),
      date: o.on_date,
      start: o.start_time,
      end: o.end_time,
      absent: Number(o.absent) === 1,
    })),
    patronDay: desk.patronDay,
  };
}

/** Everything the slot computation needs between two dates. */
export async function loadSchedule(
  db: Db,
  desk: Pick<DeskCore, 'id' | 'openingHours' | 'patronDay'>,
  from: string,
  to: string,
): Promise<Schedule> {
  return toSchedule(desk, await scheduleRows(db, desk.id, from, to));
}

export function offeredService(desk: Pick<DeskCore, 'services'>, code: string): ServiceView {
  const service = desk.services.find((s) => s.code === code);
  if (!service) {
    throw refuse(422, 'desks.error.service', { code }, [
      fieldError('service', 'desks.error.service.field', { codes: desk.services.map((s) => s.code).join(', ') }),
    ]);
  }
  return service;
}

export function dateRange(query: { from?: string; to?: string }): { from: string; to: string } {
  const from = query.from ?? todayInRome();
  const to = query.to ?? DateTime.fromISO(from, { zone: 'utc' }).plus({ days: 13 }).toISODate()!;
  if (to < from) throw refuse(400, 'desks.error.range.order', undefined, [fieldError('to', 'desks.error.range.order.field')]);
  // Both are valid dates (SlotsQuery): whole days apart at UTC midnight.
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_SLOT_DAYS) {
    throw refuse(400, 'desks.error.range.long', { days: MAX_SLOT_DAYS }, [
      fieldError('to', 'desks.error.range.long.field', { days: MAX_SLOT_DAYS }),
    ]);
  }
  return { from, to };
}

/** Free slots of a service between two dates (Rome), in the future only, each with its free places. */
export async function freeSlots(db: Db, deskId: string, input: unknown): Promise<{ service: ServiceView; items: SlotView[] }> {
  const query = parse(SlotsQuery, input, 'I parametri della richiesta');
  const desk = await getDeskCore(db, deskId);
  const service = offeredService(desk, query.service);
  return { service, items: await slotsBetween(db, desk, service, dateRange(query)) };
}

/**
 * The last planned slots of each free-slots question (desk, service, dates), with the desk's
 * schedule version they were laid out under and, on SQLite, the database's change stamp read
 * before it: while the stamp is the same, nothing they came from has changed and nothing is read;
 * otherwise the version is (one small query), and while it is the same the slots are still right.
 * The list itself is held by planned-slots.ts's bounded cache; this only points at it.
 */
interface Asked {
  stamp: readonly [number, number] | null;
  version: number;
  planned: WeakRef<PlannedSlot[]>;
}
const ASKED = 1000;
const askedOf = perDb(() => new Map<string, Asked>());

/**
 * Free slots as the API answers them, `{"items":[…]}` in bytes kept between requests (see
 * free-places.ts); the same items as `freeSlots`. The desk's schedule is read again only when it
 * has changed (its version, or on SQLite nothing at all while the database is unchanged since the
 * same question was answered). The query comes checked (by the route's schema).
 */
export async function freeSlotsBody(db: Db, deskId: string, query: z.output<typeof SlotsQuery>): Promise<SlotsBody> {
  const range = dateRange(query);
  const nowMs = now().getTime();
  const key = `${deskId} ${query.service} ${range.from} ${range.to}`;
  const stamp = changeStamp(db);
  const seen = askedOf(db).get(key);
  if (seen && stamp && seen.stamp && seen.stamp[0] === stamp[0] && seen.stamp[1] === stamp[1]) {
    const keptPlanned = seen.planned.deref();
    if (keptPlanned) return freeSlotsBodyAfter(db, deskId, keptPlanned, nowMs);
  }

  const desk = await deskScheduleOrRefuse(db, deskId);
  const service = offeredService(desk.core, query.service);
  let planned = seen?.version === desk.version ? seen.planned.deref() : undefined;
  if (!planned) {
    const schedule = toSchedule(desk.core, await rowsBetween(db, desk, range.from, range.to));
    planned = plannedSlots(schedule, service.durationMinutes, range.from, range.to);
  }
  const m = askedOf(db);
  m.delete(key);
  if (m.size >= ASKED) m.delete(m.keys().next().value as string);
  m.set(key, { stamp, version: desk.version, planned: new WeakRef(planned) });
  return freeSlotsBodyAfter(db, deskId, planned, nowMs);
}

export async function slotsBetween(
  db: Db,
  desk: Pick<DeskCore, 'id' | 'openingHours' | 'patronDay'>,
  service: ServiceView,
  range: { from: string; to: string },
): Promise<SlotView[]> {
  const nowMs = now().getTime();
  const schedule = await loadSchedule(db, desk, range.from, range.to);
  return freePlacesAfter(db, desk.id, plannedSlots(schedule, service.durationMinutes, range.from, range.to), nowMs);
}

/** Days with at least one free slot of the service, with how many, between two dates. */
export async function freeDays(
  db: Db,
  desk: DeskView,
  serviceCode: string,
  from: string,
  to: string,
): Promise<{ date: string; slots: SlotView[] }[]> {
  const service = offeredService(desk, serviceCode);
  const items = await slotsBetween(db, desk, service, dateRange({ from, to }));
  const byDay = new Map<string, SlotView[]>();
  for (const s of items) {
    const d = s.start.slice(0, 10);
    byDay.set(d, [...(byDay.get(d) ?? []), s]);
  }
  return [...byDay].map(([date, slots]) => ({ date, slots }));
}

/** Whether an instant is further ahead than bookings are taken. */
const beyondHorizon = (startMs: number, nowMs: number) => startMs > nowMs + BOOKING_HORIZON_DAYS * 86_400_000;

/** Checks that an instant starts a bookable slot of the service; the 5-minute units it takes, with their capacity. */
export async function bookableSlot(
  db: Db,
  desk: Pick<DeskCore, 'id' | 'openingHours' | 'patronDay'>,
  service: ServiceView,
  start: string,
  rows?: Promise<ScheduleRows>,
) {
  const startMs = instantMs(start);
  const nowMs = now().getTime();
  const date = romeDate(startMs);
  const fail = (reason: string, holiday?: string) => {
    const vars = { duration: service.durationMinutes, holiday: holiday ?? '', date, days: BOOKING_HORIZON_DAYS };
    return refuse(422, `desks.refusal.${reason}`, vars, [fieldError('start', `desks.refusal.${reason}`, vars)]);
  };
  if (beyondHorizon(startMs, nowMs)) throw fail('horizon');
  const schedule = toSchedule(desk, await (rows ?? scheduleRows(db, desk.id, date, date)));
  const checked = checkSlot(startMs, service.durationMinutes, schedule, nowMs);
  if (!checked.ok) throw fail(checked.reason, checked.holiday);
  return { slot: checked.slot, units: unitCapacities(checked.plan, checked.slot) };
}

/** A bookable slot of a kept schedule's day, and the operators on duty in each of its 5-minute units. */
export interface KeptSlot {
  slot: Slot;
  units: { unit: string; capacity: number }[];
}

/**
 * Per kept schedule (one version of a desk's schedule), the bookable slots of the days asked for,
 * by duration and day. Laying out a day (its periods, shifts and blocked times swept into a profile
 * of operators) was a quarter of a booking's processor time, the same for every booking of that day
 * while the schedule holds: a new version is a new kept schedule, and its days are laid out afresh.
 */
const keptDays = new WeakMap<DeskSchedule, Map<string, Map<number, KeptSlot>>>();
/** Days laid out per kept schedule, the oldest forgotten first: the booking horizon for two durations. */
const KEPT_DAYS = 800;

/**
 * The slot starting at `start` when the kept schedule makes it bookable now, as bookableSlot would
 * find it, with the same units. Null in every other case (past, beyond the horizon, no operator,
 * not a slot, a day before what the schedule keeps): bookableSlot then decides and says why.
 */
export function keptBookableSlot(kept: DeskSchedule, service: ServiceView, start: string): KeptSlot | null {
  const startMs = instantMs(start);
  const nowMs = now().getTime();
  if (startMs <= nowMs || beyondHorizon(startMs, nowMs)) return null;
  const date = romeDate(startMs);
  let days = keptDays.get(kept);
  if (!days) {
    days = new Map();
    keptDays.set(kept, days);
  }
  const key = `${service.durationMinutes} ${date}`;
  let day = days.get(key);
  if (!day) {
    const rows = keptRowsBetween(kept, date, date);
    if (!rows) return null;
    const plan = planDay(date, toSchedule(kept.core, rows));
    day = new Map();
    for (const slot of slotsOfDay(plan, service.durationMinutes)) {
      if (slot.capacity > 0) day.set(slot.start, { slot, units: unitCapacities(plan, slot) });
    }
    if (days.size >= KEPT_DAYS) days.delete(days.keys().next().value as string);
    days.set(key, day);
  }
  return day.get(startMs) ?? null;
}

/** The desk's core and the day's exceptions and shifts (a booking's reads), from its kept schedule; 404 for a missing or inactive desk. */
export async function deskAndDay(db: Db, deskId: string, start: string): Promise<{ desk: DeskCore; rows: Promise<ScheduleRows> }> {
  const date = romeDate(instantMs(start));
  const desk = await deskScheduleOrRefuse(db, deskId);
  return { desk: desk.core, rows: rowsBetween(db, desk, date, date) };
}

export function slotTakenMessage(lang: Lang = 'it'): string {
  return t(lang, 'desks.error.taken');
}

export const taken = () => refuse(409, 'desks.error.taken', undefined, undefined, { reason: 'taken' });
