import { pickLang, t } from '../../core/i18n.js';
import type { Mail } from '../../core/mail.js';
import { formatRome } from '../../core/time.js';

/**
 * The e-mail carrying a set-password link: a reset asked for from the sign-in page or sent by an
 * administrator, or the invitation of a new account. Its words are the dictionary's
 * (`mail.password.<purpose>.*`), in the language the link was asked in (Italian otherwise).
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
  const lang = pickLang(m.lang) ?? 'it';
  const until = formatRome(m.expiresAt, lang, t(lang, 'mail.password.until'));
  const word = (part: string) => t(lang, `mail.password.${m.purpose}.${part}`, { name: m.name, until });
  const lines = [t(lang, 'mail.password.greeting', { name: m.name }), word('intro')];
  const after = word('after');
  const text = [...lines, '', m.url, '', after].join('\n');
  const html = [
    ...lines.map((l) => `<p>${esc(l)}</p>`),
    `<p><a href="${esc(m.url)}">${esc(word('label'))}</a></p>`,
    `<p>${esc(after)}</p>`,
  ].join('\n');
  return { to: m.to, subject: word('subject'), text, html };
}
