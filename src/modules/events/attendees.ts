import { DateTime } from 'luxon';
import { ZONE } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { type DoorSession, doorSessions } from './door/checkin.js';

/**
 * Who came to each session of an event, one entry per person and without names: what the
 * facilitation records of a group training need (how many, their age band and audience). A
 * booking of three seats is three people; a walk-in entry of two people is two.
 */
export interface SessionAttendees extends DoorSession {
  /** The session's day in Rome (YYYY-MM-DD). */
  date: string;
  people: {
    /** Stable for the same booking across the sessions of a course: the same person. */
    key: string;
    ageBand: string | null;
    audience: string | null;
  }[];
}

export async function sessionAttendees(db: Db, eventId: string): Promise<SessionAttendees[]> {
  const [sessions, checkins] = await Promise.all([
    doorSessions(db, eventId),
    db.k
      .selectFrom('event_checkins')
      .leftJoin('registrations', 'registrations.id', 'event_checkins.registration_id')
      .select([
        'event_checkins.id',
        'event_checkins.session_id',
        'event_checkins.registration_id',
        'event_checkins.people',
        'event_checkins.age_band',
        'event_checkins.audience',
        'registrations.age_band as booking_age_band',
        'registrations.audience as booking_audience',
      ])
      .where('event_checkins.event_id', '=', eventId)
      .orderBy('event_checkins.id')
      .execute(),
  ]);
  return sessions.map((s) => {
    const people: SessionAttendees['people'] = [];
    for (const c of checkins.filter((x) => x.session_id === s.id)) {
      const base = c.registration_id ? `booking:${c.registration_id}` : `walk-in:${c.id}`;
      // The age band and audience given at booking describe the booker only; a walk-in entry's
      // describe the group that came in together.
      const described = (n: number) => n === 1 || !c.registration_id;
      for (let n = 1; n <= Number(c.people); n++) {
        people.push({
          key: `${base}:${n}`,
          ageBand: described(n) ? (c.age_band ?? c.booking_age_band ?? null) : null,
          audience: described(n) ? (c.audience ?? c.booking_audience ?? null) : null,
        });
      }
    }
    return { ...s, date: DateTime.fromISO(s.start, { zone: 'utc' }).setZone(ZONE).toISODate() as string, people };
  });
}
