import type { Db } from '../../../db/index.js';

/** An event held at one of the venues asked about, for an agreement's commitments: its hours and partners. */
export interface EventHeld {
  id: string;
  title: string;
  start: string;
  organisationId: string;
  venueId: string;
  /** The organisations named as its partners. */
  partners: string[];
  /** The length of its sessions, added up. */
  hours: number;
}

/** Published events at the venues given whose first session starts in [from, to). */
export async function eventsHeldAt(db: Db, venueIds: string[], from: string, to: string): Promise<EventHeld[]> {
  if (venueIds.length === 0) return [];
  const events = await db.k
    .selectFrom('events')
    .select(['id', 'title', 'starts_at', 'organisation_id', 'venue_id'])
    .where('venue_id', 'in', venueIds)
    .where('status', '=', 'published')
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .orderBy('starts_at')
    .limit(1000)
    .execute();
  if (events.length === 0) return [];
  const ids = events.map((e) => e.id);
  const [sessions, partners] = await Promise.all([
    db.k.selectFrom('event_sessions').select(['event_id', 'starts_at', 'ends_at']).where('event_id', 'in', ids).execute(),
    db.k.selectFrom('event_partners').select(['event_id', 'organisation_id']).where('event_id', 'in', ids).execute(),
  ]);
  return events.map((e) => ({
    id: e.id,
    title: e.title,
    start: e.starts_at,
    organisationId: e.organisation_id,
    venueId: e.venue_id as string,
    partners: partners.filter((p) => p.event_id === e.id).map((p) => p.organisation_id),
    hours:
      Math.round(
        (sessions.filter((s) => s.event_id === e.id).reduce((ms, s) => ms + Date.parse(s.ends_at) - Date.parse(s.starts_at), 0) /
          3_600_000) *
          100,
      ) / 100,
  }));
}
