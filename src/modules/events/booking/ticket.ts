import { deflateSync } from 'node:zlib';
import type QRCodeLib from 'qrcode';
import { lazyRequire } from '../../../core/lazy.js';
import type { MadeContent } from '../../../core/mail.js';
import { sideThread } from '../../../ops/side-thread.js';

// The QR encoder (and its PNG writer) loads with the first code drawn, not at start.
const qrcode = lazyRequire<typeof QRCodeLib>('qrcode');

/**
 * The QR ticket: the registration's short code, readable by any QR scanner at the door and easy
 * to read out loud when a phone has no signal.
 */
export function ticketText(ticketCode: string): string {
  return `PONTE ${ticketCode}`;
}

/** Characters of the QR alphanumeric mode. */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]+$/;

/**
 * What the encoder is given: a text of alphanumeric characters, not all digits, with no run of
 * more than five digits (every ticket: "PONTE " and two groups of five letters and digits) as one alphanumeric
 * segment, which is what the library's search for the shortest segmentation settles on for such
 * a text (a numeric segment inside it saves 2.2 bits a digit and costs at least 13 bits of
 * header), without running the search, a sixth of the ticket's processor time. Any other text
 * goes to the search as before.
 */
export function ticketSegments(text: string): string | { data: string; mode: 'alphanumeric' }[] {
  return ALPHANUMERIC.test(text) && /\D/.test(text) && !/\d{6}/.test(text) ? [{ data: text, mode: 'alphanumeric' }] : text;
}

/** The image's side in pixels and its quiet zone in modules, as the data URL and the SVG. */
const WIDTH = 240;
const MARGIN = 2;

/**
 * The ticket as a PNG for the confirmation e-mail: the pixels qrcode's own PNG writer draws (same
 * size, scale and quiet zone), written as a one-bit greyscale image in one deflate call. The
 * library's writer packs RGBA and tries five row filters on each row in JavaScript: about 9 ms a
 * ticket, most of a confirmation e-mail's processor time when bookings come in by the thousand.
 */
export async function ticketPng(ticketCode: string): Promise<Buffer> {
  // Drawn in the side thread: a backlog of confirmations leaves the main thread to the requests.
  const png = await sideThread().call<Uint8Array>(import.meta.url, 'drawTicketPng', [ticketCode]);
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}

/**
 * The ticket as an e-mail attachment's content made where the message is composed (core/mail.ts):
 * drawn in the side thread beside the message, instead of drawn there, copied back and copied again.
 */
export function ticketPngMade(ticketCode: string): MadeContent {
  return { moduleUrl: import.meta.url, name: 'drawTicketPng', args: [ticketCode] };
}

/** ticketPng's drawing, where it runs. */
export function drawTicketPng(ticketCode: string): Buffer {
  const { size, data } = qrcode().create(ticketSegments(ticketText(ticketCode)), { errorCorrectionLevel: 'M' }).modules;
  const scale = WIDTH >= size + MARGIN * 2 ? WIDTH / (size + MARGIN * 2) : 4;
  const side = Math.floor((size + MARGIN * 2) * scale);
  const margin = MARGIN * scale;
  const stride = Math.ceil(side / 8) + 1;
  // Each row: filter type 0, then one bit a pixel, 1 white and 0 black. The rows of one row of
  // modules are the same bytes: drawn once, copied. Compressed at deflate's fastest level: half
  // the time of the default for a hundred bytes more in a file of about five hundred.
  const raw = Buffer.alloc(stride * side, 0xff);
  let drawn = -1;
  for (let i = 0; i < side; i++) {
    raw[i * stride] = 0;
    if (i < margin || i >= side - margin) continue;
    const row = Math.floor((i - margin) / scale);
    if (row === drawn) {
      raw.copy(raw, i * stride, (i - 1) * stride, i * stride);
      continue;
    }
    drawn = row;
    for (let j = 0; j < side; j++) {
      if (j < margin || j >= side - margin || !data[row * size + Math.floor((j - margin) / scale)]) continue;
      raw[i * stride + 1 + (j >> 3)] &= ~(0x80 >> (j & 7));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter method variant, no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC of type and data. */
function chunk(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/** For pages: a data: URL of the same image (the CSP allows data: images). */
export async function ticketDataUrl(ticketCode: string): Promise<string> {
  return qrcode().toDataURL(ticketText(ticketCode), { width: 240, margin: 2, errorCorrectionLevel: 'M' });
}

/** An SVG of the same code, for printing. */
export async function ticketSvg(ticketCode: string): Promise<string> {
  return qrcode().toString(ticketText(ticketCode), { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}
