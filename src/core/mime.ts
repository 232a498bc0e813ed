import { randomBytes, randomUUID } from 'node:crypto';
import { addressOf } from './ics.js';
import type { Mail, MailAttachment } from './mail.js';

/**
 * The MIME message of a mail, written directly: the shape nodemailer gives it (multipart/mixed
 * around multipart/alternative, the text and the HTML in quoted-printable, inline images in a
 * multipart/related beside the HTML, attachments in base64), without its streams, which cost a
 * booking's confirmation e-mail more than rendering it. Only mail of the plain shape Ponte sends is
 * written here (composable): a sender, one bare recipient address, a text and an HTML part,
 * attachment names and types made of safe characters. Anything else is left to nodemailer, as before.
 */

/** A single address with nothing to quote or encode. */
const BARE_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;
/** A From of printable ASCII: "Name <address>" or an address. */
const PLAIN_FROM = /^[ -~]+$/;
/** Line breaks and other controls in a subject: nodemailer settles them its own way. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;
const SAFE_NAME = /^[A-Za-z0-9._-]+$/;
const SAFE_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(;[ -~]*)?$/;
const SAFE_CID = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~@-]+$/;

/** Whether writeMime writes this mail (else nodemailer composes it). */
export function composable(from: string, mail: Mail): boolean {
  if (
    !mail.text ||
    !mail.html ||
    !mail.subject ||
    mail.subject !== mail.subject.trim() ||
    CONTROL.test(mail.subject) ||
    !PLAIN_FROM.test(from) ||
    from.includes('"') ||
    !BARE_ADDRESS.test(addressOf(from)) ||
    !BARE_ADDRESS.test(mail.to)
  )
    return false;
  for (const a of mail.attachments ?? []) {
    if (!SAFE_NAME.test(a.filename) || (a.contentType !== undefined && !SAFE_TYPE.test(a.contentType))) return false;
    if (a.cid !== undefined && !SAFE_CID.test(a.cid)) return false;
  }
  return true;
}

/** The envelope's sender and recipient, for SMTP. */
export function envelopeOf(from: string, mail: Mail): { from: string; to: string[] } {
  return { from: addressOf(from), to: [mail.to] };
}

/**
 * The whole message, with `newline` between lines (CRLF for SMTP, LF for the files of the outbox,
 * as nodemailer wrote them).
 */
export function writeMime(from: string, mail: Mail, newline: '\r\n' | '\n' = '\r\n'): string {
  const tag = randomBytes(8).toString('hex');
  let parts = 0;
  const boundary = () => `--_Ponte-${tag}-Part_${++parts}`;
  const inline = (mail.attachments ?? []).filter((a) => a.cid !== undefined);
  const attached = (mail.attachments ?? []).filter((a) => a.cid === undefined);

  const textPart = leaf(
    [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Content-Transfer-Encoding', 'quoted-printable'],
    ],
    quotedPrintable(mail.text),
  );
  let body: Part = textPart;
  if (mail.html) {
    let html = leaf(
      [
        ['Content-Type', 'text/html; charset=utf-8'],
        ['Content-Transfer-Encoding', 'quoted-printable'],
      ],
      quotedPrintable(mail.html),
    );
    if (inline.length) html = multipart('related; type="text/html"', boundary(), [html, ...inline.map(attachmentPart)]);
    body = multipart('alternative', boundary(), [textPart, html]);
  }
  if (attached.length) body = multipart('mixed', boundary(), [body, ...attached.map(attachmentPart)]);

  const head: [string, string][] = [
    ['From', from],
    ['To', mail.to],
    ['Subject', encodedWords(mail.subject)],
    ['Message-ID', `<${randomUUID()}@${addressOf(from).split('@')[1]}>`],
    ['Date', new Date().toUTCString().replace('GMT', '+0000')],
    ['MIME-Version', '1.0'],
  ];
  const lines: string[] = [];
  writePart({ headers: [...head, ...body.headers], body: body.body, children: body.children, boundary: body.boundary }, lines);
  return lines.join(newline);
}

interface Part {
  headers: [string, string][];
  /** Lines of an encoded body (a leaf). */
  body?: string[];
  children?: Part[];
  boundary?: string;
}

