import type { Config } from '../../config.js';
import { type SealKind, seal as sealWith, unseal as unsealWith } from '../../core/sealed.js';

/**
 * An identity provider's client secret and a TOTP seed, sealed under a key of their own (see
 * core/sealed.ts); after a key rotation the previous keys (DATA_KEY_PREVIOUS) still open them.
 */
export type SealPurpose = 'oidc-client-secret' | 'totp-secret';

const kind = (purpose: SealPurpose): SealKind => ({ version: 's1', info: `ponte/accounts/${purpose}` });

export function seal(config: Pick<Config, 'dataKey'>, purpose: SealPurpose, secret: string): string {
  return sealWith(config.dataKey, kind(purpose), secret);
}

/** Throws when no known key opens the value (it was sealed under a key no longer configured). */
export function unseal(config: Pick<Config, 'dataKey' | 'dataKeysPrevious'>, purpose: SealPurpose, stored: string): string {
  return unsealWith([config.dataKey, ...config.dataKeysPrevious], kind(purpose), stored);
}
