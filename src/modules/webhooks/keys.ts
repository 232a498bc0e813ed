import type { Deps } from '../../core/deps.js';
import type { KeyRing } from '../../core/keys.js';
import type { KeyRotation } from '../../core/module.js';
import { SIGNING_SECRET } from './secrets.js';

/** `rotate-data-key` for webhooks: every signing secret sealed again under the new key. */
export async function rotateKeys(deps: Pick<Deps, 'db'>, next: KeyRing): Promise<KeyRotation> {
  let secrets = 0;
  await deps.db.k.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('webhook_subscriptions').select(['id', 'secret']).orderBy('id').execute();
    for (const r of rows) {
      const sealed = next.resealed(SIGNING_SECRET, r.secret);
      if (sealed === null) continue;
      secrets++;
      await trx.updateTable('webhook_subscriptions').set({ secret: sealed }).where('id', '=', r.id).execute();
    }
  });
  return { reencrypted: { 'signing secrets': secrets } };
}
