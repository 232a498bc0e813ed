import { z } from 'zod';
import type { Deps } from '../../../core/deps.js';
import { isId, newId } from '../../../core/ids.js';
import { fieldError, refuse } from '../../../core/problems.js';
import { organisationOfRow } from '../../../core/rows.js';
import { inRome, nowIso, romeDay } from '../../../core/time.js';
import { parse, visibleText } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { EventTable } from '../../../db/schema.js';
import { webhookJob } from '../../webhooks/service.js';
import { AGE_BANDS, AUDIENCES } from '../catalogue/vocab.js';
import { refuseTitled } from '../refusals.js';
import * as repo from '../repo.js';
import { SURVEY_KIND, surveyAt, surveyDedupeKey } from '../survey/schedule.js';

/**
 * The door of an event: booked people checked in by their ticket code or from the list, walk-ins
 * counted, attendance per session. A booking is checked in at most once per session: the unique
 * index event_checkins_once decides, in the insert itself (`on conflict do nothing`), so two
 * phones scanning the same ticket at the same moment count it once on both dialects.
 */

export type CheckinDeps = Pick<Deps, 'db' | 'jobs'>;

/** How a check-in was made, stored in event_checkins.method. */
export type CheckinMethod = 'code' | 'list' | 'walk-in' | 'api';

export interface DoorSession {
  id: string;
  /** 1-based, in date order. */
  number: number;
  start: string;
  end: string;
}

export interface CheckinResult {
  id: string;
  registrationId: string;
  sessionId: string;
  people: number;
  /** True when this booking was already checked in at this session: nothing was counted again. */
  already: boolean;
  name: string | null;
}

// ---------- input ----------

const SessionId = z
  .string()
  .regex(/^[0-9a-f-]{36}$/, 'door.field.session.invalid')
  .nullable()
  .optional();
const People = (max: number) =>
  z
    .number({ message: 'door.check.people' })
    .int('door.check.people.integer')
    .min(1, 'door.check.people.min')
    .max(max, 'door.check.people.max');

export const CheckinInput = z
  .object({
    code: z.string({ message: 'door.check.code' }).trim().min(1, 'door.check.code').max(200, 'door.check.code.max'),
    session: SessionId,
    /** Fewer people than the seats booked, when part of a group came. Default: every seat. */
    people: People(50).optional(),
  })
  .strict();
export type CheckinInputData = z.input<typeof CheckinInput>;

export const WalkInInput = z
  .object({
    people: People(200).default(1),
    name: visibleText(z.string().trim().max(120, 'events.check.max'))
      .transform((v) => (v === '' ? null : v))
      .nullable()
      .optional(),
    audience: z.enum(AUDIENCES, { message: 'events.check.audience' }).nullable().optional(),
    ageBand: z.enum(AGE_BANDS, { message: 'events.check.ageBand' }).nullable().optional(),
    session: SessionId,
  })
  .strict();
export type WalkInInputData = z.input<typeof WalkInInput>;

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/**
 * The ticket code as stored (ABCDE-FGHJK) from what was typed or scanned: any case, spaces or
 * dashes anywhere, the QR's "PONTE " prefix; I, L and O read as 1, 1 and 0 as Crockford's
 * alphabet intends. Null when it cannot be a ticket code.
 */
export function normaliseTicketCode(raw: string): string | null {
  let s = raw.toUpperCase().replace(/[\s\-–—_.]+/g, '');
  if (s.startsWith('PONTE')) s = s.slice(5);
  s = s.replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!CROCKFORD.test(s)) return null;
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

// ---------- sessions ----------

export async function doorSessions(db: Db, eventId: string): Promise<DoorSession[]> {
  const rows = await db.k
    .selectFrom('event_sessions')
    .select(['id', 'starts_at', 'ends_at'])
    .where('event_id', '=', eventId)
    .orderBy('starts_at')
    .orderBy('position')
    .execute();
  return rows.map((r, i) => ({ id: r.id, number: i + 1, start: r.starts_at, end: r.ends_at }));
}

