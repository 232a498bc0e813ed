import { type Lang, t } from '../../../core/i18n.js';
import type { MadeContent, Mail, MailAttachment } from '../../../core/mail.js';
import { formatRome } from '../../../core/time.js';
import { FORMAT_LABELS, label } from '../catalogue/vocab.js';
import type { EventDetail } from '../service.js';
import type { MailKind } from './engine.js';

/**
 * The e-mails of bookings, in the registration's language (Italian by default): plain words,
 * a text part and a simple HTML part with the same content.
 */

export type EventMailKind = MailKind | 'reminder';

export interface MailContext {
  kind: EventMailKind;
  lang: Lang;
  to: string;
  name: string | null;
  seats: number;
  status: string;
  position: number | null;
  ticketCode: string;
  offerExpiresAt: string | null;
  event: EventDetail;
  /** Absolute link of the private manage page. */
  manageLink: string;
  /** Absolute link of the public event page. */
  eventLink: string;
  /** Only for booked people of online or hybrid events. */
  onlineUrl: string | null;
  /** Absolute link of the digital-competence test before the event, when the event asks for it. */
  skillsCheckLink?: string | null;
  /** The .ics and the QR image, when the mail carries them. */
  ics?: string;
  /** The calendar file's METHOD (RFC 5546): PUBLISH for a booking, CANCEL for its cancellation. */
  icsMethod?: 'PUBLISH' | 'CANCEL';
  /** The QR image: its bytes, or made where the message is composed (booking/ticket.ts, ticketPngMade). */
  qrPng?: Buffer | MadeContent;
}

const QR_CID = 'biglietto@ponte';

const seatsIt = (n: number): string => (n === 1 ? '1 posto' : `${n} posti`);

/** Notes as sentences, each ended by one full stop whether or not staff wrote one ("bagno accessibile." was "bagno accessibile.."). */
export function sentences(parts: string[]): string {
  return parts
    .map((p) => p.trim().replace(/[\s.;,]+$/, ''))
    .filter(Boolean)
    .map((p) => `${p}.`)
    .join(' ');
}
const seatsEn = (n: number): string => (n === 1 ? '1 seat' : `${n} seats`);

