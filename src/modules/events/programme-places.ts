import { sql } from 'kysely';
import type { Db } from '../../db/index.js';

/**
 * A programme's events with a session in a period, with where they were held and who came, for
 * the programme's coverage board and report. Five statements whatever the number of events.
 */
export interface ProgrammeEventPlace {
  eventId: string;
  municipalityCode: string;
  /** The event's audiences (an event may name several, or none). */
  audiences: string[];
  /** Sessions starting in the period. */
  sessions: number;
  /** Seats of the confirmed bookings (now). */
  booked: number;
  /** People checked in with a booking at those sessions, each booking once with the most people it came with. */
  checkedIn: number;
  /** People who walked in without a booking at those sessions. */
  walkIns: number;
}

/** `from` and `to` are UTC instants: sessions starting at or after `from` and before `to`. */
export async function programmeEventPlaces(db: Db, programmeId: string, from: string, to: string): Promise<ProgrammeEventPlace[]> {
  // The published sessions of the programme's events that start in the period.
  const inPeriod = db.k
    .selectFrom('event_sessions as s')
    .innerJoin('events as e', 'e.id', 's.event_id')
    .where('e.programme_id', '=', programmeId)
    .where('e.status', '=', 'published')
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to);
  const sessionsInPeriod = inPeriod.select('s.id');
  const eventsInPeriod = inPeriod.select('e.id');
  const [events, audiences, booked, checkedIn, walkIns] = await Promise.all([
    inPeriod
      .select(['e.id', 'e.municipality_code', (eb) => eb.fn.countAll<number>().as('sessions')])
      .groupBy(['e.id', 'e.municipality_code'])
      .execute(),
    db.k.selectFrom('event_audiences').select(['event_id', 'audience']).where('event_id', 'in', eventsInPeriod).execute(),
    db.k
      .selectFrom('registrations')
      .select(['event_id', sql<number>`coalesce(sum(seats), 0)`.as('n')])
      .where('event_id', 'in', eventsInPeriod)
      .where('status', '=', 'confirmed')
      .groupBy('event_id')
      .execute(),
    db.k
      .selectFrom(
        db.k
          .selectFrom('event_checkins')
          .select(['event_id', (eb) => eb.fn.max('people').as('people')])
          .where('session_id', 'in', sessionsInPeriod)
          .where('registration_id', 'is not', null)
          .groupBy(['event_id', 'registration_id'])
          .as('once'),
      )
      .select(['once.event_id', sql<number>`coalesce(sum(once.people), 0)`.as('n')])
      .groupBy('once.event_id')
      .execute(),
    db.k
      .selectFrom('event_checkins')
      .select(['event_id', sql<number>`coalesce(sum(people), 0)`.as('n')])
      .where('session_id', 'in', sessionsInPeriod)
      .where('registration_id', 'is', null)
      .groupBy('event_id')
      .execute(),
  ]);
  const byEvent = (rows: { event_id: string; n: number }[]) => new Map(rows.map((r) => [r.event_id, Number(r.n)]));
  const bookedOf = byEvent(booked);
  const checkedInOf = byEvent(checkedIn);
  const walkInsOf = byEvent(walkIns);
  return events.map((e) => ({
    eventId: e.id,
    municipalityCode: e.municipality_code,
    audiences: audiences
      .filter((a) => a.event_id === e.id)
      .map((a) => a.audience)
      .sort(),
    sessions: Number(e.sessions),
    booked: bookedOf.get(e.id) ?? 0,
    checkedIn: checkedInOf.get(e.id) ?? 0,
    walkIns: walkInsOf.get(e.id) ?? 0,
  }));
}
