import { type Lang, t } from '../../../core/i18n.js';
import type { Mail } from '../../../core/mail.js';
import { sessionLine } from '../booking/emails.js';
import type { EventDetail } from '../service.js';
import type { MessageAudience } from './service.js';

/**
 * The e-mails written after a booking: staff's messages to the people of an event, and (with the
 * same parts, see survey/mail.ts) the satisfaction survey. Same plain shape as the booking e-mails
 * (booking/emails.ts): a text part and a simple HTML part with the same content, in the
 * registration's language.
 */

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The text and HTML parts of one e-mail, written side by side. */
export class MailParts {
  text: string[] = [];
  html: string[] = [];
  constructor(private readonly lang: Lang) {}
  /** The greeting, by name when there is one. */
  hello(name: string | null): void {
    this.para(name ? t(this.lang, 'evmail.hello', { name }) : t(this.lang, 'evmail.hello.anon'));
  }
  para(t: string, h = esc(t).replace(/\n/g, '<br>')): void {
    this.text.push(t, '');
    this.html.push(`<p>${h}</p>`);
  }
  link(intro: string, url: string): void {
    this.text.push(intro, url, '');
    this.html.push(`<p>${esc(intro)}<br><a href="${esc(url)}">${esc(url)}</a></p>`);
  }
  /** The event's page and organiser, and the goodbye. */
  footer(event: EventDetail, eventLink: string): void {
    const w = (key: string) => t(this.lang, key);
    this.text.push(`${w('evmail.details')}: ${eventLink}`, `${w('evmail.organiser')}: ${event.organisation.name}`, '', w('evmail.bye'));
    this.html.push(
      `<p>${w('evmail.details')}: <a href="${esc(eventLink)}">${esc(eventLink)}</a><br>${w('evmail.organiser')}: ${esc(event.organisation.name)}</p>`,
      `<p>${esc(w('evmail.bye'))}</p>`,
    );
  }
  mail(to: string, subject: string): Mail {
    return {
      to,
      subject,
      text: this.text.join('\n'),
      html: `<!doctype html><html lang="${this.lang}"><body style="font-family:sans-serif;line-height:1.5">${this.html.join('\n')}</body></html>`,
    };
  }
}

function eventFacts(p: MailParts, lang: Lang, event: EventDetail): void {
  const w = (key: string) => t(lang, key);
  const when = event.sessions.map((s) => sessionLine(s.start, s.end, lang));
  const where = event.venue
    ? [event.venue.name, event.venue.address, event.venue.municipality?.name].filter(Boolean).join(', ')
    : w('evmail.online');
  p.text.push(
    `${w('evmail.event')}: ${event.title}`,
    `${w('evmail.when')}:`,
    ...when.map((l) => `- ${l}`),
    `${w('evmail.where')}: ${where}`,
    '',
  );
  p.html.push(
    `<p><strong>${w('evmail.event')}</strong>: ${esc(event.title)}</p>`,
    `<p><strong>${w('evmail.when')}</strong></p><ul>${when.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`,
    `<p><strong>${w('evmail.where')}</strong>: ${esc(where)}</p>`,
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
  const p = new MailParts(c.lang);
  p.hello(c.name);
  p.para(c.body);
  p.text.push('---', '');
  p.html.push('<hr>');
  eventFacts(p, c.lang, c.event);
  p.link(t(c.lang, 'evmail.manage'), c.manageLink);
  p.para(t(c.lang, `evmail.why.${c.reason}`, { title: c.event.title }));
  p.footer(c.event, c.eventLink);
  return p.mail(c.to, c.subject);
}
