import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { isId } from '../../core/ids.js';
import { refuse } from '../../core/problems.js';
import { nowIso, ZONE } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { type DoorSession, doorSessions } from './door/checkin.js';

/**
 * Who came: per session and for the whole event. Booked means the confirmed bookings of now;
 * no-shows are confirmed bookings without a check-in, counted only once the session started.
 *
 * For the whole event (a course of several sessions) people are counted once: a booking checked
 * in at any session counts once, with the most people it came with; a booking is a no-show only
 * if it came to none of the sessions already started. Walk-ins carry no identity, so each walk-in
 * entry counts, session after session.
 */

export interface Count {
  /** Bookings (or walk-in entries). */
  entries: number;
  people: number;
}

export interface AttendanceFigures {
  booked: Count;
  checkedIn: Count;
  /** Null until the session (for the total: the first session) has started. */
  noShows: Count | null;
  walkIns: Count;
  /** Checked-in people plus walk-ins. */
  present: number;
}

export interface SessionAttendance extends AttendanceFigures {
  id: string;
  number: number;
  start: string;
  end: string;
  started: boolean;
}

export interface Attendance {
  eventId: string;
  sessions: SessionAttendance[];
  total: AttendanceFigures;
}

const zero = (): Count => ({ entries: 0, people: 0 });
const add = (c: Count, people: number) => {
  c.entries += 1;
  c.people += people;
};

export async function eventAttendance(db: Db, eventId: string, at = nowIso()): Promise<Attendance> {
  if (!isId(eventId)) throw refuse(404, 'events.error.notFound');
  const [sessions, regs, rows] = await Promise.all([
    doorSessions(db, eventId),
    db.k.selectFrom('registrations').select(['id', 'seats']).where('event_id', '=', eventId).where('status', '=', 'confirmed').execute(),
    db.k.selectFrom('event_checkins').select(['session_id', 'registration_id', 'people']).where('event_id', '=', eventId).execute(),
  ]);
  if (sessions.length === 0) throw refuse(404, 'events.error.notFound');
  const booked = zero();
  for (const r of regs) add(booked, Number(r.seats));
  const perSession = sessions.map((s: DoorSession): SessionAttendance => {
    const mine = rows.filter((r) => r.session_id === s.id);
    const checkedIn = zero();
    const walkIns = zero();
    const came = new Set<string>();
    for (const r of mine) {
      if (r.registration_id) {
        add(checkedIn, Number(r.people));
        came.add(r.registration_id);
      } else add(walkIns, Number(r.people));
    }
    const started = s.start <= at;
    let noShows: Count | null = null;
    if (started) {
      noShows = zero();
      for (const r of regs) if (!came.has(r.id)) add(noShows, Number(r.seats));
    }
    return { ...s, started, booked, checkedIn, noShows, walkIns, present: checkedIn.people + walkIns.people };
  });
  // The whole event: each booking once, with the most people it came with.
  const most = new Map<string, number>();
  const walkIns = zero();
  for (const r of rows) {
    if (r.registration_id) most.set(r.registration_id, Math.max(most.get(r.registration_id) ?? 0, Number(r.people)));
    else add(walkIns, Number(r.people));
  }
  const checkedIn = zero();
  for (const p of most.values()) add(checkedIn, p);
  let noShows: Count | null = null;
  if (perSession.some((s) => s.started)) {
    noShows = zero();
    for (const r of regs) if (!most.has(r.id)) add(noShows, Number(r.seats));
  }
  return {
    eventId,
    sessions: perSession,
    total: { booked, checkedIn, noShows, walkIns, present: checkedIn.people + walkIns.people },
  };
}

/**
 * The events a programme held up to a day (Rome) and their participants, for its targets. Held:
 * published, not cancelled, ended by the end of that day. Participants: the people checked in at
 * those events, each booking once per event with the most people it came with, plus walk-ins.
 */
export async function programmeEventFigures(db: Db, programmeId: string, upTo: string): Promise<{ events: number; participants: number }> {
  const cutoff = DateTime.fromISO(upTo, { zone: ZONE }).plus({ days: 1 }).startOf('day').toUTC().toISO() as string;
  const held = db.k
    .selectFrom('events')
    .select('id')
    .where('programme_id', '=', programmeId)
    .where('status', '=', 'published')
    .where('ends_at', '<=', cutoff);
  const [events, booked, walkIns] = await Promise.all([
    db.k
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('programme_id', '=', programmeId)
      .where('status', '=', 'published')
      .where('ends_at', '<=', cutoff)
      .executeTakeFirstOrThrow(),
    db.k
      .selectFrom(
        db.k
          .selectFrom('event_checkins')
          .select((eb) => eb.fn.max('people').as('people'))
          .where('event_id', 'in', held)
          .where('registration_id', 'is not', null)
          .groupBy(['event_id', 'registration_id'])
          .as('once'),
      )
      .select(sql<number>`coalesce(sum(once.people), 0)`.as('n'))
      .executeTakeFirstOrThrow(),
    db.k
      .selectFrom('event_checkins')
      .select(sql<number>`coalesce(sum(people), 0)`.as('n'))
      .where('event_id', 'in', held)
      .where('registration_id', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { events: Number(events.n), participants: Number(booked.n) + Number(walkIns.n) };
}
