import type { Deps } from '../../core/deps.js';
import type { KeyRing } from '../../core/keys.js';
import type { KeyRotation } from '../../core/module.js';
import { rewriteRows } from '../../core/rows.js';
import { sealKind } from './sealed.js';

/** `rotate-data-key` for accounts: identity providers' client secrets and TOTP seeds sealed again under the new key. */
export async function rotateKeys(deps: Pick<Deps, 'db'>, next: KeyRing): Promise<KeyRotation> {
  let providers = 0;
  let seeds = 0;
  await deps.db.k.transaction().execute(async (trx) => {
    const clientSecret = sealKind('oidc-client-secret');
    await rewriteRows(trx, 'oidc_providers', 'organisation_id', ['organisation_id', 'client_secret_enc'], (r) => {
      const sealed = next.resealed(clientSecret, r.client_secret_enc);
      if (sealed === null) return null;
      providers++;
      return { client_secret_enc: sealed };
    });
    const totp = sealKind('totp-secret');
    await rewriteRows(trx, 'user_totp', 'user_id', ['user_id', 'secret_enc'], (r) => {
      const sealed = next.resealed(totp, r.secret_enc);
      if (sealed === null) return null;
      seeds++;
      return { secret_enc: sealed };
    });
  });
  return { reencrypted: { 'provider secrets': providers, 'TOTP seeds': seeds } };
}
