import type { Db } from '../../db/index.js';
import * as desks from '../desks/service.js';
import * as events from '../events/service.js';
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
