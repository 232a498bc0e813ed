/**
 * Slot computation, pure: no database, no clock (the caller passes "now").
 *
 * A desk's week is written in Rome wall-clock times ("Tuesday 09:00–12:30, 2 operators"). For each
 * date the periods are turned into real instants with Luxon in Europe/Rome, and slots are laid
 * from the period's start every `duration` minutes of real time while they fit before its end.
 * On an ordinary day that is the same as stepping the wall clock; on the two days a year the
 * clocks change it means no slot is lost, doubled or shifted: every slot lasts exactly its
 * duration, starts at the wall time shown to people, and the operators' real hours are all used.
 *
 * Capacity is a step function of time: the operators on duty. A slot's capacity is the smallest
 * number of operators on duty over its whole span (an operator leaving at 11:00 takes away the
 * 10:45–11:15 slot's second place too). Capacity is checked in 5-minute units of real time, the
 * same units the database counts in `desk_slot_usage`, so slots of services of different lengths
 * share the operators correctly.
 */
import { DateTime } from 'luxon';
import { localInstant, romeDate, romeIso, romeOffset, ZONE } from '../../core/time.js';
import { holidayName } from './holidays.js';

export { localInstant, romeDate, romeIso, romeOffset };

const DAY_MS = 86_400_000;

export const UNIT_MINUTES = 5;
export const UNIT_MS = UNIT_MINUTES * 60_000;

export interface WeeklyPeriod {
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** 'HH:MM', Rome wall-clock time. */
  start: string;
  end: string;
  operators: number;
}

export interface ScheduleException {
  kind: 'closed' | 'open' | 'blocked';
  /** 'YYYY-MM-DD', inclusive. */
  from: string;
  to: string;
  start: string | null;
  end: string | null;
  operators: number | null;
}

export interface OperatorShift {
  /** Identifies the operator, so a one-day shift replaces the same person's weekly one. */
  key: string;
  weekday: number | null;
  date: string | null;
  start: string;
  end: string;
  absent: boolean;
}

export interface Schedule {
  weekly: WeeklyPeriod[];
  exceptions: ScheduleException[];
  shifts: OperatorShift[];
  /** 'MM-DD' or null. */
  patronDay: string | null;
}

/** Instants as epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}
export interface Period extends Interval {
  operators: number;
}
export interface Segment extends Interval {
  operators: number;
}
export interface Slot extends Interval {
  capacity: number;
}

export interface DayPlan {
  date: string;
  holiday: string | null;
  closed: boolean;
  periods: Period[];
  blocked: Interval[];
  /** Operators on duty, as non-overlapping segments in time order; time outside them has none. */
  profile: Segment[];
}

// Rome time: the fast conversions live in core/time.ts; the labels below are the desk's own.

const dayLabels = new Map<string, string>();

/** "martedì 3 dicembre" for a date. */
export function dayLabel(date: string, lang: 'it' | 'en' = 'it', withYear = false): string {
  const key = `${date}|${lang}|${withYear}`;
  let label = dayLabels.get(key);
  if (label === undefined) {
    label = DateTime.fromISO(date, { zone: ZONE })
      .setLocale(lang)
      .toFormat(withYear ? 'cccc d LLLL yyyy' : 'cccc d LLLL');
    if (dayLabels.size > 5000) dayLabels.clear();
    dayLabels.set(key, label);
  }
  return label;
}

