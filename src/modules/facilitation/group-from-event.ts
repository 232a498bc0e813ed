import { DateTime } from 'luxon';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { isId } from '../../core/ids.js';
import { fieldError, refuse } from '../../core/problems.js';
import { nowIso } from '../../core/time.js';
import { type EventDetail, getEvent, type SessionAttendees, sessionAttendees } from '../events/service.js';
import { AGE_BAND_KEYS, type AgeBand } from './codes.js';
import { createGroupRecords, type GroupResult } from './service.js';

/**
 * Group training from an event's attendance: one facilitation record per person checked in at a
 * session (booked or walk-in), in one action. The session's id is the records' group id, so a
 * session is recorded once however many times the button is pressed.
 */

export interface EventGroupSession extends SessionAttendees {
  /** Whether its records exist already. */
  recorded: boolean;
  /** Whether it has started (records cannot be dated in the future). */
  started: boolean;
}

export interface EventGroupContext {
  event: EventDetail;
  sessions: EventGroupSession[];
}

export async function eventGroupContext(deps: Pick<Deps, 'db'>, eventId: string): Promise<EventGroupContext> {
  if (!isId(eventId)) throw refuse(404, 'fac.err.event.notFound');
  const event = await getEvent(deps.db, eventId, { includeDrafts: true });
  const sessions = await sessionAttendees(deps.db, eventId);
  const recorded = new Set(
    sessions.length
      ? (
          await deps.db.k
            .selectFrom('facilitation_records')
            .select('service_group_id')
            .distinct()
            .where(
              'service_group_id',
              'in',
              sessions.map((s) => s.id),
            )
            .execute()
        ).map((r) => r.service_group_id)
      : [],
  );
  const now = nowIso();
  return { event, sessions: sessions.map((s) => ({ ...s, recorded: recorded.has(s.id), started: s.start <= now })) };
}

/** The session's length as hh:mm, the default duration of its records. */
export function sessionDuration(s: Pick<SessionAttendees, 'start' | 'end'>): string {
  const minutes = Math.max(1, Math.round(DateTime.fromISO(s.end).diff(DateTime.fromISO(s.start), 'minutes').minutes));
  const capped = Math.min(minutes, 12 * 60);
  return `${String(Math.floor(capped / 60)).padStart(2, '0')}:${String(capped % 60).padStart(2, '0')}`;
}

export interface EventGroupInput {
  session: string;
  programme: string;
  venue: string;
  duration: string;
  kinds: string[];
  competences: (number | string)[];
  services: string[];
  details?: string;
}

const facilitationAgeBand = (band: string | null): AgeBand | undefined =>
  band && (AGE_BAND_KEYS as readonly string[]).includes(band) ? (band as AgeBand) : undefined;

export async function recordEventGroup(
  deps: Deps,
  principal: Principal | null,
  eventId: string,
  input: EventGroupInput,
): Promise<GroupResult> {
  const ctx = await eventGroupContext(deps, eventId);
  const session = ctx.sessions.find((s) => s.id === input.session);
  if (!session) throw refuse(422, 'fac.err.session.choose', undefined, [fieldError('session', 'fac.err.session.missing')]);
  if (session.people.length === 0) {
    throw refuse(422, 'fac.err.session.nobody', undefined, [fieldError('session', 'fac.err.session.checkinFirst')]);
  }
  return createGroupRecords(
    deps,
    principal,
    {
      programme: input.programme,
      venue: input.venue,
      date: session.date,
      duration: input.duration,
      kinds: input.kinds,
      competences: input.competences,
      services: input.services,
      details: input.details || null,
      attendees: session.people.map((p) => ({
        // The same booking at every lesson of a course is the same citizen.
        identifier: p.key,
        ageBand: facilitationAgeBand(p.ageBand),
      })),
    },
    { groupId: session.id },
  );
}
