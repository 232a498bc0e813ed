import { type Lang, t } from '../../core/i18n.js';
import { taggedPdf } from '../../core/pdf.js';
import { formatRome } from '../../core/time.js';
import { MAX_LEVEL } from './digcomp.js';
import type { ResultView } from './service.js';

/**
 * The profile as a downloadable PDF (pdfkit, standard fonts): the level of each area with its
 * explanation and a bar, the personal path with full addresses, and the private link. The file is
 * tagged (headings, paragraphs) and carries its language and title for screen readers.
 */

/** The profile's words, from messages.ts in the language asked for. */
function words(lang: Lang) {
  const w = (key: string, vars?: Record<string, string | number>) => t(lang, key, vars);
  return {
    title: w('skills.result.title'),
    date: (date: string) => w('skills.profile.date', { date }),
    level: (n: number, label: string) => w('skills.profile.level', { n, max: MAX_LEVEL, label }),
    change: (n: number) =>
      w(n === 0 ? 'skills.profile.change.same' : n > 0 ? 'skills.profile.change.up' : 'skills.profile.change.down', { n }),
    kind: (kind: string) => w(`skills.kind.${kind}`),
  };
}

/** Renders the profile; `baseUrl` makes the links absolute. */
export function profilePdf(view: ResultView, baseUrl: string, lang: Lang = 'it'): Promise<Buffer> {
  const w = words(lang);
  const { doc, tag, width, done } = taggedPdf({
    lang: t(lang, 'skills.profile.locale'),
    info: { Title: w.title, Author: 'Ponte', Subject: 'DigComp 2.2' },
  });

  tag('H1', () => doc.font('Helvetica-Bold').fontSize(20).fillColor('#1a1a1a').text(w.title));
  tag('P', () =>
    doc
      .font('Helvetica')
      .fontSize(11)
      .fillColor('#333333')
      .text(w.date(formatRome(view.createdAt, lang, 'd LLLL yyyy'))),
  );
  doc.moveDown();

  for (const a of view.areas) {
    if (doc.y > doc.page.height - 160) doc.addPage();
    tag('H2', () => doc.font('Helvetica-Bold').fontSize(13).fillColor('#1a1a1a').text(`${a.area}. ${a.name}`));
    const change = a.change !== undefined ? ` (${w.change(a.change)})` : '';
    tag('P', () =>
      doc
        .font('Helvetica')
        .fontSize(11)
        .text(`${w.level(a.level, a.label)}${change}`),
    );
    const y = doc.y + 3;
    // The bar is decoration: the line above says the same in words.
    doc.markContent('Artifact');
    doc.rect(50, y, width, 10).fillColor('#e6e9f2').fill();
    doc
      .rect(50, y, (width * a.level) / MAX_LEVEL, 10)
      .fillColor('#0066cc')
      .fill();
    doc.endMarkedContent();
    doc.y = y + 16;
    tag('P', () => doc.font('Helvetica').fontSize(10.5).fillColor('#333333').text(a.explanation, { width }));
    doc.moveDown(0.8);
  }

  if (doc.y > doc.page.height - 200) doc.addPage();
  tag('H2', () => doc.font('Helvetica-Bold').fontSize(14).fillColor('#1a1a1a').text(t(lang, 'skills.result.path')));
  if (view.path.length === 0) tag('P', () => doc.font('Helvetica').fontSize(11).text(t(lang, 'skills.result.path.none')));
  for (const step of view.path) {
    const url = step.page.startsWith('http') ? step.page : `${baseUrl}${step.page}`;
    tag('P', () => {
      doc
        .font('Helvetica-Bold')
        .fontSize(11)
        .fillColor('#1a1a1a')
        .text(`${w.kind(step.kind)}: ${step.title}`, { width });
      if (step.detail) doc.font('Helvetica').fontSize(10).fillColor('#333333').text(step.detail, { width });
      doc.font('Helvetica').fontSize(10).fillColor('#0050a0').text(url, { width, link: url, underline: true });
    });
    doc.moveDown(0.5);
  }

  doc.moveDown();
  const link = `${baseUrl}/competenze/risultato/${view.id}?token=${encodeURIComponent(view.token)}`;
  tag('P', () => {
    doc.font('Helvetica').fontSize(10).fillColor('#1a1a1a').text(t(lang, 'skills.profile.link'), { width });
    doc.fillColor('#0050a0').text(link, { width, link, underline: true });
  });
  doc.moveDown();
  tag('P', () => doc.font('Helvetica').fontSize(9).fillColor('#333333').text(t(lang, 'skills.profile.framework'), { width }));
  doc.end();
  return done;
}
