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
    const parts: Buffer[] = [HEADER];
    let crc = 0;
    let length = 0;
    for (let i = 0; i < texts.length; i++) {
      parts.push(deflated[i]);
      crc = crc32(texts[i], crc);
      length += texts[i].length;
      if (i === fills.length) break;
      const fill = Buffer.from(fills[i]);
      parts.push(...storedBlocks(fill));
      crc = crc32(fill, crc);
      length += fill.length;
    }
    const trailer = Buffer.alloc(10);
    // The empty final block (fixed Huffman codes, end of block at once), then CRC-32 and length.
    trailer[0] = 0x03;
    trailer[1] = 0x00;
    trailer.writeUInt32LE(crc >>> 0, 2);
    trailer.writeUInt32LE(length >>> 0, 6);
    parts.push(trailer);
    return Buffer.concat(parts);
  }
}

/** gzip's header: deflate, no name or comment, no time, made on Unix (as zlib writes it). */
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]);

/** Bytes as stored blocks, at most 65,535 each; the stream is on a byte boundary before each. */
function storedBlocks(bytes: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 0xffff) {
    const chunk = bytes.subarray(at, at + 0xffff);
    const head = Buffer.alloc(5);
    head[0] = 0x00;
    head.writeUInt16LE(chunk.length, 1);
    head.writeUInt16LE(~chunk.length & 0xffff, 3);
    blocks.push(head, chunk);
  }
  return blocks;
}
