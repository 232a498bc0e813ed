import type { Config } from '../../config.js';
import { KeyRing, keyRing } from '../../core/keys.js';

/**
 * Personal data at rest: the codice fiscale (and the e-mail of a pending questionnaire) is
 * encrypted with AES-256-GCM, and matched through a keyed hash (HMAC-SHA256), so unique citizens
 * are counted without decrypting anything. Both keys are derived with HKDF from DATA_KEY, each for
 * its own purpose (core/keys.ts); every ciphertext names the key that made it, so keys can rotate:
 * DATA_KEY is the current key and DATA_KEY_PREVIOUS lists older ones that can still decrypt and match.
 */
export class DataKeys {
  readonly ring: KeyRing;

  constructor(current: string | KeyRing, previous: string[] = []) {
    this.ring = typeof current === 'string' ? new KeyRing(current, previous) : current;
    // Every key is checked (32 bytes) when the ring is made, not at the first decryption.
    void this.ring.ids;
  }

  /** The id of the key new data is encrypted and hashed with. */
  get currentId(): string {
    return this.ring.currentId;
  }

  /** Ids of every key that can still read, the current one first. */
  get ids(): string[] {
    return this.ring.ids;
  }

  encrypt(plain: string): string {
    return this.ring.encrypt(plain);
  }

  /** The key id a ciphertext was made with. */
  static keyIdOf(token: string): string | null {
    return KeyRing.keyIdOf(token);
  }

  canDecrypt(token: string): boolean {
    return this.ring.canDecrypt(token);
  }

  decrypt(token: string): string {
    return this.ring.decrypt(token);
  }

  /** The keyed hash of a value with the current key (base64url, 43 characters). */
  hash(value: string): string {
    return this.ring.personalHash(value);
  }

  /** The keyed hash with every key, the current first: matches data hashed before a rotation. */
  hashes(value: string): { keyId: string; hash: string }[] {
    return this.ring.personalHashes(value);
  }
}

const cache = new WeakMap<KeyRing, DataKeys>();

/** The personal-data keys of a configuration (built once per key ring). */
export function dataKeys(config: Pick<Config, 'dataKey' | 'dataKeysPrevious'>): DataKeys {
  const ring = keyRing(config);
  let keys = cache.get(ring);
  if (!keys) {
    keys = new DataKeys(ring);
    cache.set(ring, keys);
  }
  return keys;
}
