import PDFDocument from 'pdfkit';
import type { Lang } from '../../core/i18n.js';
import { formatRome } from '../../core/time.js';
import { MAX_LEVEL } from './digcomp.js';
import type { ResultView } from './service.js';

/**
 * The profile as a downloadable PDF (pdfkit, standard fonts): the level of each area with its
 * explanation and a bar, the personal path with full addresses, and the private link. The file is
 * tagged (headings, paragraphs) and carries its language and title for screen readers.
 */

const W = {
  it: {
    title: 'Il tuo profilo di competenze digitali',
    date: (d: string) => `Risultato del ${d}`,
    level: (n: number, label: string) => `Livello ${n} su ${MAX_LEVEL} · ${label}`,
    change: (c: number) =>
      c === 0 ? 'come la volta precedente' : c > 0 ? `+${c} rispetto alla volta precedente` : `${c} rispetto alla volta precedente`,
    path: 'Il tuo percorso',
    kinds: { guide: 'Guida', event: 'Incontro', desk: 'Sportello' },
    noPath: 'Per ora non ci sono guide, incontri o sportelli da suggerirti: riprova più avanti.',
    link: 'Il tuo link privato per rivedere il risultato e ripetere il test:',
    framework:
      'Livelli secondo DigComp 2.2, il quadro europeo delle competenze digitali: 1–2 base, 3–4 intermedio, 5–6 avanzato, 7–8 altamente specializzato.',
  },
  en: {
    title: 'Your digital competence profile',
    date: (d: string) => `Result of ${d}`,
    level: (n: number, label: string) => `Level ${n} of ${MAX_LEVEL} · ${label}`,
    change: (c: number) => (c === 0 ? 'same as last time' : c > 0 ? `+${c} since last time` : `${c} since last time`),
    path: 'Your path',
    kinds: { guide: 'Guide', event: 'Meeting', desk: 'Help desk' },
    noPath: 'There are no guides, meetings or desks to suggest yet: try again later.',
    link: 'Your private link to see the result again and retake the test:',
    framework:
      'Levels follow DigComp 2.2, the European digital competence framework: 1–2 foundation, 3–4 intermediate, 5–6 advanced, 7–8 highly specialised.',
  },
};

/** Renders the profile; `baseUrl` makes the links absolute. */
export function profilePdf(view: ResultView, baseUrl: string, lang: Lang = 'it'): Promise<Buffer> {
  const w = W[lang];
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    tagged: true,
    pdfVersion: '1.7',
    lang: lang === 'en' ? 'en-GB' : 'it-IT',
    displayTitle: true,
    info: { Title: w.title, Author: 'Ponte', Subject: 'DigComp 2.2' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const tag = (type: string, draw: () => void) => doc.addStructure(doc.struct(type, {}, draw));
  const width = doc.page.width - 100;

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
  tag('H2', () => doc.font('Helvetica-Bold').fontSize(14).fillColor('#1a1a1a').text(w.path));
  if (view.path.length === 0) tag('P', () => doc.font('Helvetica').fontSize(11).text(w.noPath));
  for (const step of view.path) {
    const url = step.page.startsWith('http') ? step.page : `${baseUrl}${step.page}`;
    tag('P', () => {
      doc.font('Helvetica-Bold').fontSize(11).fillColor('#1a1a1a').text(`${w.kinds[step.kind]}: ${step.title}`, { width });
      if (step.detail) doc.font('Helvetica').fontSize(10).fillColor('#333333').text(step.detail, { width });
      doc.font('Helvetica').fontSize(10).fillColor('#0050a0').text(url, { width, link: url, underline: true });
    });
    doc.moveDown(0.5);
  }

  doc.moveDown();
  const link = `${baseUrl}/competenze/risultato/${view.id}?token=${encodeURIComponent(view.token)}`;
  tag('P', () => {
    doc.font('Helvetica').fontSize(10).fillColor('#1a1a1a').text(w.link, { width });
    doc.fillColor('#0050a0').text(link, { width, link, underline: true });
  });
  doc.moveDown();
  tag('P', () => doc.font('Helvetica').fontSize(9).fillColor('#333333').text(w.framework, { width }));
  doc.end();
  return done;
}
