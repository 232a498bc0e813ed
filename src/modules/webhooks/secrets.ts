import { type KeyConfig, keyRing, type SealKind } from '../../core/keys.js';

/**
 * Signing secrets must be read back to sign every delivery, so they cannot be hashed like API
 * tokens: they are sealed under a key derived from DATA_KEY for this purpose alone (core/keys.ts).
 */
export const SIGNING_SECRET: SealKind = { version: 'w1', info: 'ponte/webhooks/signing-secret' };

export function encryptSecret(config: KeyConfig, secret: string): string {
  return keyRing(config).seal(SIGNING_SECRET, secret);
}

/** Throws when no configured key opens the secret (the delivery then fails visibly). */
export function decryptSecret(config: KeyConfig, stored: string): string {
  return keyRing(config).unseal(SIGNING_SECRET, stored);
}