/** The first instant of the Rome day a session starts on: check-ins are taken from then. */
export function doorOpensAt(session: Pick<DoorSession, 'start'>): string {
  return inRome(session.start).startOf('day').toUTC().toISO() as string;
}

/**
 * The session the door works on when none is chosen: today's (the one running or the next one
 * today), else the last one already started, else the first.
 */
export function defaultSession(sessions: DoorSession[], at = nowIso()): DoorSession {
  const today = romeDay(at);
  const todays = sessions.filter((s) => romeDay(s.start) === today);
  if (todays.length) return todays.find((s) => s.end > at) ?? todays[todays.length - 1];
  const started = sessions.filter((s) => s.start <= at);
  return started.length ? started[started.length - 1] : sessions[0];
}

async function doorEvent(db: Db, eventId: string): Promise<EventTable> {
  const ev = isId(eventId) ? await repo.eventRow(db, eventId) : undefined;
  if (!ev) throw refuse(404, 'door.problem.event');
  return ev;
}

/** The chosen session of the event (422 when it is not one of its sessions), or the default one. */
async function pickSession(db: Db, eventId: string, sessionId: string | null | undefined): Promise<DoorSession> {
  const sessions = await doorSessions(db, eventId);
  if (sessions.length === 0) throw refuse(404, 'door.problem.event');
  if (!sessionId) return defaultSession(sessions);
  const s = sessions.find((x) => x.id === sessionId);
  if (!s) {
    throw refuse(422, 'door.problem.session', undefined, [fieldError('session', 'door.field.session.other')]);
  }
  return s;
}

/** The event must be on and its day come: otherwise 409, with the reason in plain words. */
function checkDoorOpen(ev: EventTable, session: DoorSession, at: string): void {
  if (ev.status === 'cancelled') throw refuse(409, 'door.cancelled', undefined, undefined, { reason: 'cancelled' });
  if (ev.status !== 'published') throw refuse(409, 'door.problem.draft', undefined, undefined, { reason: 'draft' });
  if (at < doorOpensAt(session)) {
    const day = inRome(session.start).setLocale('it').toFormat('cccc d LLLL yyyy');
    throw refuse(409, 'door.problem.notYet', { day }, undefined, { reason: 'not-yet', opensAt: doorOpensAt(session) });
  }
}

// ---------- check-in of a booking ----------

/** Checks in a booking by its ticket code (typed, scanned or sent through the API). */
export async function checkInByCode(
  deps: CheckinDeps,
  eventId: string,
  input: CheckinInputData | unknown,
  by: { userId: string | null; method: 'code' | 'api' },
): Promise<CheckinResult> {
  const data = parse(CheckinInput, input);
  const ev = await doorEvent(deps.db, eventId);
  const code = normaliseTicketCode(data.code);
  const reg = code
    ? await deps.db.k
        .selectFrom('registrations')
        .select('id')
        .where('ticket_code', '=', code)
        .where('event_id', '=', eventId)
        .executeTakeFirst()
    : undefined;
  if (!reg) {
    throw refuseTitled(404, 'door.problem.ticket.title', 'door.problem.ticket', undefined, [fieldError('code', 'door.field.code.unknown')]);
  }
  return checkIn(deps, ev, reg.id, data.session, data.people, by);
}

/** Checks in a booking ticked on the list at the door. */
export async function checkInRegistration(
  deps: CheckinDeps,
  eventId: string,
  registrationId: string,
  sessionId: string | null | undefined,
  by: { userId: string | null },
): Promise<CheckinResult> {
  const ev = await doorEvent(deps.db, eventId);
  if (!isId(registrationId))
    throw refuse(422, 'door.problem.pick', undefined, [fieldError('registration', 'door.field.registration.invalid')]);
  if (sessionId !== undefined && sessionId !== null && !isId(sessionId)) {
    throw refuse(422, 'door.problem.session', undefined, [fieldError('session', 'door.field.session.invalid')]);
  }
  return checkIn(deps, ev, registrationId, sessionId, undefined, { userId: by.userId, method: 'list' });
}