const W = {
  it: {
    hello: (n: string | null) => (n ? `Gentile ${n},` : 'Buongiorno,'),
    when: 'Quando',
    where: 'Dove',
    online: 'Online',
    onlineLink: 'Link per partecipare online',
    onlineLater: 'Il link per partecipare online ti arriverà quando la prenotazione sarà confermata.',
    map: 'Mappa',
    accessibility: 'Accessibilità',
    stepFree: 'Sede senza barriere architettoniche',
    seats: seatsIt,
    ticket: 'Il tuo biglietto',
    ticketText: (c: string) => `Codice del biglietto: ${c}. Mostralo all'ingresso (anche stampato o a voce).`,
    manage: 'Per annullare o cambiare il numero di posti usa questo link personale (non condividerlo):',
    leave: "Per uscire dalla lista d'attesa usa questo link personale:",
    details: "Pagina dell'evento",
    organiser: 'Organizza',
    bye: 'Grazie e a presto.',
    skillsCheck:
      "Prima dell'evento fai il test breve sulle competenze digitali: dura circa 5 minuti, è anonimo e aiuta gli organizzatori a preparare l'incontro. Inizia da qui:",
    session: (s: string, e: string) => sessionLine(s, e, 'it'),
    subject: {
      confirmed: (t: string) => `Prenotazione confermata: ${t}`,
      again: (t: string) => `La tua prenotazione: ${t}`,
      waitlisted: (t: string) => `Sei in lista d'attesa: ${t}`,
      promoted: (t: string) => `Si è liberato un posto, prenotazione confermata: ${t}`,
      offer: (t: string) => `Un posto per te: ${t}. Rispondi in tempo`,
      'offer-lapsed': (t: string) => `Offerta scaduta: ${t}`,
      cancelled: (t: string) => `Prenotazione annullata: ${t}`,
      'event-cancelled': (t: string) => `Evento annullato: ${t}`,
      'event-changed': (t: string) => `Cambio di data o di luogo: ${t}`,
      'seats-changed': (t: string) => `Posti aggiornati: ${t}`,
      reminder: (t: string) => `Promemoria: domani ${t}`,
    } satisfies Record<EventMailKind, (t: string) => string>,
    intro: {
      confirmed: (c: MailContext) => `la tua prenotazione per "${c.event.title}" è confermata: ${seatsIt(c.seats)}.`,
      again: (c: MailContext) =>
        `abbiamo ricevuto una nuova richiesta di prenotazione per "${c.event.title}" con i tuoi dati. Hai già una prenotazione (${statusIt(c)}): non ne abbiamo fatta un'altra. Ecco di nuovo i dettagli.`,
      waitlisted: (c: MailContext) =>
        `l'evento "${c.event.title}" è al completo: ti abbiamo messo in lista d'attesa per ${seatsIt(c.seats)}${c.position ? `, al ${c.position}° posto` : ''}. Se si libera un posto ${c.event.waitlistMode === 'offer' ? 'ti scriveremo per offrirtelo' : 'passerai automaticamente tra i confermati e ti scriveremo'}.`,
      promoted: (c: MailContext) =>
        `si è liberato un posto per "${c.event.title}": la tua prenotazione è ora confermata (${seatsIt(c.seats)}).`,
      offer: (c: MailContext) =>
        `si è liberato un posto per "${c.event.title}" ed è riservato a te (${seatsIt(c.seats)}) fino a ${formatRome(c.offerExpiresAt as string, 'it')}. Apri il link qui sotto e scegli "Accetto" per confermare o "Rinuncio" per lasciarlo alla persona successiva. Se non rispondi entro quell'ora, il posto passerà al prossimo in lista.`,
      'offer-lapsed': (c: MailContext) =>
        `il tempo per accettare il posto per "${c.event.title}" è scaduto e il posto è passato alla persona successiva. Se vuoi, puoi prenotare di nuovo dalla pagina dell'evento.`,
      cancelled: (c: MailContext) => `la tua prenotazione per "${c.event.title}" è stata annullata, come hai chiesto.`,
      'event-cancelled': (c: MailContext) =>
        `ci dispiace: l'evento "${c.event.title}" è stato annullato${c.event.cancelReason ? ` (${c.event.cancelReason})` : ''}. La tua prenotazione è annullata e non devi fare nulla.`,
      'event-changed': (c: MailContext) =>
        `l'evento "${c.event.title}" per cui hai prenotato ha cambiato data o luogo. Ecco i nuovi dettagli; se non puoi più venire, annulla la prenotazione con il link qui sotto, così il posto va a qualcun altro.`,
      'seats-changed': (c: MailContext) => `la tua prenotazione per "${c.event.title}" ora è per ${seatsIt(c.seats)}.`,
      reminder: (c: MailContext) => `ti ricordiamo che domani c'è "${c.event.title}". Ti aspettiamo!`,
    } satisfies Record<EventMailKind, (c: MailContext) => string>,
  },
  en: {
    hello: (n: string | null) => (n ? `Dear ${n},` : 'Hello,'),
    when: 'When',
    where: 'Where',
    online: 'Online',
    onlineLink: 'Link to join online',
    onlineLater: 'The link to join online will reach you once your booking is confirmed.',
    map: 'Map',
    accessibility: 'Accessibility',
    stepFree: 'Step-free venue',
    seats: seatsEn,
    ticket: 'Your ticket',
    ticketText: (c: string) => `Ticket code: ${c}. Show it at the entrance (printed or read out loud is fine).`,
    manage: 'To cancel or change the number of seats use this personal link (do not share it):',
    leave: 'To leave the waiting list use this personal link:',
    details: 'Event page',
    organiser: 'Organised by',
    bye: 'Thank you, see you soon.',
    skillsCheck:
      'Before the event, please take the short digital-competence test: it takes about 5 minutes, is anonymous and helps the organisers prepare. Start here:',
    session: (s: string, e: string) => sessionLine(s, e, 'en'),
    subject: {
      confirmed: (t: string) => `Booking confirmed: ${t}`,
      again: (t: string) => `Your booking: ${t}`,
      waitlisted: (t: string) => `You are on the waiting list: ${t}`,
      promoted: (t: string) => `A seat is free, booking confirmed: ${t}`,
      offer: (t: string) => `A seat for you: ${t}. Please reply in time`,
      'offer-lapsed': (t: string) => `Offer expired: ${t}`,
      cancelled: (t: string) => `Booking cancelled: ${t}`,
      'event-cancelled': (t: string) => `Event cancelled: ${t}`,
      'event-changed': (t: string) => `New date or place: ${t}`,
      'seats-changed': (t: string) => `Seats updated: ${t}`,
      reminder: (t: string) => `Reminder: ${t} is tomorrow`,
    } satisfies Record<EventMailKind, (t: string) => string>,
    intro: {
      confirmed: (c: MailContext) => `your booking for "${c.event.title}" is confirmed: ${seatsEn(c.seats)}.`,
      again: (c: MailContext) =>
        `we received a new booking request for "${c.event.title}" with your details. You already have a booking (${statusEn(c)}), so we did not make another one. Here are the details again.`,
      waitlisted: (c: MailContext) =>
        `"${c.event.title}" is full: you are on the waiting list for ${seatsEn(c.seats)}${c.position ? `, number ${c.position} in line` : ''}. If a seat frees up ${c.event.waitlistMode === 'offer' ? 'we will write to offer it to you' : 'you will be confirmed automatically and we will let you know'}.`,
      promoted: (c: MailContext) => `a seat freed up for "${c.event.title}": your booking is now confirmed (${seatsEn(c.seats)}).`,
      offer: (c: MailContext) =>
        `a seat freed up for "${c.event.title}" and it is held for you (${seatsEn(c.seats)}) until ${formatRome(c.offerExpiresAt as string, 'en', "cccc d LLLL yyyy 'at' HH:mm")}. Open the link below and choose "Accept" to confirm or "Decline" to leave it to the next person. Without a reply by then, the seat goes to the next in line.`,
      'offer-lapsed': (c: MailContext) =>
        `the time to accept the seat for "${c.event.title}" has passed and the seat went to the next person. You can book again from the event page.`,
      cancelled: (c: MailContext) => `your booking for "${c.event.title}" has been cancelled, as you asked.`,
      'event-cancelled': (c: MailContext) =>
        `we are sorry: "${c.event.title}" has been cancelled${c.event.cancelReason ? ` (${c.event.cancelReason})` : ''}. Your booking is cancelled; there is nothing you need to do.`,
      'event-changed': (c: MailContext) =>
        `"${c.event.title}", which you booked, has a new date or place. Here are the new details; if you can no longer come, please cancel with the link below so the seat goes to someone else.`,
      'seats-changed': (c: MailContext) => `your booking for "${c.event.title}" is now for ${seatsEn(c.seats)}.`,
      reminder: (c: MailContext) => `a reminder that "${c.event.title}" is tomorrow. We look forward to seeing you!`,
    } satisfies Record<EventMailKind, (c: MailContext) => string>,
  },
};

