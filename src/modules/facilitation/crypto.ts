import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';

/**
 * Personal data at rest: the codice fiscale (and the e-mail of a pending questionnaire) is
 * encrypted with AES-256-GCM, and matched through a keyed hash (HMAC-SHA256), so unique citizens
 * are counted without decrypting anything. Both keys are derived with HKDF from DATA_KEY, each for
 * its own purpose; every ciphertext names the key that made it, so keys can rotate: DATA_KEY is the
 * current key and DATA_KEY_PREVIOUS lists older ones that can still decrypt and match.
 */

const VERSION = 'v1';

interface DerivedKey {
  id: string;
  enc: Buffer;
  mac: Buffer;
}

function derive(base64: string): DerivedKey {
  const ikm = Buffer.from(base64, 'base64');
  if (ikm.length !== 32) throw new Error('a data key must be base64 of exactly 32 bytes');
  const salt = Buffer.from('ponte-data-key');
  const part = (info: string) => Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from(info), 32));
  return {
    id: createHash('sha256').update(part('ponte/key-id')).digest('hex').slice(0, 8),
    enc: part('ponte/encrypt/aes-256-gcm'),
    mac: part('ponte/hash/hmac-sha256'),
  };
}

export class DataKeys {
  private readonly ring: DerivedKey[];
  private readonly byId = new Map<string, DerivedKey>();

  constructor(current: string, previous: string[] = []) {
    this.ring = [current, ...previous].map(derive);
    for (const k of this.ring) if (!this.byId.has(k.id)) this.byId.set(k.id, k);
  }

  /** The id of the key new data is encrypted and hashed with. */
  get currentId(): string {
    return this.ring[0].id;
  }

  /** Ids of every key that can still read, the current one first. */
  get ids(): string[] {
    return this.ring.map((k) => k.id);
  }

  encrypt(plain: string): string {
    const key = this.ring[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.enc, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${VERSION}:${key.id}:${Buffer.concat([iv, tag, body]).toString('base64url')}`;
  }

  /** The key id a ciphertext was made with. */
  static keyIdOf(token: string): string | null {
    const parts = token.split(':');
    return parts.length === 3 && parts[0] === VERSION ? parts[1] : null;
  }

  canDecrypt(token: string): boolean {
    const id = DataKeys.keyIdOf(token);
    return id !== null && this.byId.has(id);
  }

  decrypt(token: string): string {
    // Exports decrypt hundreds of thousands of these in a row: no split, no concatenation of buffers.
    const first = token.indexOf(':');
    const second = token.indexOf(':', first + 1);
    if (first < 0 || second < 0 || token.slice(0, first) !== VERSION || second === token.length - 1) {
      throw new Error('not a Ponte ciphertext');
    }
    const id = token.slice(first + 1, second);
    const key = this.byId.get(id);
    if (!key) throw new Error(`data key ${id} is not configured (DATA_KEY or DATA_KEY_PREVIOUS)`);
    const raw = Buffer.from(token.slice(second + 1), 'base64url');
    if (raw.length < 28) throw new Error('not a Ponte ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', key.enc, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    // Bytes, then one UTF-8 conversion: asking update() and final() for strings builds a string
    // decoder per call, a third of the time of a short code. GCM's final() adds no bytes; it checks the tag.
    const plain = decipher.update(raw.subarray(28));
    decipher.final();
    return plain.toString('utf8');
  }

  /** The keyed hash of a value with the current key (base64url, 43 characters). */
  hash(value: string): string {
    return createHmac('sha256', this.ring[0].mac).update(value, 'utf8').digest('base64url');
  }

  /** The keyed hash with every key, the current first: matches data hashed before a rotation. */
  hashes(value: string): { keyId: string; hash: string }[] {
    return this.ring.map((k) => ({ keyId: k.id, hash: createHmac('sha256', k.mac).update(value, 'utf8').digest('base64url') }));
  }
}

const cache = new WeakMap<Config, DataKeys>();

/** The key ring of a configuration (built once per configuration object). */
export function dataKeys(config: Config): DataKeys {
  let keys = cache.get(config);
  if (!keys) {
    keys = new DataKeys(config.dataKey, config.dataKeysPrevious ?? []);
    cache.set(config, keys);
  }
  return keys;
}
