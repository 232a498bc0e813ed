import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { ticketPng, ticketSegments, ticketText } from '../../src/modules/events/booking/ticket.js';

/** Reads a one-bit greyscale PNG (the ticket's format): its side and whether a pixel is black. */
function readPng(png: Buffer): { width: number; height: number; black(x: number, y: number): boolean } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8)]).toEqual([1, 0, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = Math.ceil(width / 8) + 1;
  expect(raw.length).toBe(stride * height);
  return { width, height, black: (x, y) => (raw[y * stride + 1 + (x >> 3)] & (0x80 >> (x & 7))) === 0 };
}

/** The confirmation e-mail's QR ticket, written by our own PNG writer: 240 pixels, every module where qrcode puts it. */
describe('the QR ticket as a PNG', () => {
  it.each(['ABCD-EFGH', 'Z9Y8-X7W6', 'UN-CODICE-MOLTO-PIU-LUNGO-DEL-SOLITO-1234567890'])('draws %s', async (code) => {
    const image = readPng(await ticketPng(code));
    expect([image.width, image.height]).toEqual([240, 240]);
    const { size, data } = QRCode.create(ticketText(code), { errorCorrectionLevel: 'M' }).modules;
    const scale = 240 / (size + 4);
    const at = (m: number) => Math.floor((m + 2 + 0.5) * scale);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) expect(image.black(at(c), at(r))).toBe(!!data[r * size + c]);
    }
    // The quiet zone is white.
    expect(image.black(1, 1) || image.black(238, 120) || image.black(120, 238)).toBe(false);
  });
});

/** The segment the ticket gives the encoder is the one the library's own search finds: the same modules, the same mask. */
describe("the QR ticket's segments", () => {
  const same = (text: string) => {
    const searched = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const given = QRCode.create(ticketSegments(text), { errorCorrectionLevel: 'M' });
    expect([given.version, given.maskPattern]).toEqual([searched.version, searched.maskPattern]);
    expect(Buffer.from(given.modules.data)).toEqual(Buffer.from(searched.modules.data));
  };
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const group = fc.array(fc.constantFrom(...crockford), { minLength: 5, maxLength: 5 }).map((cs) => cs.join(''));

  it('gives every ticket code one alphanumeric segment, with the same symbol as the search', () => {
    fc.assert(
      fc.property(group, group, (a, b) => {
        const text = ticketText(`${a}-${b}`);
        expect(ticketSegments(text)).toEqual([{ data: text, mode: 'alphanumeric' }]);
        same(text);
      }),
      { numRuns: 300 },
    );
  });

  it('draws any other text as the search does (digits, lower case, long runs of digits)', () => {
    const alphabet = fc.constantFrom(...'0123456789ABCXYZ -.:/+$%*'.split(''), 'a', 'é', '1', '2', '3');
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 60 }), (cs) => same(cs.join(''))),
      { numRuns: 1000 },
    );
    for (const text of ['PONTE 123456-7890123', '12345', 'A12345', '12345A', 'A12345B67890C']) same(text);
  });
});
