import type { EventAttributes } from 'ics';
import { lazyRequire } from './lazy.js';

// The calendar package (and its schema library) loads only for an entry the writer below does not take.
const ics = lazyRequire<typeof import('ics')>('ics');

/**
 * One way to write calendar files (RFC 5545, with the methods of RFC 5546), for events, bookings
 * and desk appointments alike. Entries are described as the `ics` package takes them; the entries
 * Ponte makes (UTC instants, text, URL, GEO, STATUS, SEQUENCE, ORGANIZER, ATTENDEE, LAST-MODIFIED)
 * are written here, to the same text the package writes, without its schema check, which cost a
 * booking's confirmation e-mail more than the rest of its calendar file (writeEntries). Any other
 * entry goes through the package. Either way this module settles what the package leaves to chance:
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
  const value = cleaned.every(writable) ? writeEntries(cleaned as Entry[], opts) : packageCalendar(cleaned, opts);
  return foldOctets(lowercaseMailto(singleProductId(value)));
}

/** The package's own calendar text (validated by its schema, folded by characters): for the entries writeEntries does not take. */
function packageCalendar(cleaned: EventAttributes[], opts: CalendarOptions): string {
  const { error, value } = ics().createEvents(cleaned, {
    productId: PRODUCT_ID,
    method: opts.method,
    ...(opts.name ? { calName: opts.name } : {}),
  });
  if (error || !value) throw error ?? new Error('calendar not generated');
  return value;
}

/** Only for the tests that compare writeEntries with the package: the package's calendar, post-processed like buildCalendar's. */
export function buildCalendarWithPackage(events: EventAttributes[], opts: CalendarOptions): string {
  const cleaned = events.map(({ productId: _p, method: _m, ...e }) => withSafeNames(e as EventAttributes));
  return foldOctets(lowercaseMailto(singleProductId(packageCalendar(cleaned, opts))));
}

// ---------- the entries Ponte makes, written without the package ----------

interface Contact {
  name?: string;
  email?: string;
  rsvp?: boolean;
  role?: string;
  partstat?: string;
}

/** The part of the package's EventAttributes that writeEntries takes (checked by writable). */
interface Entry {
  uid: string;
  title: string;
  start: number;
  end?: number;
  timestamp?: number;
  sequence?: number;
  description?: string;
  url?: string;
  geo?: { lat: number; lon: number };
  location?: string;
  status?: string;
  organizer?: Contact;
  attendees?: Contact[];
  lastModified?: number;
}

const ENTRY_KEYS = new Set([
  'uid',
  'title',
  'start',
  'startInputType',
  'startOutputType',
  'end',
  'endInputType',
  'endOutputType',
  'timestamp',
  'sequence',
  'description',
  'url',
  'geo',
  'location',
  'status',
  'organizer',
  'attendees',
  'lastModified',
]);
const ORGANIZER_KEYS = new Set(['name', 'email']);
const ATTENDEE_KEYS = new Set(['name', 'email', 'rsvp', 'role', 'partstat']);

/** Instants the package writes as four-digit years, as toISOString does. */
const FIRST = Date.UTC(1000, 0, 1);
const LAST = Date.UTC(10000, 0, 1);
const isInstant = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= FIRST && v < LAST;
const optional = (v: unknown, test: (v: unknown) => boolean): boolean => v === undefined || test(v);
const isText = (v: unknown): boolean => typeof v === 'string';
const isUtc = (v: unknown): boolean => v === undefined || v === 'utc';

function isContact(v: unknown, keys: Set<string>): boolean {
  if (typeof v !== 'object' || v === null) return false;
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    if (!keys.has(k) || (k === 'rsvp' ? typeof x !== 'boolean' : typeof x !== 'string')) return false;
  }
  return true;
}

