import { audit } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import type { Deps } from '../../../core/deps.js';
import { type Lang, t } from '../../../core/i18n.js';
import { isId, newId } from '../../../core/ids.js';
import { keyRing, tokenHash } from '../../../core/keys.js';
import { currentRequestId } from '../../../core/logging.js';
import { fieldError, Problem, refuse } from '../../../core/problems.js';
import { addMs, formatRome, now, nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import { runStatementOp } from '../../../db/op-driver.js';
import type { DeskAppointmentTable } from '../../../db/schema.js';
import { phoneOnly, recordCallback } from '../../callbacks/service.js';
import {
  type AppointmentView,
  DESK_ANONYMISE_JOB,
  DESK_BOOKED_JOB,
  DESK_MAIL_JOB,
  DESK_REMINDER_JOB,
  type DeskCore,
  type DeskMailPayload,
  type DeskView,
  deskMailKey,
  REMINDER_HOUR,
  type ServiceView,
} from '../model.js';
import * as repo from '../repo.js';
import {
  AppointmentCreate,
  type AppointmentCreateOutput,
  MoveBody,
  normaliseEmail,
  normalisePhone,
  StaffCancelBody,
  StatusBody,
  WalkInBody,
} from '../schemas.js';
import { contactHash, manageToken } from '../service.js';
import { getDesk } from '../setup/desks.js';
import { localInstant, romeDate, romeIso } from '../slots.js';
import { bookableSlot, deskAndDay, keptBookableSlot, offeredService, taken } from './availability.js';
import { appointmentCode } from './by-code.js';
import { placesChanged } from './free-places.js';
import { groupedTransaction } from './group-commit.js';
import { type DeskSchedule, keptSchedule } from './schedule-cache.js';
import { enqueueAppointmentSms } from './sms-messages.js';

/** Appointments: booked, seen and changed through the private link or by the staff, walk-ins. */

/** The per-person limit's refusal: its own title, the detail and the contact field, in words of the dictionary. */
function limitReached(vars: { n: number; service: string; days: number; max: number }, field: string): Problem {
  const key = vars.n === 1 ? 'desks.error.limit.one' : 'desks.error.limit.many';
  const p = new Problem(422, t('it', 'desks.error.limit.title'), t('it', key, vars), [fieldError(field, 'desks.error.limit.field')], {
    reason: 'person-limit',
  });
  p.keys = { title: 'desks.error.limit.title', detail: key, vars };
  return p;
}

/** The appointment a private link opens: 404 when there is none, 403 when the link is not its own (core/keys.ts). */
export async function linkedAppointment(
  deps: Pick<Deps, 'db' | 'config'>,
  id: string,
  token: string | undefined,
): Promise<DeskAppointmentTable> {
  const row = await repo.appointmentRow(deps.db.k, id);
  if (!row) throw refuse(404, 'desks.error.appointmentNotFound');
  if (!keyRing(deps.config).verifyLink('desks.manage', row.id, token, row.manage_token_hash)) throw refuse(403, 'desks.error.link');
  return row;
}

export function appointmentView(a: DeskAppointmentTable, desk: Pick<DeskCore, 'services'>): AppointmentView {
  const service = desk.services.find((s) => s.code === a.service_code);
  return {
    id: a.id,
    deskId: a.desk_id,
    service: { code: a.service_code, name: service?.name ?? a.service_code },
    start: romeIso(Date.parse(a.start_at)),
    end: romeIso(Date.parse(a.end_at)),
    status: a.status,
    name: a.name,
    email: a.email,
    phone: a.phone,
    source: a.source,
    createdAt: a.created_at,
    code: a.code ?? null,
  };
}

export interface BookOptions {
  source?: 'online' | 'staff';
  lang?: Lang;
  bookedBy?: string | null;
}

export interface BookResult {
  appointment: AppointmentView;
  manageToken: string;
}

/** When the day-before reminder leaves: 09:00 Rome time the day before; null when that moment has passed. */
export function reminderAt(startIso: string): string | null {
  const day = romeDate(Date.parse(startIso));
  const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const at = new Date(localInstant(before, `${String(REMINDER_HOUR).padStart(2, '0')}:00`)).toISOString();
  return at > nowIso() ? at : null;
}

/** Queues the reminder (for a booked appointment with an e-mail) and the erasure of its personal data. */
export async function enqueueFollowUps(
  deps: Deps,
  trx: repo.Executor,
  a: DeskAppointmentTable,
  desk: Pick<DeskCore, 'retentionDays'>,
): Promise<void> {
  const remindAt = a.email && a.status === 'booked' ? reminderAt(a.start_at) : null;
  if (remindAt) {
    await deps.jobs.enqueue(
      trx,
      DESK_REMINDER_JOB,
      { appointmentId: a.id, start: a.start_at },
      { runAt: remindAt, dedupeKey: `desk-reminder:${a.id}:${a.start_at}` },
    );
  }
  const smsAt = a.status === 'booked' ? reminderAt(a.start_at) : null;
  if (smsAt) await enqueueAppointmentSms(trx, a, 'reminder', smsAt);
  const eraseAt = addMs(a.end_at, desk.retentionDays * 86_400_000);
  await deps.jobs.enqueue(
    trx,
    DESK_ANONYMISE_JOB,
    { appointmentId: a.id },
    { runAt: eraseAt, dedupeKey: `desk-anonymise:${a.id}:${eraseAt}` },
  );
}

/** A new appointment of a checked slot, and its private link's token. */
function newAppointment(
  deps: Deps,
  desk: Pick<DeskCore, 'id'>,
  service: ServiceView,
  slot: { start: number; end: number },
  data: AppointmentCreateOutput,
  opts: BookOptions,
): { appointment: DeskAppointmentTable; token: string; hashes: { email: string | null; phone: string | null } } {
  const email = data.email ? normaliseEmail(data.email) : null;
  const phone = data.phone ? normalisePhone(data.phone) : null;
  const hashes = {
    email: email ? contactHash(deps, 'email', email) : null,
    phone: phone ? contactHash(deps, 'phone', phone) : null,
  };
  const id = newId();
  const token = manageToken(deps, id);
  const created = nowIso();
  const appointment: DeskAppointmentTable = {
    id,
    desk_id: desk.id,
    service_code: service.code,
    start_at: new Date(slot.start).toISOString(),
    end_at: new Date(slot.end).toISOString(),
    status: 'booked',
    name: data.name,
    email,
    phone,
    email_hash: hashes.email,
    phone_hash: hashes.phone,
    manage_token_hash: tokenHash(token),
    code: appointmentCode(),
    hold_id: null,
    source: opts.source ?? 'online',
    holds_capacity: 1,
    booked_by: opts.bookedBy ?? null,
    lang: opts.lang ?? 'it',
    created_at: created,
    updated_at: created,
    served_at: null,
    cancelled_at: null,
    anonymised_at: null,
  };
  return { appointment, token, hashes };
}

/** The job that does the rest of a booking after its commit: the confirmation e-mail, the reminder and the erasure. */
function bookedJob(id: string, at: string) {
  return {
    kind: DESK_BOOKED_JOB,
    payload: { appointmentId: id },
    runAt: at,
    dedupeKey: `desk-booked:${id}`,
    requestId: currentRequestId(),
  };
}

/**
 * Books a slot. In one transaction: expired holds of the desk are released; the citizen's own
 * hold, if still in force, is turned into the appointment (its place moves over); otherwise one
 * conditional upsert takes a place in every unit of the slot or the transaction ends with 409;
 * the per-person limit is counted under a lock of the person's contact rows; the confirmation
 * e-mail, the reminder and the erasure of personal data are queued with the appointment. Past the
 * limit nothing is booked, and the answer is the same unless staff book (see the limit's branch).
 */
export async function bookAppointment(deps: Deps, deskId: string, input: unknown, opts: BookOptions = {}): Promise<BookResult> {
  return bookValidAppointment(deps, deskId, parse(AppointmentCreate, input), opts);
}

/**
 * bookAppointment for input its route has checked already. A booking with neither a hold nor a
 * per-person limit, on a desk whose schedule this process keeps, goes the short way first
 * (bookOnKept); everything else, and whatever the short way cannot decide, the long way.
 */
export async function bookValidAppointment(
  deps: Deps,
  deskId: string,
  data: AppointmentCreateOutput,
  opts: BookOptions = {},
): Promise<BookResult> {
  const kept = data.hold ? undefined : keptSchedule(deps.db, deskId);
  if (kept?.core.active && !kept.core.personLimit) {
    const booked = await bookOnKept(deps, kept, data, opts);
    if (booked) return booked;
  }
  const { desk, rows } = await deskAndDay(deps.db, deskId, data.start);
  const service = offeredService(desk, data.service);
  const { slot, units } = await bookableSlot(deps.db, desk, service, data.start, rows);
  const startIso = new Date(slot.start).toISOString();
  const endIso = new Date(slot.end).toISOString();
  const { appointment, token, hashes } = newAppointment(deps, desk, service, slot, data, opts);
  const id = appointment.id;
  const requestId = currentRequestId();
  // Bookings arriving together share one commit on SQLite (group-commit.ts).
  const booking = groupedTransaction(deps.db, async (trx) => {
    const at = nowIso();
    await repo.releaseExpiredHolds(trx, desk.id, at);
    let usableHold: string | null = null;
    if (data.hold) {
      const held = await repo.holdRow(trx, data.hold);
      if (held && held.desk_id === desk.id && held.service_code === service.code && held.start_at === startIso && held.end_at === endIso) {
        usableHold = data.hold;
      } else if (!held && isId(data.hold) && (await repo.appointmentByHold(trx, data.hold))) {
        throw refuse(409, 'desks.error.alreadyBooked', undefined, undefined, { reason: 'already-booked' });
      }
    }
    if (desk.personLimit) {
      const contacts = [hashes.email, hashes.phone].filter((h): h is string => !!h);
      await repo.lockContacts(trx, desk.id, contacts, at);
      const window = desk.personLimit.days * 86_400_000;
      const counted = await repo.personAppointments(trx, desk.id, service.code, hashes, addMs(startIso, -window), addMs(startIso, window));
      if (counted.length >= desk.personLimit.count) {
        const limit = { n: counted.length, service: service.name, days: desk.personLimit.days, max: desk.personLimit.count };
        // Only staff are told here. Anyone can type an address: they get the answer of a booking
        // made (an id and a link that open nothing), and the address's owner the reason by e-mail.
        if (opts.source === 'staff' || !hashes.email) throw limitReached(limit, hashes.email ? 'email' : 'phone');
        await tellLimitReached(
          deps,
          trx,
          counted.filter((c) => c.email_hash === hashes.email).map((c) => c.id),
        );
        return;
      }
    }
    appointment.hold_id = usableHold && (await repo.takeHold(trx, usableHold)) ? usableHold : null;
    // The places (unless the hold's move over), the appointment and one job that does the rest
    // after the commit, off the booking's path: the confirmation e-mail (with its .ics), the
    // reminder and the erasure of personal data. All or nothing: a full unit refuses the booking.
    const job = { kind: DESK_BOOKED_JOB, payload: { appointmentId: id }, runAt: at, dedupeKey: `desk-booked:${id}`, requestId };
    if (!(await repo.bookPlaces(trx, appointment.hold_id ? null : units, appointment, job, at))) throw taken();
  });
  await booking.finally(() => placesChanged(deps.db, desk.id));
  return { appointment: appointmentView(appointment, desk), manageToken: token };
}

/**
 * The short way: the slot checked against the schedule this process keeps, without reading the
 * desk's version first; the write itself checks that version and that no hold of the desk has
 * expired, and takes the places, the appointment and its job (one statement on PostgreSQL, a few
 * synchronous ones in the group commit on SQLite). Null when it cannot decide: a refusal drawn from
 * the kept schedule, a schedule changed meanwhile or an expired hold; the long way, which reads
 * the schedule as the database has it, then decides.
 */
async function bookOnKept(deps: Deps, kept: DeskSchedule, data: AppointmentCreateOutput, opts: BookOptions): Promise<BookResult | null> {
  const { db } = deps;
  const service = kept.core.services.find((s) => s.code === data.service);
  const found = service ? keptBookableSlot(kept, service, data.start) : null;
  if (!service || !found) return null;
  const { appointment, token } = newAppointment(deps, kept.core, service, found.slot, data, opts);
  const at = nowIso();
  const plain = { version: kept.version, units: found.units, row: appointment, job: bookedJob(appointment.id, at), now: at };
  let outcome: repo.PlainOutcome;
  try {
    outcome = await runStatementOp(db, () => repo.bookPlainOp(db.dialect, plain, taken));
  } catch (err) {
    if (err instanceof Problem) throw err;
    // The shared transaction failed (SQLite busy): nothing was kept, the long way retries.
    return null;
  } finally {
    placesChanged(db, kept.core.id);
  }
  if (outcome === 'taken') throw taken();
  if (outcome === 'changed') return null;
  return { appointment: appointmentView(appointment, kept.core), manageToken: token };
}

/**
 * The e-mail to the owner of an address that has reached the per-person limit: the reason and the
 * links of their appointments. At most one a day per appointment, however often the form is sent.
 */
async function tellLimitReached(deps: Deps, trx: repo.Executor, own: string[]): Promise<void> {
  if (own.length === 0) return;
  const mail: DeskMailPayload = { appointmentId: own[0], mail: 'limit', others: own.slice(1) };
  await deps.jobs.enqueue(trx, DESK_MAIL_JOB, mail, { dedupeKey: deskMailKey(own[0], `limit:${romeDate(now().getTime())}`) });
}

/** An appointment seen through its private link; a wrong token is refused. */
export async function appointmentByToken(
  deps: Pick<Deps, 'db' | 'config'>,
  id: string,
  token: string | undefined,
): Promise<{ appointment: AppointmentView; desk: DeskView }> {
  const row = await linkedAppointment(deps, id, token);
  const desk = await getDesk(deps.db, row.desk_id, { includeInactive: true });
  return { appointment: appointmentView(row, desk), desk };
}

export async function cancel(deps: Deps, row: DeskAppointmentTable, desk: DeskView, by: { staff: Principal | null; reason?: string }) {
  const cancelling = repo.transaction(deps.db, async (trx) => {
    const at = nowIso();
    const before = await repo.cancelBooked(trx, row.id, at);
    if (!before) {
      throw refuse(
        409,
        row.status === 'cancelled' ? 'desks.error.alreadyCancelled' : 'desks.error.notCancellable',
        { status: row.status },
        undefined,
        { reason: 'not-booked' },
      );
    }
    if (before.holds_capacity === 1) await repo.releaseUnits(trx, desk.id, before.start_at, before.end_at);
    if (before.email && !before.anonymised_at) {
      const mail: DeskMailPayload = {
        appointmentId: before.id,
        mail: 'cancelled',
        byStaff: !!by.staff,
        ...(by.reason ? { reason: by.reason } : {}),
      };
      await deps.jobs.enqueue(trx, DESK_MAIL_JOB, mail, { dedupeKey: deskMailKey(before.id, 'cancelled') });
    }
    await enqueueAppointmentSms(trx, before, 'cancelled');
    if (by.staff) {
      if (phoneOnly(before)) await callBack(trx, desk, row.id, 'cancelled');
      await audit(trx, {
        userId: by.staff.userId,
        organisationId: desk.organisation.id,
        action: 'cancel',
        entity: 'desk-appointment',
        entityId: row.id,
        details: { reason: by.reason ?? null },
      });
    }
  });
  await cancelling.finally(() => placesChanged(deps.db, desk.id));
}

/** A phone-only person's appointment changed by staff: an entry on the list of people to call. */
function callBack(trx: repo.Executor, desk: DeskView, appointmentId: string, reason: 'cancelled' | 'moved'): Promise<void> {
  return recordCallback(trx, {
    organisationId: desk.organisation.id,
    kind: 'appointment',
    subjectId: appointmentId,
    scopeId: desk.id,
    reason,
  });
}

/** The citizen cancels through the private link; the place is given back at once. */
export async function cancelByCitizen(deps: Deps, id: string, token: string | undefined): Promise<void> {
  const row = await linkedAppointment(deps, id, token);
  const desk = await getDesk(deps.db, row.desk_id, { includeInactive: true });
  await cancel(deps, row, desk, { staff: null });
}

export async function move(
  deps: Deps,
  row: DeskAppointmentTable,
  desk: DeskView,
  start: string,
  staff: Principal | null,
): Promise<AppointmentView> {
  if (row.status !== 'booked') throw refuse(409, 'desks.error.notMovable', { status: row.status }, undefined, { reason: 'not-booked' });
  const service = desk.services.find((s) => s.code === row.service_code);
  if (!service) throw refuse(422, 'desks.error.serviceGone');
  if (Date.parse(row.start_at) <= now().getTime()) throw refuse(422, 'desks.error.started');
  const { slot, units } = await bookableSlot(deps.db, desk, service, start);
  const to = { start: new Date(slot.start).toISOString(), end: new Date(slot.end).toISOString() };
  if (to.start === row.start_at) return appointmentView(row, desk);
  const moving = repo.transaction(deps.db, async (trx) => {
    const at = nowIso();
    await repo.releaseExpiredHolds(trx, desk.id, at);
    // The conditional update locks the appointment and checks it is still as read; then the old
    // place is given back (a move by a few minutes may overlap it) and the new one taken. A full
    // new slot rolls all three back.
    if (!(await repo.moveBooked(trx, row.id, { start: row.start_at }, to, at))) {
      throw refuse(409, 'desks.error.changed', undefined, undefined, { reason: 'changed' });
    }
    if (row.holds_capacity === 1) await repo.releaseUnits(trx, desk.id, row.start_at, row.end_at);
    if (!(await repo.reserveUnits(trx, desk.id, units))) throw taken();
    const after: DeskAppointmentTable = { ...row, start_at: to.start, end_at: to.end, updated_at: at, holds_capacity: 1 };
    if (row.holds_capacity !== 1) {
      await trx.updateTable('desk_appointments').set({ holds_capacity: 1 }).where('id', '=', row.id).execute();
    }
    if (after.email && !after.anonymised_at) {
      const mail: DeskMailPayload = {
        appointmentId: row.id,
        mail: 'moved',
        was: { start: row.start_at, end: row.end_at },
        byStaff: !!staff,
      };
      await deps.jobs.enqueue(trx, DESK_MAIL_JOB, mail, { dedupeKey: deskMailKey(row.id, `moved:${newId()}`) });
    }
    await enqueueAppointmentSms(trx, after, 'moved');
    await enqueueFollowUps(deps, trx, after, desk);
    if (staff) {
      if (phoneOnly(after)) await callBack(trx, desk, row.id, 'moved');
      await audit(trx, {
        userId: staff.userId,
        organisationId: desk.organisation.id,
        action: 'move',
        entity: 'desk-appointment',
        entityId: row.id,
        details: { from: row.start_at, to: to.start },
      });
    }
    return after;
  });
  const moved = await moving.finally(() => placesChanged(deps.db, desk.id));
  return appointmentView(moved, desk);
}

/** The citizen moves the appointment through the private link. */
export async function moveByCitizen(deps: Deps, id: string, token: string | undefined, input: unknown): Promise<AppointmentView> {
  const data = parse(MoveBody, input);
  const row = await linkedAppointment(deps, id, token);
  const desk = await getDesk(deps.db, row.desk_id, { includeInactive: true });
  return move(deps, row, desk, data.start, null);
}

export async function staffAppointment(db: Db, id: string): Promise<{ row: DeskAppointmentTable; desk: DeskView }> {
  const row = await repo.appointmentRow(db.k, id);
  if (!row) throw refuse(404, 'desks.error.appointmentNotFound');
  return { row, desk: await getDesk(db, row.desk_id, { includeInactive: true }) };
}

/** An appointment as staff see it (the caller has checked access). */
export async function staffAppointmentView(db: Db, id: string): Promise<{ appointment: AppointmentView; desk: DeskView }> {
  const { row, desk } = await staffAppointment(db, id);
  return { appointment: appointmentView(row, desk), desk };
}

/** Staff move an appointment; the citizen is told by e-mail. */
export async function moveByStaff(deps: Deps, principal: Principal, id: string, input: unknown): Promise<AppointmentView> {
  const data = parse(MoveBody, input);
  const { row, desk } = await staffAppointment(deps.db, id);
  return move(deps, row, desk, data.start, principal);
}

/** Staff cancel an appointment; the citizen is told by e-mail, with the reason. */
export async function cancelByStaff(deps: Deps, principal: Principal, id: string, input: unknown): Promise<void> {
  const data = parse(StaffCancelBody, input ?? {});
  const { row, desk } = await staffAppointment(deps.db, id);
  await cancel(deps, row, desk, { staff: principal, reason: data.reason || undefined });
}

/** The refusal to mark served an appointment whose time has not come yet. */
export function notStartedYet(row: DeskAppointmentTable) {
  return refuse(409, 'desks.error.notStarted', { start: formatRome(row.start_at) }, undefined, { reason: 'not-started' });
}

/**
 * Marks an appointment served or no-show (or back to booked, to undo a mistake). Nobody is served
 * before their appointment begins: marking one served ahead of its start is refused (409), and the
 * update itself carries the condition, so the row is left as it was.
 */
export async function setAppointmentStatus(deps: Deps, principal: Principal, id: string, input: unknown): Promise<AppointmentView> {
  const data = parse(StatusBody, input);
  const { row, desk } = await staffAppointment(deps.db, id);
  const from: DeskAppointmentTable['status'][] = data.status === 'booked' ? ['served', 'no-show'] : ['booked', 'served', 'no-show'];
  if (row.status === data.status) return appointmentView(row, desk);
  const at = nowIso();
  const serving = data.status === 'served';
  if (serving && row.start_at > at) throw notStartedYet(row);
  if (!(await repo.setStatus(deps.db.k, id, from, data.status, at, serving ? at : undefined))) {
    const fresh = await repo.appointmentRow(deps.db.k, id);
    if (serving && fresh && fresh.start_at > at) throw notStartedYet(fresh);
    throw refuse(409, 'desks.error.status', { from: fresh?.status ?? row.status, to: data.status }, undefined, { reason: 'status' });
  }
  await audit(deps.db.k, {
    userId: principal.userId,
    organisationId: desk.organisation.id,
    action: `status:${data.status}`,
    entity: 'desk-appointment',
    entityId: id,
  });
  const after = await repo.appointmentRow(deps.db.k, id);
  return appointmentView(after!, desk);
}

/** Records someone helped without an appointment: served now, taking no bookable place. */
export async function recordWalkIn(deps: Deps, principal: Principal, deskId: string, input: unknown): Promise<AppointmentView> {
  const data = parse(WalkInBody, input);
  const desk = await getDesk(deps.db, deskId, { includeInactive: true });
  const service = offeredService(desk, data.service);
  const at = nowIso();
  const startMs = Math.floor(Date.parse(at) / 60_000) * 60_000;
  const row: DeskAppointmentTable = {
    id: newId(),
    desk_id: desk.id,
    service_code: service.code,
    start_at: new Date(startMs).toISOString(),
    end_at: new Date(startMs + service.durationMinutes * 60_000).toISOString(),
    status: 'served',
    name: data.name ?? null,
    email: null,
    phone: null,
    email_hash: null,
    phone_hash: null,
    manage_token_hash: tokenHash(newId()),
    hold_id: null,
    source: 'walk-in',
    holds_capacity: 0,
    booked_by: principal.userId,
    lang: 'it',
    created_at: at,
    updated_at: at,
    served_at: at,
    cancelled_at: null,
    anonymised_at: null,
  };
  await repo.transaction(deps.db, async (trx) => {
    await repo.insertAppointment(trx, row);
    await enqueueFollowUps(deps, trx, row, desk);
  });
  return appointmentView(row, desk);
}
