import type { Deps } from '../../core/deps.js';
import type { KeyRing } from '../../core/keys.js';
import type { KeyRotation } from '../../core/module.js';
import { resealColumn } from '../../core/rows.js';
import { sealKind } from './sealed.js';

/** `rotate-data-key` for accounts: identity providers' client secrets and TOTP seeds sealed again under the new key. */
export async function rotateKeys(deps: Pick<Deps, 'db'>, next: KeyRing): Promise<KeyRotation> {
  const [providers, seeds] = await deps.db.k
    .transaction()
    .execute(async (trx) => [
      await resealColumn(trx, next, 'oidc_providers', 'organisation_id', 'client_secret_enc', sealKind('oidc-client-secret')),
      await resealColumn(trx, next, 'user_totp', 'user_id', 'secret_enc', sealKind('totp-secret')),
    ]);
  return { reencrypted: { 'provider secrets': providers, 'TOTP seeds': seeds } };
}
