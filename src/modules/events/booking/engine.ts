import { newId } from '../../../core/ids.js';
import { insertJobsSql, insertJobWhereSql, type JobSpec, jobRowValues, rescheduleJobsSql } from '../../../core/jobs.js';
import { addMs } from '../../../core/time.js';
import { type Op, one, q, type Row } from '../../../db/op-driver.js';
import { CALLBACK_INSERT_SQL, type CallbackReason, callbackValues, phoneOnly } from '../../callbacks/service.js';
import { activeSubscriptionSql, WEBHOOK_EMIT_KIND, webhookJob } from '../../webhooks/service.js';
import { nextId, reminderAt, ticketCode } from '../booking-keys.js';
import { type BookingExtras, saveExtrasOp } from './answers.js';
import { BOOKABLE_SQL, bookableParams, seatsAllowedSql } from './bookable.js';
import { Refusal } from './refusal.js';
import { type BookingSms, bookingSms, phoneBookingJobs, rescheduleSmsReminders, smsReachable } from './sms-jobs.js';

/**
 * The booking engine: every change of seats and of registrations' status, on both dialects, as
 * operations run by db/op-driver.ts.
 *
 * How it sells "exactly N, never N+1" (the same idea as pretix's quota locking, in one statement):
 * - A seat is taken only by `UPDATE events SET taken = taken + n WHERE … AND taken + n <= capacity`.
 *   The database evaluates the condition and the increment together, under the row's write lock,
 *   so two bookings can never both see the last seat free. The registration row is inserted in the
 *   same transaction; if anything fails, both roll back.
 * - Every transaction that changes a registration's status first writes its event's row (a
 *   booking's conditional UPDATE, or a no-op `SET taken = taken` elsewhere). PostgreSQL's row lock
 *   then serialises all changes of one event across processes, and the lock order is always
 *   event first, registration second, so two transactions cannot deadlock. SQLite serialises
 *   writers anyway (transactions start IMMEDIATE).
 * - `events.taken` = sum of seats of confirmed and offered registrations; `events.waiting` = sum of
 *   seats of waitlisted ones. Nothing else writes these columns.
 * - A waiting list is strict: while anyone waits, newcomers wait too, and a freed seat goes to the
 *   first in line only (never skipped for a smaller group behind).
 */

// ---------- jobs, enqueued in the same transaction ----------

export const MAIL_KIND = 'events.mail';
export const REMINDER_KIND = 'events.reminder';
export const OFFER_EXPIRY_KIND = 'events.offer-expiry';
export const ANONYMISE_KIND = 'events.anonymise';

export type MailKind =
  | 'confirmed'
  | 'waitlisted'
  | 'promoted'
  | 'offer'
  | 'offer-lapsed'
  | 'cancelled'
  | 'event-cancelled'
  | 'again'
  | 'seats-changed'
  | 'event-changed';

/**
 * Same rows as enqueueJob writes, inside the operation's transaction. A webhook job is written only
 * when its organisation has an active subscription: most have none, and a job that would find
 * nobody to call still costs a row, its indexes and a run of the job queue.
 */
export function* enqueue(now: string, jobs: JobSpec[]): Op<void> {
  const plain = jobs.filter((j) => j.kind !== WEBHOOK_EMIT_KIND);
  if (plain.length > 0) yield* q(insertJobsSql(plain.length), ...plain.flatMap((j) => jobRowValues(j, now)));
  for (const j of jobs) {
    if (j.kind !== WEBHOOK_EMIT_KIND) continue;
    yield* q(EMIT_IF_SUBSCRIBED, ...jobRowValues(j, now), (j.payload as { organisationId: string }).organisationId);
  }
}

/** A webhook's emit job, written only when the organisation (the last value) has an active subscription. */
const EMIT_IF_SUBSCRIBED = insertJobWhereSql(activeSubscriptionSql('?'));

