/**
 * Whether a secret is strong enough for production. Secrets here are keys and tokens that guard
 * every session, every ciphertext and the metrics: a guessable one gives everything away, so the
 * server refuses to start with one instead of running weakly.
 *
 * The strength of a random secret cannot be proven from its bytes; what can be seen is the
 * obviously weak: too short, one byte repeated (an all-zero key), a short pattern over and over,
 * or a published development value. The estimate is the bytes' Shannon entropy times their
 * number: random 32-byte keys score about 155 bits, `openssl rand -base64 32` about 200,
 * `"x".repeat(40)` zero and `"abcd".repeat(10)` 80.
 */

/** Fewest bytes a secret may have (32 bytes, as a DATA_KEY). */
export const MIN_SECRET_BYTES = 32;
/**
 * Lowest entropy estimate accepted, in bits: below every random 32-byte key (their estimate falls
 * under 140 bits about twice in a million, under 112 practically never) and above any pattern.
 */
export const MIN_SECRET_BITS = 112;

/** Published values that must never guard a real installation. */
const KNOWN_WEAK = new Set(['ponte-development-secret-not-for-production']);

/** Why the secret is weak, in a few words, or null when it is acceptable. */
export function weakSecretReason(secret: Buffer | string): string | null {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  if (typeof secret === 'string' && KNOWN_WEAK.has(secret)) return 'is the published development value';
  if (bytes.length < MIN_SECRET_BYTES) return `has fewer than ${MIN_SECRET_BYTES} bytes`;
  if (bytes.every((b) => b === bytes[0])) return bytes[0] === 0 ? 'is all zeros' : 'repeats one byte';
  if (entropyBits(bytes) < MIN_SECRET_BITS) return `has less than ${MIN_SECRET_BITS} bits of entropy (a short pattern repeated?)`;
  return null;
}

/** Shannon entropy of the byte frequencies times the length: an upper estimate of the bits in it. */
export function entropyBits(bytes: Uint8Array): number {
  const counts = new Map<number, number>();
  for (const b of bytes) counts.set(b, (counts.get(b) ?? 0) + 1);
  let perByte = 0;
  for (const n of counts.values()) {
    const p = n / bytes.length;
    perByte -= p * Math.log2(p);
  }
  return perByte * bytes.length;
}
