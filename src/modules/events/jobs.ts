import type { Deps } from '../../core/deps.js';
import { pickLang } from '../../core/i18n.js';
import { BatchReads } from '../../core/jobs.js';
import { type Mail, registerRenderedMail } from '../../core/mail.js';
import { nowIso } from '../../core/time.js';
import type { RegistrationTable } from '../../db/schema.js';
import { RETENTION_CHANGED_KIND } from '../programmes/service.js';
import { calendarMethod, type EventMailKind, renderMail } from './booking/emails.js';
import { ANONYMISE_KIND, MAIL_KIND, type MailKind, OFFER_EXPIRY_KIND, REMINDER_KIND } from './booking/engine.js';
import { calendarOf, organisers } from './booking/ics.js';
import { registerBookingSms } from './booking/sms-messages.js';
import { ticketPngMade } from './booking/ticket.js';
import { manageToken } from './booking-keys.js';
import * as repo from './repo.js';
import { anonymiseEvent, getEvent, lapseOffer, manageUrl, replanProgrammeErasure, skillsCheckUrl } from './service.js';

/**
 * Background work of bookings, through the job table: the e-mails (rendered when sent, from the
 * registration as it is then, so nothing personal waits in the job's payload), the reminder the
 * day before, the lapse of unanswered offers, and the erasure of personal data after the
 * retention period.
 */

/** The mail makes sense only while the registration is in these states (else it is skipped). */
const WANTS: Record<EventMailKind, RegistrationTable['status'][]> = {
  confirmed: ['confirmed'],
  again: ['confirmed', 'waitlisted', 'offered'],
  waitlisted: ['waitlisted'],
  promoted: ['confirmed'],
  offer: ['offered'],
  'offer-lapsed': ['cancelled'],
  cancelled: ['cancelled'],
  'event-cancelled': ['cancelled'],
  'event-changed': ['confirmed', 'waitlisted', 'offered'],
  'seats-changed': ['confirmed', 'offered'],
  reminder: ['confirmed'],
};

/**
 * Renders one e-mail about a registration, as it is now; null when there is nothing (more) to send.
 * The registrations of a batch's mail jobs are read together, as are the event, its row and its
 * organiser (`batch`), since a backlog of confirmations is mostly about the same few events; a
 * registration the batch did not name (a direct call) is read alone.
 */
export async function renderRegistrationMail(
  deps: Deps,
  registrationId: string,
  kind: EventMailKind,
  batch = new BatchReads(),
): Promise<Mail | null> {
  const { db, config } = deps;
  const reg = (await registrationsOfBatch(db, batch)).get(registrationId) ?? (await repo.registrationRow(db, registrationId));
  if (!reg?.email || reg.anonymised_at || !WANTS[kind].includes(reg.status)) return null;
  const event = await batch.get(`events.event:${reg.event_id}`, () => getEvent(db, reg.event_id, { includeDrafts: true }));
  // A reminder is never sent late: once the event has begun it is dropped.
  if (kind === 'reminder' && (event.status !== 'published' || event.start <= nowIso())) return null;
  const row = await batch.get(`events.row:${reg.event_id}`, () => repo.eventRow(db, reg.event_id));
  const token = manageToken(config, reg.id);
  const position = reg.status === 'waitlisted' ? await repo.waitingPosition(db, reg.event_id, reg.id) : null;
  const confirmedLive = reg.status === 'confirmed' && event.status === 'published';
  const onlineUrl = confirmedLive ? (row?.online_url ?? null) : null;
  // The booked person's own file: confirmed entries with the ticket, a cancellation's file with the
  // cancellation (same UIDs, higher SEQUENCE), never one for a place on the waiting list.
  const icsMethod = calendarMethod(kind, reg.status, event.status);
  const organiserId = event.organisation.id;
  const organiser = icsMethod
    ? await batch.get(`events.organiser:${organiserId}`, async () => (await organisers(deps, [organiserId])).get(organiserId))
    : undefined;
  const lang = pickLang(reg.lang) ?? 'it';
  return renderMail({
    kind,
    lang,
    to: reg.email,
    name: reg.name,
    seats: Number(reg.seats),
    status: reg.status,
    position,
    ticketCode: reg.ticket_code,
    offerExpiresAt: reg.offer_expires_at,
    event,
    manageLink: `${config.baseUrl}${manageUrl(reg.id, token)}`,
    eventLink: `${config.baseUrl}${event.page}`,
    onlineUrl,
    skillsCheckLink: event.askSkillsCheck ? `${config.baseUrl}${skillsCheckUrl(event.id, 'prima', lang)}` : null,
    ...(icsMethod
      ? { ics: await bookingCalendar(batch, icsMethod, event, row, organiser, { baseUrl: config.baseUrl, onlineUrl }, reg), icsMethod }
      : {}),
    // Drawn where the message is composed, in the side thread.
    ...(icsMethod === 'PUBLISH' ? { qrPng: ticketPngMade(reg.ticket_code) } : {}),
  });
}