function mailJob(now: string, registrationId: string, kind: MailKind, dedupe: string | null = `mail:${kind}:${registrationId}`): JobSpec {
  return { kind: MAIL_KIND, payload: { registrationId, kind }, runAt: now, dedupeKey: dedupe };
}

/**
 * How a booked person hears of a change: an e-mail to an address, an SMS to a mobile number, nothing
 * otherwise (a landline is called by staff; no job waits to fail on it).
 */
export function noticeJobs(now: string, r: Row, kind: MailKind & BookingSms, dedupe = true): JobSpec[] {
  const id = r.id as string;
  if (r.email) return [dedupe ? mailJob(now, id, kind) : mailJob(now, id, kind, null)];
  return smsReachable(r.phone) ? [bookingSms(now, id, kind, dedupe)] : [];
}

/**
 * A person booked with a phone and no e-mail, whose booking changed without them doing it: an entry
 * on the staff's "da avvisare per telefono" list, in the same transaction as the change.
 */
export function* callBackOp(organisationId: unknown, eventId: string, r: Row, reason: CallbackReason, now: string): Op<void> {
  if (!phoneOnly(r)) return;
  const spec = {
    organisationId: organisationId as string,
    kind: 'registration' as const,
    subjectId: r.id as string,
    scopeId: eventId,
    reason,
  };
  yield* q(CALLBACK_INSERT_SQL, ...callbackValues(spec, now));
}

// Webhooks: one emit job per change, in the same INSERT as the change's other jobs. Ids, statuses
// and counts only; the emit job finds the organisation's subscriptions after the commit.

function created(organisationId: string, id: string, r: NewRegistration, status: string, now: string): JobSpec {
  return webhookJob(organisationId, 'registration.created', { registrationId: id, eventId: r.eventId, status, seats: r.seats }, now);
}

type CancelReason = 'cancelled' | 'declined' | 'offer-lapsed' | 'event-cancelled';

function cancelled(organisationId: unknown, eventId: string, reg: Row, reason: CancelReason, now: string): JobSpec {
  return webhookJob(
    organisationId as string,
    'registration.cancelled',
    { registrationId: reg.id, eventId, status: 'cancelled', previousStatus: reg.status, seats: Number(reg.seats), reason },
    now,
  );
}

/** A live booking changed without being cancelled: an offer accepted, or a different number of seats. */
function updated(
  organisationId: unknown,
  eventId: string,
  reg: Row,
  status: string,
  seats: number,
  reason: 'offer-accepted' | 'seats-changed',
  now: string,
): JobSpec {
  return webhookJob(
    organisationId as string,
    'registration.updated',
    { registrationId: reg.id, eventId, status, previousStatus: reg.status, seats, previousSeats: Number(reg.seats), reason },
    now,
  );
}

// ---------- operations ----------

export interface NewRegistration {
  eventId: string;
  seats: number;
  name: string;
  email: string | null;
  phone: string | null;
  contactHash: string;
  audience: string | null;
  ageBand: string | null;
  source: string;
  bookedBy: string | null;
  lang: string;
  privacyAcceptedAt: string | null;
  /** Answers to the event's questions and a child's details, written with the booking (never by the fast path). */
  extras?: BookingExtras;
  /**
   * True once the service has read the event's booking form and checked the booking against it (the
   * invitation list, the questions, a child's details). When false the operation itself refuses
   * with 'form' before writing anything if the event asks for any of these, and the service reads
   * the form and runs it again: a plain event's booking reads its event once, in the operation.
   */
  formChecked?: boolean;
  /** The request that made the booking, written on its jobs so their log lines can be read beside it. */
  requestId?: string | null;
  /** The stored hash of the registration's manage token, from its id. */
  manageTokenHash: (id: string) => string;
}

export interface BookOutcome {
  id: string;
  status: 'confirmed' | 'waitlisted' | 'offered';
  seats: number;
  ticketCode: string;
  position?: number;
  existing: boolean;
}

/** What makes an event bookable right now for `seats` seats, as SQL over the events row (values: bookableParams(now), then seats). */
export const BOOKABLE = `${BOOKABLE_SQL} and ${seatsAllowedSql('?')}`;

