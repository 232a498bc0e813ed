import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DataKeys } from '../../src/modules/facilitation/crypto.js';

/**
 * `decryptMany` opens a batch of ciphertexts with one AES cipher and its own GHASH: it must give
 * what `decrypt` (Node's AES-256-GCM decipher) gives for each, and refuse what that refuses.
 */

const key = () => randomBytes(32).toString('base64');
const WORDS = ['Mario', 'Rossi', 'D’Annunzio', 'Nicolò', 'Żaneta', '李', '🙂', 'RSSMRA80A01H501U', '"', ' '];

/** Plaintexts of every length from 0 to 100 bytes and more, some with characters of several bytes. */
function plaintexts(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = 'x'.repeat(i % 101);
    if (i % 3 === 0) s = JSON.stringify([WORDS[i % WORDS.length], WORDS[(i * 7) % WORDS.length], s]);
    out.push(s);
  }
  return out;
}

/** The ciphertext with one bit of its decoded bytes flipped at `at`. */
function flipped(token: string, at: number): string {
  const [v, id, body] = token.split(':');
  const raw = Buffer.from(body, 'base64url');
  raw[at] ^= 1;
  return `${v}:${id}:${raw.toString('base64url')}`;
}

describe('decrypting many personal-data ciphertexts at once', () => {
  it('gives what decrypt gives, for every length, in order, nulls kept', () => {
    const keys = new DataKeys(key());
    const plain = plaintexts(600);
    const tokens: (string | null)[] = plain.map((p) => keys.encrypt(p));
    tokens.splice(5, 0, null);
    const opened = keys.decryptMany(tokens);
    expect(opened).toHaveLength(601);
    expect(opened[5]).toBeNull();
    expect(opened.filter((p) => p !== null)).toEqual(plain);
    expect(tokens.map((token) => (token === null ? null : keys.decrypt(token)))).toEqual(opened);
  });

  it('opens ciphertexts of the current and of a previous key in one batch', () => {
    const [older, newer] = [key(), key()];
    const before = new DataKeys(older);
    const after = new DataKeys(newer, [older]);
    const tokens = ['vecchio', 'nuovo', 'vecchio 2', 'nuovo 2'].map((p, i) => (i % 2 ? after : before).encrypt(p));
    expect(after.decryptMany(tokens)).toEqual(['vecchio', 'nuovo', 'vecchio 2', 'nuovo 2']);
    expect(() => new DataKeys(newer).decryptMany(tokens)).toThrow(/not configured/);
  });

  it('refuses a batch holding one ciphertext changed anywhere: IV, tag or body', () => {
    const keys = new DataKeys(key());
    const tokens = plaintexts(40).map((p) => keys.encrypt(p));
    const token = keys.encrypt(JSON.stringify(['Maria', 'Bianchi', 'BNCMRA85C41F205X']));
    const length = Buffer.from(token.split(':')[2], 'base64url').length;
    for (let at = 0; at < length; at++) {
      const bad = flipped(token, at);
      // Node's own decipher refuses it too: the two are compared on the same bytes.
      expect(() => keys.decrypt(bad)).toThrow();
      expect(() => keys.decryptMany([...tokens, bad])).toThrow(/authenticate/);
    }
    expect(() => keys.decryptMany(['v1:abc'])).toThrow(/not a Ponte ciphertext/);
    expect(keys.decryptMany([...tokens, token]).at(-1)).toBe(JSON.stringify(['Maria', 'Bianchi', 'BNCMRA85C41F205X']));
  });
});
