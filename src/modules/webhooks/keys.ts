import type { Deps } from '../../core/deps.js';
import type { KeyRing } from '../../core/keys.js';
import type { KeyRotation } from '../../core/module.js';
import { rewriteRows } from '../../core/rows.js';
import { SIGNING_SECRET } from './secrets.js';

/** `rotate-data-key` for webhooks: every signing secret sealed again under the new key. */
export async function rotateKeys(deps: Pick<Deps, 'db'>, next: KeyRing): Promise<KeyRotation> {
  let secrets = 0;
  await deps.db.k.transaction().execute((trx) =>
    rewriteRows(trx, 'webhook_subscriptions', 'id', ['id', 'secret'], (r) => {
      const sealed = next.resealed(SIGNING_SECRET, r.secret);
      if (sealed === null) return null;
      secrets++;
      return { secret: sealed };
    }),
  );
  return { reencrypted: { 'signing secrets': secrets } };
}
