import type { Deps } from '../../core/deps.js';
import type { KeyRing } from '../../core/keys.js';
import type { KeyRotation } from '../../core/module.js';
import { resealColumn } from '../../core/rows.js';
import { SIGNING_SECRET } from './secrets.js';

/** `rotate-data-key` for webhooks: every signing secret sealed again under the new key. */
export async function rotateKeys(deps: Pick<Deps, 'db'>, next: KeyRing): Promise<KeyRotation> {
  const secrets = await deps.db.k
    .transaction()
    .execute((trx) => resealColumn(trx, next, 'webhook_subscriptions', 'id', 'secret', SIGNING_SECRET));
  return { reencrypted: { 'signing secrets': secrets } };
}
