import { DateTime } from 'luxon';

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