/** How long after a repeated booking the confirmation may be sent again (limits mail to a victim). */
const RESEND_AFTER_MS = 15 * 60 * 1000;

/**
 * The first read of a booking, one statement: what the event's form asks (a course by invitation,
 * an activity for minors, questions) and the person's live booking of it, if any. No row: no such
 * event (the seats' UPDATE then finds nothing and the booking is refused as unavailable).
 */
const EVENT_AND_RETURNING = `select e.visibility, e.for_minors,
    exists (select 1 from event_questions q where q.event_id = e.id) as asks,
    r.id, r.status, r.seats, r.ticket_code, r.email, r.created_at
  from events e
  left join registrations r on r.event_id = e.id and r.contact_hash = ? and r.status <> 'cancelled'
  where e.id = ?`;

// The statements are written once: the SQLite driver keeps its prepared statements by their text.
const TAKE_SEATS = `update events set taken = taken + ? where id = ? and ${BOOKABLE} and waiting = 0 and taken + ? <= capacity returning starts_at, organisation_id`;
const JOIN_WAITING_LIST = `update events set waiting = waiting + ? where id = ? and ${BOOKABLE} returning starts_at, organisation_id`;
const LAST_WAITING = `select max(id) as last, count(*) as n from registrations where event_id = ? and status = 'waitlisted'`;

/** True when a booking of the event must first be checked against its form (see NewRegistration.formChecked). */
export function asksMore(event: Row, source: string): boolean {
  return (event.visibility === 'invitation' && source !== 'staff') || Number(event.for_minors) === 1 || Number(event.asks) === 1;
}

export function* bookOp(r: NewRegistration, now: string): Op<BookOutcome> {
  const first = yield* one(EVENT_AND_RETURNING, r.contactHash, r.eventId);
  if (first && !r.formChecked && asksMore(first, r.source)) throw new Refusal('form');
  const existing = first?.id ? first : undefined;
  if (existing) {
    const id = existing.id as string;
    // Someone typed this person's contact again: never hand the link to the caller, but send it
    // again to the person's own mailbox (at most once a quarter of an hour).
    if (existing.email && (existing.created_at as string) < addMs(now, -RESEND_AFTER_MS)) {
      const bucket = Math.floor(Date.parse(now) / RESEND_AFTER_MS);
      yield* enqueue(now, [{ ...mailJob(now, id, 'again', `mail:again:${id}:${bucket}`), requestId: r.requestId ?? null }]);
    }
    let position: number | undefined;
    if (existing.status === 'waitlisted') position = yield* positionOf(r.eventId, id);
    return {
      id,
      status: existing.status as BookOutcome['status'],
      seats: Number(existing.seats),
      ticketCode: existing.ticket_code as string,
      position,
      existing: true,
    };
  }

  let status: 'confirmed' | 'waitlisted' = 'confirmed';
  let position: number | undefined;
  // The one statement that takes seats: only when nobody waits and the seats fit.
  let ev = yield* one(TAKE_SEATS, r.seats, r.eventId, ...bookableParams(now), r.seats, r.seats);
  // Ids are made once the event's row is ours, so they follow the order bookings were accepted.
  let id = newId();
  if (!ev) {
    // Full (or someone already waits): join the waiting list, if the event takes bookings at all.
    ev = yield* one(JOIN_WAITING_LIST, r.seats, r.eventId, ...bookableParams(now), r.seats);
    if (!ev) throw new Refusal('unavailable');
    status = 'waitlisted';
    // We hold the event's row: entries join the list one at a time. The id orders the list, so it
    // must sort after every entry already there, even one made by another process in the same ms.
    const last = yield* one(LAST_WAITING, r.eventId);
    if (last?.last && id <= (last.last as string)) id = nextId(last.last as string);
    position = Number(last?.n ?? 0) + 1;
  }
  const code = ticketCode();
  yield* q(INSERT_REGISTRATION, ...newRegistrationValues(id, r, code, now), r.eventId, status, now);
  if (r.extras) yield* saveExtrasOp(id, r.extras, now);
  yield* enqueue(now, newBookingJobs(ev.organisation_id as string, id, r, status, ev.starts_at as string, now));
  return { id, status, seats: r.seats, ticketCode: code, position, existing: false };
}

