import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Secrets that must be read back (a webhook's signing secret, an identity provider's client
 * secret, a TOTP seed) cannot be hashed: they are kept encrypted with AES-256-GCM under a key
 * derived from DATA_KEY for one purpose alone, written `VERSION:base64url(iv, tag, body)`.
 * A database copy without DATA_KEY reveals none of them.
 */
export interface SealKind {
  /** The prefix that names the kind of sealed value. */
  version: string;
  /** What the key is derived for: a key per purpose. */
  info: string;
}

const keyCache = new Map<string, Buffer>();

function key(dataKey: string, kind: SealKind): Buffer {
  const id = `${kind.info}:${dataKey}`;
  let k = keyCache.get(id);
  if (!k) {
    k = createHmac('sha256', Buffer.from(dataKey, 'base64')).update(kind.info).digest();
    keyCache.set(id, k);
  }
  return k;
}

export function seal(dataKey: string, kind: SealKind, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(dataKey, kind), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${kind.version}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Opens a sealed value with the first of `dataKeys` that can; throws when none can. */
export function unseal(dataKeys: string[], kind: SealKind, stored: string): string {
  const [version, payload] = stored.split(':');
  if (version !== kind.version || !payload) throw new Error(`not a sealed ${kind.info}`);
  const raw = Buffer.from(payload, 'base64url');
  for (const dataKey of dataKeys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key(dataKey, kind), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      // Try the next key.
    }
  }
  throw new Error(`the ${kind.info} was sealed under a key that is not configured`);
}
