import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Db } from '../../../db/index.js';
import type { SlotView } from '../model.js';
import * as repo from '../repo.js';
import { minOperators, romeIso, UNIT_MS } from '../slots.js';
import { perDb } from './per-db.js';
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
 *
 * The API's answer is kept too, as the bytes sent (`{"items":[…]}`, about 85 KB for 90 days of a
 * busy desk) and compressed once per encoding asked: serialising a thousand slots and compressing
 * them was most of a request once the places were kept. An answer computed again with the same
 * slots and places keeps the bytes, and their compressed copies, it had.
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
  /** The API's answer from `body.first` on, made when first asked. */
  body?: KeptBody;
  /** The answer of the list this one replaced, until compared with this one's. */
  previous?: KeptBody;
}

/** An answer of the free-slots API as sent: JSON in UTF-8, and its compressed copies once asked for. */
export interface SlotsBody {
  json: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

interface KeptBody extends SlotsBody {
  /** The index of the first item it lists. */
  first: number;
}

interface PerDb {
  versions: Map<string, number>;
  /** By planned list (identity: the same schedule, service length and dates), then by desk. */
  answers: WeakMap<PlannedSlot[], Map<string, Kept>>;
}

const stateOf = perDb<PerDb>(() => ({ versions: new Map(), answers: new WeakMap() }));

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

/** The kept answer for the planned slots, computed again when stale, and the index of its first slot after `nowMs`. */
async function keptAfter(db: Db, deskId: string, planned: PlannedSlot[], nowMs: number): Promise<{ kept: Kept; first: number } | null> {
  if (planned.length === 0 || planned[planned.length - 1].slot.start <= nowMs) return null;
  const s = stateOf(db);
  const version = s.versions.get(deskId) ?? 0;
  let byDesk = s.answers.get(planned);
  let kept = byDesk?.get(deskId);
  if (!kept || kept.version !== version || nowMs < kept.computedAt || nowMs >= kept.validUntil) {
    const before = kept;
    kept = await compute(db, deskId, planned, nowMs, version);
    kept.previous = before?.body ?? before?.previous;
    if (!byDesk) {
      byDesk = new Map();
      s.answers.set(planned, byDesk);
    }
    byDesk.set(deskId, kept);
  }
  return { kept, first: firstAfter(kept.starts, nowMs) };
}

/**
 * The free places of the planned slots that start after `nowMs`. The items are shared between
 * requests: callers must not change them.
 */
export async function freePlacesAfter(db: Db, deskId: string, planned: PlannedSlot[], nowMs: number): Promise<SlotView[]> {
  const found = await keptAfter(db, deskId, planned, nowMs);
  if (!found) return [];
  return found.first === 0 ? found.kept.items : found.kept.items.slice(found.first);
}

const NO_SLOTS: SlotsBody = { json: Buffer.from(JSON.stringify({ items: [] })) };

/**
 * The same as the API answers it, `{"items":[…]}`, as bytes shared between requests (callers must
 * not change them): the same bytes as serialising the items, made once per kept answer.
 */
export async function freeSlotsBodyAfter(db: Db, deskId: string, planned: PlannedSlot[], nowMs: number): Promise<SlotsBody> {
  const found = await keptAfter(db, deskId, planned, nowMs);
  if (!found) return NO_SLOTS;
  const { kept, first } = found;
  if (kept.body?.first === first) return kept.body;
  const json = Buffer.from(JSON.stringify({ items: first === 0 ? kept.items : kept.items.slice(first) }));
  // The same bytes as before (the places were read again, nobody had booked): the same answer,
  // compressed copies included.
  const old = kept.body ?? kept.previous;
  kept.body = old?.json.equals(json) ? { ...old, first } : { first, json };
  kept.previous = undefined;
  return kept.body;
}

/** Bodies this small are sent as they are, as the server's compression does (web/static-files.ts). */
const COMPRESS_FROM_BYTES = 1024;
/** Brotli as the server's compression sets it: quality 4 over a 256 KiB window. */
const BROTLI = {
  [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  [constants.BROTLI_PARAM_QUALITY]: 4,
  [constants.BROTLI_PARAM_LGWIN]: 18,
};

/**
 * The bytes to send for a client that accepts `encoding` (br, gzip, or none), compressed the first
 * time they are asked for and kept with the answer.
 */
export function encodedBody(body: SlotsBody, encoding: 'br' | 'gzip' | null): { bytes: Buffer; encoding: 'br' | 'gzip' | null } {
  if (!encoding || body.json.length < COMPRESS_FROM_BYTES) return { bytes: body.json, encoding: null };
  if (encoding === 'br') {
    body.br ??= brotliCompressSync(body.json, { params: { ...BROTLI, [constants.BROTLI_PARAM_SIZE_HINT]: body.json.length } });
    return { bytes: body.br, encoding };
  }
  body.gzip ??= gzipSync(body.json);
  return { bytes: body.gzip, encoding };
}
