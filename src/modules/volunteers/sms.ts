import type { Deps } from '../../core/deps.js';
import { pickLang } from '../../core/i18n.js';
import { enqueueSms, registerRenderedSms } from '../../core/sms.js';
import { SMS_WHEN_LENGTH, smsTemplate, smsWhen } from '../../core/sms-text.js';
import type { Db } from '../../db/index.js';
import * as repo from './repo.js';

/**
 * The reminder of a shift by SMS, for a volunteer who asked for SMS when applying (with a mobile
 * number): one GSM-7 SMS the day before, instead of the e-mail. Like the e-mail, it is rendered
 * when the job runs, so a volunteer who withdrew, or whose sign-up waits for staff, gets nothing.
 * The job holds the sign-up's id only; the number is read from the application then.
 */

export const REMINDER_SMS = 'volunteers.reminder';

const FIELDS = { title: 40, when: SMS_WHEN_LENGTH, site: 30 };

const REMINDER = smsTemplate(
  'volunteers.reminder',
  {
    it: 'Promemoria turno: {title}, {when}. Se non puoi venire: {site}/turni',
    en: 'Shift reminder: {title}, {when}. If you cannot come: {site}/turni',
  },
  FIELDS,
);

/** The application of a volunteer's record when it asked for SMS and gave a phone; undefined otherwise. */
export async function smsApplicationOf(db: Db, volunteerId: string) {
  const v = await repo.volunteer(db, volunteerId);
  const app = v?.application_id ? await repo.application(db, v.application_id) : undefined;
  return app && Number(app.sms ?? 0) === 1 && app.phone ? app : undefined;
}

/** Queues the SMS reminder of a sign-up, in the transaction that makes it (at night it waits for the morning). */
export async function enqueueReminderSms(trx: Parameters<typeof enqueueSms>[0], signupId: string, runAt: string | undefined) {
  await enqueueSms(trx, REMINDER_SMS, { signupId }, { runAt, dedupeKey: `volunteers.reminder-sms:${signupId}` });
}

/** Registers the renderer of the reminder SMS (the volunteers' jobs(deps)). */
export function registerVolunteerSms(deps: Deps): void {
  if (!deps.sms) return;
  registerRenderedSms<{ signupId: string }>(deps, REMINDER_SMS, async ({ signupId }) => {
    const found = await repo.signupWithShift(deps.db, signupId);
    if (found?.status !== 'confirmed') return null;
    const app = await smsApplicationOf(deps.db, found.volunteer_id);
    if (!app?.phone) return null;
    const lang = pickLang(app.lang) ?? 'it';
    const site = deps.config.baseUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    return { to: app.phone, text: REMINDER.render(lang, { title: found.title, when: smsWhen(found.starts_at, lang), site }) };
  });
}
