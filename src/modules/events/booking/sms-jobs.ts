import { type JobSpec, rescheduleJobsSql } from '../../../core/jobs.js';
import { mobileE164 } from '../../../core/phone.js';
import { SMS_JOB, smsDaytime, smsJob } from '../../../core/sms.js';
import { type Op, q } from '../../../db/op-driver.js';

/** The SMS jobs about a booking, written in the booking's transaction like its e-mails (rendered by sms-messages.ts). */

/** Whether a booking's phone can take an SMS (a mobile number); landlines are left to staff to call. */
export function smsReachable(phone: unknown): boolean {
  return typeof phone === 'string' && mobileE164(phone) !== null;
}

export type BookingSms = 'confirmed' | 'waitlisted' | 'promoted' | 'offer' | 'cancelled' | 'event-cancelled' | 'event-changed' | 'reminder';

/** The dedupe key of a booking's SMS; erasure drops every pending job whose key starts with `sms:reg:<id>:`. */
export function bookingSmsKey(registrationId: string, kind: BookingSms): string {
  return `sms:reg:${registrationId}:${kind}`;
}

/** The SMS job about a registration (written in the booking's transaction, like its e-mails). */
export function bookingSms(now: string, registrationId: string, kind: BookingSms, dedupe = true): JobSpec {
  return smsJob(`events.${kind}`, { registrationId }, now, dedupe ? bookingSmsKey(registrationId, kind) : null);
}

/** A new booking by phone only: the confirmation (or the place in line) and the reminder the day before. */
export function phoneBookingJobs(registrationId: string, status: 'confirmed' | 'waitlisted', remindAt: string, now: string): JobSpec[] {
  const jobs = [bookingSms(now, registrationId, status)];
  if (remindAt > now) jobs.push(bookingSms(remindAt, registrationId, 'reminder'));
  return jobs;
}

/** Moves the pending SMS reminders of an event's bookings after a change of dates: the new time, never at night. */
export function* rescheduleSmsReminders(eventId: string, at: string, now: string): Op<void> {
  const sql = rescheduleJobsSql(`select 'sms:reg:' || id || ':reminder' from registrations where event_id = ? and status <> 'cancelled'`);
  yield* q(sql, smsDaytime(at > now ? at : now), SMS_JOB, eventId);
}
