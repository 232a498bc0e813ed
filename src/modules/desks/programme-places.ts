import { sql } from 'kysely';
import type { Db } from '../../db/index.js';

/** What an organisation's desk did in a period, for a programme's coverage board and report. */
export interface DeskPeriodFigures {
  deskId: string;
  venueId: string;
  /** Days on which the desk received people: at least one appointment booked or served (not cancelled). */
  openDays: number;
  /** Appointments marked served. */
  served: number;
}

/**
 * Every desk of the organisation that had appointments starting in [from, to) (UTC instants), in
 * one statement. The day is the date of the UTC instant: desks open in daytime, when the Rome date
 * and the UTC date are the same.
 */
export async function deskPeriodFigures(db: Db, organisationId: string, from: string, to: string): Promise<DeskPeriodFigures[]> {
  const rows = await db.k
    .selectFrom('desk_appointments as a')
    .innerJoin('desks as d', 'd.id', 'a.desk_id')
    .select([
      'd.id',
      'd.venue_id',
      sql<number>`count(distinct substr(a.start_at, 1, 10))`.as('days'),
      sql<number>`coalesce(sum(case when a.status = 'served' then 1 else 0 end), 0)`.as('served'),
    ])
    .where('d.organisation_id', '=', organisationId)
    .where('a.status', '!=', 'cancelled')
    .where('a.start_at', '>=', from)
    .where('a.start_at', '<', to)
    .groupBy(['d.id', 'd.venue_id'])
    .execute();
  return rows.map((r) => ({ deskId: r.id, venueId: r.venue_id, openDays: Number(r.days), served: Number(r.served) }));
}