function leaf(headers: [string, string][], body: string[]): Part {
  return { headers, body };
}

function multipart(subtype: string, boundary: string, children: Part[]): Part {
  return { headers: [['Content-Type', `multipart/${subtype};${newlineFold(` boundary="${boundary}"`)}`]], children, boundary };
}

/** The boundary parameter on a line of its own when the header would pass 78 characters, as nodemailer folds it. */
function newlineFold(param: string): string {
  return param.length > 40 ? `\n${param}` : param;
}

function attachmentPart(a: MailAttachment): Part {
  const type = a.contentType ?? 'application/octet-stream';
  const headers: [string, string][] = [['Content-Type', `${type}; name=${a.filename}`]];
  if (a.cid !== undefined) headers.push(['Content-ID', `<${a.cid}>`]);
  headers.push(
    ['Content-Transfer-Encoding', 'base64'],
    ['Content-Disposition', `${a.cid !== undefined ? 'inline' : 'attachment'}; filename=${a.filename}`],
  );
  // Bytes made when the message is composed are made before it is written (mail.ts, composeMessage).
  if (typeof a.content !== 'string') throw new Error(`the attachment ${a.filename} was not made before the message was written`);
  const base64 = a.encoding === 'base64' ? a.content.replace(/\s+/g, '') : Buffer.from(a.content, 'utf8').toString('base64');
  const body: string[] = [];
  for (let i = 0; i < base64.length; i += 76) body.push(base64.slice(i, i + 76));
  return leaf(headers, body);
}

function writePart(part: Part, out: string[]): void {
  for (const [name, value] of part.headers) out.push(...`${name}: ${value}`.split('\n'));
  out.push('');
  if (part.children && part.boundary) {
    for (const child of part.children) {
      out.push(`--${part.boundary}`);
      writePart(child, out);
    }
    out.push(`--${part.boundary}--`, '');
  } else {
    out.push(...(part.body ?? []));
  }
}

/**
 * A header value in RFC 2047 encoded words when it is not plain ASCII without spaces at its ends (UTF-8, base64, whole
 * characters in each word, words of at most 75 characters on lines of their own).
 */
export function encodedWords(value: string): string {
  if (/^([!-~]([ -~]*[!-~])?)?$/.test(value) && value.length <= 900 && !value.includes('=?')) return value;
  const words: string[] = [];
  let chunk = '';
  let size = 0;
  for (const ch of value) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > 45) {
      words.push(chunk);
      chunk = '';
      size = 0;
    }
    chunk += ch;
    size += n;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\n ');
}

const HEX = '0123456789ABCDEF';

/** Everything quoted-printable must encode: controls (tab aside), "=", and all beyond ASCII. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are what it encodes
const UNSAFE = /[\u0000-\u0008\u000a-\u001f=\u007f-\uffff]+/g;

/**
 * Quoted-printable (RFC 2045 §6.7) of UTF-8 text, as lines of at most 76 characters: line breaks
 * kept as hard breaks, longer lines ended by soft ones (=) that never split a character's octets,
 * space and tab encoded at a line's end.
 */
export function quotedPrintable(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let encoded = line.replace(UNSAFE, octetsOf);
    const last = encoded.charCodeAt(encoded.length - 1);
    if (last === 32 || last === 9) encoded = `${encoded.slice(0, -1)}=${last === 32 ? '20' : '09'}`;
    let at = 0;
    while (encoded.length - at > 75) {
      let end = at + 75;
      // Back to the start of an =XX, then of the character's first octet (continuation octets are =8X to =BX).
      if (encoded[end - 1] === '=') end -= 1;
      else if (encoded[end - 2] === '=') end -= 2;
      while (encoded[end] === '=' && '89AB'.includes(encoded[end + 1]) && end - 3 > at) end -= 3;
      out.push(`${encoded.slice(at, end)}=`);
      at = end;
    }
    out.push(encoded.slice(at));
  }
  return out;
}

/** =XX for each UTF-8 octet of a run of characters. */
function octetsOf(run: string): string {
  let t = '';
  for (const b of Buffer.from(run, 'utf8')) t += `=${HEX[b >> 4]}${HEX[b & 15]}`;
  return t;
}
