import type { Deps } from '../../../core/deps.js';
import { addMs, nowIso } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import { type Op, q, runOp } from '../../../db/op-driver.js';
import { CALLBACK_FORGET_SCOPE_SQL, CALLBACK_FORGET_SQL } from '../../callbacks/service.js';
import * as programmes from '../../programmes/service.js';
import * as repo from '../repo.js';
import { eraseExtrasOp } from './answers.js';
import { cancelOp, scheduleAnonymisationOp } from './engine.js';

/**
 * Personal data of bookings lives only as long as it serves: names, e-mails and phones of an
 * event's registrations (and the optional names of walk-ins) are erased `retention_days` after the
 * event ends, by a job planned when the event is created or moved, and re-planned when the
 * programme's period changes. What stays is anonymous: seats, audience, age band, status,
 * check-ins and survey answers, so every figure of the programme survives the erasure.
 */

/** A survey link of an erased booking matches no token (its hash is not hex). */
const ERASED_TOKEN = 'erased';

/** Days after an event when its bookings' personal data is erased: the programme's, or the default. */
export async function retentionDays(db: Db, programmeId: string | null): Promise<number> {
  if (!programmeId) return programmes.RETENTION_DEFAULT;
  const p = await programmes.getProgramme(db, programmeId).catch(() => null);
  return p?.retentionDays ?? programmes.RETENTION_DEFAULT;
}

/**
 * Erases the personal data of the registrations with `column` = `value` (one registration, or all
 * of an event) and closes their survey links, keeping the figures; walk-ins' names go with an event.
 */
function* eraseOp(column: 'id' | 'event_id', value: string, now: string): Op<number> {
  const res = yield* q(
    `update registrations set name = null, email = null, phone = null, contact_hash = null, anonymised_at = ?, updated_at = ?
     where ${column} = ? and anonymised_at is null`,
    now,
    now,
    value,
  );
  // Answers to the event's questions and a child's and guardian's names go with the name.
  yield* eraseExtrasOp(column, value);
  const surveys = column === 'id' ? 'registration_id' : 'event_id';
  yield* q(`update event_surveys set token_hash = ? where ${surveys} = ?`, ERASED_TOKEN, value);
  if (column === 'event_id') yield* q('update event_checkins set name = null where event_id = ? and name is not null', value);
  // Nobody is left to call once the name and the number are gone.
  yield* q(column === 'id' ? CALLBACK_FORGET_SQL : CALLBACK_FORGET_SCOPE_SQL, value);
  // The list of a course by invitation is personal data too (visibility.ts).
  if (column === 'event_id') yield* q('delete from event_invitations where event_id = ?', value);
  return res.changes;
}

/** The job that erases personal data once the retention period after the event has passed. */
export async function anonymiseEvent(db: Db, eventId: string): Promise<number> {
  const row = await repo.eventRow(db, eventId);
  if (!row) return 0;
  const now = nowIso();
  if (addMs(row.ends_at, (await retentionDays(db, row.programme_id)) * 86_400_000) > now) return 0;
  return runOp(db, () => eraseOp('event_id', eventId, now));
}

/**
 * A programme's retention period changed: every event of it gets its erasure planned again. A
 * shorter period may already be over (erased now); a longer one leaves the earlier job finding
 * nothing due.
 */
export async function replanProgrammeErasure(deps: Pick<Deps, 'db'>, programmeId: string): Promise<void> {
  const { db } = deps;
  const keep = await retentionDays(db, programmeId);
  const events = await db.k.selectFrom('events').select(['id', 'ends_at']).where('programme_id', '=', programmeId).execute();
  for (const e of events) {
    const now = nowIso();
    if (addMs(e.ends_at, keep * 86_400_000) <= now) await anonymiseEvent(db, e.id);
    else await runOp(db, () => scheduleAnonymisationOp(e.id, e.ends_at, keep, now));
  }
}

/**
 * The person erases their own booking's data through the manage link. A booking of an event still
 * to come is cancelled first (its seats go to the next in line); of a past event it stays counted.
 * No e-mail follows: the address is what is being erased.
 */
export function* eraseOwnBookingOp(
  reg: { id: string; event_id: string; status: string },
  eventStillToCome: boolean,
  now: string,
): Op<void> {
  if (reg.status !== 'cancelled' && eventStillToCome) yield* cancelOp(reg.event_id, reg.id, now, false);
  yield* eraseOp('id', reg.id, now);
}
