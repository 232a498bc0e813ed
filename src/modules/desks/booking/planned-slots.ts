import { type DayPlan, datesBetween, planDay, type Schedule, type Slot, slotsOfDay } from '../slots.js';

/** A slot someone could book if places are left, with the plan of its day (operators on duty). */
export interface PlannedSlot {
  slot: Slot;
  plan: DayPlan;
}

/**
 * Every slot of a service with at least one operator on duty between two dates, in time order.
 * Laying out 90 days of a desk with ten operators (each day's periods, shifts and blocked times
 * turned into instants and swept into a profile) took about half of a free-slots request, and the
 * answer depends only on the schedule, the duration and the dates. So the last schedules seen are
 * kept, keyed by the schedule itself as read from the database on this request (hours, the
 * exceptions of the span, every shift), the duration and the dates: a change of hours, a closure
 * or a new shift is a new key, never a stale answer. Only places taken change between requests,
 * and those are read every time. The lists are shared: callers must not change them.
 */
const KEPT = 64;
/**
 * And at most this many bytes, estimated: a slot with its share of its day's plan (160 bytes), and
 * what free-places.ts keeps beside each list while it is here (the slot's answer item, 120, and its
 * share of the answer's bytes and their compressed copies, 100), and the key.
 */
const KEPT_BYTES = 8 * 1024 * 1024;
const SLOT_BYTES = 380;
const kept = new Map<string, PlannedSlot[]>();
let keptBytes = 0;
const bytesOf = (key: string, slots: PlannedSlot[]) => 2 * key.length + SLOT_BYTES * slots.length;

export function plannedSlots(schedule: Schedule, durationMinutes: number, from: string, to: string): PlannedSlot[] {
  const key = `${durationMinutes}|${from}|${to}|${JSON.stringify(schedule)}`;
  const hit = kept.get(key);
  if (hit) return hit;
  const slots: PlannedSlot[] = [];
  for (const date of datesBetween(from, to)) {
    const plan = planDay(date, schedule);
    if (plan.periods.length === 0) continue;
    for (const slot of slotsOfDay(plan, durationMinutes)) if (slot.capacity > 0) slots.push({ slot, plan });
  }
  // The oldest goes first: a few desks' lists per process, each a few hundred kilobytes at most.
  const bytes = bytesOf(key, slots);
  while (kept.size > 0 && (kept.size >= KEPT || keptBytes + bytes > KEPT_BYTES)) {
    const oldest = kept.keys().next().value as string;
    keptBytes -= bytesOf(oldest, kept.get(oldest) as PlannedSlot[]);
    kept.delete(oldest);
  }
  if (bytes <= KEPT_BYTES) {
    kept.set(key, slots);
    keptBytes += bytes;
  }
  return slots;
}
