import type { Db } from '../../../db/index.js';

/** Whom to call for the "da avvisare per telefono" list: name, number and the appointment, read here (desks own them). */
export interface AppointmentToCall {
  id: string;
  deskId: string;
  deskName: string;
  start: string;
  name: string | null;
  phone: string;
  code: string | null;
  status: string;
}

/** The appointments named by the callbacks list; an erased one (no phone any more) is left out. */
export async function appointmentsToCall(db: Db, ids: string[]): Promise<AppointmentToCall[]> {
  if (ids.length === 0) return [];
  const rows = await db.k
    .selectFrom('desk_appointments as a')
    .innerJoin('desks as d', 'd.id', 'a.desk_id')
    .select(['a.id', 'a.desk_id', 'd.name as desk_name', 'a.start_at', 'a.name', 'a.phone', 'a.code', 'a.status'])
    .where('a.id', 'in', ids)
    .where('a.phone', 'is not', null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    deskId: r.desk_id,
    deskName: r.desk_name,
    start: r.start_at,
    name: r.name,
    phone: r.phone as string,
    code: r.code ?? null,
    status: r.status,
  }));
}
