import type { Deps } from '../../../core/deps.js';
import { pickLang } from '../../../core/i18n.js';
import { mobileE164 } from '../../../core/phone.js';
import { registerRenderedSms } from '../../../core/sms.js';
import { SMS_WHEN_LENGTH, smsTemplate, smsWhen } from '../../../core/sms-text.js';
import { nowIso } from '../../../core/time.js';
import type { RegistrationTable } from '../../../db/schema.js';
import * as repo from '../repo.js';
import { getEvent } from '../service.js';
import type { BookingSms } from './sms-jobs.js';

/**
 * SMS about a booking, for people who gave a phone number and no e-mail: the same moments as the
 * e-mails (confirmation, reminder, promotion, offer, cancellation by staff, event changed or
 * cancelled), each one SMS in GSM-7 carrying the ticket code, which with the phone opens the
 * booking from /gestisci. The job holds the registration's id; the text is written when it leaves,
 * from the booking as it is then, and nothing goes to a booking erased or no longer in that state.
 */

const FIELDS = { title: 40, when: SMS_WHEN_LENGTH, code: 11, site: 30 };

const TEMPLATES: Record<BookingSms, ReturnType<typeof smsTemplate<keyof typeof FIELDS>>> = {
  confirmed: smsTemplate(
    'events.confirmed',
    {
      it: 'Prenotato: {title}, {when}. Codice {code}. Per disdire: {site}/gestisci',
      en: 'Booked: {title}, {when}. Code {code}. To cancel: {site}/gestisci',
    },
    FIELDS,
  ),
  waitlisted: smsTemplate(
    'events.waitlisted',
    {
      it: "In lista d'attesa: {title}, {when}. Codice {code}. {site}/gestisci",
      en: 'On the waiting list: {title}, {when}. Code {code}. {site}/gestisci',
    },
    FIELDS,
  ),
  promoted: smsTemplate(
    'events.promoted',
    {
      it: 'Posto libero, prenotato: {title}, {when}. Codice {code}. {site}/gestisci',
      en: 'A seat came free, booked: {title}, {when}. Code {code}. {site}/gestisci',
    },
    FIELDS,
  ),
  offer: smsTemplate(
    'events.offer',
    {
      it: 'Posto libero: {title}, {when}. Conferma su {site}/gestisci, codice {code}',
      en: 'A seat is free: {title}, {when}. Confirm at {site}/gestisci, code {code}',
    },
    FIELDS,
  ),
  cancelled: smsTemplate(
    'events.cancelled',
    { it: 'Prenotazione annullata: {title}, {when}. Codice {code}', en: 'Booking cancelled: {title}, {when}. Code {code}' },
    FIELDS,
  ),
  'event-cancelled': smsTemplate(
    'events.event-cancelled',
    {
      it: 'Evento annullato: {title}, {when}. Prenotazione {code} cancellata',
      en: 'Event cancelled: {title}, {when}. Booking {code} cancelled',
    },
    FIELDS,
  ),
  'event-changed': smsTemplate(
    'events.event-changed',
    {
      it: 'Evento cambiato: {title}, ora {when}. Codice {code}. {site}/gestisci',
      en: 'Event changed: {title}, now {when}. Code {code}. {site}/gestisci',
    },
    FIELDS,
  ),
  reminder: smsTemplate(
    'events.reminder',
    {
      it: 'Promemoria: {title}, {when}. Codice {code}. Per disdire: {site}/gestisci',
      en: 'Reminder: {title}, {when}. Code {code}. To cancel: {site}/gestisci',
    },
    FIELDS,
  ),
};

/** The SMS makes sense only while the registration is in these states. */
const WANTS: Record<BookingSms, RegistrationTable['status'][]> = {
  confirmed: ['confirmed'],
  waitlisted: ['waitlisted'],
  promoted: ['confirmed'],
  offer: ['offered'],
  cancelled: ['cancelled'],
  'event-cancelled': ['cancelled'],
  'event-changed': ['confirmed', 'waitlisted', 'offered'],
  reminder: ['confirmed'],
};

/** The site's address as a phone shows it: host and path, without the scheme. */
function siteOf(baseUrl: string): string {
  return baseUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

async function renderBookingSms(deps: Deps, registrationId: string, kind: BookingSms) {
  const reg = await repo.registrationRow(deps.db, registrationId);
  if (!reg || reg.email || !reg.phone || reg.anonymised_at || !WANTS[kind].includes(reg.status)) return null;
  if (!mobileE164(reg.phone)) return null;
  const event = await getEvent(deps.db, reg.event_id, { includeDrafts: true });
  if (kind === 'reminder' && (event.status !== 'published' || event.start <= nowIso())) return null;
  const lang = pickLang(reg.lang) ?? 'it';
  const text = TEMPLATES[kind].render(lang, {
    title: event.title,
    when: smsWhen(event.start, lang),
    code: reg.ticket_code,
    site: siteOf(deps.config.baseUrl),
  });
  return { to: reg.phone, text };
}

/** Registers the renderers of the bookings' SMS (events' jobs(deps)). */
export function registerBookingSms(deps: Deps): void {
  if (!deps.sms) return;
  for (const kind of Object.keys(TEMPLATES) as BookingSms[]) {
    registerRenderedSms<{ registrationId: string }>(deps, `events.${kind}`, (p) => renderBookingSms(deps, p.registrationId, kind));
  }
}