/** The columns of a new registration that come from the booking, in the order of newRegistrationValues. */
export const NEW_REGISTRATION_COLUMNS = [
  'id',
  'seats',
  'name',
  'email',
  'phone',
  'contact_hash',
  'audience',
  'age_band',
  'manage_token_hash',
  'ticket_code',
  'source',
  'booked_by',
  'lang',
  'privacy_accepted_at',
  'created_at',
];

const INSERT_REGISTRATION = `insert into registrations (${NEW_REGISTRATION_COLUMNS.join(', ')}, event_id, status, updated_at, offer_expires_at, cancelled_at, anonymised_at)
     values (${NEW_REGISTRATION_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?, null, null, null)`;

export function newRegistrationValues(id: string, r: NewRegistration, code: string, now: string): unknown[] {
  return [
    id,
    r.seats,
    r.name,
    r.email,
    r.phone,
    r.contactHash,
    r.audience,
    r.ageBand,
    r.manageTokenHash(id),
    code,
    r.source,
    r.bookedBy,
    r.lang,
    r.privacyAcceptedAt,
    now,
  ];
}

/** What a new booking sets going: the webhook, and with an e-mail the confirmation and the reminder. */
export function newBookingJobs(
  organisationId: string,
  id: string,
  r: NewRegistration,
  status: 'confirmed' | 'waitlisted',
  startsAt: string,
  now: string,
): JobSpec[] {
  const jobs = [created(organisationId, id, r, status, now)];
  if (r.email) {
    jobs.push(mailJob(now, id, status));
    const remindAt = reminderAt(startsAt);
    if (remindAt > now) jobs.push({ kind: REMINDER_KIND, payload: { registrationId: id }, runAt: remindAt, dedupeKey: `reminder:${id}` });
  } else if (smsReachable(r.phone)) jobs.push(...phoneBookingJobs(id, status, reminderAt(startsAt), now));
  if (r.requestId) for (const j of jobs) j.requestId = r.requestId;
  return jobs;
}

function* positionOf(eventId: string, registrationId: string): Op<number> {
  const row = yield* one(
    `select count(*) as n from registrations where event_id = ? and status = 'waitlisted' and id < ?`,
    eventId,
    registrationId,
  );
  return Number(row?.n ?? 0) + 1;
}

/** Takes the event's row lock before anything else (see the note at the top). */
export function* lockEvent(eventId: string): Op<Row> {
  const ev = yield* one(
    'update events set taken = taken where id = ? returning status, capacity, taken, waiting, max_seats_per_booking, waitlist_mode, offer_hours, starts_at, ends_at, organisation_id',
    eventId,
  );
  if (!ev) throw new Refusal('not-found');
  return ev;
}

function* lockedRegistration(registrationId: string): Op<Row> {
  const reg = yield* one(
    'select id, event_id, status, seats, email, phone, offer_expires_at from registrations where id = ?',
    registrationId,
  );
  if (!reg) throw new Refusal('not-found');
  return reg;
}

/**
 * Gives freed seats to the waiting list, strictly in order: while the first in line fits, they
 * get the seats (auto mode) or an offer valid `offer_hours` (offer mode), each by the same single
 * conditional UPDATE. Stops at the first entry that does not fit.
 */
