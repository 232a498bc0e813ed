import type { Config } from '../../config.js';
import { KeyRing, keyRing } from '../../core/keys.js';
import { GcmBatch } from './gcm-batch.js';

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

  /**
   * Many ciphertexts at once (null stays null), the same plaintexts as `decrypt` one by one, for
   * the exports that open a citizen's data by the hundred thousand (see gcm-batch.ts). Throws, as
   * `decrypt` does, when any of them is not a Ponte ciphertext, was made under a key that is not
   * configured, or does not authenticate.
   */
  decryptMany(tokens: readonly (string | null)[]): (string | null)[] {
    const out: (string | null)[] = new Array(tokens.length).fill(null);
    // Each key's ciphertexts, decoded one after the other into one buffer (see GcmBatch.decrypt).
    const byKey = new Map<string, { at: number[]; bodies: string[]; size: number }>();
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token === null) continue;
      const first = token.indexOf(':');
      const second = token.indexOf(':', first + 1);
      if (first < 0 || second < 0 || token.slice(0, first) !== 'v1' || second === token.length - 1) {
        throw new Error('not a Ponte ciphertext');
      }
      const id = token.slice(first + 1, second);
      let group = byKey.get(id);
      if (!group) {
        group = { at: [], bodies: [], size: 0 };
        byKey.set(id, group);
      }
      const body = token.slice(second + 1);
      group.at.push(i);
      group.bodies.push(body);
      // Base64 gives at most 3 bytes for every 4 characters.
      group.size += Math.ceil((body.length * 3) / 4);
    }
    for (const [id, { at, bodies, size }] of byKey) {
      const data = Buffer.allocUnsafe(size);
      const starts = new Array<number>(bodies.length);
      const ends = new Array<number>(bodies.length);
      let end = 0;
      for (let k = 0; k < bodies.length; k++) {
        starts[k] = end;
        end += data.write(bodies[k], end, 'base64url');
        ends[k] = end;
      }
      const plains = this.batchOf(id).decrypt(data, starts, ends);
      for (let k = 0; k < at.length; k++) out[at[k]] = plains[k];
    }
    return out;
  }

  private batches = new Map<string, GcmBatch>();

  /** The batch decipher of a key of the ring, by its id. */
  private batchOf(id: string): GcmBatch {
    let batch = this.batches.get(id);
    if (!batch) {
      const key = this.ring.keys.find((k) => k.personal.id === id);
      if (!key) throw new Error(`data key ${id} is not configured (DATA_KEY or DATA_KEY_PREVIOUS)`);
      batch = new GcmBatch(key.personal.enc);
      this.batches.set(id, batch);
    }
    return batch;
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
