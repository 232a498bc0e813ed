import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';

/**
 * Every key Ponte derives from DATA_KEY, in one place. DATA_KEY is the current root key and
 * DATA_KEY_PREVIOUS lists older ones (after `rotate-data-key`): new values are written under the
 * current key, and everything already written — private links in e-mails, keyed hashes, sealed
 * secrets, encrypted personal data — is still read or matched under any key of the ring.
 *
 * The derivations below are those each module used before they were gathered here, byte for byte:
 * links already sent and hashes already stored keep working.
 */

/** Private links whose token is a MAC of a record id: the server can write them again later. */
export type LinkPurpose = 'events.manage' | 'desks.manage' | 'skills.result' | 'volunteers.feed';

/** Keyed hashes that recognise the same person without storing a readable identifier. */
export type HashPurpose = 'events.contact' | 'desks.contact';

/**
 * Secrets that must be read back (a webhook's signing secret, a provider's client secret, a TOTP
 * seed) are kept with AES-256-GCM under a key derived for one purpose alone, written
 * `VERSION:base64url(iv, tag, body)`.
 */
export interface SealKind {
  /** The prefix that names the kind of sealed value. */
  version: string;
  /** What the key is derived for: a key per purpose. */
  info: string;
}

const mac = (key: Buffer, value: string, encoding: 'base64url' | 'hex' = 'base64url') =>
  createHmac('sha256', key).update(value, 'utf8').digest(encoding);

/** HKDF-derived keys of the personal-data cipher (codici fiscali): they name themselves by id. */
interface PersonalKey {
  id: string;
  enc: Buffer;
  mac: Buffer;
}

/** One root key and the subkeys derived from it (each derived once). */
export class DataKey {
  readonly root: Buffer;
  private readonly subkeys = new Map<string, Buffer>();
  private personalKey?: PersonalKey;

  constructor(readonly base64: string) {
    this.root = Buffer.from(base64, 'base64');
  }

  /** HMAC(root, info): the subkey of one purpose. */
  sub(info: string): Buffer {
    let k = this.subkeys.get(info);
    if (!k) {
      k = createHmac('sha256', this.root).update(info).digest();
      this.subkeys.set(info, k);
    }
    return k;
  }

  /** The personal-data keys, derived with HKDF (a 32-byte root is required). */
  get personal(): PersonalKey {
    if (!this.personalKey) {
      if (this.root.length !== 32) throw new Error('a data key must be base64 of exactly 32 bytes');
      const salt = Buffer.from('ponte-data-key');
      const part = (info: string) => Buffer.from(hkdfSync('sha256', this.root, salt, Buffer.from(info), 32));
      this.personalKey = {
        id: createHash('sha256').update(part('ponte/key-id')).digest('hex').slice(0, 8),
        enc: part('ponte/encrypt/aes-256-gcm'),
        mac: part('ponte/hash/hmac-sha256'),
      };
    }
    return this.personalKey;
  }
}

const LINKS: Record<LinkPurpose, (k: DataKey, id: string) => string> = {
  'events.manage': (k, id) => mac(k.sub('ponte/events/manage-token'), id),
  'desks.manage': (k, id) => mac(k.root, `desk-manage:${id}`),
  'skills.result': (k, id) => mac(k.root, `skills-result:${id}`),
  'volunteers.feed': (k, id) => mac(k.sub('ponte/volunteers/shift-feed'), id),
};

const HASHES: Record<HashPurpose, (k: DataKey, value: string) => string> = {
  'events.contact': (k, value) => mac(k.sub('ponte/events/contact-hash'), value),
  'desks.contact': (k, value) => mac(k.root, `desk-contact:${value}`, 'hex'),
};