function statusIt(c: MailContext): string {
  if (c.status === 'waitlisted') return `in lista d'attesa${c.position ? `, ${c.position}° posto` : ''}`;
  if (c.status === 'offered') return 'un posto ti è stato offerto';
  return `confermata, ${seatsIt(c.seats)}`;
}
function statusEn(c: MailContext): string {
  if (c.status === 'waitlisted') return `on the waiting list${c.position ? `, number ${c.position}` : ''}`;
  if (c.status === 'offered') return 'a seat has been offered to you';
  return `confirmed, ${seatsEn(c.seats)}`;
}

/**
 * The words of the sessions already written: every e-mail about an event repeats its sessions, and
 * writing one in Rome's time costs Luxon several formats (a tenth of a confirmation's processor time).
 */
const sessionLines = new Map<string, string>();

/** A session in words, in the mail's language: the day once when it starts and ends on the same day. */
export function sessionLine(start: string, end: string, lang: Lang): string {
  const key = `${lang} ${start} ${end}`;
  let line = sessionLines.get(key);
  if (line === undefined) {
    if (sessionLines.size >= 1_000) sessionLines.clear();
    line = writeSessionLine(start, end, lang);
    sessionLines.set(key, line);
  }
  return line;
}

function writeSessionLine(start: string, end: string, lang: Lang): string {
  const on = (iso: string, key: string) => formatRome(iso, lang, t(lang, key));
  const sameDay = formatRome(start, lang, 'yyyy-MM-dd') === formatRome(end, lang, 'yyyy-MM-dd');
  return sameDay
    ? t(lang, 'mail.session.sameDay', {
        day: on(start, 'mail.session.day'),
        from: on(start, 'mail.session.time'),
        to: on(end, 'mail.session.time'),
      })
    : t(lang, 'mail.session.days', { from: on(start, 'mail.session.instant'), to: on(end, 'mail.session.instant') });
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Which kinds carry the full details (when, where, ticket, calendar). */
const WITH_DETAILS: EventMailKind[] = [
  'confirmed',
  'again',
  'promoted',
  'event-changed',
  'seats-changed',
  'reminder',
  'waitlisted',
  'offer',
];
const WITH_TICKET: EventMailKind[] = ['confirmed', 'promoted', 'event-changed', 'seats-changed', 'reminder', 'again'];
/** The kinds that welcome a person in: they carry the invitation to the test before the event. */
const WITH_SKILLS_CHECK: EventMailKind[] = ['confirmed', 'promoted'];
const WITH_MANAGE: EventMailKind[] = [
  'confirmed',
  'again',
  'waitlisted',
  'promoted',
  'offer',
  'event-changed',
  'seats-changed',
  'reminder',
];

export function renderMail(c: MailContext): Mail {
  const w = W[c.lang];
  const e = c.event;
  const confirmed = c.status === 'confirmed';
  const text: string[] = [];
  const html: string[] = [];
  const para = (t: string, h = esc(t)) => {
    text.push(t, '');
    html.push(`<p>${h}</p>`);
  };
  para(w.hello(c.name));
  para(w.intro[c.kind](c));
  if (WITH_DETAILS.includes(c.kind)) {
    const when = e.sessions.map((s) => w.session(s.start, s.end));
    text.push(`${w.when}:`, ...when.map((l) => `- ${l}`), '');
    html.push(`<p><strong>${w.when}</strong></p><ul>${when.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
    if (e.venue) {
      const where = [e.venue.name, e.venue.address, e.venue.municipality?.name].filter(Boolean).join(', ');
      text.push(`${w.where}: ${where}`, `${w.map}: ${e.venue.mapUrl}`);
      html.push(`<p><strong>${w.where}</strong>: ${esc(where)} (<a href="${esc(e.venue.mapUrl)}">${w.map}</a>)</p>`);
      const access = sentences([e.venue.stepFree ? w.stepFree : '', e.venue.accessibility ?? '', e.accessibility ?? '']);
      if (access) {
        text.push(`${w.accessibility}: ${access}`);
        html.push(`<p><strong>${w.accessibility}</strong>: ${esc(access)}</p>`);
      }
      text.push('');
    }
    if (e.format !== 'in_presenza') {
      if (c.onlineUrl && confirmed) {
        text.push(`${w.onlineLink}: ${c.onlineUrl}`, '');
        html.push(`<p><strong>${w.onlineLink}</strong>: <a href="${esc(c.onlineUrl)}">${esc(c.onlineUrl)}</a></p>`);
      } else if (!confirmed) {
        para(`${label(FORMAT_LABELS, e.format, c.lang)}. ${w.onlineLater}`);
      }
    }
  }
  if (WITH_TICKET.includes(c.kind) && confirmed) {
    text.push(`${w.ticket}: ${c.ticketCode}`, w.ticketText(c.ticketCode), '');
    html.push(
      `<p><strong>${w.ticket}</strong></p>`,
      c.qrPng ? `<p><img src="cid:${QR_CID}" width="200" height="200" alt="${esc(w.ticketText(c.ticketCode))}"></p>` : '',
      `<p>${esc(w.ticketText(c.ticketCode))}</p>`,
    );
  }
  if (c.skillsCheckLink && WITH_SKILLS_CHECK.includes(c.kind)) {
    text.push(w.skillsCheck, c.skillsCheckLink, '');
    html.push(`<p>${esc(w.skillsCheck)}<br><a href="${esc(c.skillsCheckLink)}">${esc(c.skillsCheckLink)}</a></p>`);
  }
  if (WITH_MANAGE.includes(c.kind)) {
    const intro = c.status === 'waitlisted' ? w.leave : w.manage;
    text.push(intro, c.manageLink, '');
    html.push(`<p>${esc(intro)}<br><a href="${esc(c.manageLink)}">${esc(c.manageLink)}</a></p>`);
  }
  text.push(`${w.details}: ${c.eventLink}`, `${w.organiser}: ${e.organisation.name}`, '', w.bye);
  html.push(
    `<p>${w.details}: <a href="${esc(c.eventLink)}">${esc(c.eventLink)}</a><br>${w.organiser}: ${esc(e.organisation.name)}</p>`,
    `<p>${esc(w.bye)}</p>`,
  );

  const attachments: MailAttachment[] = [];
  if (c.ics) {
    const method = c.icsMethod ?? 'PUBLISH';
    attachments.push({ filename: 'evento.ics', content: c.ics, contentType: `text/calendar; charset=utf-8; method=${method}` });
  }
  if (c.qrPng && WITH_TICKET.includes(c.kind) && confirmed) {
    attachments.push({
      filename: 'biglietto.png',
      content: Buffer.isBuffer(c.qrPng) ? c.qrPng.toString('base64') : c.qrPng,
      encoding: 'base64',
      contentType: 'image/png',
      cid: QR_CID,
    });
  }
  return {
    to: c.to,
    subject: w.subject[c.kind](e.title),
    text: text.join('\n'),
    html: `<!doctype html><html lang="${c.lang}"><body style="font-family:sans-serif;line-height:1.5">${html.join('\n')}</body></html>`,
    ...(attachments.length ? { attachments } : {}),
  };
}

/** Whether the mail of this kind should carry the calendar file. */
export function carriesCalendar(kind: EventMailKind, status: string): boolean {
  return status === 'confirmed' && WITH_TICKET.includes(kind);
}

/** The kinds that end a booking: their mail carries the file that takes it out of the calendar. */
const CANCELLING: EventMailKind[] = ['cancelled', 'event-cancelled'];

/** Which calendar file the mail carries, if any: the booking's (PUBLISH) or its cancellation (CANCEL). */
export function calendarMethod(kind: EventMailKind, status: string, eventStatus: string): 'PUBLISH' | 'CANCEL' | null {
  if (CANCELLING.includes(kind) && status === 'cancelled') return 'CANCEL';
  return carriesCalendar(kind, status) && eventStatus === 'published' ? 'PUBLISH' : null;
}
