import { type KeyConfig, keyRing, type SealKind } from '../../core/keys.js';

/**
 * An identity provider's client secret and a TOTP seed, sealed under a key of their own (see
 * core/keys.ts); after a key rotation the previous keys (DATA_KEY_PREVIOUS) still open them.
 */
export type SealPurpose = 'oidc-client-secret' | 'totp-secret';

export const sealKind = (purpose: SealPurpose): SealKind => ({ version: 's1', info: `ponte/accounts/${purpose}` });

export function seal(config: KeyConfig, purpose: SealPurpose, secret: string): string {
  return keyRing(config).seal(sealKind(purpose), secret);
}

/** Throws when no known key opens the value (it was sealed under a key no longer configured). */
export function unseal(config: KeyConfig, purpose: SealPurpose, stored: string): string {
  return keyRing(config).unseal(sealKind(purpose), stored);
}
