import type { Deps } from '../../core/deps.js';
import type { Organiser } from '../../core/ics.js';
import { dropPendingJobs } from '../../core/jobs.js';
import { type Mail, registerRenderedMail } from '../../core/mail.js';
import { addMs, nowIso } from '../../core/time.js';
import type { DeskAppointmentTable } from '../../db/schema.js';
import { forgetCallbacks } from '../callbacks/service.js';
import { enqueueAppointmentSms, registerAppointmentSms } from './booking/sms-messages.js';
import { cancelledMail, confirmationMail, limitMail, movedMail, reminderMail } from './emails.js';
import * as repo from './repo.js';
import {
  DESK_ANONYMISE_JOB,
  DESK_BOOKED_JOB,
  DESK_MAIL_JOB,
  DESK_REMINDER_JOB,
  type DeskMailPayload,
  type DeskView,
  deskMailKey,
  deskOrganiser,
  enqueueFollowUps,
  getDesk,
  manageUrl,
  type ServiceView,
} from './service.js';

/**
 * Background work of the desks, through the job table:
 * - after a booking has committed: the confirmation e-mail (checklist, .ics), then the reminder
 *   and the erasure below are queued;
 * - the e-mails (confirmation, move, cancellation) and the reminder the day before are rendered
 *   when they leave, from the appointment as it is then (core/mail.ts, registerRenderedMail): the
 *   jobs hold the appointment's id, never its address, name or private link. A reminder finds
 *   nothing to send once the appointment is cancelled, moved, erased or has begun;
 * - the erasure of the appointment's personal data when the desk's retention period ends, which
 *   also takes away the jobs still queued about it.
 */
export function registerDeskJobs(deps: Deps): void {
  registerAppointmentSms(deps);
  deps.jobs.register(DESK_BOOKED_JOB, async (payload) => {
    const { appointmentId } = payload as { appointmentId: string };
    const a = await repo.appointmentRow(deps.db.k, appointmentId);
    if (!a) return;
    const desk = await getDesk(deps.db, a.desk_id, { includeInactive: true });
    if (a.email && !a.anonymised_at && a.status !== 'cancelled') {
      const mail: DeskMailPayload = { appointmentId: a.id, mail: 'confirmed' };
      await deps.jobs.enqueue(deps.db.k, DESK_MAIL_JOB, mail, { dedupeKey: deskMailKey(a.id, 'confirmed') });
    }
    if (a.status !== 'cancelled') await enqueueAppointmentSms(deps.db.k, a, 'confirmed');
    await enqueueFollowUps(deps, deps.db.k, a, desk);
  });

  registerRenderedMail<{ appointmentId: string; start: string }>(deps.jobs, deps.mailer, DESK_REMINDER_JOB, async (p) => {
    const a = await liveAppointment(deps, p.appointmentId);
    // Sent only for the start it was queued for, and never late: once the appointment has begun
    // a reminder is pointless, so it is dropped.
    if (a?.status !== 'booked' || a.start_at !== p.start || a.start_at <= nowIso()) return null;
    const desk = await getDesk(deps.db, a.desk_id, { includeInactive: true });
    return reminderMail(a, desk, serviceOf(desk, a), manageUrl(deps, a.id), await deskOrganiser(deps, desk));
  });

  registerRenderedMail<DeskMailPayload>(deps.jobs, deps.mailer, DESK_MAIL_JOB, async (p) => {
    const a = await liveAppointment(deps, p.appointmentId);
    if (!a) return null;
    const desk = await getDesk(deps.db, a.desk_id, { includeInactive: true });
    if (p.mail === 'limit') return renderLimitMail(deps, p, a, desk);
    return renderDeskMail(deps, p, a, desk, await deskOrganiser(deps, desk));
  });

  deps.jobs.register(DESK_ANONYMISE_JOB, async (payload) => {
    const { appointmentId } = payload as { appointmentId: string };
    const a = await repo.appointmentRow(deps.db.k, appointmentId);
    if (!a || a.anonymised_at) return;
    const desk = await repo.deskRow(deps.db.k, a.desk_id);
    const due = addMs(a.end_at, Number(desk?.retention_days ?? 90) * 86_400_000);
    // Moved to a later date since this job was queued: a job for the new date exists.
    if (due > nowIso()) return;
    await repo.transaction(deps.db, async (trx) => {
      await repo.anonymise(trx, a.id, nowIso());
      await forgetCallbacks(trx, [a.id]);
      await dropPendingJobs(trx, [deskMailKey(a.id), `desk-reminder:${a.id}:`]);
    });
  });
}

/** The appointment, while it still has an address to write to. */
async function liveAppointment(deps: Deps, id: string): Promise<DeskAppointmentTable | null> {
  const a = await repo.appointmentRow(deps.db.k, id);
  return a?.email && !a.anonymised_at ? a : null;
}

function serviceOf(desk: DeskView, a: DeskAppointmentTable): ServiceView | undefined {
  return desk.services.find((s) => s.code === a.service_code);
}

/** The per-person limit's e-mail: the owner's appointments still booked or served at this address, each with its link. */
async function renderLimitMail(deps: Deps, p: DeskMailPayload, a: DeskAppointmentTable, desk: DeskView): Promise<Mail | null> {
  const rows = [a];
  for (const id of p.others ?? []) {
    const other = await liveAppointment(deps, id);
    if (other && other.email === a.email) rows.push(other);
  }
  const own = rows
    .filter((r) => r.status === 'booked' || r.status === 'served')
    .map((row) => ({ row, manageUrl: manageUrl(deps, row.id) }));
  if (own.length === 0 || !desk.personLimit) return null;
  return limitMail(own, desk, serviceOf(desk, a), { max: desk.personLimit.count, days: desk.personLimit.days });
}

function renderDeskMail(deps: Deps, p: DeskMailPayload, a: DeskAppointmentTable, desk: DeskView, organiser: Organiser): Mail | null {
  const service = serviceOf(desk, a);
  const named = service ?? { code: a.service_code, name: a.service_code, durationMinutes: 0, bring: [] };
  switch (p.mail) {
    case 'confirmed':
      return a.status === 'cancelled' ? null : confirmationMail(a, desk, named, manageUrl(deps, a.id), organiser);
    case 'moved': {
      // Cancelled since: the cancellation's own e-mail says so.
      if (a.status !== 'booked' || !p.was) return null;
      const before = { ...a, start_at: p.was.start, end_at: p.was.end };
      return movedMail(a, before, desk, named, manageUrl(deps, a.id), !!p.byStaff, organiser);
    }
    case 'cancelled':
      return a.status === 'cancelled' ? cancelledMail(a, desk, service, !!p.byStaff, p.reason, deps.config.baseUrl, organiser) : null;
    default:
      return null;
  }
}