export function* promoteOp(eventId: string, now: string): Op<string[]> {
  const ev = yield* one('select status, waitlist_mode, offer_hours, ends_at, organisation_id from events where id = ?', eventId);
  if (ev?.status !== 'published' || (ev.ends_at as string) <= now) return [];
  const promoted: string[] = [];
  for (;;) {
    const first = yield* one(
      `select id, seats, email, phone from registrations where event_id = ? and status = 'waitlisted' order by id limit 1`,
      eventId,
    );
    if (!first) break;
    const seats = Number(first.seats);
    const moved = yield* q(
      'update events set taken = taken + ?, waiting = waiting - ? where id = ? and taken + ? <= capacity',
      seats,
      seats,
      eventId,
      seats,
    );
    if (moved.changes === 0) break;
    const id = first.id as string;
    const status = ev.waitlist_mode === 'offer' ? 'offered' : 'confirmed';
    const jobs: JobSpec[] = [
      webhookJob(
        ev.organisation_id as string,
        'registration.promoted',
        { registrationId: id, eventId, status, previousStatus: 'waitlisted', seats },
        now,
      ),
    ];
    if (ev.waitlist_mode === 'offer') {
      const expires = addMs(now, Number(ev.offer_hours) * 3_600_000);
      yield* q(
        `update registrations set sequence = sequence + 1, status = 'offered', offer_expires_at = ?, updated_at = ? where id = ? and status = 'waitlisted'`,
        expires,
        now,
        id,
      );
      jobs.push({ kind: OFFER_EXPIRY_KIND, payload: { registrationId: id }, runAt: expires, dedupeKey: `offer:${id}` });
      jobs.push(...noticeJobs(now, first, 'offer'));
      yield* callBackOp(ev.organisation_id, eventId, first, 'offered', now);
    } else {
      yield* q(
        `update registrations set sequence = sequence + 1, status = 'confirmed', updated_at = ? where id = ? and status = 'waitlisted'`,
        now,
        id,
      );
      jobs.push(...noticeJobs(now, first, 'promoted'));
      yield* callBackOp(ev.organisation_id, eventId, first, 'promoted', now);
    }
    yield* enqueue(now, jobs);
    promoted.push(id);
  }
  return promoted;
}

/** Releases a registration's hold (confirmed/offered seats, or waiting seats) and marks it cancelled. */
function* release(reg: Row, now: string): Op<void> {
  const seats = Number(reg.seats);
  const changed = yield* q(
    `update registrations set sequence = sequence + 1, status = 'cancelled', cancelled_at = ?, updated_at = ?, offer_expires_at = null where id = ? and status = ?`,
    now,
    now,
    reg.id,
    reg.status,
  );
  if (changed.changes !== 1) throw new Refusal('gone');
  if (reg.status === 'waitlisted') {
    yield* q('update events set waiting = waiting - ? where id = ?', seats, reg.event_id);
  } else {
    yield* q('update events set taken = taken - ? where id = ?', seats, reg.event_id);
  }
}

export interface Changed {
  status: string;
  seats: number;
  promoted: string[];
}

/**
 * The person cancels their booking or leaves the waiting list (or staff do it for them, `byStaff`:
 * a phone-only person then goes on the list of people to call); freed seats go to the next in line.
 */
export function* cancelOp(eventId: string, registrationId: string, now: string, notify: boolean, byStaff = false): Op<Changed> {
  const ev = yield* lockEvent(eventId);
  const reg = yield* lockedRegistration(registrationId);
  if (reg.status === 'cancelled') throw new Refusal('already-cancelled');
  yield* release(reg, now);
  const jobs = [cancelled(ev.organisation_id, eventId, reg, 'cancelled', now)];
  if (notify) jobs.push(...noticeJobs(now, reg, 'cancelled'));
  if (byStaff) yield* callBackOp(ev.organisation_id, eventId, reg, 'cancelled', now);
  yield* enqueue(now, jobs);
  const promoted = yield* promoteOp(eventId, now);
  return { status: 'cancelled', seats: Number(reg.seats), promoted };
}

