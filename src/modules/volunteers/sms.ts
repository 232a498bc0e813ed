import type { Deps } from '../../core/deps.js';
import { type Lang, pickLang } from '../../core/i18n.js';
import { parseMobile } from '../../core/phone.js';
import { enqueueSms, registerRenderedSms } from '../../core/sms.js';
import { fitsGsm7, SMS_WHEN_LENGTH, smsLength, smsTemplate, smsWhen, toGsm7 } from '../../core/sms-text.js';
import type { Db } from '../../db/index.js';
import { getOrganisation } from '../organisations/service.js';
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

/** The site's address as an SMS writes it: no scheme, no trailing slash. */
const siteOf = (deps: Deps) => deps.config.baseUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '');

/**
 * A message from staff by SMS: the organisation's name and the subject and text, whole when they
 * fit one SMS; otherwise cut at a word's end and followed by where to read it all (the volunteer's
 * "I miei turni" page lists the messages they received). Always one GSM-7 SMS.
 */
export const MESSAGE_SMS = 'volunteers.message';

const WHOLE = smsTemplate('volunteers.message', { it: '{org}: {text}', en: '{org}: {text}' }, { org: 24, text: 134 });

const CUT = smsTemplate(
  'volunteers.message-cut',
  { it: '{org}: {text} (continua su {site}/turni)', en: '{org}: {text} (more at {site}/turni)' },
  { org: 24, text: 83, site: 30 },
);

/** The SMS of a message: whole when the subject and text fit, otherwise cut with the page to read the rest. */
export function messageSmsText(lang: Lang, org: string, subject: string, body: string, site: string): string {
  const text = toGsm7(`${subject}: ${body}`).replace(/\s+/g, ' ').trim();
  if (fitsGsm7(text) && smsLength(text).units <= 134) return WHOLE.render(lang, { org, text });
  return CUT.render(lang, { org, text, site });
}

/** How a message reaches a volunteer: by SMS when they asked for it, or have a mobile number and no e-mail. */
export function messageChannel(contact: { email: string | null; phone: string | null; sms?: number | null } | undefined): 'email' | 'sms' {
  if (!contact?.phone || !parseMobile(contact.phone).ok) return 'email';
  return Number(contact.sms ?? 0) === 1 || !contact.email ? 'sms' : 'email';
}

/** The application of a volunteer's record when it asked for SMS (or has a mobile and no e-mail); undefined otherwise. */
export async function smsApplicationOf(db: Db, volunteerId: string) {
  const v = await repo.volunteer(db, volunteerId);
  const app = v?.application_id ? await repo.application(db, v.application_id) : undefined;
  return app && messageChannel(app) === 'sms' ? app : undefined;
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
    const site = siteOf(deps);
    return { to: app.phone, text: REMINDER.render(lang, { title: found.title, when: smsWhen(found.starts_at, lang), site }) };
  });
  registerRenderedSms<{ messageId: string; volunteerId: string }>(deps, MESSAGE_SMS, async ({ messageId, volunteerId }) => {
    const v = await repo.volunteer(deps.db, volunteerId);
    const message = v?.active === 1 ? await repo.messageTo(deps.db, messageId, volunteerId) : undefined;
    const app = v?.application_id ? await repo.application(deps.db, v.application_id) : undefined;
    if (message?.channel !== 'sms' || !app?.phone) return null;
    const org = await getOrganisation(deps.db, message.organisation_id);
    const lang = pickLang(app.lang) ?? 'it';
    return { to: app.phone, text: messageSmsText(lang, org.name, message.subject, message.body, siteOf(deps)) };
  });
}