/** SHA-256 of a private link's token, as stored beside its record (a dump of it opens nothing). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of a presented token with the stored hash. */
export function tokenMatches(token: string | undefined | null, storedHash: string | null | undefined): boolean {
  if (!token || token.length > 200 || !storedHash) return false;
  const a = Buffer.from(tokenHash(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time equality of two strings. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const VERSION = 'v1';

/** The keys of DATA_KEY and DATA_KEY_PREVIOUS, the current first. */
export class KeyRing {
  readonly keys: DataKey[];
  private readonly byPersonalId = new Map<string, PersonalKey>();
  private personalIndexed = false;
  private currentOnly?: KeyRing;

  constructor(current: string, previous: readonly string[] = []) {
    this.keys = [current, ...previous].map((k) => new DataKey(k));
  }

  /** The base64 root keys, the current first. */
  get roots(): string[] {
    return this.keys.map((k) => k.base64);
  }

  get current(): DataKey {
    return this.keys[0];
  }

  /** The ring after a rotation to `newKey`: every key of this ring becomes a previous one. */
  rotatedTo(newKey: string): KeyRing {
    return new KeyRing(
      newKey,
      this.roots.filter((k) => k !== newKey),
    );
  }

  // ---------- private links ----------

  /** The token of a record's private link under the current key. */
  link(purpose: LinkPurpose, id: string): string {
    return LINKS[purpose](this.current, id);
  }

  /** The tokens the record's link had under every key of the ring, the current first. */
  links(purpose: LinkPurpose, id: string): string[] {
    return this.keys.map((k) => LINKS[purpose](k, id));
  }

  /**
   * Whether `token` opens the record `id` whose stored hash is `storedHash`: the token the stored
   * hash was made from, or — after a rotation — the record's link under a previous key, provided
   * the stored hash is still one of the record's derived links (a link replaced or revoked stays so).
   */
  verifyLink(purpose: LinkPurpose, id: string, token: string | undefined | null, storedHash: string | null | undefined): boolean {
    if (tokenMatches(token, storedHash)) return true;
    if (!token || token.length > 200 || !storedHash || this.keys.length < 2) return false;
    const tokens = this.links(purpose, id);
    if (!tokens.some((t) => tokenMatches(t, storedHash))) return false;
    let ok = false;
    for (const t of tokens) ok = same(t, token) || ok;
    return ok;
  }

  /**
   * For a rotation, on the ring whose current key is the new one: the hash to store for the
   * record's link, or null when nothing changes (already under the current key, or the stored hash
   * is not a derived link at all: a link replaced by a random one stays revoked).
   */
  relinkedHash(purpose: LinkPurpose, id: string, storedHash: string | null): string | null {
    if (!storedHash) return null;
    const tokens = this.links(purpose, id);
    if (tokenMatches(tokens[0], storedHash)) return null;
    return tokens.slice(1).some((t) => tokenMatches(t, storedHash)) ? tokenHash(tokens[0]) : null;
  }

  // ---------- keyed hashes ----------

  /** The keyed hash of a value under the current key. */
  hash(purpose: HashPurpose, value: string): string {
    return HASHES[purpose](this.current, value);
  }

  /** The keyed hash under every key, the current first: matches values hashed before a rotation. */
  hashes(purpose: HashPurpose, value: string): string[] {
    return this.keys.map((k) => HASHES[purpose](k, value));
  }

  // ---------- sealed secrets ----------

  seal(kind: SealKind, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.sub(kind.info), iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${kind.version}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Opens a sealed value with the first key of the ring that can; throws when none can. */
  unseal(kind: SealKind, stored: string): string {
    const [version, payload] = stored.split(':');
    if (version !== kind.version || !payload) throw new Error(`not a sealed ${kind.info}`);
    const raw = Buffer.from(payload, 'base64url');
    for (const k of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', k.sub(kind.info), raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        // Try the next key.
      }
    }
    throw new Error(`the ${kind.info} was sealed under a key that is not configured`);
  }

  /**
   * For a rotation, on the ring whose current key is the new one: the value sealed again under the
   * current key, or null when it is sealed under it already. Throws when no key of the ring opens it.
   */
  resealed(kind: SealKind, stored: string): string | null {
    try {
      this.currentOnly ??= new KeyRing(this.current.base64);
      this.currentOnly.unseal(kind, stored);
      return null;
    } catch {
      return this.seal(kind, this.unseal(kind, stored));
    }
  }

  // ---------- personal data (codici fiscali) ----------

  private personalById(id: string): PersonalKey | undefined {
    if (!this.personalIndexed) {
      for (const k of this.keys) if (!this.byPersonalId.has(k.personal.id)) this.byPersonalId.set(k.personal.id, k.personal);
      this.personalIndexed = true;
    }
    return this.byPersonalId.get(id);
  }

  /** The id of the key new personal data is encrypted and hashed with. */
  get currentId(): string {
    return this.current.personal.id;
  }

  /** Ids of every key that can still read, the current one first. */
  get ids(): string[] {
    return this.keys.map((k) => k.personal.id);
  }

  encrypt(plain: string): string {
    const key = this.current.personal;
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
    const id = KeyRing.keyIdOf(token);
    return id !== null && this.personalById(id) !== undefined;
  }

  decrypt(token: string): string {
    // Exports decrypt hundreds of thousands of these in a row: no split, no concatenation of buffers.
    const first = token.indexOf(':');
    const second = token.indexOf(':', first + 1);
    if (first < 0 || second < 0 || token.slice(0, first) !== VERSION || second === token.length - 1) {
      throw new Error('not a Ponte ciphertext');
    }
    const id = token.slice(first + 1, second);
    const key = this.personalById(id);
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

  /** The keyed hash of personal data with the current key (base64url, 43 characters). */
  personalHash(value: string): string {
    return mac(this.current.personal.mac, value);
  }

  /** The keyed hash of personal data with every key, the current first. */
  personalHashes(value: string): { keyId: string; hash: string }[] {
    return this.keys.map((k) => ({ keyId: k.personal.id, hash: mac(k.personal.mac, value) }));
  }
}

export type KeyConfig = Pick<Config, 'dataKey'> & Partial<Pick<Config, 'dataKeysPrevious'>>;

const rings = new Map<string, KeyRing>();

/** The key ring of a configuration (built once per pair of DATA_KEY and DATA_KEY_PREVIOUS). */
export function keyRing(config: KeyConfig): KeyRing {
  const previous = config.dataKeysPrevious ?? [];
  const id = [config.dataKey, ...previous].join(',');
  let ring = rings.get(id);
  if (!ring) {
    if (rings.size > 100) rings.clear();
    ring = new KeyRing(config.dataKey, previous);
    rings.set(id, ring);
  }
  return ring;
}
