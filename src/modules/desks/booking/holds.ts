import type { Deps } from '../../../core/deps.js';
import { newId } from '../../../core/ids.js';
import { refuse } from '../../../core/problems.js';
import { addMs, nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import { HOLD_MS, type HoldView } from '../model.js';
import * as repo from '../repo.js';
import { HoldCreate } from '../schemas.js';
import { romeIso } from '../slots.js';
import { bookableSlot, deskAndDay, offeredService, taken } from './availability.js';

/** Holds: a slot kept for a few minutes while the citizen fills in the form. */

/** Keeps a slot for five minutes while the citizen fills in the form; it counts against capacity like a booking. */
export async function createHold(deps: Deps, deskId: string, input: unknown): Promise<HoldView> {
  const data = parse(HoldCreate, input);
  const { desk, rows } = await deskAndDay(deps.db, deskId, data.start);
  const service = offeredService(desk, data.service);
  const { slot, units } = await bookableSlot(deps.db, desk, service, data.start, rows);
  const id = newId();
  const at = nowIso();
  const expiresAt = addMs(at, HOLD_MS);
  await repo.transaction(deps.db, async (trx) => {
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
  return { id, deskId: desk.id, service: service.code, start: romeIso(slot.start), end: romeIso(slot.end), expiresAt };
}

/** A hold still in force, or undefined. */
export async function getHold(db: Db, holdId: string): Promise<HoldView | undefined> {
  const h = await repo.holdRow(db.k, holdId);
  if (!h || h.expires_at <= nowIso()) return undefined;
  return {
    id: h.id,
    deskId: h.desk_id,
    service: h.service_code,
    start: romeIso(Date.parse(h.start_at)),
    end: romeIso(Date.parse(h.end_at)),
    expiresAt: h.expires_at,
  };
}

/** The citizen leaves: the hold is deleted and its place given back at once. */
export async function releaseHold(deps: Deps, holdId: string): Promise<{ deskId: string }> {
  const released = await repo.transaction(deps.db, async (trx) => {
    const h = await repo.takeHold(trx, holdId);
    if (h) await repo.releaseUnits(trx, h.desk_id, h.start_at, h.end_at);
    return h;
  });
  if (!released) throw refuse(404, 'desks.error.holdGone');
  return { deskId: released.desk_id };
}
