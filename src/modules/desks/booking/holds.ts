import type { Deps } from '../../../core/deps.js';
import { newId } from '../../../core/ids.js';
import { refuse } from '../../../core/problems.js';
import { addMs, formatRome, nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { DeskHoldTable } from '../../../db/schema.js';
import { HOLD_MS, type HoldView } from '../model.js';
import * as repo from '../repo.js';
import { HoldCreate } from '../schemas.js';
import { romeIso } from '../slots.js';
import { bookableSlot, deskAndDay, offeredService, taken } from './availability.js';
import { placesChanged } from './free-places.js';

/** Holds: a slot kept for a few minutes while the citizen fills in the form. */

/**
 * How many times the citizen may ask for five more minutes (WCAG 2.2.1: a time limit can be
 * extended). Capped, so that a slot cannot be kept from others indefinitely: 20 minutes in all.
 */
export const HOLD_EXTENSIONS = 3;

/** A hold in force, and whether it can still be extended. */
export type HoldState = HoldView & { extendable: boolean };

/** The latest a hold made at `createdAt` can be kept until. */
function latestExpiry(createdAt: string): string {
  return addMs(createdAt, HOLD_MS * (1 + HOLD_EXTENSIONS));
}

/** Keeps a slot for five minutes while the citizen fills in the form; it counts against capacity like a booking. */
export async function createHold(deps: Deps, deskId: string, input: unknown): Promise<HoldState> {
  const data = parse(HoldCreate, input);
  const { desk, rows } = await deskAndDay(deps.db, deskId, data.start);
  const service = offeredService(desk, data.service);
  const { slot, units } = await bookableSlot(deps.db, desk, service, data.start, rows);
  const id = newId();
  const at = nowIso();
  const expiresAt = addMs(at, HOLD_MS);
  const holding = repo.transaction(deps.db, async (trx) => {
    await repo.releaseExpiredHolds(trx, desk.id, nowIso());
    if (!(await repo.reserveUnits(trx, desk.id, units))) throw taken();
    await repo.insertHold(trx, {
      id,
      desk_id: desk.id,
      service_code: service.code,
      start_at: new Date(slot.start).toISOString(),
      end_at: new Date(slot.end).toISOString(),
      expires_at: expiresAt,
      created_at: at,
    });
  });
  await holding.finally(() => placesChanged(deps.db, desk.id));
  return { id, deskId: desk.id, service: service.code, start: romeIso(slot.start), end: romeIso(slot.end), expiresAt, extendable: true };
}

/** A hold still in force, or undefined. */
export async function getHold(db: Db, holdId: string): Promise<HoldState | undefined> {
  const h = await repo.holdRow(db.k, holdId);
  if (!h || h.expires_at <= nowIso()) return undefined;
  return holdState(h);
}

function holdState(h: DeskHoldTable): HoldState {
  return {
    id: h.id,
    deskId: h.desk_id,
    service: h.service_code,
    start: romeIso(Date.parse(h.start_at)),
    end: romeIso(Date.parse(h.end_at)),
    expiresAt: h.expires_at,
    extendable: latestExpiry(h.created_at) > h.expires_at,
  };
}

/**
 * Five more minutes from now for a hold still in force, up to HOLD_EXTENSIONS times' worth.
 * Refuses with 404 when the hold is gone (confirmed, released or expired: the caller may hold the
 * slot again if it is still free) and 409 when it cannot be kept any longer.
 */
export async function extendHold(deps: Deps, holdId: string): Promise<HoldState> {
  const h = await repo.holdRow(deps.db.k, holdId);
  const at = nowIso();
  if (!h || h.expires_at <= at) throw refuse(404, 'desks.error.holdGone');
  const cap = latestExpiry(h.created_at);
  // ISO instants in UTC: the earlier of the two sorts first.
  const [next] = [addMs(at, HOLD_MS), cap].sort();
  if (next <= h.expires_at) throw refuse(409, 'desks.error.holdLimit', { until: formatRome(h.expires_at, 'it', 'H:mm') });
  if (!(await repo.extendHold(deps.db.k, h.id, at, next))) throw refuse(404, 'desks.error.holdGone');
  placesChanged(deps.db, h.desk_id);
  return holdState({ ...h, expires_at: next });
}

/** The citizen leaves: the hold is deleted and its place given back at once. */
export async function releaseHold(deps: Deps, holdId: string): Promise<{ deskId: string }> {
  const released = await repo.transaction(deps.db, async (trx) => {
    const h = await repo.takeHold(trx, holdId);
    if (h) await repo.releaseUnits(trx, h.desk_id, h.start_at, h.end_at);
    return h;
  });
  if (!released) throw refuse(404, 'desks.error.holdGone');
  placesChanged(deps.db, released.desk_id);
  return { deskId: released.desk_id };
}
