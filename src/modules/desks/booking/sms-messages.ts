import type { Deps } from '../../../core/deps.js';
import { pickLang } from '../../../core/i18n.js';
import { mobileE164 } from '../../../core/phone.js';
import { enqueueSms, registerRenderedSms } from '../../../core/sms.js';
import { SMS_WHEN_LENGTH, smsTemplate, smsWhen } from '../../../core/sms-text.js';
import { nowIso } from '../../../core/time.js';
import type { DeskAppointmentTable } from '../../../db/schema.js';
import { deskMailKey } from '../model.js';
import * as repo from '../repo.js';
import { getDesk } from '../setup/desks.js';

/**
 * SMS about a desk appointment, for people who gave a phone number and no e-mail: confirmed,
 * moved, cancelled, and the reminder the day before; one GSM-7 SMS each with the appointment's
 * code, which with the phone opens it from /gestisci. The job holds the appointment's id (and a
 * reminder the start it was queued for); the text is written when it leaves. The keys start with
 * the appointment's e-mail and reminder prefixes, so the erasure of its personal data drops them.
 */

export type AppointmentSms = 'confirmed' | 'moved' | 'cancelled' | 'reminder';

const FIELDS = { service: 20, desk: 25, when: SMS_WHEN_LENGTH, code: 9, site: 30 };

const TEMPLATES: Record<AppointmentSms, ReturnType<typeof smsTemplate<keyof typeof FIELDS>>> = {
  confirmed: smsTemplate(
    'desks.confirmed',
    {
      it: 'Appuntamento: {service}, {desk}, {when}. Codice {code}. Per disdire: {site}/gestisci',
      en: 'Appointment: {service}, {desk}, {when}. Code {code}. To cancel: {site}/gestisci',
    },
    FIELDS,
  ),
  moved: smsTemplate(
    'desks.moved',
    {
      it: 'Appuntamento spostato: {service}, {desk}, ora {when}. Codice {code}. {site}/gestisci',
      en: 'Appointment moved: {service}, {desk}, now {when}. Code {code}. {site}/gestisci',
    },
    FIELDS,
  ),
  cancelled: smsTemplate(
    'desks.cancelled',
    {
      it: 'Appuntamento annullato: {service}, {desk}, {when}. Codice {code}',
      en: 'Appointment cancelled: {service}, {desk}, {when}. Code {code}',
    },
    FIELDS,
  ),
  reminder: smsTemplate(
    'desks.reminder',
    {
      it: 'Promemoria: {service}, {desk}, {when}. Codice {code}. Per disdire: {site}/gestisci',
      en: 'Reminder: {service}, {desk}, {when}. Code {code}. To cancel: {site}/gestisci',
    },
    FIELDS,
  ),
};

/** Whether the appointment is told by SMS: a phone, no e-mail, not erased. */
export function toldBySms(a: Pick<DeskAppointmentTable, 'email' | 'phone' | 'anonymised_at'>): boolean {
  return !a.email && !!a.phone && !a.anonymised_at;
}

/** Queues an SMS about the appointment, in the transaction of the change (or after the booking's commit). */
export async function enqueueAppointmentSms(
  executor: repo.Executor,
  a: Pick<DeskAppointmentTable, 'id' | 'email' | 'phone' | 'anonymised_at' | 'start_at'>,
  kind: AppointmentSms,
  runAt?: string,
): Promise<void> {
  if (!toldBySms(a)) return;
  if (kind === 'reminder') {
    await enqueueSms(
      executor,
      'desks.reminder',
      { appointmentId: a.id, start: a.start_at },
      { runAt, dedupeKey: `desk-reminder:${a.id}:sms:${a.start_at}` },
    );
    return;
  }
  const what = kind === 'moved' ? `sms-moved:${a.start_at}` : `sms-${kind}`;
  await enqueueSms(executor, `desks.${kind}`, { appointmentId: a.id }, { dedupeKey: deskMailKey(a.id, what) });
}

const WANTS: Record<AppointmentSms, DeskAppointmentTable['status'][]> = {
  confirmed: ['booked'],
  moved: ['booked'],
  cancelled: ['cancelled'],
  reminder: ['booked'],
};

async function renderAppointmentSms(deps: Deps, p: { appointmentId: string; start?: string }, kind: AppointmentSms) {
  const a = await repo.appointmentRow(deps.db.k, p.appointmentId);
  if (!a || !toldBySms(a) || !WANTS[kind].includes(a.status) || !a.phone || !mobileE164(a.phone)) return null;
  // A reminder goes only for the start it was queued for, and never late.
  if (kind === 'reminder' && (a.start_at !== p.start || a.start_at <= nowIso())) return null;
  const desk = await getDesk(deps.db, a.desk_id, { includeInactive: true });
  const lang = pickLang(a.lang) ?? 'it';
  const text = TEMPLATES[kind].render(lang, {
    service: desk.services.find((s) => s.code === a.service_code)?.name ?? a.service_code,
    desk: desk.name,
    when: smsWhen(a.start_at, lang),
    code: a.code ?? '-',
    site: deps.config.baseUrl.replace(/^https?:\/\//, '').replace(/\/+$/, ''),
  });
  return { to: a.phone, text };
}

/** Registers the renderers of the appointments' SMS (desks' jobs(deps)). */
export function registerAppointmentSms(deps: Deps): void {
  if (!deps.sms) return;
  for (const kind of Object.keys(TEMPLATES) as AppointmentSms[]) {
    registerRenderedSms<{ appointmentId: string; start?: string }>(deps, `desks.${kind}`, (p) => renderAppointmentSms(deps, p, kind));
  }
}
