import { inRome } from '../../../core/time.js';

/** The job that sends the satisfaction survey to one checked-in registration. */
export const SURVEY_KIND = 'events.survey';

/** The survey goes out the day after the event ends (its last session), at 10:00 in Rome. */
export function surveyAt(eventEndsAt: string): string {
  return inRome(eventEndsAt).plus({ days: 1 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO() as string;
}

/** One survey per registration, however many sessions it was checked in at. */
export const surveyDedupeKey = (registrationId: string) => `survey:${registrationId}`;
