import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * A page that is the same for every visitor but for a few short holes (a CSRF token, the address in
 * a link), gzipped by compressing the fixed text once and only the holes per visitor.
 *
 * Deflate allows it: each fixed piece is compressed on its own and ended with a full flush, which
 * closes its blocks on a byte boundary and refers to nothing before it, so pieces compressed apart
 * can follow one another in one stream. A hole goes in as a stored (uncompressed) block, and the
 * stream ends with an empty final block and gzip's trailer (the CRC-32 and length of the whole
 * text, RFC 1952). The decompressed bytes are exactly the page's.
 */
export class SplicedGzip {
  private compressed?: { texts: Buffer[]; deflated: Buffer[] };

  /** `texts` are the fixed pieces, one more than the holes. */
  constructor(private readonly texts: string[]) {}

  /** The gzip stream of the texts with `fills` in the holes between them, or null without crc32 (Node before 20.15). */
  with(fills: string[]): Buffer | null {
    if (typeof crc32 !== 'function') return null;
    this.compressed ??= {
      texts: this.texts.map((text) => Buffer.from(text)),
      deflated: this.texts.map((text) => deflateRawSync(text, { level: 9, finishFlush: constants.Z_FULL_FLUSH })),
    };
    const { texts, deflated } = this.compressed;
    const filled = fills.slice(0, texts.length - 1).map((fill) => Buffer.from(fill));
    let size = HEADER.length + TRAILER_LENGTH;
    for (const piece of deflated) size += piece.length;
    for (const fill of filled) size += fill.length + STORED_HEAD * Math.ceil(fill.length / STORED_MAX);
    // One buffer written in order: a page is sent once per visitor, so nothing is concatenated twice.
    const out = Buffer.allocUnsafe(size);
    let at = HEADER.copy(out, 0);
    let crc = 0;
    let length = 0;
    for (let i = 0; i < texts.length; i++) {
      at += deflated[i].copy(out, at);
      crc = crc32(texts[i], crc);
      length += texts[i].length;
      const fill = filled[i];
      if (!fill) continue;
      at = writeStored(out, at, fill);
      crc = crc32(fill, crc);
      length += fill.length;
    }
    // The empty final block (fixed Huffman codes, end of block at once), then CRC-32 and length.
    out[at++] = 0x03;
    out[at++] = 0x00;
    out.writeUInt32LE(crc >>> 0, at);
    out.writeUInt32LE(length >>> 0, at + 4);
    return out;
  }
}

/** gzip's header: deflate, no name or comment, no time, made on Unix (as zlib writes it). */
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]);

const TRAILER_LENGTH = 10;
const STORED_HEAD = 5;
const STORED_MAX = 0xffff;

/** Writes bytes as stored blocks of at most 65,535 each (the stream is on a byte boundary before each); returns where it ended. */
function writeStored(out: Buffer, from: number, bytes: Buffer): number {
  let at = from;
  for (let start = 0; start < bytes.length; start += STORED_MAX) {
    const chunk = bytes.subarray(start, start + STORED_MAX);
    out[at] = 0x00;
    out.writeUInt16LE(chunk.length, at + 1);
    out.writeUInt16LE(~chunk.length & 0xffff, at + 3);
    at += STORED_HEAD + chunk.copy(out, at + STORED_HEAD);
  }
  return at;
}
