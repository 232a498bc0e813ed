import type { Deps } from '../../core/deps.js';
import type { KeyRing } from '../../core/keys.js';
import type { KeyRotation } from '../../core/module.js';
import { rewriteRows } from '../../core/rows.js';

/**
 * `rotate-data-key` for appointments: the per-person hashes are computed again from the e-mail
 * and phone still kept, and each private link's hash is stored again for the link under the new
 * key; links sent before still open while the old key is in DATA_KEY_PREVIOUS (core/keys.ts).
 */
export async function rotateKeys(deps: Pick<Deps, 'db'>, next: KeyRing): Promise<KeyRotation> {
  let contacts = 0;
  let links = 0;
  const columns = ['id', 'email', 'phone', 'email_hash', 'phone_hash', 'manage_token_hash'] as const;
  await deps.db.k.transaction().execute((trx) =>
    rewriteRows(trx, 'desk_appointments', 'id', columns, (r) => {
      const email = r.email && r.email_hash ? next.hash('desks.contact', `email:${r.email}`) : r.email_hash;
      const phone = r.phone && r.phone_hash ? next.hash('desks.contact', `phone:${r.phone}`) : r.phone_hash;
      const link = next.relinkedHash('desks.manage', r.id, r.manage_token_hash);
      const changed = (email !== r.email_hash ? 1 : 0) + (phone !== r.phone_hash ? 1 : 0);
      if (changed === 0 && link === null) return null;
      contacts += changed;
      if (link !== null) links++;
      return { email_hash: email, phone_hash: phone, manage_token_hash: link ?? r.manage_token_hash };
    }),
  );
  return { rekeyed: { 'contact hashes': contacts, 'appointment links': links } };
}
