import type { Mail } from '../../core/mail.js';
import { formatRome } from '../../core/time.js';

/**
 * The e-mail carrying a set-password link: a reset asked for from the sign-in page or sent by an
 * administrator, or the invitation of a new account. Italian, or English when asked in English.
 */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PasswordLinkMail {
  to: string;
  name: string;
  purpose: 'reset' | 'invite';
  lang: string;
  url: string;
  expiresAt: string;
}

export function passwordLinkMail(m: PasswordLinkMail): Mail {
  const en = m.lang === 'en';
  const until = formatRome(m.expiresAt, en ? 'en' : 'it', en ? "cccc d LLLL yyyy 'at' HH:mm" : "cccc d LLLL yyyy 'alle' HH:mm");
  const parts =
    m.purpose === 'invite'
      ? en
        ? {
            subject: 'Your Ponte account: choose your password',
            lines: [
              `Hello ${m.name},`,
              'an account has been created for you in the staff area of Ponte. To start, choose your password with this link:',
            ],
            label: 'Choose your password',
            after: [`The link works once, until ${until}. If you were not expecting it, ignore this message.`],
          }
        : {
            subject: 'Il tuo account Ponte: scegli la password',
            lines: [
              `Buongiorno ${m.name},`,
              "è stato creato un account per te nell'area riservata di Ponte. Per iniziare, scegli la tua password con questo link:",
            ],
            label: 'Scegli la password',
            after: [`Il link vale una sola volta, fino a ${until}. Se non te lo aspettavi, ignora questo messaggio.`],
          }
      : en
        ? {
            subject: 'Ponte: set a new password',
            lines: [`Hello ${m.name},`, 'someone asked to set a new password for your Ponte account. To do it, open this link:'],
            label: 'Set a new password',
            after: [`The link works once, until ${until}. If you did not ask for it, ignore this message: your password stays as it is.`],
          }
        : {
            subject: 'Ponte: imposta una nuova password',
            lines: [
              `Buongiorno ${m.name},`,
              'è stata chiesta una nuova password per il tuo account Ponte. Per impostarla, apri questo link:',
            ],
            label: 'Imposta una nuova password',
            after: [
              `Il link vale una sola volta, fino a ${until}. Se non l'hai chiesto tu, ignora questo messaggio: la tua password resta quella di prima.`,
            ],
          };
  const text = [...parts.lines, '', m.url, '', ...parts.after].join('\n');
  const html = [
    ...parts.lines.map((l) => `<p>${esc(l)}</p>`),
    `<p><a href="${esc(m.url)}">${esc(parts.label)}</a></p>`,
    ...parts.after.map((l) => `<p>${esc(l)}</p>`),
  ].join('\n');
  return { to: m.to, subject: parts.subject, text, html };
}
