import type { Db } from '../../../db/index.js';
import { normaliseTicketCode } from '../door/checkin.js';

/** The booking a ticket code names, with the contacts it was made with; null when none, or erased (manage by code). */
export async function bookingByCode(db: Db, raw: string): Promise<{ id: string; email: string | null; phone: string | null } | null> {
  const code = normaliseTicketCode(raw);
  if (!code) return null;
  const row = await db.k
    .selectFrom('registrations')
    .select(['id', 'email', 'phone', 'anonymised_at'])
    .where('ticket_code', '=', code)
    .executeTakeFirst();
  if (!row || row.anonymised_at) return null;
  return { id: row.id, email: row.email, phone: row.phone };
}
