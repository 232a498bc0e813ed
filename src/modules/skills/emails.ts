import type { Deps } from '../../core/deps.js';
import { type Lang, t } from '../../core/i18n.js';
import type { Mail } from '../../core/mail.js';
import { MAX_LEVEL } from './digcomp.js';
import { profilePdf } from './pdf.js';
import type { ResultView } from './service.js';

/**
 * The profile sent by e-mail on request: the levels in words, the personal path with its links,
 * the private link, and the PDF attached. Queued through the job table (MAIL_JOB) by the service.
 */

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export async function profileMail(deps: Pick<Deps, 'config'>, view: ResultView, to: string, lang: Lang): Promise<Mail> {
  const w = (key: string) => t(lang, key);
  const level = (n: number, label: string) => t(lang, 'skills.mail.level', { n, max: MAX_LEVEL, label });
  const noPath = t(lang, 'skills.result.path.none');
  const base = deps.config.baseUrl;
  const abs = (page: string) => (page.startsWith('http') ? page : `${base}${page}`);
  const link = `${base}/competenze/risultato/${view.id}?token=${encodeURIComponent(view.token)}`;
  const pdf = await profilePdf(view, base, lang);

  const text = [
    w('skills.mail.hello'),
    w('skills.mail.intro'),
    '',
    ...view.areas.map((a) => `${a.area}. ${a.name}: ${level(a.level, a.label)}\n   ${a.explanation}`),
    '',
    `${w('skills.mail.path')}:`,
    ...(view.path.length ? view.path.map((p) => `- ${p.title}${p.detail ? ` (${p.detail})` : ''}: ${abs(p.page)}`) : [noPath]),
    '',
    w('skills.mail.link'),
    link,
    '',
    w('skills.mail.pdf'),
    w('skills.mail.bye'),
    '',
    w('skills.mail.why'),
  ].join('\n');

  const html = `<!doctype html><html lang="${lang}"><body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">
<p>${esc(w('skills.mail.hello'))}<br>${esc(w('skills.mail.intro'))}</p>
<table style="border-collapse:collapse" role="presentation">${view.areas
    .map(
      (a) =>
        `<tr><td style="padding:6px 12px 6px 0;vertical-align:top"><strong>${a.area}. ${esc(a.name)}</strong><br>${esc(a.explanation)}</td><td style="padding:6px 0;vertical-align:top;white-space:nowrap">${esc(level(a.level, a.label))}</td></tr>`,
    )
    .join('')}</table>
<h2 style="font-size:18px">${esc(w('skills.mail.path'))}</h2>
${
  view.path.length
    ? `<ul>${view.path.map((p) => `<li><a href="${esc(abs(p.page))}">${esc(p.title)}</a>${p.detail ? ` – ${esc(p.detail)}` : ''}</li>`).join('')}</ul>`
    : `<p>${esc(noPath)}</p>`
}
<p>${esc(w('skills.mail.link'))}<br><a href="${esc(link)}">${esc(link)}</a></p>
<p>${esc(w('skills.mail.pdf'))} ${esc(w('skills.mail.bye'))}</p>
<p style="font-size:13px;color:#555">${esc(w('skills.mail.why'))}</p>
</body></html>`;

  return {
    to,
    subject: w('skills.result.title'),
    text,
    html,
    attachments: [{ filename: w('skills.mail.file'), content: pdf.toString('base64'), encoding: 'base64', contentType: 'application/pdf' }],
  };
}
