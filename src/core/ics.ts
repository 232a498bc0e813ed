import type { EventAttributes } from 'ics';
import { lazyRequire } from './lazy.js';

// The calendar writer (and its schema library) loads with the first calendar file asked for.
const ics = lazyRequire<typeof import('ics')>('ics');

/**
 * One way to write calendar files (RFC 5545, with the methods of RFC 5546), for events, bookings
 * and desk appointments alike. The `ics` package writes the entries; this module settles what it
 * leaves to chance:
 * - exactly one PRODID, in the calendar's header;
 * - lines folded at 75 octets, as RFC 5545 §3.1 counts them, never inside a character (the package
 *   counts characters, so a line of accented letters or emoji came out longer than allowed);
 * - METHOD:CANCEL files carry what RFC 5546 §3.2.5 asks of them (ORGANIZER, SEQUENCE, STATUS).
 */

export const PRODUCT_ID = '-//Ponte//Ponte//IT';

export type CalendarMethod = 'PUBLISH' | 'CANCEL';

export interface Organiser {
  name: string;
  email: string;
}

export interface CalendarOptions {
  method: CalendarMethod;
  /** The calendar's name (X-WR-CALNAME), shown by calendar applications. */
  name?: string;
}

const EMPTY = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODUCT_ID}`, 'CALSCALE:GREGORIAN'];

/** Writes VEVENTs into one calendar file, CRLF lines folded by octets. */
export function buildCalendar(events: EventAttributes[], opts: CalendarOptions): string {
  if (events.length === 0) return `${[...EMPTY, `METHOD:${opts.method}`, 'END:VCALENDAR'].join('\r\n')}\r\n`;
  const cleaned = events.map(({ productId: _p, method: _m, ...e }) => withSafeNames(e as EventAttributes));
  const { error, value } = ics().createEvents(cleaned, {
    productId: PRODUCT_ID,
    method: opts.method,
    ...(opts.name ? { calName: opts.name } : {}),
  });
  if (error || !value) throw error ?? new Error('calendar not generated');
  return foldOctets(lowercaseMailto(singleProductId(value)));
}

/** The package writes the scheme as MAILTO:; schemes are case-insensitive, and mailto: is what everyone reads. */
function lowercaseMailto(text: string): string {
  return text.replace(/^((?:ORGANIZER|ATTENDEE)[^\r\n]*?):MAILTO:/gm, '$1:mailto:');
}

/**
 * A CN parameter is a quoted string, which cannot hold a double quote (RFC 5545 §3.1; the package
 * writes \" which no reader takes): an organisation called Associazione "Il Ponte" is written
 * with typographic quotes instead.
 */
function safeName(name: string | undefined): string | undefined {
  return name?.replace(/"([^"]*)"/g, '“$1”').replace(/"/g, '”');
}

function withSafeNames(e: EventAttributes): EventAttributes {
  return {
    ...e,
    ...(e.organizer ? { organizer: { ...e.organizer, name: safeName(e.organizer.name) } } : {}),
    ...(e.attendees ? { attendees: e.attendees.map((a) => ({ ...a, name: safeName(a.name) })) } : {}),
  };
}

/** Keeps the first PRODID line and drops any other. */
function singleProductId(text: string): string {
  let seen = false;
  return unfold(text)
    .split('\r\n')
    .filter((line) => {
      if (!line.startsWith('PRODID:')) return true;
      if (seen) return false;
      seen = true;
      return true;
    })
    .join('\r\n');
}

/** Joins folded lines back (a line break followed by a space or a tab continues the line). */
export function unfold(text: string): string {
  return text.replace(/\r?\n[ \t]/g, '');
}

const encoder = new TextEncoder();

/**
 * Folds every line longer than 75 octets: the first part holds at most 75, each continuation a
 * space and at most 74 more. Code points are never split, so UTF-8 sequences stay whole.
 */
export function foldOctets(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => foldLine(line))
    .join('\r\n');
}

function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The address part of "Name <address>" or a bare address. */
export function addressOf(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1] : from).trim();
}
