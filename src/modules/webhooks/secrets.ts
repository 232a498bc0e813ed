import type { Config } from '../../config.js';
import { type SealKind, seal, unseal } from '../../core/sealed.js';

/**
 * Signing secrets must be read back to sign every delivery, so they cannot be hashed like API
 * tokens: they are sealed under a key derived from DATA_KEY for this purpose alone (core/sealed.ts).
 */
const SIGNING_SECRET: SealKind = { version: 'w1', info: 'ponte/webhooks/signing-secret' };

export function encryptSecret(config: Pick<Config, 'dataKey'>, secret: string): string {
  return seal(config.dataKey, SIGNING_SECRET, secret);
}

/** Throws when the secret was written under another DATA_KEY (the delivery then fails visibly). */
export function decryptSecret(config: Pick<Config, 'dataKey'>, stored: string): string {
  return unseal([config.dataKey], SIGNING_SECRET, stored);
}
