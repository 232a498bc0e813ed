import { localInstant } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import { type EventStaffMember, eventStaff } from '../../volunteers/service.js';

/**
 * A desk that follows an event with the event's staff as its operators: at each session, the
 * volunteers with a confirmed place on a shift of the event that overlaps it (staff publish those
 * shifts, or generate them from the sessions). The desk's `follow_operators` is then EVENT_STAFF;
 * its openings are written again whenever a sign-up of those shifts changes (the volunteers module
 * enqueues the same job as a change of the sessions).
 */

/** `follow_operators` of a desk whose operators are the event's staff. */
export const EVENT_STAFF = 0;

export type { EventStaffMember };

export function staffOfEvent(db: Db, eventId: string): Promise<EventStaffMember[]> {
  return eventStaff(db, eventId);
}

/** The staff members on duty during [start, end) (ISO instants or epoch ms), each once, in name order. */
export function staffDuring(staff: EventStaffMember[], start: string | number, end: string | number): EventStaffMember[] {
  const from = typeof start === 'number' ? start : Date.parse(start);
  const to = typeof end === 'number' ? end : Date.parse(end);
  const seen = new Set<string>();
  return staff
    .filter((m) => Date.parse(m.start) < to && Date.parse(m.end) > from)
    .filter((m) => !seen.has(m.userId) && seen.add(m.userId) !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name, 'it'));
}

/** The staff on duty during an opening written as a day and Rome wall-clock times. */
export function staffAtOpening(staff: EventStaffMember[], date: string, start: string, end: string): EventStaffMember[] {
  return staffDuring(staff, localInstant(date, start), localInstant(date, end));
}
