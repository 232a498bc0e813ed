import { DateTime, Info } from 'luxon';
import type { Lang } from '../../../core/i18n.js';
import { now, ZONE } from '../../../core/time.js';

/**
 * How the event pages say dates: in Rome time, in words ("giovedì 4 dicembre, 20:30"), with the
 * year only when it is not this year.
 */
// Instants in Rome time, remembered: finding the zone's offset goes through Intl and costs more than
// everything else on a catalogue page, while the same event dates come back on every request.
const seen = new Map<string, DateTime>();

function rome(iso: string): DateTime {
  let dt = seen.get(iso);
  if (!dt) {
    if (seen.size >= 20_000) seen.clear();
    dt = DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE);
    seen.set(iso, dt);
  }
  return dt;
}

// Names of days and months, read from Intl once: formatting each date through Intl costs about a
// millisecond, and a catalogue page shows dozens of dates.
const NAMES: Record<Lang, { weekdays: string[]; months: string[] }> = {
  it: { weekdays: Info.weekdays('long', { locale: 'it' }), months: Info.months('long', { locale: 'it' }) },
  en: { weekdays: Info.weekdays('long', { locale: 'en' }), months: Info.months('long', { locale: 'en' }) },
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The year in Rome now: New Year always falls in winter time (UTC+1). */
function thisYear(): number {
  return new Date(now().getTime() + 3_600_000).getUTCFullYear();
}

function day(dt: DateTime, lang: Lang): string {
  const n = NAMES[lang] ?? NAMES.it;
  const base = `${n.weekdays[dt.weekday - 1]} ${dt.day} ${n.months[dt.month - 1]}`;
  return dt.year === thisYear() ? base : `${base} ${dt.year}`;
}

function hhmm(dt: DateTime): string {
  return `${pad(dt.hour)}:${pad(dt.minute)}`;
}

/** "giovedì 4 dicembre" (plus the year when not this year). */
export function dayLabel(iso: string, lang: Lang): string {
  return day(rome(iso), lang);
}

/** "giovedì 4 dicembre, 20:30". */
export function whenLabel(iso: string, lang: Lang): string {
  const dt = rome(iso);
  return `${day(dt, lang)}, ${hhmm(dt)}`;
}

/** "giovedì 4 dicembre, 20:30–22:00" (both days when the session ends on another day). */
export function sessionLabel(start: string, end: string, lang: Lang): string {
  const s = rome(start);
  const e = rome(end);
  // Both are in Rome time already: comparing the fields spares luxon's hasSame, which works out the
  // start and end of the day through Intl and was a tenth of an event page's time.
  if (s.year === e.year && s.month === e.month && s.day === e.day) return `${day(s, lang)}, ${hhmm(s)}–${hhmm(e)}`;
  return `${day(s, lang)}, ${hhmm(s)} – ${day(e, lang)}, ${hhmm(e)}`;
}

export function timeLabel(iso: string, _lang: Lang): string {
  return hhmm(rome(iso));
}

/** The Rome calendar date of an instant, YYYY-MM-DD. */
export function romeDate(iso: string): string {
  return rome(iso).toISODate() ?? '';
}

/** A machine-readable local time for <time datetime>, with the Rome offset. */
export function romeIso(iso: string): string {
  return rome(iso).toISO({ suppressMilliseconds: true }) ?? iso;
}

/**
 * A Rome local date and time typed in a form ("2026-12-04", "20:30") as an ISO instant, or null
 * when either is not a valid value. Times that do not exist (the spring-forward hour) are refused.
 */
export function romeInstant(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{1,2}[:.]\d{2}$/.test(time)) return null;
  const [h, m] = time.split(/[:.]/).map(Number);
  const dt = DateTime.fromISO(date, { zone: ZONE }).set({ hour: h, minute: m });
  if (!dt.isValid || dt.hour !== h || dt.minute !== m || h > 23 || m > 59) return null;
  return new Date(dt.toMillis()).toISOString();
}

/** The date and time fields of a form, from a stored instant. */
export function romeFields(iso: string): { date: string; time: string } {
  const dt = DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE);
  return { date: dt.toISODate() ?? '', time: dt.toFormat('HH:mm') };
}