/** Whether writeEntries writes this entry as the package would: UTC instants as numbers, and only the fields it knows. */
function writable(e: EventAttributes): boolean {
  const a = e as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(a)) if (v !== undefined && !ENTRY_KEYS.has(k)) return false;
  const geo = a.geo as { lat?: unknown; lon?: unknown } | undefined;
  return (
    isText(a.uid) &&
    isText(a.title) &&
    isInstant(a.start) &&
    optional(a.end, isInstant) &&
    isUtc(a.startOutputType) &&
    isUtc(a.endOutputType) &&
    optional(a.timestamp, isInstant) &&
    optional(a.lastModified, isInstant) &&
    optional(a.sequence, Number.isInteger) &&
    optional(a.description, isText) &&
    optional(a.url, isText) &&
    optional(a.location, isText) &&
    optional(a.status, isText) &&
    optional(geo, (g) => typeof g === 'object' && g !== null && Number.isFinite(geo?.lat) && Number.isFinite(geo?.lon)) &&
    optional(a.organizer, (o) => isContact(o, ORGANIZER_KEYS)) &&
    optional(a.attendees, (l) => Array.isArray(l) && l.every((c) => isContact(c, ATTENDEE_KEYS)))
  );
}

/** An instant as the package writes it in UTC: 20270302T090000Z. */
function utc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** Line breaks as the two characters \n (the package does this to every value it encodes). */
const newLines = (s: string): string => s.replace(/\r?\n/g, '\\n');

/** TEXT values (RFC 5545 §3.3.11): backslash, line breaks, semicolon and comma escaped, in the package's order. */
export function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/;/g, '\\;').replace(/,/g, '\\,');
}

/** A parameter value as the package quotes it. */
const quoted = (s: string): string => `"${s.replaceAll('"', '\\"')}"`;

/**
 * The calendar text the package writes for these entries (header, VEVENTs in its property order,
 * footer), before folding: buildCalendar post-processes both the same way.
 */
function writeEntries(entries: Entry[], opts: CalendarOptions): string {
  const out = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'CALSCALE:GREGORIAN', `PRODID:${PRODUCT_ID}`, `METHOD:${newLines(opts.method)}`];
  if (opts.name) out.push(`X-WR-CALNAME:${newLines(opts.name)}`);
  out.push('X-PUBLISHED-TTL:PT1H');
  for (const e of entries) {
    out.push('BEGIN:VEVENT', `UID:${newLines(e.uid)}`);
    if (e.title) out.push(`SUMMARY:${icsText(e.title)}`);
    out.push(`DTSTAMP:${utc(e.timestamp ?? Date.now())}`, `DTSTART:${utc(e.start)}`);
    if (e.end) out.push(`DTEND:${utc(e.end)}`);
    if (e.sequence !== undefined) out.push(`SEQUENCE:${e.sequence}`);
    if (e.description) out.push(`DESCRIPTION:${icsText(e.description)}`);
    if (e.url) out.push(`URL:${newLines(e.url)}`);
    if (e.geo) out.push(`GEO:${e.geo.lat};${e.geo.lon}`);
    if (e.location) out.push(`LOCATION:${icsText(e.location)}`);
    if (e.status) out.push(`STATUS:${newLines(e.status)}`);
    if (e.organizer) {
      const o = e.organizer;
      out.push(`ORGANIZER;CN=${quoted(o.name || 'Organizer')}${o.email ? `:MAILTO:${o.email}` : ''}`);
    }
    if (e.lastModified) out.push(`LAST-MODIFIED:${utc(e.lastModified)}`);
    for (const a of e.attendees ?? []) {
      const parts: string[] = [];
      if (a.rsvp !== undefined) parts.push(a.rsvp ? 'RSVP=TRUE' : 'RSVP=FALSE');
      if (a.role) parts.push(`ROLE=${quoted(a.role)}`);
      if (a.partstat) parts.push(`PARTSTAT=${quoted(a.partstat)}`);
      parts.push(`CN=${quoted(a.name || 'Unnamed attendee')}`);
      out.push(`ATTENDEE;${newLines(`${parts.join(';')}${a.email ? `:mailto:${a.email}` : ''}`)}`);
    }
    out.push('END:VEVENT');
  }
  out.push('END:VCALENDAR', '');
  return out.join('\r\n');
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
  // Most lines are short: a line of n characters has at most 3n octets (a surrogate pair, 4 octets, is 2 characters).
  if (line.length <= 25 || Buffer.byteLength(line, 'utf8') <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = octets(ch);
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

/** UTF-8 octets of one code point (a lone surrogate is written as U+FFFD, three octets, as TextEncoder does). */
function octets(ch: string): number {
  const c = ch.codePointAt(0) as number;
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/** The address part of "Name <address>" or a bare address. */
export function addressOf(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1] : from).trim();
}
