import { audit } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import { isId } from '../../../core/ids.js';
import { rescheduleJobsSql } from '../../../core/jobs.js';
import { fieldError, refuse } from '../../../core/problems.js';
import { SMS_JOB, smsDaytime } from '../../../core/sms.js';
import { nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import { type Op, one, q, type Row, runOp } from '../../../db/op-driver.js';
import type { RegistrationTable } from '../../../db/schema.js';
import { webhookJob } from '../../webhooks/service.js';
import { reminderAt } from '../booking-keys.js';
import * as repo from '../repo.js';
import { Seats } from '../schemas.js';
import { bookableParams } from './bookable.js';
import {
  BOOKABLE,
  type Changed,
  callBackOp,
  cancelOp,
  changeSeatsOp,
  enqueue,
  lockEvent,
  noticeJobs,
  promoteOp,
  REMINDER_KIND,
} from './engine.js';
import { Refusal } from './refusal.js';
import { refusalProblem } from './service.js';

/**
 * Staff act for a person on one booking: cancel it, change its seats, move it to another event of
 * the organisation. The same engine operations as the person's own changes (the same conditional
 * statement for seats, the same notices), each audited with the staff member in its transaction.
 */

/** A booking moved to another event: where from, where to, and who got the seats it freed. */
export interface Moved {
  from: string;
  to: string;
  promoted: string[];
}

/**
 * Moves a booking (or a waiting-list entry) to another event of the same organisation, as a
 * confirmed booking: the seats are taken at the new event by the booking's one conditional
 * statement (refused when they do not fit or someone waits there), given back at the old one, and
 * the old event's waiting list moves up. The registration keeps its id, ticket code and manage link.
 */
export function* moveOp(registrationId: string, toEventId: string, now: string): Op<Moved> {
  const before = yield* one('select event_id from registrations where id = ?', registrationId);
  if (!before) throw new Refusal('not-found');
  const from = before.event_id as string;
  // Both events' rows are locked in the order of their ids, so two moves cannot deadlock.
  const locked = new Map<string, Row>();
  for (const id of [from, toEventId].sort()) locked.set(id, yield* lockEvent(id));
  const source = locked.get(from)!;
  const target = locked.get(toEventId)!;
  if (target.organisation_id !== source.organisation_id) throw new Refusal('not-found');
  const reg = yield* one('select id, event_id, status, seats, email, phone, contact_hash from registrations where id = ?', registrationId);
  if (reg?.event_id !== from) throw new Refusal('gone');
  if (reg.status === 'cancelled') throw new Refusal('already-cancelled');
  if (reg.contact_hash) {
    const twin = yield* one(
      `select id from registrations where event_id = ? and contact_hash = ? and status <> 'cancelled'`,
      toEventId,
      reg.contact_hash,
    );
    if (twin) throw new Refusal('already-booked');
  }
  const seats = Number(reg.seats);
  const took = yield* q(
    `update events set taken = taken + ? where id = ? and ${BOOKABLE} and waiting = 0 and taken + ? <= capacity`,
    seats,
    toEventId,
    ...bookableParams(now),
    seats,
    seats,
  );
  if (took.changes === 0) {
    throw new Refusal('no-seats', { free: Number(target.waiting) > 0 ? 0 : Math.max(0, Number(target.capacity) - Number(target.taken)) });
  }
  const column = reg.status === 'waitlisted' ? 'waiting' : 'taken';
  yield* q(`update events set ${column} = ${column} - ? where id = ?`, seats, from);
  yield* q(
    `update registrations set event_id = ?, status = 'confirmed', offer_expires_at = null, sequence = sequence + 1, updated_at = ?
     where id = ? and event_id = ?`,
    toEventId,
    now,
    registrationId,
    from,
  );
  // The reminders follow the new date.
  const at = reminderAt(target.starts_at as string);
  const when = at > now ? at : now;
  yield* q(rescheduleJobsSql(`select 'reminder:' || id from registrations where id = ?`), when, REMINDER_KIND, registrationId);
  yield* q(
    rescheduleJobsSql(`select 'sms:reg:' || id || ':reminder' from registrations where id = ?`),
    smsDaytime(when),
    SMS_JOB,
    registrationId,
  );
  yield* enqueue(now, [
    webhookJob(
      target.organisation_id as string,
      'registration.updated',
      {
        registrationId,
        eventId: toEventId,
        previousEventId: from,
        status: 'confirmed',
        previousStatus: reg.status,
        seats,
        reason: 'moved',
      },
      now,
    ),
    ...noticeJobs(now, reg, 'event-changed', false),
  ]);
  yield* callBackOp(target.organisation_id, toEventId, reg, 'moved', now);
  const promoted = yield* promoteOp(from, now);
  return { from, to: toEventId, promoted };
}

/** A registration for its organisation's staff (the route has checked who they are): 404 when there is none. */
export async function staffRegistration(db: Db, registrationId: string): Promise<RegistrationTable> {
  const row = isId(registrationId) ? await repo.registrationRow(db, registrationId) : undefined;
  if (!row) throw refuse(404, 'events.error.booking.missing');
  if (row.anonymised_at) throw refuse(410, 'events.error.booking.erased');
  return row;
}

function problemOf(err: unknown): unknown {
  if (err instanceof Refusal && err.code === 'already-booked') return refuse(409, 'staffActs.error.alreadyBooked');
  if (err instanceof Refusal && err.code === 'not-found') return refuse(404, 'staffActs.error.otherEvent');
  return refusalProblem(err);
}

/** Runs one engine operation and its audit line in one transaction; a refusal becomes the person's words. */
async function acted<T>(db: Db, make: () => Op<T>, line: Parameters<typeof audit>[1]): Promise<T> {
  try {
    return await db.k.transaction().execute(async (trx) => {
      const out = await runOp(db, make, trx);
      await audit(trx, line);
      return out;
    });
  } catch (err) {
    throw problemOf(err);
  }
}

function auditLine(principal: Principal | null, row: RegistrationTable, organisationId: string, action: string, details: object) {
  return { action, entity: 'registration', entityId: row.id, userId: principal?.userId ?? null, organisationId, details };
}

/** Staff cancel a booking for the person: they are told (e-mail or SMS), or go on the list to call. */
export async function cancelForPerson(db: Db, principal: Principal | null, registrationId: string): Promise<Changed> {
  const row = await staffRegistration(db, registrationId);
  if (row.status === 'cancelled') throw refuse(409, 'staffActs.error.cancelled');
  const org = (await repo.organisationOfEvent(db, row.event_id)) as string;
  return acted(
    db,
    () => cancelOp(row.event_id, row.id, nowIso(), true, true),
    auditLine(principal, row, org, 'registration.cancelled-by-staff', { eventId: row.event_id, seats: Number(row.seats) }),
  );
}

/** Staff change the seats of a booking: more only if they fit (the engine's one statement), fewer free them at once. */
export async function changeSeatsForPerson(db: Db, principal: Principal | null, registrationId: string, seats: unknown): Promise<Changed> {
  const { seats: n } = parse(Seats, { seats });
  const row = await staffRegistration(db, registrationId);
  if (row.status === 'cancelled') throw refuse(409, 'staffActs.error.cancelled');
  const ev = await repo.eventRow(db, row.event_id);
  if (ev && (ev.status !== 'published' || ev.ends_at <= nowIso())) {
    throw refuse(409, ev.status === 'cancelled' ? 'events.error.seats.cancelled' : 'events.error.seats.past');
  }
  return acted(
    db,
    () => changeSeatsOp(row.event_id, row.id, n, nowIso()),
    auditLine(principal, row, ev?.organisation_id as string, 'registration.seats-changed-by-staff', {
      eventId: row.event_id,
      from: Number(row.seats),
      to: n,
    }),
  );
}

/** Staff move a booking to another event of the same organisation. */
export async function moveForPerson(db: Db, principal: Principal | null, registrationId: string, toEventId: unknown): Promise<Moved> {
  const row = await staffRegistration(db, registrationId);
  if (typeof toEventId !== 'string' || !isId(toEventId))
    throw refuse(422, 'staffActs.error.target', undefined, [fieldError('to', 'staffActs.error.target')]);
  if (toEventId === row.event_id)
    throw refuse(422, 'staffActs.error.sameEvent', undefined, [fieldError('to', 'staffActs.error.sameEvent')]);
  if (row.status === 'cancelled') throw refuse(409, 'staffActs.error.cancelled');
  const org = (await repo.organisationOfEvent(db, row.event_id)) as string;
  if ((await repo.organisationOfEvent(db, toEventId)) !== org) throw refuse(404, 'staffActs.error.otherEvent');
  return acted(
    db,
    () => moveOp(row.id, toEventId, nowIso()),
    auditLine(principal, row, org, 'registration.moved-by-staff', { from: row.event_id, to: toEventId, seats: Number(row.seats) }),
  );
}

/** Whom to call for the "da avvisare per telefono" list: name, number and the booking, read here (events own them). */
export interface RegistrationToCall {
  id: string;
  eventId: string;
  eventTitle: string;
  start: string;
  name: string | null;
  phone: string;
  ticketCode: string;
  seats: number;
  status: string;
}

/** The registrations named by the callbacks list; an erased one (no phone any more) is left out. */
export async function registrationsToCall(db: Db, ids: string[]): Promise<RegistrationToCall[]> {
  if (ids.length === 0) return [];
  const rows = await db.k
    .selectFrom('registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select(['r.id', 'r.event_id', 'e.title', 'e.starts_at', 'r.name', 'r.phone', 'r.ticket_code', 'r.seats', 'r.status'])
    .where('r.id', 'in', ids)
    .where('r.phone', 'is not', null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    eventTitle: r.title,
    start: r.starts_at,
    name: r.name,
    phone: r.phone as string,
    ticketCode: r.ticket_code,
    seats: Number(r.seats),
    status: r.status,
  }));
}
