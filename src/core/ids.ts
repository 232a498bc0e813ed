import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * Random bytes from the operating system's generator, drawn 4 kB at a time: a booking needs half a
 * dozen ids and a ticket code, and asking the generator for 16 bytes each time costs more than
 * the rest of making them. Every byte is handed out once.
 */
const pool = Buffer.allocUnsafe(4096);
let poolAt = pool.length;

export function randomFromPool(n: number): Buffer {
  if (n > pool.length) return randomBytes(n);
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const bytes = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return bytes;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// UUIDv7 as RFC 9562 lays it out (method 1 of its section 6.2): 48 bits of Unix milliseconds, a
// 31-bit counter seeded at random each millisecond and incremented within it, the rest random.
// Ids made by one process therefore sort in the order they were made, even within a millisecond.
let lastMs = -1;
let counter = 0;

/** Time-ordered, unguessable id used as primary key on both dialects. */
export function newId(): string {
  const r = randomFromPool(16);
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    counter = r.readUInt32BE(6) >>> 1;
  } else {
    ms = lastMs;
    counter = (counter + 1) | 0;
    if (counter < 0) {
      // 2^31 ids in one millisecond: borrow the next one.
      lastMs = ++ms;
      counter = r.readUInt32BE(6) >>> 1;
    }
  }
  const hi = Math.floor(ms / 0x1000000);
  const lo = ms % 0x1000000;
  return (
    HEX[(hi >>> 16) & 0xff] +
    HEX[(hi >>> 8) & 0xff] +
    HEX[hi & 0xff] +
    HEX[(lo >>> 16) & 0xff] +
    '-' +
    HEX[(lo >>> 8) & 0xff] +
    HEX[lo & 0xff] +
    '-' +
    HEX[0x70 | ((counter >>> 27) & 0x0f)] +
    HEX[(counter >>> 19) & 0xff] +
    '-' +
    HEX[0x80 | ((counter >>> 13) & 0x3f)] +
    HEX[(counter >>> 5) & 0xff] +
    '-' +
    HEX[((counter << 3) & 0xf8) | (r[10] & 0x07)] +
    HEX[r[11]] +
    HEX[r[12]] +
    HEX[r[13]] +
    HEX[r[14]] +
    HEX[r[15]]
  );
}

/** A random token for private links and cookies (256 bits, URL-safe). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
