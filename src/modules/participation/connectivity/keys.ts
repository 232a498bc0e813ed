import type { Deps } from '../../../core/deps.js';
import { KeyRing } from '../../../core/keys.js';
import type { KeyRotation } from '../../../core/module.js';
import * as repo from './repo.js';

/**
 * `rotate-data-key` for connectivity reports: the reporters' e-mails still kept are encrypted
 * again under the new key (those already under it are left as they are, so a second run moves
 * nothing).
 */
export async function rotateContactKeys(deps: Pick<Deps, 'db'>, next: KeyRing): Promise<KeyRotation> {
  let moved = 0;
  await deps.db.k.transaction().execute(async (trx) => {
    for (const r of await repo.withContact(trx)) {
      if (!r.contact_email || KeyRing.keyIdOf(r.contact_email) === next.currentId) continue;
      await repo.setContact(trx, r.id, r.contact_email, next.encrypt(next.decrypt(r.contact_email)));
      moved++;
    }
  });
  return { reencrypted: { 'connectivity contacts': moved } };
}
