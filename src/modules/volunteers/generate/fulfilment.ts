import type { Db } from '../../../db/index.js';
import { attendedBetween } from '../repo.js';

/** What an organisation's volunteers gave in a period: counted for its commitments in an agreement. */
export interface VolunteerFulfilment {
  /** Shifts at which at least one of its volunteers was marked present. */
  shifts: number;
  /** Hours of presence, a volunteer's shift counted once for each volunteer present. */
  hours: number;
  /** Volunteers present at least once. */
  volunteers: number;
}

/** The shifts staff marked the organisation's volunteers present at, starting in [from, to). */
export async function volunteerFulfilment(db: Db, organisationId: string, from: string, to: string): Promise<VolunteerFulfilment> {
  const rows = await attendedBetween(db, from, to)
    .select(['shifts.id', 'shifts.starts_at', 'shifts.ends_at', 'volunteers.id as volunteer_id'])
    .where('volunteers.organisation_id', '=', organisationId)
    .execute();
  const ms = rows.reduce((sum, r) => sum + Date.parse(r.ends_at) - Date.parse(r.starts_at), 0);
  return {
    shifts: new Set(rows.map((r) => r.id)).size,
    hours: Math.round((ms / 3_600_000) * 100) / 100,
    volunteers: new Set(rows.map((r) => r.volunteer_id)).size,
  };
}
