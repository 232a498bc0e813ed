import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of webhook deliveries, in the style receivers already know from Stripe:
 * `Ponte-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. The timestamp
 * is signed with the body, so a receiver that rejects old timestamps cannot be fed a replay.
 */

export const SIGNATURE_HEADER = 'Ponte-Signature';
/** How old a signed timestamp a receiver should still accept, by default. */
export const DEFAULT_TOLERANCE_S = 300;
const SECRET_PREFIX = 'whsec_';

/** A new signing secret: 32 random bytes. The whole string, prefix included, is the HMAC key. */
export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value for a body sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${mac(secret, timestamp, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'too-old' | 'in-future' };

/**
 * What a receiver does with a delivery: checks that one of the `v1` signatures matches the raw
 * body under the secret (in constant time), and that the timestamp is within `toleranceS` of
 * `nowS` (unix seconds), in either direction.
 */
export function verifySignature(
  secret: string,
  header: string | undefined | null,
  body: string,
  nowS: number,
  toleranceS = DEFAULT_TOLERANCE_S,
): VerifyResult {
  if (typeof header !== 'string' || header.length > 2000) return { ok: false, reason: 'malformed' };
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(secret, timestamp, body), 'hex');
  const matches = signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  if (!matches) return { ok: false, reason: 'mismatch' };
  if (nowS - timestamp > toleranceS) return { ok: false, reason: 'too-old' };
  if (timestamp - nowS > toleranceS) return { ok: false, reason: 'in-future' };
  return { ok: true, timestamp };
}
