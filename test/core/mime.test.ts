import fc from 'fast-check';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { composeMessage, type MadeMail, type Mail } from '../../src/core/mail.js';
import { composable, writeMime } from '../../src/core/mime.js';
import { drawTicketPng, ticketPngMade } from '../../src/modules/events/booking/ticket.js';

/**
 * core/mime.ts writes the messages nodemailer used to compose: a mail parser must read the same
 * subject, text, HTML, addresses and attachments from both, whatever the text holds.
 */

const FROM = 'Ponte <noreply@ponte.localhost>';
const PIECES = [
  'Gentile Anna,',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\t',
  '=',
  '=?UTF-8?B?',
  'è',
  '€',
  '😀',
  '👩🏽‍💻',
  '"',
  '<p>',
  '.',
  '--',
  'x'.repeat(90),
  'parola ',
];
const text = (max: number, min = 0) => fc.array(fc.constantFrom(...PIECES), { minLength: min, maxLength: max }).map((p) => p.join(''));

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 300 }, (_, i) => (i * 37) & 255)]);

const mail: fc.Arbitrary<MadeMail> = fc
  .record({
    // One space between words: nodemailer's folding of a long subject drops a second one.
    subject: text(6).map((s) => `Prenotazione ${s.replace(/[\r\n\t]/g, '')}`.replace(/ {2,}/g, ' ').trim()),
    text: text(40, 1),
    html: text(40, 1),
    ics: fc.boolean(),
    qr: fc.boolean(),
  })
  .map(({ subject, text, html, ics, qr }) => {
    const attachments: NonNullable<MadeMail['attachments']> = [];
    if (ics)
      attachments.push({
        filename: 'evento.ics',
        content: 'BEGIN:VCALENDAR\r\nSUMMARY:Incontro è\r\nEND:VCALENDAR\r\n',
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      });
    if (qr)
      attachments.push({
        filename: 'biglietto.png',
        content: png.toString('base64'),
        encoding: 'base64',
        contentType: 'image/png',
        cid: 'biglietto@ponte',
      });
    return { to: 'anna.rossi@example.org', subject, text, html, ...(attachments.length ? { attachments } : {}) };
  });

async function byNodemailer(m: MadeMail): Promise<ParsedMail> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return simpleParser((await transport.sendMail({ from: FROM, ...m })).message as Buffer);
}

/** What a reader sees of a message. */
function seen(p: ParsedMail) {
  return {
    from: p.from?.text,
    to: Array.isArray(p.to) ? p.to.map((x) => x.text) : p.to?.text,
    subject: p.subject,
    text: p.text,
    html: p.html,
    attachments: p.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      disposition: a.contentDisposition,
      cid: a.cid,
      related: a.related,
      content: a.content.toString('base64'),
    })),
  };
}

describe('MIME messages (core/mime)', () => {
  it('are read as nodemailer composed them, for random texts', async () => {
    await fc.assert(
      fc.asyncProperty(mail, async (m) => {
        expect(composable(FROM, m)).toBe(true);
        const ours = await simpleParser(writeMime(FROM, m));
        expect(seen(ours)).toEqual(seen(await byNodemailer(m)));
        expect(ours.subject).toBe(m.subject);
        expect(ours.messageId).toMatch(/@ponte\.localhost>$/);
        expect(Math.abs((ours.date?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
        for (const line of writeMime(FROM, m).split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
      }),
      { numRuns: 150 },
    );
  });

  it('are the same when the QR ticket is drawn where the message is composed (the side thread)', async () => {
    await fc.assert(
      fc.asyncProperty(mail, fc.stringMatching(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/), async (m, code) => {
        const drawn = drawTicketPng(code).toString('base64');
        const ticket = { filename: 'biglietto.png', encoding: 'base64' as const, contentType: 'image/png', cid: 'biglietto@ponte' };
        const made: Mail = {
          ...m,
          attachments: [...(m.attachments ?? []).filter((a) => !a.cid), { ...ticket, content: ticketPngMade(code) }],
        };
        const given: MadeMail = { ...m, attachments: [...(m.attachments ?? []).filter((a) => !a.cid), { ...ticket, content: drawn }] };
        expect(composable(FROM, made)).toBe(true);
        const ours = await simpleParser(await composeMessage(FROM, made, '\r\n'));
        expect(seen(ours)).toEqual(seen(await byNodemailer(given)));
        expect(seen(ours).attachments.find((a) => a.cid === 'biglietto@ponte')?.content).toBe(drawn);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps quoted-printable lines within 76 characters and leaves unusual mail to nodemailer', () => {
    const m: Mail = { to: 'a@example.org', subject: 'Prova', text: `${'è'.repeat(100)} \n${'a'.repeat(200)}`, html: '<p>x</p>' };
    const body = writeMime(FROM, m).split('\r\n');
    for (const line of body) expect(line.length).toBeLessThanOrEqual(76);
    expect(composable(FROM, { ...m, to: 'Anna <a@example.org>' })).toBe(false);
    expect(composable(FROM, { ...m, html: undefined })).toBe(false);
    expect(composable('Pònte <noreply@ponte.localhost>', m)).toBe(false);
    expect(composable(FROM, { ...m, attachments: [{ filename: 'relazione finale.pdf', content: '' }] })).toBe(false);
  });
});
