import type { Deps } from '../../core/deps.js';
import type { Lang } from '../../core/i18n.js';
import type { Mail } from '../../core/mail.js';
import { MAX_LEVEL } from './digcomp.js';
import { profilePdf } from './pdf.js';
import type { ResultView } from './service.js';

/**
 * The profile sent by e-mail on request: the levels in words, the personal path with its links,
 * the private link, and the PDF attached. Queued through the job table (MAIL_JOB) by the service.
 */

const W = {
  it: {
    subject: 'Il tuo profilo di competenze digitali',
    hello: 'Buongiorno,',
    intro: 'ecco il risultato del test sulle competenze digitali che hai fatto su Ponte.',
    level: (n: number, label: string) => `livello ${n} su ${MAX_LEVEL} (${label})`,
    path: 'Il tuo percorso: da dove cominciare',
    noPath: 'Per ora non ci sono guide, incontri o sportelli da suggerirti.',
    link: 'Con questo link privato puoi rivedere il risultato e ripetere il test per vedere i tuoi progressi (non condividerlo):',
    pdf: 'In allegato trovi il profilo in PDF.',
    why: 'Hai ricevuto questo messaggio perché hai chiesto di inviare il profilo a questo indirizzo. Non conserviamo il tuo indirizzo.',
    bye: 'Buon percorso!',
    file: 'profilo-competenze-digitali.pdf',
  },
  en: {
    subject: 'Your digital competence profile',
    hello: 'Hello,',
    intro: 'here is the result of the digital skills test you took on Ponte.',
    level: (n: number, label: string) => `level ${n} of ${MAX_LEVEL} (${label})`,
    path: 'Your path: where to start',
    noPath: 'There are no guides, meetings or desks to suggest yet.',
    link: 'With this private link you can see the result again and retake the test to see your progress (do not share it):',
    pdf: 'The profile is attached as a PDF.',
    why: 'You received this message because you asked for the profile to be sent to this address. We do not keep your address.',
    bye: 'Enjoy the journey!',
    file: 'digital-competence-profile.pdf',
  },
};

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export async function profileMail(deps: Pick<Deps, 'config'>, view: ResultView, to: string, lang: Lang): Promise<Mail> {
  const w = W[lang];
  const base = deps.config.baseUrl;
  const abs = (page: string) => (page.startsWith('http') ? page : `${base}${page}`);
  const link = `${base}/competenze/risultato/${view.id}?token=${encodeURIComponent(view.token)}`;
  const pdf = await profilePdf(view, base, lang);

  const text = [
    w.hello,
    w.intro,
    '',
    ...view.areas.map((a) => `${a.area}. ${a.name}: ${w.level(a.level, a.label)}\n   ${a.explanation}`),
    '',
    `${w.path}:`,
    ...(view.path.length ? view.path.map((p) => `- ${p.title}${p.detail ? ` (${p.detail})` : ''}: ${abs(p.page)}`) : [w.noPath]),
    '',
    w.link,
    link,
    '',
    w.pdf,
    w.bye,
    '',
    w.why,
  ].join('\n');

  const html = `<!doctype html><html lang="${lang}"><body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">
<p>${esc(w.hello)}<br>${esc(w.intro)}</p>
<table style="border-collapse:collapse" role="presentation">${view.areas
    .map(
      (a) =>
        `<tr><td style="padding:6px 12px 6px 0;vertical-align:top"><strong>${a.area}. ${esc(a.name)}</strong><br>${esc(a.explanation)}</td><td style="padding:6px 0;vertical-align:top;white-space:nowrap">${esc(w.level(a.level, a.label))}</td></tr>`,
    )
    .join('')}</table>
<h2 style="font-size:18px">${esc(w.path)}</h2>
${
  view.path.length
    ? `<ul>${view.path.map((p) => `<li><a href="${esc(abs(p.page))}">${esc(p.title)}</a>${p.detail ? ` – ${esc(p.detail)}` : ''}</li>`).join('')}</ul>`
    : `<p>${esc(w.noPath)}</p>`
}
<p>${esc(w.link)}<br><a href="${esc(link)}">${esc(link)}</a></p>
<p>${esc(w.pdf)} ${esc(w.bye)}</p>
<p style="font-size:13px;color:#555">${esc(w.why)}</p>
</body></html>`;

  return {
    to,
    subject: w.subject,
    text,
    html,
    attachments: [{ filename: w.file, content: pdf.toString('base64'), encoding: 'base64', contentType: 'application/pdf' }],
  };
}