/** A different number of seats: fewer frees them at once; more only if they fit and nobody waits. */
export function* changeSeatsOp(eventId: string, registrationId: string, seats: number, now: string): Op<Changed> {
  const ev = yield* lockEvent(eventId);
  const reg = yield* lockedRegistration(registrationId);
  if (reg.status === 'cancelled') throw new Refusal('already-cancelled');
  const old = Number(reg.seats);
  if (seats > Number(ev.max_seats_per_booking)) throw new Refusal('too-many-seats', { max: Number(ev.max_seats_per_booking) });
  if (seats === old) return { status: reg.status as string, seats, promoted: [] };
  const diff = seats - old;
  if (reg.status === 'waitlisted') {
    yield* q('update events set waiting = waiting + ? where id = ?', diff, eventId);
  } else if (diff < 0) {
    yield* q('update events set taken = taken + ? where id = ?', diff, eventId);
  } else {
    if (reg.status === 'offered') throw new Refusal('not-offered');
    const took = yield* q(
      `update events set taken = taken + ? where id = ? and status = 'published' and waiting = 0 and taken + ? <= capacity`,
      diff,
      eventId,
      diff,
    );
    if (took.changes === 0) throw new Refusal('no-seats', { free: Math.max(0, Number(ev.capacity) - Number(ev.taken)) });
  }
  yield* q('update registrations set sequence = sequence + 1, seats = ?, updated_at = ? where id = ?', seats, now, registrationId);
  const jobs = [updated(ev.organisation_id, eventId, reg, reg.status as string, seats, 'seats-changed', now)];
  if (reg.email && reg.status !== 'waitlisted') jobs.push(mailJob(now, registrationId, 'seats-changed', null));
  yield* enqueue(now, jobs);
  const promoted = diff < 0 ? yield* promoteOp(eventId, now) : [];
  return { status: reg.status as string, seats, promoted };
}

/** The first in line takes the seat they were offered. */
export function* acceptOp(eventId: string, registrationId: string, now: string): Op<Changed> {
  const ev = yield* lockEvent(eventId);
  const reg = yield* lockedRegistration(registrationId);
  if (reg.status === 'confirmed') return { status: 'confirmed', seats: Number(reg.seats), promoted: [] };
  if (reg.status === 'cancelled') throw new Refusal('already-cancelled');
  if (reg.status !== 'offered') throw new Refusal('not-offered');
  if ((reg.offer_expires_at as string) <= now) throw new Refusal('offer-expired');
  yield* q(
    `update registrations set sequence = sequence + 1, status = 'confirmed', offer_expires_at = null, updated_at = ? where id = ? and status = 'offered'`,
    now,
    registrationId,
  );
  const jobs = [updated(ev.organisation_id, eventId, reg, 'confirmed', Number(reg.seats), 'offer-accepted', now)];
  if (reg.email) jobs.push(mailJob(now, registrationId, 'confirmed', `mail:accepted:${registrationId}`));
  yield* enqueue(now, jobs);
  return { status: 'confirmed', seats: Number(reg.seats), promoted: [] };
}

/** The first in line says no: the seats go to the next. */
export function* declineOp(eventId: string, registrationId: string, now: string): Op<Changed> {
  const ev = yield* lockEvent(eventId);
  const reg = yield* lockedRegistration(registrationId);
  if (reg.status === 'cancelled') throw new Refusal('already-cancelled');
  if (reg.status !== 'offered') throw new Refusal('not-offered');
  yield* release(reg, now);
  yield* enqueue(now, [cancelled(ev.organisation_id, eventId, reg, 'declined', now)]);
  const promoted = yield* promoteOp(eventId, now);
  return { status: 'cancelled', seats: Number(reg.seats), promoted };
}

/** An offer nobody answered in time lapses: the seats go to the next in line. Idempotent. */
export function* lapseOp(eventId: string, registrationId: string, now: string): Op<Changed | null> {
  const ev = yield* lockEvent(eventId);
  const reg = yield* one(
    'select id, event_id, status, seats, email, phone, offer_expires_at from registrations where id = ?',
    registrationId,
  );
  if (reg?.status !== 'offered' || (reg.offer_expires_at as string) > now) return null;
  yield* release(reg, now);
  const jobs = [cancelled(ev.organisation_id, eventId, reg, 'offer-lapsed', now)];
  if (reg.email) jobs.push(mailJob(now, registrationId, 'offer-lapsed'));
  yield* callBackOp(ev.organisation_id, eventId, reg, 'offer-lapsed', now);
  yield* enqueue(now, jobs);
  const promoted = yield* promoteOp(eventId, now);
  return { status: 'cancelled', seats: Number(reg.seats), promoted };
}

