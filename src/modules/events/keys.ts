import type { Deps } from '../../core/deps.js';
import type { KeyRing } from '../../core/keys.js';
import type { KeyRotation } from '../../core/module.js';
import { rewriteRows } from '../../core/rows.js';
import { contactValue } from './booking-keys.js';
import { rotateInvitationKeys } from './visibility.js';

/**
 * `rotate-data-key` for bookings: the returning-person hash is computed again from the contact
 * still kept (erased bookings have neither), and each manage link's hash is stored again for the
 * link under the new key, so e-mails sent after the rotation carry working links; links sent
 * before it still open while the old key is in DATA_KEY_PREVIOUS (core/keys.ts).
 */
export async function rotateKeys(deps: Pick<Deps, 'db'>, next: KeyRing): Promise<KeyRotation> {
  let contacts = 0;
  let links = 0;
  const columns = ['id', 'email', 'phone', 'contact_hash', 'manage_token_hash'] as const;
  await deps.db.k.transaction().execute((trx) =>
    rewriteRows(trx, 'registrations', 'id', columns, (r) => {
      const hash = r.contact_hash !== null && (r.email || r.phone) ? next.hash('events.contact', contactValue(r)) : r.contact_hash;
      const link = next.relinkedHash('events.manage', r.id, r.manage_token_hash);
      if (hash === r.contact_hash && link === null) return null;
      if (hash !== r.contact_hash) contacts++;
      if (link !== null) links++;
      return { contact_hash: hash, manage_token_hash: link ?? r.manage_token_hash };
    }),
  );
  const invitations = await rotateInvitationKeys(deps.db, next);
  // Named only when there are any: most installations have no course by invitation.
  return { rekeyed: { 'contact hashes': contacts, 'manage links': links, ...(invitations ? { 'invitation hashes': invitations } : {}) } };
}
