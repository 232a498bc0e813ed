import { createEvents, type EventAttributes } from 'ics';
import type { EventDetail } from './service.js';

/**
 * Calendar files with the `ics` package: one VEVENT per session (a course in several lessons is
 * several entries of one calendar). The public file never carries the online link; the booked
 * person's copy (e-mail attachment, manage page) may pass it.
 */

export interface IcsOptions {
  baseUrl: string;
  /** Only for booked people. */
  onlineUrl?: string | null;
}

function location(event: EventDetail): string | undefined {
  const v = event.venue;
  if (v) return [v.name, v.address, v.municipality?.name].filter(Boolean).join(', ');
  return event.format === 'online' ? 'Online' : undefined;
}

/** The VEVENT attributes of one event, for a single file or a feed of many. */
export function icsAttributes(event: EventDetail, opts: IcsOptions): EventAttributes[] {
  const url = `${opts.baseUrl}${event.page}`;
  // The organiser goes in the text: an ORGANIZER property must carry an address (RFC 5545), and
  // organisations are not obliged to publish one.
  const lines = [
    event.description ?? '',
    event.organisation.name ? `Organizzato da: ${event.organisation.name}` : '',
    opts.onlineUrl ? `Link per partecipare online: ${opts.onlineUrl}` : '',
    `Dettagli: ${url}`,
  ];
  const description = lines.filter(Boolean).join('\n\n');
  const total = event.sessions.length;
  return event.sessions.map((s, i) => {
    const attrs: EventAttributes = {
      uid: `${event.id}-${i + 1}@ponte`,
      start: Date.parse(s.start),
      startInputType: 'utc',
      startOutputType: 'utc',
      end: Date.parse(s.end),
      endInputType: 'utc',
      endOutputType: 'utc',
      title: total > 1 ? `${event.title} (${i + 1}/${total})` : event.title,
      description,
      url,
      status: event.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      productId: 'ponte/eventi',
      lastModified: Date.parse(event.updatedAt),
    };
    const where = location(event);
    if (where) attrs.location = where;
    if (event.venue && event.venue.latitude !== null && event.venue.longitude !== null) {
      attrs.geo = { lat: event.venue.latitude, lon: event.venue.longitude };
    }
    return attrs;
  });
}

/** Serialises VEVENTs into one calendar file (CRLF lines, as RFC 5545 wants). */
export function toIcs(events: EventAttributes[], calName?: string): string {
  if (events.length === 0) {
    return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:ponte/eventi', 'CALSCALE:GREGORIAN', 'END:VCALENDAR', ''].join('\r\n');
  }
  const { error, value } = createEvents(events, { productId: 'ponte/eventi', method: 'PUBLISH', ...(calName ? { calName } : {}) });
  if (error || !value) throw error ?? new Error('calendar not generated');
  return value;
}

/** The .ics of one event. */
export function eventIcs(event: EventDetail, opts: IcsOptions): string {
  return toIcs(icsAttributes(event, opts), event.title);
}
