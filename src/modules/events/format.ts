import { DateTime } from 'luxon';
import type { Lang } from '../../core/i18n.js';
import { now, ZONE } from '../../core/time.js';

/**
 * How the event pages say dates: in Rome time, in words ("giovedì 4 dicembre, 20:30"), with the
 * year only when it is not this year.
 */
function rome(iso: string, lang: Lang): DateTime {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE).setLocale(lang);
}

function thisYear(): number {
  return DateTime.fromJSDate(now()).setZone(ZONE).year;
}

/** "giovedì 4 dicembre" (plus the year when not this year). */
export function dayLabel(iso: string, lang: Lang): string {
  const dt = rome(iso, lang);
  return dt.toFormat(dt.year === thisYear() ? 'cccc d LLLL' : 'cccc d LLLL yyyy');
}

/** "giovedì 4 dicembre, 20:30". */
export function whenLabel(iso: string, lang: Lang): string {
  return `${dayLabel(iso, lang)}, ${rome(iso, lang).toFormat('HH:mm')}`;
}

/** "giovedì 4 dicembre, 20:30–22:00" (both days when the session ends on another day). */
export function sessionLabel(start: string, end: string, lang: Lang): string {
  const s = rome(start, lang);
  const e = rome(end, lang);
  if (s.toISODate() === e.toISODate()) return `${whenLabel(start, lang)}–${e.toFormat('HH:mm')}`;
  return `${whenLabel(start, lang)} – ${whenLabel(end, lang)}`;
}

export function timeLabel(iso: string, lang: Lang): string {
  return rome(iso, lang).toFormat('HH:mm');
}

/** The Rome calendar date of an instant, YYYY-MM-DD. */
export function romeDate(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE).toISODate() ?? '';
}

/** A machine-readable local time for <time datetime>, with the Rome offset. */
export function romeIso(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE).toISO({ suppressMilliseconds: true }) ?? iso;
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
