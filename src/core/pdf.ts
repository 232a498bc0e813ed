import type PDFKit from 'pdfkit';
import { lazyRequire } from './lazy.js';

// pdfkit and its font machinery (about 30 MiB resident) load with the first document printed.
const pdfDocument = lazyRequire<typeof PDFKit>('pdfkit');

/**
 * A tagged A4 PDF (pdfkit, standard fonts) that carries its language and title for screen readers:
 * the document to draw on, `tag` to draw a structure element (H1, P…), the width between the
 * margins, and `done`, the whole file once `doc.end()` is called.
 *
 *   const { doc, tag, width, done } = taggedPdf({ lang: 'it-IT', info: { Title: title, Author: 'Ponte' } });
 *   tag('H1', () => doc.fontSize(20).text(title, { width }));
 *   doc.end();
 *   return done;
 */
export function taggedPdf(options: { lang: string; info: PDFKit.DocumentInfo }) {
  const PDFDocument = pdfDocument();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    tagged: true,
    pdfVersion: '1.7',
    lang: options.lang,
    displayTitle: true,
    info: options.info,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const tag = (type: string, draw: () => void) => doc.addStructure(doc.struct(type, {}, draw));
  return { doc, tag, width: doc.page.width - 100, done };
}
