import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

/**
 * scrypt's cost N as a power of two. 2^15 costs ~50 ms on the reference machine: slow for guessing,
 * fine for one login. PASSWORD_HASH_COST (10–20) changes it for new hashes only, since each hash
 * records its own N: the test suites set 10, because thousands of sign-ins and seeded accounts at
 * 2^15 were a large part of their processor time.
 */
function costFromEnv(): number {
  const raw = process.env.PASSWORD_HASH_COST;
  if (raw === undefined || raw === '') return 15;
  const cost = Number(raw);
  if (!Number.isInteger(cost) || cost < 10 || cost > 20)
    throw new Error(`PASSWORD_HASH_COST must be a whole number from 10 to 20, not "${raw}"`);
  return cost;
}
const N = 2 ** costFromEnv();
const R = 8;
const P = 1;
const LEN = 32;
const MAXMEM = 64 * 1024 * 1024;

/**
 * scrypt at 2^15 holds 32 MiB while it runs, and the thread pool would run four at once: a burst
 * of sign-ins could add 128 MiB to the server's memory. Two at a time keep the peak at 64 MiB; a
 * third waits its turn (one sign-in is ~50 ms).
 */
const SCRYPT_AT_ONCE = 2;
let scryptRunning = 0;
const scryptWaiting: (() => void)[] = [];

async function scryptInTurn(password: string, salt: Buffer, len: number, opts: object): Promise<Buffer> {
  if (scryptRunning >= SCRYPT_AT_ONCE) await new Promise<void>((go) => scryptWaiting.push(go));
  else scryptRunning++;
  try {
    return await scrypt(password, salt, len, opts);
  } finally {
    const next = scryptWaiting.shift();
    if (next) next();
    else scryptRunning--;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptInTurn(password, salt, LEN, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scryptInTurn(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;
/**
 * A hash of a random password, verified against when the e-mail is unknown so timing does not
 * tell. Made at the first sign-in rather than when the module loads: its 32 MiB of scrypt memory
 * were the high-water mark of every server's start.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(12).toString('hex'));
  return dummy;
}

/** A readable generated password (for CLI-created accounts). */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

export const PASSWORD_MIN = 10;