async function checkIn(
  deps: CheckinDeps,
  ev: EventTable,
  registrationId: string,
  sessionId: string | null | undefined,
  people: number | undefined,
  by: { userId: string | null; method: CheckinMethod },
): Promise<CheckinResult> {
  const { db } = deps;
  const session = await pickSession(db, ev.id, sessionId);
  const at = nowIso();
  checkDoorOpen(ev, session, at);
  return db.k.transaction().execute(async (trx) => {
    const reg = await trx
      .selectFrom('registrations')
      .select(['id', 'event_id', 'status', 'seats', 'name', 'email'])
      .where('id', '=', registrationId)
      .executeTakeFirst();
    if (!reg || reg.event_id !== ev.id) {
      throw refuseTitled(404, 'door.problem.booking.title', 'door.problem.booking', undefined, [
        fieldError('registration', 'door.field.registration.unknown'),
      ]);
    }
    if (reg.status === 'cancelled')
      throw refuse(409, 'door.problem.bookingCancelled', undefined, undefined, { reason: 'cancelled-booking' });
    if (reg.status !== 'confirmed') {
      const key = reg.status === 'offered' ? 'door.problem.offered' : 'door.problem.waiting';
      throw refuse(409, key, undefined, undefined, { reason: 'not-confirmed' });
    }
    const seats = Number(reg.seats);
    if (people !== undefined && people > seats) {
      const key = seats === 1 ? 'door.problem.seats.one' : 'door.problem.seats';
      throw refuse(422, key, { n: seats }, [fieldError('people', 'door.field.people.max', { n: seats })]);
    }
    const row = {
      id: newId(),
      organisation_id: ev.organisation_id,
      event_id: ev.id,
      session_id: session.id,
      registration_id: reg.id,
      people: people ?? seats,
      name: null,
      audience: null,
      age_band: null,
      method: by.method,
      checked_in_by: by.userId,
      created_at: at,
    };
    const inserted = await trx
      .insertInto('event_checkins')
      .values(row)
      .onConflict((oc) => oc.columns(['session_id', 'registration_id']).where('registration_id', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const first = await trx
        .selectFrom('event_checkins')
        .select(['id', 'people'])
        .where('session_id', '=', session.id)
        .where('registration_id', '=', reg.id)
        .executeTakeFirstOrThrow();
      return { id: first.id, registrationId: reg.id, sessionId: session.id, people: Number(first.people), already: true, name: reg.name };
    }
    // Subscribers hear of every check-in (ids and counts only); the survey goes to those who came.
    const hook = webhookJob(ev.organisation_id, 'registration.checked_in', {
      registrationId: reg.id,
      eventId: ev.id,
      sessionId: session.id,
      people: row.people,
    });
    await deps.jobs.enqueue(trx, hook.kind, hook.payload, { runAt: hook.runAt });
    if (reg.email) {
      await deps.jobs.enqueue(
        trx,
        SURVEY_KIND,
        { registrationId: reg.id },
        { runAt: surveyAt(ev.ends_at), dedupeKey: surveyDedupeKey(reg.id) },
      );
    }
    return { id: row.id, registrationId: reg.id, sessionId: session.id, people: row.people, already: false, name: reg.name };
  });
}

// ---------- walk-ins ----------

/** Counts people who came without a booking (name optional; audience and age band for the statistics). */
export async function addWalkIn(
  deps: CheckinDeps,
  eventId: string,
  input: WalkInInputData | unknown,
  by: { userId: string | null },
): Promise<{ id: string; sessionId: string; people: number }> {
  const data = parse(WalkInInput, input);
  const ev = await doorEvent(deps.db, eventId);
  const session = await pickSession(deps.db, eventId, data.session);
  const at = nowIso();
  checkDoorOpen(ev, session, at);
  const id = newId();
  await deps.db.k
    .insertInto('event_checkins')
    .values({
      id,
      organisation_id: ev.organisation_id,
      event_id: ev.id,
      session_id: session.id,
      registration_id: null,
      people: data.people,
      name: data.name ?? null,
      audience: data.audience ?? null,
      age_band: data.ageBand ?? null,
      method: 'walk-in',
      checked_in_by: by.userId,
      created_at: at,
    })
    .execute();
  return { id, sessionId: session.id, people: data.people };
}

/** Undoes a wrong tick or walk-in: the row goes; a survey already planned stays (it is deduplicated). */
export async function undoCheckin(db: Db, eventId: string, checkinId: string): Promise<void> {
  if (!isId(checkinId)) throw refuse(404, 'door.problem.checkin');
  const res = await db.k.deleteFrom('event_checkins').where('id', '=', checkinId).where('event_id', '=', eventId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw refuse(404, 'door.problem.checkin');
}

/** The organisation of a check-in, for access rules. */
export async function organisationOfCheckin(db: Db, checkinId: string | undefined): Promise<string | undefined> {
  return isId(checkinId) ? organisationOfRow(db, 'event_checkins', checkinId) : undefined;
}

// ---------- the list at the door ----------

export interface DoorListItem {
  registrationId: string;
  name: string | null;
  seats: number;
  ticketCode: string;
  /** For an activity for minors: the child the booking is for (the name is the guardian's). */
  child?: { name: string; age: number | null } | null;
  /** The check-in at the chosen session, if any. */
  checkin: { id: string; people: number; at: string } | null;
}

export interface WalkInItem {
  id: string;
  people: number;
  name: string | null;
  audience: string | null;
  ageBand: string | null;
  at: string;
}

/** Confirmed bookings of the event with their check-in at the session, by name; and the session's walk-ins. */
export async function doorList(db: Db, eventId: string, sessionId: string): Promise<{ items: DoorListItem[]; walkIns: WalkInItem[] }> {
  const [regs, checkins] = await Promise.all([
    db.k
      .selectFrom('registrations')
      .select(['id', 'name', 'seats', 'ticket_code', 'child_name', 'child_age'])
      .where('event_id', '=', eventId)
      .where('status', '=', 'confirmed')
      .execute(),
    db.k
      .selectFrom('event_checkins')
      .select(['id', 'registration_id', 'people', 'name', 'audience', 'age_band', 'created_at'])
      .where('event_id', '=', eventId)
      .where('session_id', '=', sessionId)
      .orderBy('created_at')
      .execute(),
  ]);
  const byReg = new Map(checkins.filter((c) => c.registration_id).map((c) => [c.registration_id as string, c]));
  const items = regs
    .map((r) => {
      const c = byReg.get(r.id);
      return {
        registrationId: r.id,
        name: r.name,
        seats: Number(r.seats),
        ticketCode: r.ticket_code,
        child: r.child_name ? { name: r.child_name, age: r.child_age ?? null } : null,
        checkin: c ? { id: c.id, people: Number(c.people), at: c.created_at } : null,
      };
    })
    .sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'it') || a.ticketCode.localeCompare(b.ticketCode));
  const walkIns = checkins
    .filter((c) => !c.registration_id)
    .map((c) => ({ id: c.id, people: Number(c.people), name: c.name, audience: c.audience, ageBand: c.age_band, at: c.created_at }));
  return { items, walkIns };
}

/** One check-in with the booking's name, for the message after a scan. */
export async function checkinSummary(
  db: Db,
  eventId: string,
  checkinId: string,
): Promise<{ name: string | null; people: number; ticketCode: string | null } | null> {
  if (!isId(checkinId)) return null;
  const row = await db.k
    .selectFrom('event_checkins')
    .leftJoin('registrations', 'registrations.id', 'event_checkins.registration_id')
    .select(['event_checkins.people', 'event_checkins.name as walkInName', 'registrations.name', 'registrations.ticket_code'])
    .where('event_checkins.id', '=', checkinId)
    .where('event_checkins.event_id', '=', eventId)
    .executeTakeFirst();
  if (!row) return null;
  return { name: row.name ?? row.walkInName, people: Number(row.people), ticketCode: row.ticket_code };
}