/** Cancels the event: every live registration is cancelled and told; the counters go to zero. */
export function* cancelEventOp(eventId: string, reason: string, now: string): Op<number> {
  const ev = yield* lockEvent(eventId);
  if (ev.status === 'cancelled') throw new Refusal('already-cancelled');
  const live = (yield* q(
    `select id, email, phone, status, seats from registrations where event_id = ? and status <> 'cancelled' order by id`,
    eventId,
  )).rows;
  yield* q(
    `update events set status = 'cancelled', sequence = sequence + 1, cancel_reason = ?, taken = 0, waiting = 0, updated_at = ? where id = ?`,
    reason,
    now,
    eventId,
  );
  yield* q(
    `update registrations set sequence = sequence + 1, status = 'cancelled', cancelled_at = ?, updated_at = ?, offer_expires_at = null
     where event_id = ? and status <> 'cancelled'`,
    now,
    now,
    eventId,
  );
  const jobs = live.flatMap((r) => noticeJobs(now, r, 'event-cancelled'));
  for (const r of live) jobs.push(cancelled(ev.organisation_id, eventId, r, 'event-cancelled', now));
  for (const r of live) yield* callBackOp(ev.organisation_id, eventId, r, 'event-cancelled', now);
  for (let i = 0; i < jobs.length; i += 100) yield* enqueue(now, jobs.slice(i, i + 100));
  return live.length;
}

/** A new capacity: never below the seats already taken; more seats go to the waiting list. */
export function* setCapacityOp(eventId: string, capacity: number, now: string): Op<string[]> {
  yield* lockEvent(eventId);
  const set = yield* q('update events set capacity = ? where id = ? and taken <= ?', capacity, eventId, capacity);
  if (set.changes === 0) {
    const ev = yield* one('select taken from events where id = ?', eventId);
    throw new Refusal('below-taken', { taken: Number(ev?.taken ?? 0) });
  }
  return yield* promoteOp(eventId, now);
}

/** After a change of dates, the pending reminders follow the new first session. */
export function* rescheduleRemindersOp(eventId: string, startsAt: string, now: string): Op<void> {
  const at = reminderAt(startsAt);
  yield* q(
    rescheduleJobsSql(`select 'reminder:' || id from registrations where event_id = ? and status <> 'cancelled'`),
    at > now ? at : now,
    REMINDER_KIND,
    eventId,
  );
  yield* rescheduleSmsReminders(eventId, at, now);
}

/** Tells everyone booked or waiting that the date or the place changed. */
export function* notifyChangeOp(eventId: string, now: string): Op<void> {
  const live = (yield* q(`select id, email, phone from registrations where event_id = ? and status <> 'cancelled' order by id`, eventId))
    .rows;
  const jobs = live.flatMap((r) => noticeJobs(now, r, 'event-changed', false));
  for (let i = 0; i < jobs.length; i += 100) yield* enqueue(now, jobs.slice(i, i + 100));
}

/**
 * Schedules the erasure of the event's bookings' personal data `retentionDays` after it ends.
 * A new date makes a new job (the key names the date); an old one finds nothing due and stops.
 */
export function* scheduleAnonymisationOp(eventId: string, endsAt: string, retentionDays: number, now: string): Op<void> {
  const runAt = addMs(endsAt, retentionDays * 86_400_000);
  yield* enqueue(now, [{ kind: ANONYMISE_KIND, payload: { eventId }, runAt, dedupeKey: `anonymise:${eventId}:${runAt}` }]);
}
