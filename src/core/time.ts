import { DateTime, IANAZone } from 'luxon';

export const ZONE = 'Europe/Rome';

/** The clock, replaceable in tests that move time forward (retention, reminders). */
let offsetMs = 0;
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}
export function nowIso(): string {
  return now().toISOString();
}
/** Test hook: shifts the application's clock. */
export function setClockOffset(ms: number): void {
  offsetMs = ms;
}

export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/** Formats an instant for people, in Rome time. */
export function formatRome(iso: string, locale = 'it', format = "cccc d LLLL yyyy 'ore' HH:mm"): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE).setLocale(locale).toFormat(format);
}

export function formatDate(isoDate: string, locale = 'it'): string {
  return DateTime.fromISO(isoDate, { zone: ZONE }).setLocale(locale).toFormat('d LLLL yyyy');
}

// ---------- Europe/Rome time, fast ----------
//
// Every conversion between instants and Rome wall-clock time goes through here.
//
// Luxon's IANA zone (backed by Intl) gives the offset of Europe/Rome at any instant, but each call
// costs tens of microseconds, and a 90-day slot list needs thousands. The offset changes at most
// once per UTC day, so it is asked twice per day (and searched on the two change days a year) and
// kept; instants and wall-clock times are then converted with plain arithmetic.

const rome = IANAZone.create(ZONE);
const DAY_MS = 86_400_000;
const offsetsByDay = new Map<number, { before: number; after: number; at: number }>();

function dayOffsets(day: number): { before: number; after: number; at: number } {
  let e = offsetsByDay.get(day);
  if (!e) {
    const t0 = day * DAY_MS;
    const before = rome.offset(t0);
    const after = rome.offset(t0 + DAY_MS - 1);
    let at = t0 + DAY_MS;
    if (before !== after) {
      let lo = t0;
      let hi = t0 + DAY_MS - 1;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (rome.offset(mid) === before) lo = mid;
        else hi = mid;
      }
      at = hi;
    }
    e = { before, after, at };
    offsetsByDay.set(day, e);
  }
  return e;
}

/** Minutes Europe/Rome is ahead of UTC at an instant (60 or 120). */
export function romeOffset(ms: number): number {
  const e = dayOffsets(Math.floor(ms / DAY_MS));
  return ms < e.at ? e.before : e.after;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A Rome wall-clock time on a date, as an instant (epoch ms). A time the clocks skip in spring
 * moves forward by the hour skipped (as Luxon does); a time that happens twice in autumn is the
 * first of the two.
 */
export function localInstant(date: string, hhmm: string): number {
  const key = `${date}T${hhmm}`;
  let ms = instantCache.get(key);
  if (ms === undefined) {
    const wall = Date.parse(`${key}:00Z`);
    const before = romeOffset(wall - DAY_MS);
    const candidates = [...new Set([before, romeOffset(wall + DAY_MS)])]
      .map((o) => wall - o * 60_000)
      .filter((utc) => romeOffset(utc) * 60_000 === wall - utc);
    ms = candidates.length ? Math.min(...candidates) : wall - before * 60_000;
    if (instantCache.size >= 100_000) instantCache.clear();
    instantCache.set(key, ms);
  }
  return ms;
}
const instantCache = new Map<string, number>();

/** An instant as ISO 8601 with the Europe/Rome offset, e.g. 2026-12-03T09:30:00+01:00. */
export function romeIso(ms: number): string {
  let iso = isoCache.get(ms);
  if (iso === undefined) {
    const off = romeOffset(ms);
    const a = Math.abs(off);
    iso = `${new Date(ms + off * 60_000).toISOString().slice(0, 19)}${off < 0 ? '-' : '+'}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
    // Slot lists ask for the same instants again and again: keep the last tens of thousands.
    if (isoCache.size >= 50_000) isoCache.clear();
    isoCache.set(ms, iso);
  }
  return iso;
}
const isoCache = new Map<number, string>();

/** The Rome calendar date ('YYYY-MM-DD') of an instant. */
export function romeDate(ms: number): string {
  return new Date(ms + romeOffset(ms) * 60_000).toISOString().slice(0, 10);
}

/** The Rome calendar date of an ISO instant ('2026-03-29T22:30:00Z' → '2026-03-30'). */
export function romeDay(iso: string): string {
  return romeDate(Date.parse(iso));
}

/** An ISO instant as a Luxon date-time in Rome, for formatting and calendar arithmetic. */
export function inRome(iso: string): DateTime {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE);
}
