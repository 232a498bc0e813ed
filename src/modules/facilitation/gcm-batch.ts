import { type Cipher, createCipheriv } from 'node:crypto';

/**
 * AES-256-GCM decryption of many short ciphertexts under one key at once, for the national export,
 * which opens the names of every citizen of a programme (a hundred thousand and more). Node's
 * `createDecipheriv` costs about 5 µs a ciphertext whatever its length, nearly all of it in making
 * and freeing the cipher, and the freed ciphers' native memory waits for a collection: decrypting
 * a programme's citizens in a row that way was most of the export's processor time beyond the
 * plain CSV's, and tens of MB of its peak memory.
 *
 * GCM is counter mode plus a checksum (GHASH) of the ciphertext: here the counter blocks of a whole
 * batch are encrypted with one AES-ECB cipher in one call (AES itself stays OpenSSL's), and GHASH
 * is computed with tables of products by H, the hash key (16 tables of 256 products, one per byte
 * of the block: 64 KiB per key). Every tag is checked, in constant time over its 16 bytes, before
 * any plaintext is returned: a ciphertext changed in any bit, or made under another key, throws as
 * Node's decipher throws. The result is the same as `KeyRing.decrypt`'s, ciphertext by ciphertext
 * (tested on random lengths and on the benchmark's citizens). For 96-bit IVs and no additional
 * data, the only form Ponte writes (`v1:<key id>:base64url(iv 12 bytes, tag 16, body)`).
 *
 * Why this and not Node's decipher per record (weighed again against `createDecipheriv` +
 * `setAuthTag` + `final()` per name, in alternating runs of the national export of the benchmark's
 * 400,000 records and 146,889 citizens): Node's own costs 0.85–1.1 processor-seconds more per
 * export, 13–16 % of its processor time, on both dialects (about 6–7 µs a name against 1.2–2 µs
 * here), which would take the export further below its target of 100,000 rows/s on PostgreSQL
 * (already under it) and to the edge of it on SQLite. The usual objection to table-driven GHASH,
 * that lookups indexed by key-dependent values leak the key through cache timing, needs an attacker
 * who can time or share the processor with many decryptions they choose; here it runs only in the
 * offline export, in the operator's own process, over ciphertexts Ponte wrote, with no one to time
 * it, and AES itself stays OpenSSL's (constant-time). Every tag is verified before any plaintext is
 * returned, and the tests compare it with Node's decipher on every length and on tampered bytes
 * (test/facilitation/gcm-batch.test.ts). Everything else (a record's page, the API, the key's
 * rotation) decrypts with Node's.
 */

const IV = 12;
const TAG = 16;

/** The 32-bit word `v` into bytes `at` to `at + 3` of `out`, high byte first. */
function putWord(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = v >>> 16;
  out[at + 2] = v >>> 8;
  out[at + 3] = v;
}

