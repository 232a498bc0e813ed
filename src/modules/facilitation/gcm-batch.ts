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

  /** GHASH of the ciphertext (no additional data): its 16 bytes written into `out` at `at`. */
  private ghash(c: Buffer, out: Uint8Array, at: number): void {
    const t = this.tables;
    const x = new Uint8Array(16);
    const blocks = Math.ceil(c.length / 16);
    for (let n = 0; n <= blocks; n++) {
      if (n < blocks) {
        for (let i = 0, p = n * 16; i < 16 && p < c.length; i++, p++) x[i] ^= c[p];
      } else {
        // The lengths block: 64 bits of additional data (none), 64 bits of ciphertext, in bits.
        const bits = c.length * 8;
        x[11] ^= Math.floor(bits / 2 ** 32) & 0xff;
        x[12] ^= (bits >>> 24) & 0xff;
        x[13] ^= (bits >>> 16) & 0xff;
        x[14] ^= (bits >>> 8) & 0xff;
        x[15] ^= bits & 0xff;
      }
      let z0 = 0;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      for (let j = 0; j < 16; j++) {
        const k = (j * 256 + x[j]) * 4;
        z0 ^= t[k];
        z1 ^= t[k + 1];
        z2 ^= t[k + 2];
        z3 ^= t[k + 3];
      }
      // A Uint8Array keeps the low byte of each.
      x[0] = z0 >>> 24;
      x[1] = z0 >>> 16;
      x[2] = z0 >>> 8;
      x[3] = z0;
      x[4] = z1 >>> 24;
      x[5] = z1 >>> 16;
      x[6] = z1 >>> 8;
      x[7] = z1;
      x[8] = z2 >>> 24;
      x[9] = z2 >>> 16;
      x[10] = z2 >>> 8;
      x[11] = z2;
      x[12] = z3 >>> 24;
      x[13] = z3 >>> 16;
      x[14] = z3 >>> 8;
      x[15] = z3;
    }
    out.set(x, at);
  }

  /**
   * The plaintexts of `raws` (each iv, tag, body), in order, as UTF-8. Throws when any tag does not
   * match, and then returns nothing.
   */
  decrypt(raws: readonly Buffer[]): string[] {
    let blocks = 0;
    for (const raw of raws) {
      if (raw.length < IV + TAG) throw new Error('not a Ponte ciphertext');
      blocks += 1 + Math.ceil((raw.length - IV - TAG) / 16);
    }
    // Per ciphertext: J0 = IV || 1 (it masks the tag), then IV || 2, 3, … (the keystream).
    const counters = Buffer.alloc(blocks * 16);
    let at = 0;
    for (const raw of raws) {
      const n = Math.ceil((raw.length - IV - TAG) / 16);
      for (let k = 0; k <= n; k++, at += 16) {
        raw.copy(counters, at, 0, IV);
        counters.writeUInt32BE(k + 1, at + IV);
      }
    }
    const stream = this.encryptBlocks(counters);
    const sums = new Uint8Array(16 * raws.length);
    const plains: Buffer[] = new Array(raws.length);
    let diff = 0;
    at = 0;
    for (let r = 0; r < raws.length; r++) {
      const raw = raws[r];
      const body = raw.subarray(IV + TAG);
      this.ghash(body, sums, r * 16);
      for (let i = 0; i < TAG; i++) diff |= sums[r * 16 + i] ^ stream[at + i] ^ raw[IV + i];
      const plain = Buffer.allocUnsafe(body.length);
      for (let i = 0; i < body.length; i++) plain[i] = body[i] ^ stream[at + 16 + i];
      plains[r] = plain;
      at += 16 * (1 + Math.ceil(body.length / 16));
    }
    if (diff !== 0) throw new Error('Unsupported state or unable to authenticate data');
    return plains.map((p) => p.toString('utf8'));
  }
}
