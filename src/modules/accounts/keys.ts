import type { Deps } from '../../core/deps.js';
import type { KeyRing } from '../../core/keys.js';
import type { KeyRotation } from '../../core/module.js';
import { sealKind } from './sealed.js';

/** `rotate-data-key` for accounts: identity providers' client secrets and TOTP seeds sealed again under the new key. */
export async function rotateKeys(deps: Pick<Deps, 'db'>, next: KeyRing): Promise<KeyRotation> {
  let providers = 0;
  let seeds = 0;
  await deps.db.k.transaction().execute(async (trx) => {
    const clientSecret = sealKind('oidc-client-secret');
    for (const r of await trx
      .selectFrom('oidc_providers')
      .select(['organisation_id', 'client_secret_enc'])
      .orderBy('organisation_id')
      .execute()) {
      const sealed = next.resealed(clientSecret, r.client_secret_enc);
      if (sealed === null) continue;
      providers++;
      await trx.updateTable('oidc_providers').set({ client_secret_enc: sealed }).where('organisation_id', '=', r.organisation_id).execute();
    }
    const totp = sealKind('totp-secret');
    for (const r of await trx.selectFrom('user_totp').select(['user_id', 'secret_enc']).orderBy('user_id').execute()) {
      const sealed = next.resealed(totp, r.secret_enc);
      if (sealed === null) continue;
      seeds++;
      await trx.updateTable('user_totp').set({ secret_enc: sealed }).where('user_id', '=', r.user_id).execute();
    }
  });
  return { reencrypted: { 'provider secrets': providers, 'TOTP seeds': seeds } };
}
