import type { Deps } from '../../core/deps.js';
import { MAIL_JOB } from '../../core/mail.js';
import { addMs, nowIso } from '../../core/time.js';
import { confirmationMail, reminderMail } from './emails.js';
import * as repo from './repo.js';
import { DESK_ANONYMISE_JOB, DESK_BOOKED_JOB, DESK_REMINDER_JOB, enqueueFollowUps, getDesk, manageUrl } from './service.js';

/**
 * Background work of the desks, through the job table:
 * - after a booking has committed: the confirmation e-mail (checklist, .ics), then the reminder
 *   and the erasure below are queued;
 * - the reminder the day before: queued with the booking (one per appointment and start, by its
 *   dedupe key); when it runs it sends nothing if the appointment was cancelled or moved since, and
 *   queues the e-mail itself with a dedupe key, so a citizen gets it once;
 * - the erasure of the appointment's personal data when the desk's retention period ends.
 */
export function registerDeskJobs(deps: Deps): void {
  deps.jobs.register(DESK_BOOKED_JOB, async (payload) => {
    const { appointmentId } = payload as { appointmentId: string };
    const a = await repo.appointmentRow(deps.db.k, appointmentId);
    if (!a) return;
    const desk = await getDesk(deps.db, a.desk_id, { includeInactive: true });
    if (a.email && !a.anonymised_at && a.status !== 'cancelled') {
      const service = desk.services.find((s) => s.code === a.service_code) ?? {
        code: a.service_code,
        name: a.service_code,
        durationMinutes: 0,
        bring: [],
      };
      await deps.jobs.enqueue(deps.db.k, MAIL_JOB, confirmationMail(a, desk, service, manageUrl(deps, a.id), deps.config.baseUrl), {
        dedupeKey: `desk-confirm-mail:${a.id}`,
      });
    }
    await enqueueFollowUps(deps, deps.db.k, a, desk);
  });

  deps.jobs.register(DESK_REMINDER_JOB, async (payload) => {
    const { appointmentId, start } = payload as { appointmentId: string; start: string };
    const a = await repo.appointmentRow(deps.db.k, appointmentId);
    if (a?.status !== 'booked' || a.start_at !== start || !a.email || a.anonymised_at) return;
    const desk = await getDesk(deps.db, a.desk_id, { includeInactive: true });
    const service = desk.services.find((s) => s.code === a.service_code);
    await deps.jobs.enqueue(deps.db.k, MAIL_JOB, reminderMail(a, desk, service, manageUrl(deps, a.id)), {
      dedupeKey: `desk-reminder-mail:${a.id}:${a.start_at}`,
    });
  });

  deps.jobs.register(DESK_ANONYMISE_JOB, async (payload) => {
    const { appointmentId } = payload as { appointmentId: string };
    const a = await repo.appointmentRow(deps.db.k, appointmentId);
    if (!a || a.anonymised_at) return;
    const desk = await repo.deskRow(deps.db.k, a.desk_id);
    const due = addMs(a.end_at, Number(desk?.retention_days ?? 90) * 86_400_000);
    // Moved to a later date since this job was queued: a job for the new date exists.
    if (due > nowIso()) return;
    await repo.anonymise(deps.db.k, a.id, nowIso());
  });
}
