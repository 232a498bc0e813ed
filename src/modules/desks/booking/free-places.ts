import type { Db } from '../../../db/index.js';
import type { SlotView } from '../model.js';
import * as repo from '../repo.js';
import { minOperators, romeIso, UNIT_MS } from '../slots.js';
import type { PlannedSlot } from './planned-slots.js';

/**
 * The free places of a desk's planned slots, kept between requests.
 *
 * A free-slots request over 90 days read about 500 appointments and turned a thousand slots into
 * answers every time, though the places taken change only when someone books, cancels, moves or
 * holds a slot. So the answer is kept beside the planned slots it was computed from (a change of
 * hours, closures or shifts gives new planned slots, and so a new answer), and it is computed
 * again when:
 * - this process has changed the places taken of the desk since (`placesChanged`, called after
 *   each booking, cancellation, move and hold, once its transaction has ended);
 * - a hold it counted expires (a hold stops counting at its expiry, without a write);
 * - it is a second old: another process on the same database (web processes behind a proxy) may
 *   have booked meanwhile. A slot shown free that another process took a moment ago is refused when
 *   booked, as any slot taken between the list and the form: the conditional upsert on
 *   desk_slot_usage alone decides who gets a place.
 * Slots that have begun are left out on every request, from the same kept answer.
 */

/** How long an answer is kept at most, for the places taken through other processes. */
export const KEPT_MS = 1000;

interface Kept {
  version: number;
  computedAt: number;
  /** The answer is stale from this instant: a hold it counted expires, or KEPT_MS have passed. */
  validUntil: number;
  /** Each item's start in epoch ms, in the order of `items` (time order). */
  starts: number[];
  items: SlotView[];
}

interface PerDb {
  versions: Map<string, number>;
  /** By planned list (identity: the same schedule, service length and dates), then by desk. */
  answers: WeakMap<PlannedSlot[], Map<string, Kept>>;
}

const state = new WeakMap<Db, PerDb>();

function stateOf(db: Db): PerDb {
  let s = state.get(db);
  if (!s) {
    s = { versions: new Map(), answers: new WeakMap() };
    state.set(db, s);
  }
  return s;
}

/** The places taken of a desk have changed (a transaction that reserved or released units has ended). */
export function placesChanged(db: Db, deskId: string): void {
  const { versions } = stateOf(db);
  versions.set(deskId, (versions.get(deskId) ?? 0) + 1);
}

/** Free places in each slot: operators on duty minus places taken, in the fullest 5-minute unit. */
export function freePlaces(slots: PlannedSlot[], taken: repo.PlacesTaken, starts?: number[]): SlotView[] {
  const out: SlotView[] = [];
  for (const { slot, plan } of slots) {
    let free = slot.capacity;
    for (let t = slot.start; t < slot.end; t += UNIT_MS) {
      const n = taken.at(t);
      if (n) free = Math.min(free, minOperators(plan.profile, t, Math.min(t + UNIT_MS, slot.end)) - n);
    }
    if (free > 0) {
      out.push({ start: romeIso(slot.start), end: romeIso(slot.end), free });
      starts?.push(slot.start);
    }
  }
  return out;
}

async function compute(db: Db, deskId: string, planned: PlannedSlot[], nowMs: number, version: number): Promise<Kept> {
  let lastEnd = 0;
  for (const p of planned) if (p.slot.end > lastEnd) lastEnd = p.slot.end;
  const fromIso = new Date(planned[0].slot.start).toISOString();
  const taken = await repo.placesTakenBetween(db.k, deskId, fromIso, new Date(lastEnd).toISOString(), new Date(nowMs).toISOString());
  const starts: number[] = [];
  const items = freePlaces(planned, taken, starts);
  return { version, computedAt: nowMs, validUntil: Math.min(nowMs + KEPT_MS, taken.holdsUntil), starts, items };
}

/** The first index whose start is after `nowMs` (starts are in time order). */
function firstAfter(starts: number[], nowMs: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] > nowMs) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The free places of the planned slots that start after `nowMs`. The items are shared between
 * requests: callers must not change them.
 */
export async function freePlacesAfter(db: Db, deskId: string, planned: PlannedSlot[], nowMs: number): Promise<SlotView[]> {
  if (planned.length === 0 || planned[planned.length - 1].slot.start <= nowMs) return [];
  const s = stateOf(db);
  const version = s.versions.get(deskId) ?? 0;
  let byDesk = s.answers.get(planned);
  let kept = byDesk?.get(deskId);
  if (!kept || kept.version !== version || nowMs < kept.computedAt || nowMs >= kept.validUntil) {
    kept = await compute(db, deskId, planned, nowMs, version);
    if (!byDesk) {
      byDesk = new Map();
      s.answers.set(planned, byDesk);
    }
    byDesk.set(deskId, kept);
  }
  const first = firstAfter(kept.starts, nowMs);
  return first === 0 ? kept.items : kept.items.slice(first);
}