/** "martedì 3 dicembre, 9:30–10:00": how a slot is read out, in full. */
export function slotLabel(start: string | number, end: string | number, lang: 'it' | 'en' = 'it', withYear = false): string {
  const s = romeIso(typeof start === 'number' ? start : Date.parse(start));
  const e = romeIso(typeof end === 'number' ? end : Date.parse(end));
  const time = (iso: string) => `${Number(iso.slice(11, 13))}:${iso.slice(14, 16)}`;
  return `${dayLabel(s.slice(0, 10), lang, withYear)}, ${time(s)}–${time(e)}`;
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** Dates from `from` to `to` inclusive ('YYYY-MM-DD'). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const last = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= last; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const covers = (e: ScheduleException, date: string) => e.from <= date && date <= e.to;

/** Sums step contributions into non-overlapping segments (a sweep over the boundaries). */
function sweep(parts: Segment[]): Segment[] {
  const edges = new Map<number, number>();
  for (const p of parts) {
    if (p.end <= p.start || p.operators === 0) continue;
    edges.set(p.start, (edges.get(p.start) ?? 0) + p.operators);
    edges.set(p.end, (edges.get(p.end) ?? 0) - p.operators);
  }
  const times = [...edges.keys()].sort((a, b) => a - b);
  const out: Segment[] = [];
  let level = 0;
  for (let i = 0; i < times.length - 1; i++) {
    level += edges.get(times[i])!;
    if (level > 0) {
      const last = out[out.length - 1];
      if (last && last.end === times[i] && last.operators === level) last.end = times[i + 1];
      else out.push({ start: times[i], end: times[i + 1], operators: level });
    }
  }
  return out;
}

/** Removes the blocked intervals from a profile. */
function subtract(profile: Segment[], blocked: Interval[]): Segment[] {
  let out = profile;
  for (const b of blocked) {
    const next: Segment[] = [];
    for (const s of out) {
      if (b.end <= s.start || b.start >= s.end) next.push(s);
      else {
        if (s.start < b.start) next.push({ start: s.start, end: b.start, operators: s.operators });
        if (s.end > b.end) next.push({ start: b.end, end: s.end, operators: s.operators });
      }
    }
    out = next;
  }
  return out;
}

/** What a desk is doing on a date: holiday or closure, opening periods, blocked times and the operators on duty. */
export function planDay(date: string, schedule: Schedule): DayPlan {
  const weekday = weekdayOf(date);
  const holiday = holidayName(date, schedule.patronDay);
  const closed = schedule.exceptions.some((e) => covers(e, date) && (e.kind === 'closed' || (e.kind === 'blocked' && !e.start)));
  const periods: Period[] = [];
  if (!holiday && !closed) {
    for (const w of schedule.weekly) {
      if (w.weekday === weekday)
        periods.push({ start: localInstant(date, w.start), end: localInstant(date, w.end), operators: w.operators });
    }
  }
  // An extra opening is explicit: it opens even on a holiday or inside a closure.
  for (const e of schedule.exceptions) {
    if (e.kind === 'open' && covers(e, date) && e.start && e.end) {
      periods.push({ start: localInstant(date, e.start), end: localInstant(date, e.end), operators: e.operators ?? 1 });
    }
  }
  periods.sort((a, b) => a.start - b.start);
  const blocked: Interval[] = schedule.exceptions
    .filter((e) => e.kind === 'blocked' && covers(e, date) && e.start && e.end)
    .map((e) => ({ start: localInstant(date, e.start!), end: localInstant(date, e.end!) }));

  // Operators: a one-day shift (or absence) replaces the same operator's weekly shifts that day.
  const dated = schedule.shifts.filter((s) => s.date === date);
  const replaced = new Set(dated.map((s) => s.key));
  const weekly = schedule.shifts.filter((s) => s.date === null && s.weekday === weekday && !replaced.has(s.key));
  const candidates = [...weekly, ...dated];
  const asInterval = (s: OperatorShift) => ({ start: localInstant(date, s.start), end: localInstant(date, s.end) });
  const parts: Segment[] = [];
  for (const p of periods) {
    // A period with operators assigned counts them; one without counts its own number.
    const assigned = candidates.filter((s) => {
      if (s.absent) return true;
      const i = asInterval(s);
      return i.start < p.end && i.end > p.start;
    });
    if (assigned.length === 0) {
      parts.push({ ...p });
      continue;
    }
    for (const s of assigned) {
      if (s.absent) continue;
      const i = asInterval(s);
      parts.push({ start: Math.max(i.start, p.start), end: Math.min(i.end, p.end), operators: 1 });
    }
  }
  const profile = subtract(sweep(parts), blocked);
  return { date, holiday, closed, periods, blocked, profile };
}

/** The fewest operators on duty at any moment of [start, end); 0 where nobody is. */
export function minOperators(profile: Segment[], start: number, end: number): number {
  let covered = start;
  let min = Number.POSITIVE_INFINITY;
  for (const s of profile) {
    if (s.end <= start) continue;
    if (s.start >= end) break;
    if (s.start > covered) return 0;
    min = Math.min(min, s.operators);
    covered = s.end;
    if (covered >= end) break;
  }
  return covered >= end && min !== Number.POSITIVE_INFINITY ? min : 0;
}

/** Every slot of a service on a date, including full ones' capacity 0 where nobody is on duty. */
export function slotsOfDay(plan: DayPlan, durationMinutes: number): Slot[] {
  const step = durationMinutes * 60_000;
  const byStart = new Map<number, Slot>();
  for (const p of plan.periods) {
    for (let t = p.start; t + step <= p.end; t += step) {
      if (!byStart.has(t)) byStart.set(t, { start: t, end: t + step, capacity: minOperators(plan.profile, t, t + step) });
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** The 5-minute units of an interval, as UTC ISO instants (the keys of `desk_slot_usage`). */
export function unitsOf(start: number, end: number): string[] {
  const out: string[] = [];
  for (let t = start; t < end; t += UNIT_MS) out.push(new Date(t).toISOString());
  return out;
}

/** Operators on duty in each 5-minute unit of a slot. */
export function unitCapacities(plan: DayPlan, slot: Interval): { unit: string; capacity: number }[] {
  const out: { unit: string; capacity: number }[] = [];
  for (let t = slot.start; t < slot.end; t += UNIT_MS) {
    out.push({ unit: new Date(t).toISOString(), capacity: minOperators(plan.profile, t, Math.min(t + UNIT_MS, slot.end)) });
  }
  return out;
}

export type SlotRefusal = 'past' | 'holiday' | 'closed' | 'outside-hours' | 'not-aligned' | 'blocked' | 'no-operators';

/** Whether an instant starts a bookable slot of the service, and if not, why. */
export function checkSlot(
  startMs: number,
  durationMinutes: number,
  schedule: Schedule,
  nowMs: number,
): { ok: true; slot: Slot; plan: DayPlan } | { ok: false; reason: SlotRefusal; holiday?: string } {
  if (startMs <= nowMs) return { ok: false, reason: 'past' };
  const plan = planDay(romeDate(startMs), schedule);
  const slot = slotsOfDay(plan, durationMinutes).find((s) => s.start === startMs);
  if (slot) {
    if (slot.capacity > 0) return { ok: true, slot, plan };
    const blocked = plan.blocked.some((b) => b.start < slot.end && b.end > slot.start);
    return { ok: false, reason: blocked ? 'blocked' : 'no-operators' };
  }
  if (plan.periods.length === 0 && plan.holiday) return { ok: false, reason: 'holiday', holiday: plan.holiday };
  if (plan.periods.length === 0 && plan.closed) return { ok: false, reason: 'closed' };
  const step = durationMinutes * 60_000;
  const inside = plan.periods.find((p) => p.start <= startMs && startMs < p.end);
  if (inside && (startMs - inside.start) % step !== 0) return { ok: false, reason: 'not-aligned' };
  return { ok: false, reason: 'outside-hours' };
}