export class GcmBatch {
  private readonly ecb: Cipher;
  /** tables[(j * 256 + b) * 4 + w]: word w of (byte b at position j of a block) · H. */
  private readonly tables = new Uint32Array(16 * 256 * 4);

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('AES-256 takes a 32-byte key');
    this.ecb = createCipheriv('aes-256-ecb', key, null);
    this.ecb.setAutoPadding(false);
    this.fillTables(this.encryptBlocks(Buffer.alloc(16)));
  }

  /** AES of whole blocks (ECB, no padding): all of them come back from one update. */
  private encryptBlocks(blocks: Buffer): Buffer {
    const out = this.ecb.update(blocks);
    if (out.length !== blocks.length) throw new Error('the block cipher held back data');
    return out;
  }

  /**
   * GHASH's product X · H is linear in X: the XOR, over the bits set in X, of H · x^i (SP 800-38D,
   * algorithm 1: bit 0 is the high bit of the first byte, each step a right shift reduced by
   * R = 0xE1 || 0^120). Tabled per byte position and value.
   */
  private fillTables(h: Buffer): void {
    const basis = new Uint32Array(128 * 4);
    let v0 = h.readUInt32BE(0);
    let v1 = h.readUInt32BE(4);
    let v2 = h.readUInt32BE(8);
    let v3 = h.readUInt32BE(12);
    for (let i = 0; i < 128; i++) {
      basis[i * 4] = v0;
      basis[i * 4 + 1] = v1;
      basis[i * 4 + 2] = v2;
      basis[i * 4 + 3] = v3;
      const low = v3 & 1;
      v3 = (v3 >>> 1) | ((v2 & 1) << 31);
      v2 = (v2 >>> 1) | ((v1 & 1) << 31);
      v1 = (v1 >>> 1) | ((v0 & 1) << 31);
      v0 >>>= 1;
      if (low) v0 = (v0 ^ 0xe1000000) >>> 0;
    }
    const t = this.tables;
    for (let j = 0; j < 16; j++) {
      for (let b = 0; b < 256; b++) {
        const at = (j * 256 + b) * 4;
        for (let m = 0; m < 8; m++) {
          if (!(b & (0x80 >> m))) continue;
          const k = (j * 8 + m) * 4;
          t[at] ^= basis[k];
          t[at + 1] ^= basis[k + 1];
          t[at + 2] ^= basis[k + 2];
          t[at + 3] ^= basis[k + 3];
        }
      }
    }
  }

  /**
   * GHASH of bytes `from` to `to` of `c` (the ciphertext, no additional data): its 16 bytes written
   * into `out` at `at`. The running value is kept as four 32-bit words, each block read into them a
   * word at a time and multiplied by H a byte at a time from the tables.
   */
  private ghash(c: Uint8Array, from: number, to: number, out: Uint8Array, at: number): void {
    const t = this.tables;
    let x0 = 0;
    let x1 = 0;
    let x2 = 0;
    let x3 = 0;
    const length = to - from;
    const blocks = Math.ceil(length / 16);
    for (let n = 0; n <= blocks; n++) {
      if (n < blocks) {
        const p = from + n * 16;
        if (p + 16 <= to) {
          x0 ^= (c[p] << 24) | (c[p + 1] << 16) | (c[p + 2] << 8) | c[p + 3];
          x1 ^= (c[p + 4] << 24) | (c[p + 5] << 16) | (c[p + 6] << 8) | c[p + 7];
          x2 ^= (c[p + 8] << 24) | (c[p + 9] << 16) | (c[p + 10] << 8) | c[p + 11];
          x3 ^= (c[p + 12] << 24) | (c[p + 13] << 16) | (c[p + 14] << 8) | c[p + 15];
        } else {
          // The last, partial block, padded with zeros.
          for (let i = 0; p + i < to; i++) {
            const v = c[p + i] << (24 - 8 * (i & 3));
            if (i < 4) x0 ^= v;
            else if (i < 8) x1 ^= v;
            else if (i < 12) x2 ^= v;
            else x3 ^= v;
          }
        }
      } else {
        // The lengths block: 64 bits of additional data (none), 64 bits of ciphertext, in bits.
        const bits = length * 8;
        x2 ^= Math.floor(bits / 2 ** 32);
        x3 ^= bits;
      }
      let z0 = 0;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      for (let w = 0; w < 4; w++) {
        const v = w === 0 ? x0 : w === 1 ? x1 : w === 2 ? x2 : x3;
        for (let i = 0; i < 4; i++) {
          const k = ((w * 4 + i) * 256 + ((v >>> (24 - 8 * i)) & 0xff)) * 4;
          z0 ^= t[k];
          z1 ^= t[k + 1];
          z2 ^= t[k + 2];
          z3 ^= t[k + 3];
        }
      }
      x0 = z0;
      x1 = z1;
      x2 = z2;
      x3 = z3;
    }
    putWord(out, at, x0);
    putWord(out, at + 4, x1);
    putWord(out, at + 8, x2);
    putWord(out, at + 12, x3);
  }

  /**
   * The plaintexts of the ciphertexts (each iv, tag, body) at `starts[i]` to `ends[i]` of `data`,
   * in order, as UTF-8: one buffer for a page of them rather than a buffer each, which cost more
   * to make and collect than their decryption. Throws when any tag does not match, and then
   * returns nothing. The plaintexts are written into one buffer and read out of it as text.
   */
  decrypt(data: Uint8Array, starts: readonly number[], ends: readonly number[]): string[] {
    const count = starts.length;
    let blocks = 0;
    let bytes = 0;
    for (let r = 0; r < count; r++) {
      const length = ends[r] - starts[r];
      if (length < IV + TAG) throw new Error('not a Ponte ciphertext');
      blocks += 1 + Math.ceil((length - IV - TAG) / 16);
      bytes += length - IV - TAG;
    }
    // Per ciphertext: J0 = IV || 1 (it masks the tag), then IV || 2, 3, … (the keystream).
    const counters = Buffer.alloc(blocks * 16);
    let at = 0;
    for (let r = 0; r < count; r++) {
      const from = starts[r];
      const n = Math.ceil((ends[r] - from - IV - TAG) / 16);
      for (let k = 0; k <= n; k++, at += 16) {
        for (let i = 0; i < IV; i++) counters[at + i] = data[from + i];
        putWord(counters, at + 12, k + 1);
      }
    }
    const stream = this.encryptBlocks(counters);
    const sums = new Uint8Array(16 * count);
    const plain = Buffer.allocUnsafe(bytes);
    const plainEnds = new Array<number>(count);
    let diff = 0;
    let end = 0;
    at = 0;
    for (let r = 0; r < count; r++) {
      const from = starts[r];
      const body = from + IV + TAG;
      const length = ends[r] - body;
      this.ghash(data, body, ends[r], sums, r * 16);
      for (let i = 0; i < TAG; i++) diff |= sums[r * 16 + i] ^ stream[at + i] ^ data[from + IV + i];
      for (let i = 0; i < length; i++) plain[end + i] = data[body + i] ^ stream[at + 16 + i];
      end += length;
      plainEnds[r] = end;
      at += 16 * (1 + Math.ceil(length / 16));
    }
    if (diff !== 0) throw new Error('Unsupported state or unable to authenticate data');
    const out = new Array<string>(count);
    for (let r = 0, start = 0; r < count; start = plainEnds[r], r++) out[r] = plain.toString('utf8', start, plainEnds[r]);
    return out;
  }
}
