import type { Lang } from '../../../core/i18n.js';
import type { Mail } from '../../../core/mail.js';
import { sessionLine } from '../booking/emails.js';
import type { EventDetail } from '../service.js';
import type { MessageAudience } from './service.js';

/**
 * The e-mails written after a booking: staff's messages to the people of an event and the
 * satisfaction survey. Same plain shape as the booking e-mails (emails.ts): a text part and a
 * simple HTML part with the same content, in the registration's language.
 */

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const W = {
  it: {
    hello: (n: string | null) => (n ? `Gentile ${n},` : 'Buongiorno,'),
    when: 'Quando',
    where: 'Dove',
    online: 'Online',
    event: 'Evento',
    manage: 'La tua prenotazione, da gestire con questo link personale (non condividerlo):',
    details: "Pagina dell'evento",
    organiser: 'Organizza',
    why: {
      booked: (t: string) => `Ricevi questo messaggio perché hai prenotato "${t}".`,
      'checked-in': (t: string) => `Ricevi questo messaggio perché hai partecipato a "${t}".`,
      'no-show': (t: string) => `Ricevi questo messaggio perché avevi prenotato "${t}" ma non risulti presente.`,
      waiting: (t: string) => `Ricevi questo messaggio perché sei in lista d'attesa per "${t}".`,
    } satisfies Record<MessageAudience, (t: string) => string>,
    surveySubject: (t: string) => `Com'è andata? Dacci un voto: ${t}`,
    surveyIntro: (t: string) =>
      `grazie per aver partecipato a "${t}". Ci aiuti a migliorare? Basta un voto da 1 a 5 e, se vuoi, un commento: meno di un minuto.`,
    surveyLink: 'Rispondi qui (link personale, non condividerlo):',
    surveyAnonymous: 'La risposta è anonima: il personale vede solo i voti e i commenti, non chi li ha scritti.',
    skillsCheck:
      "Rifai ora il test breve sulle competenze digitali: dura circa 5 minuti, è anonimo e mostra agli organizzatori che cosa è cambiato dopo l'evento. Inizia da qui:",
    bye: 'Grazie e a presto.',
  },
  en: {
    hello: (n: string | null) => (n ? `Dear ${n},` : 'Hello,'),
    when: 'When',
    where: 'Where',
    online: 'Online',
    event: 'Event',
    manage: 'Your booking, to manage with this personal link (do not share it):',
    details: 'Event page',
    organiser: 'Organised by',
    why: {
      booked: (t: string) => `You receive this message because you booked "${t}".`,
      'checked-in': (t: string) => `You receive this message because you took part in "${t}".`,
      'no-show': (t: string) => `You receive this message because you booked "${t}" but were not checked in.`,
      waiting: (t: string) => `You receive this message because you are on the waiting list for "${t}".`,
    } satisfies Record<MessageAudience, (t: string) => string>,
    surveySubject: (t: string) => `How was it? Rate it: ${t}`,
    surveyIntro: (t: string) =>
      `thank you for taking part in "${t}". Would you help us improve? A rating from 1 to 5 and, if you like, a comment: less than a minute.`,
    surveyLink: 'Answer here (personal link, do not share it):',
    surveyAnonymous: 'Your answer is anonymous: staff see the ratings and comments, not who wrote them.',
    skillsCheck:
      'Now please take the short digital-competence test again: it takes about 5 minutes, is anonymous and shows the organisers what changed after the event. Start here:',
    bye: 'Thank you, see you soon.',
  },
};

class Parts {
  text: string[] = [];
  html: string[] = [];
  para(t: string, h = esc(t).replace(/\n/g, '<br>')): void {
    this.text.push(t, '');
    this.html.push(`<p>${h}</p>`);
  }
  link(intro: string, url: string): void {
    this.text.push(intro, url, '');
    this.html.push(`<p>${esc(intro)}<br><a href="${esc(url)}">${esc(url)}</a></p>`);
  }
  mail(to: string, subject: string, lang: Lang): Mail {
    return {
      to,
      subject,
      text: this.text.join('\n'),
      html: `<!doctype html><html lang="${lang}"><body style="font-family:sans-serif;line-height:1.5">${this.html.join('\n')}</body></html>`,
    };
  }
}

function eventFacts(p: Parts, lang: Lang, event: EventDetail): void {
  const w = W[lang];
  const when = event.sessions.map((s) => sessionLine(s.start, s.end, lang));
  const where = event.venue ? [event.venue.name, event.venue.address, event.venue.municipality?.name].filter(Boolean).join(', ') : w.online;
  p.text.push(`${w.event}: ${event.title}`, `${w.when}:`, ...when.map((l) => `- ${l}`), `${w.where}: ${where}`, '');
  p.html.push(
    `<p><strong>${w.event}</strong>: ${esc(event.title)}</p>`,
    `<p><strong>${w.when}</strong></p><ul>${when.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`,
    `<p><strong>${w.where}</strong>: ${esc(where)}</p>`,
  );
}

function footer(p: Parts, lang: Lang, event: EventDetail, eventLink: string): void {
  const w = W[lang];
  p.text.push(`${w.details}: ${eventLink}`, `${w.organiser}: ${event.organisation.name}`, '', w.bye);
  p.html.push(
    `<p>${w.details}: <a href="${esc(eventLink)}">${esc(eventLink)}</a><br>${w.organiser}: ${esc(event.organisation.name)}</p>`,
    `<p>${esc(w.bye)}</p>`,
  );
}

export interface EventMessageContext {
  lang: Lang;
  to: string;
  name: string | null;
  /** Staff's subject and text, as typed (plain text). */
  subject: string;
  body: string;
  reason: MessageAudience;
  event: EventDetail;
  manageLink: string;
  eventLink: string;
}

/** Staff's message, framed by the event's details, the manage link and why the person gets it. */
export function renderEventMessage(c: EventMessageContext): Mail {
  const w = W[c.lang];
  const p = new Parts();
  p.para(w.hello(c.name));
  p.para(c.body);
  p.text.push('---', '');
  p.html.push('<hr>');
  eventFacts(p, c.lang, c.event);
  p.link(w.manage, c.manageLink);
  p.para(w.why[c.reason](c.event.title));
  footer(p, c.lang, c.event, c.eventLink);
  return p.mail(c.to, c.subject, c.lang);
}

export interface SurveyMailContext {
  lang: Lang;
  to: string;
  name: string | null;
  event: EventDetail;
  surveyLink: string;
  eventLink: string;
  /** Absolute link of the digital-competence test after the event, when the event asks for it. */
  skillsCheckLink?: string | null;
}

/** The invitation to rate the event, with the private link of the survey. */
export function renderSurveyMail(c: SurveyMailContext): Mail {
  const w = W[c.lang];
  const p = new Parts();
  p.para(w.hello(c.name));
  p.para(w.surveyIntro(c.event.title));
  p.link(w.surveyLink, c.surveyLink);
  p.para(w.surveyAnonymous);
  if (c.skillsCheckLink) p.link(w.skillsCheck, c.skillsCheckLink);
  footer(p, c.lang, c.event, c.eventLink);
  return p.mail(c.to, w.surveySubject(c.event.title), c.lang);
}
