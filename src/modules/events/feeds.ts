import { createEvents, type EventAttributes } from 'ics';
import { FORMAT_LABELS, label } from './vocab.js';

/**
 * iCalendar files with the `ics` package: one event (the page's download and the booked person's
 * own, which may carry the online link) and the subscription feeds of an organisation or a comune.
 * Every session is its own VEVENT with a stable UID, so a calendar that subscribes to a feed updates
 * a changed date instead of adding a second one.
 */

export interface IcsEventInput {
  id: string;
  title: string;
  description: string | null;
  status: string;
  format: string;
  organisation: { name: string };
  venue: { name: string; address: string; latitude?: number | null; longitude?: number | null } | null;
  municipality: { name: string; provinceCode?: string } | null;
  sessions: { start: string; end: string }[];
  updatedAt?: string;
}

/** UID of one session of an event: the same in every file Ponte makes for it. */
export function sessionUid(eventId: string, index: number): string {
  return `${eventId}-${index + 1}@ponte`;
}

function location(ev: IcsEventInput): string | undefined {
  if (!ev.venue) return ev.format === 'online' ? 'Online' : undefined;
  const where = [ev.venue.name, ev.venue.address, ev.municipality?.name].filter(Boolean).join(', ');
  return ev.format === 'ibrido' ? `${where} (${label(FORMAT_LABELS, 'ibrido')})` : where;
}

function toVevents(ev: IcsEventInput, baseUrl: string, onlineUrl?: string | null): EventAttributes[] {
  const url = `${baseUrl}/eventi/${ev.id}`;
  const text = [
    ev.description ?? '',
    `Organizza: ${ev.organisation.name}`,
    onlineUrl ? `Collegamento per partecipare online: ${onlineUrl}` : '',
    `Dettagli e prenotazioni: ${url}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  const n = ev.sessions.length;
  return ev.sessions.map((s, i) => {
    const geo =
      ev.venue && ev.venue.latitude != null && ev.venue.longitude != null ? { lat: ev.venue.latitude, lon: ev.venue.longitude } : undefined;
    return {
      uid: sessionUid(ev.id, i),
      title: n > 1 ? `${ev.title} (${i + 1}/${n})` : ev.title,
      description: text,
      start: Date.parse(s.start),
      startInputType: 'utc',
      startOutputType: 'utc',
      end: Date.parse(s.end),
      endInputType: 'utc',
      endOutputType: 'utc',
      url,
      location: location(ev),
      ...(geo ? { geo } : {}),
      status: ev.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      ...(ev.updatedAt ? { lastModified: Date.parse(ev.updatedAt) } : {}),
    } satisfies EventAttributes;
  });
}

function build(events: EventAttributes[], calName: string): string {
  const { error, value } = createEvents(events, { productId: '-//Ponte//Eventi//IT', calName });
  if (error || !value) throw error ?? new Error('iCalendar generation failed');
  return value;
}

/** The .ics of one event (every session); `onlineUrl` only in the file of a booked person. */
export function eventIcs(ev: IcsEventInput, baseUrl: string, onlineUrl?: string | null): string {
  return build(toVevents(ev, baseUrl, onlineUrl), ev.title);
}

/** A subscription feed of many events. */
export function feedIcs(events: IcsEventInput[], baseUrl: string, calName: string): string {
  return build(
    events.flatMap((e) => toVevents(e, baseUrl)),
    calName,
  );
}
