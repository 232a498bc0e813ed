import type { Deps } from '../../../core/deps.js';
import { randomFromPool } from '../../../core/ids.js';

/**
 * Appointments' short codes: 8 characters of an alphabet without 0, O, 1 and I (nothing to
 * confuse when read out on the phone or copied from an SMS), shown as ABCD-EFGH; 40 bits, unique
 * across all desks (the database's unique index). With the phone or e-mail used they open the
 * appointment from /gestisci.
 */

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A new appointment code, `ABCD-EFGH`. */
export function appointmentCode(): string {
  let code = '';
  for (const b of randomFromPool(8)) code += ALPHABET[b & 31];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The code as stored when what was typed can be one (any case, blanks or dashes anywhere), else null. */
export function normaliseAppointmentCode(raw: string): string | null {
  const s = raw.toUpperCase().replace(/[\s\-–—_.]+/g, '');
  if (!/^[2-9A-HJ-NP-Z]{8}$/.test(s)) return null;
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** The appointment a code names, with the contacts it was made with and its private link; null when none (or erased). */
export async function appointmentByCode(
  deps: Pick<Deps, 'db' | 'config'>,
  raw: string,
): Promise<{ id: string; email: string | null; phone: string | null } | null> {
  const code = normaliseAppointmentCode(raw);
  if (!code) return null;
  const row = await deps.db.k
    .selectFrom('desk_appointments')
    .select(['id', 'email', 'phone', 'anonymised_at'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row || row.anonymised_at) return null;
  return { id: row.id, email: row.email, phone: row.phone };
}
