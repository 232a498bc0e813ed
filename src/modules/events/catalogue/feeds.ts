import type { EventAttributes } from 'ics';
import { buildCalendar, type CalendarMethod, type Organiser } from '../../../core/ics.js';
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
  /** The event's revision: the SEQUENCE of its entries. */
  sequence?: number;
  /** ORGANIZER: the organisation, with an address (RFC 5545 wants one). */
  organiser?: Organiser;
}

/**
 * One person's copy of the event: its entries follow the booking. A cancelled booking's file
 * cancels them (METHOD:CANCEL, STATUS:CANCELLED, same UIDs, higher SEQUENCE); a place on the
 * waiting list or an offered seat is TENTATIVE, never CONFIRMED.
 */
export interface BookingCopy {
  status: 'confirmed' | 'waitlisted' | 'offered' | 'cancelled';
  /** The registration's revision, added to the event's: a change of either raises SEQUENCE. */
  sequence: number;
  /** The person, named as ATTENDEE in a cancellation (RFC 5546 §3.2.5). */
  attendee?: { name: string | null; email: string | null };
}

/** Whether the file removes the entries from the person's calendar. */
function cancels(ev: IcsEventInput, booking?: BookingCopy): boolean {
  return !!booking && (booking.status === 'cancelled' || ev.status === 'cancelled');
}

function entryStatus(ev: IcsEventInput, booking?: BookingCopy): 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED' {
  if (ev.status === 'cancelled' || booking?.status === 'cancelled') return 'CANCELLED';
  if (booking && booking.status !== 'confirmed') return 'TENTATIVE';
  return 'CONFIRMED';
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

function toVevents(ev: IcsEventInput, baseUrl: string, onlineUrl?: string | null, booking?: BookingCopy): EventAttributes[] {
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
      status: entryStatus(ev, booking),
      sequence: (ev.sequence ?? 0) + (booking?.sequence ?? 0),
      ...(ev.organiser ? { organizer: { name: ev.organiser.name, email: ev.organiser.email } } : {}),
      ...(cancels(ev, booking) && booking?.attendee?.email
        ? { attendees: [{ name: booking.attendee.name ?? undefined, email: booking.attendee.email, rsvp: false, role: 'REQ-PARTICIPANT' }] }
        : {}),
      ...(ev.updatedAt ? { lastModified: Date.parse(ev.updatedAt) } : {}),
    } satisfies EventAttributes;
  });
}

function build(events: EventAttributes[], calName: string, method: CalendarMethod = 'PUBLISH'): string {
  return buildCalendar(events, { method, name: calName });
}

/**
 * The .ics of one event (every session); `onlineUrl` and `booking` only in the file of a booked
 * person, which follows their booking (see BookingCopy).
 */
export function eventIcs(ev: IcsEventInput, baseUrl: string, onlineUrl?: string | null, booking?: BookingCopy): string {
  return build(toVevents(ev, baseUrl, onlineUrl, booking), ev.title, cancels(ev, booking) ? 'CANCEL' : 'PUBLISH');
}

/** A subscription feed of many events. */
export function feedIcs(events: IcsEventInput[], baseUrl: string, calName: string): string {
  return build(
    events.flatMap((e) => toVevents(e, baseUrl)),
    calName,
  );
}