/**
 * A booked person's calendar file. The file of a booking (PUBLISH) names no one: every confirmed
 * booking of an event with the same revision has the same text, stamped (DTSTAMP) with the second
 * it is written in, so the batch writes it once a second. A cancellation's file names its attendee.
 */
function bookingCalendar(batch: BatchReads, method: 'PUBLISH' | 'CANCEL', ...args: Parameters<typeof calendarOf>): Promise<string> {
  const [event, row, , opts, reg] = args;
  if (method !== 'PUBLISH' || !reg) return Promise.resolve(calendarOf(...args));
  const second = Math.floor(Date.now() / 1000);
  const key = `events.ics:${event.id}:${row?.sequence}:${event.updatedAt}:${reg.status}:${reg.sequence}:${opts.onlineUrl}:${second}`;
  return batch.get(key, async () => calendarOf(...args));
}

/** The kinds of job that render a registration's mail: their registrations are read together. */
const MAIL_JOB_KINDS = [MAIL_KIND, REMINDER_KIND];

/** The registrations of the batch's mail jobs, in one read (a batch of confirmations reads one row each otherwise). */
function registrationsOfBatch(db: Deps['db'], batch: BatchReads): Promise<Map<string, RegistrationTable>> {
  return batch.get('events.registrations', () => {
    const ids = batch.payloadsOf(MAIL_JOB_KINDS).map((p) => (p as { registrationId?: unknown }).registrationId);
    return repo.registrationRows(db, [...new Set(ids.filter((id): id is string => typeof id === 'string'))]);
  });
}

export function registerEventJobs(deps: Deps): void {
  registerBookingSms(deps);
  registerRenderedMail<{ registrationId: string; kind: MailKind }>(
    deps.jobs,
    deps.mailer,
    MAIL_KIND,
    (p, batch) => renderRegistrationMail(deps, p.registrationId, p.kind, batch),
    { readsOnly: true },
  );
  registerRenderedMail<{ registrationId: string }>(
    deps.jobs,
    deps.mailer,
    REMINDER_KIND,
    (p, batch) => renderRegistrationMail(deps, p.registrationId, 'reminder', batch),
    { readsOnly: true },
  );
  deps.jobs.register(OFFER_EXPIRY_KIND, async (payload) => {
    const { registrationId } = payload as { registrationId: string };
    await lapseOffer(deps, registrationId);
  });
  deps.jobs.register(ANONYMISE_KIND, async (payload) => {
    const { eventId } = payload as { eventId: string };
    await anonymiseEvent(deps.db, eventId);
  });
  deps.jobs.register(RETENTION_CHANGED_KIND, async (payload) => {
    const { programmeId } = payload as { programmeId: string };
    await replanProgrammeErasure(deps, programmeId);
  });
}
