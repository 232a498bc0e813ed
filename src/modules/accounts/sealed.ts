import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';

/**
 * Secrets that must be read back (an identity provider's client secret, a TOTP seed) cannot be
 * hashed: they are kept encrypted with AES-256-GCM under a key derived from DATA_KEY for each
 * purpose alone, as webhook signing secrets are. A database copy without DATA_KEY reveals none of
 * them; after a key rotation the previous keys (DATA_KEY_PREVIOUS) still open what they sealed.
 */

export type SealPurpose = 'oidc-client-secret' | 'totp-secret';

const VERSION = 's1';
const keyCache = new Map<string, Buffer>();

function key(dataKey: string, purpose: SealPurpose): Buffer {
  const id = `${purpose}:${dataKey}`;
  let k = keyCache.get(id);
  if (!k) {
    k = createHmac('sha256', Buffer.from(dataKey, 'base64')).update(`ponte/accounts/${purpose}`).digest();
    keyCache.set(id, k);
  }
  return k;
}

export function seal(config: Pick<Config, 'dataKey'>, purpose: SealPurpose, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(config.dataKey, purpose), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Throws when no known key opens the value (it was sealed under a key no longer configured). */
export function unseal(config: Pick<Config, 'dataKey' | 'dataKeysPrevious'>, purpose: SealPurpose, stored: string): string {
  const [version, payload] = stored.split(':');
  if (version !== VERSION || !payload) throw new Error('not a sealed secret');
  const raw = Buffer.from(payload, 'base64url');
  for (const dataKey of [config.dataKey, ...config.dataKeysPrevious]) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key(dataKey, purpose), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      // Try the next key.
    }
  }
  throw new Error('the secret was sealed under a key that is not configured');
}
