import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';

/**
 * Signing secrets must be read back to sign every delivery, so they cannot be hashed like API
 * tokens: they are kept encrypted with AES-256-GCM under a key derived from DATA_KEY for this
 * purpose alone. A database copy without DATA_KEY does not reveal them.
 */

const VERSION = 'w1';
const keyCache = new Map<string, Buffer>();

function key(config: Pick<Config, 'dataKey'>): Buffer {
  let k = keyCache.get(config.dataKey);
  if (!k) {
    k = createHmac('sha256', Buffer.from(config.dataKey, 'base64')).update('ponte/webhooks/signing-secret').digest();
    keyCache.set(config.dataKey, k);
  }
  return k;
}

export function encryptSecret(config: Pick<Config, 'dataKey'>, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(config), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Throws when the secret was written under another DATA_KEY (the delivery then fails visibly). */
export function decryptSecret(config: Pick<Config, 'dataKey'>, stored: string): string {
  const [version, payload] = stored.split(':');
  if (version !== VERSION || !payload) throw new Error('not an encrypted signing secret');
  const raw = Buffer.from(payload, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key(config), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
