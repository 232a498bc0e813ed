import type { Db } from '../../db/index.js';
import { getMember } from '../accounts/service.js';
import * as desks from '../desks/service.js';
import * as events from '../events/service.js';
import { signupsShiftsVolunteers } from './repo.js';
import { attendedInPeriod } from './repo-training.js';

/**
 * Volunteers active in each comune over a period: those marked present at a shift of the
 * organisation starting in [from, to). The shift's place is its own comune when staff gave one,
 * else its desk's or event's venue, else (a free activity) the volunteer's own comune. A volunteer
 * counts once per comune however many shifts they did there.
 */
export async function activeVolunteersByComune(db: Db, organisationId: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await attendedInPeriod(db, organisationId, from, to);
  const deskPlace = new Map<string, string | null>();
  const eventPlace = new Map<string, string | null>();
  for (const id of new Set(rows.flatMap((r) => (r.desk_id && !r.municipality_code ? [r.desk_id] : [])))) {
    const desk = await desks.getDesk(db, id, { includeInactive: true }).catch(() => null);
    deskPlace.set(id, desk?.venue?.municipality?.code ?? null);
  }
  for (const id of new Set(rows.flatMap((r) => (r.event_id && !r.municipality_code ? [r.event_id] : [])))) {
    const ev = await events.getEvent(db, id, { includeDrafts: true }).catch(() => null);
    eventPlace.set(id, ev?.municipality?.code ?? ev?.venue?.municipality?.code ?? null);
  }
  const people = new Map<string, Set<string>>();
  for (const r of rows) {
    const code =
      r.municipality_code ??
      (r.desk_id ? deskPlace.get(r.desk_id) : null) ??
      (r.event_id ? eventPlace.get(r.event_id) : null) ??
      r.volunteer_municipality;
    const set = people.get(code) ?? new Set<string>();
    set.add(r.volunteer_id);
    people.set(code, set);
  }
  return new Map([...people].map(([code, set]) => [code, set.size]));
}

/** A volunteer on one of an event's shifts: their account, name and the shift's hours. */
export interface EventStaffMember {
  userId: string;
  name: string;
  /** ISO instants of the shift. */
  start: string;
  end: string;
}

/**
 * An event's staff: the volunteers with a confirmed place on its published shifts (those staff
 * publish for the event, or generate from its sessions), for a desk that follows the event and takes
 * its operators from them. Names are the accounts'.
 */
export async function eventStaff(db: Db, eventId: string): Promise<EventStaffMember[]> {
  const rows = await signupsShiftsVolunteers(db)
    .select(['volunteers.user_id', 'shifts.organisation_id', 'shifts.starts_at', 'shifts.ends_at'])
    .where('shifts.event_id', '=', eventId)
    .where('shifts.published', '=', 1)
    .where('shift_signups.status', '=', 'confirmed')
    .orderBy('shifts.starts_at')
    .orderBy('volunteers.user_id')
    .execute();
  const names = new Map<string, string>();
  for (const r of rows) {
    if (names.has(r.user_id)) continue;
    const member = await getMember(db, r.organisation_id, r.user_id).catch(() => null);
    names.set(r.user_id, member?.name ?? '');
  }
  return rows.map((r) => ({ userId: r.user_id, name: names.get(r.user_id) ?? '', start: r.starts_at, end: r.ends_at }));
}
