import { sql } from 'kysely';
import type { Db } from '../../db/index.js';

/** A programme's facilitation in one comune over a period, for its coverage board and report. */
export interface FacilitationPlaceFigures {
  municipalityCode: string;
  /** Services recorded (one record is one service to one citizen). */
  services: number;
  /** Days with at least one service recorded there. */
  days: number;
  /** Citizens identified in the records, each once in this comune. */
  citizens: number;
}

/** The programme's records dated `from`–`to` (YYYY-MM-DD, both included), by comune, in one statement. */
export async function facilitationByPlace(db: Db, programmeId: string, from: string, to: string): Promise<FacilitationPlaceFigures[]> {
  const rows = await db.k
    .selectFrom('facilitation_records')
    .select([
      'municipality_code',
      (eb) => eb.fn.countAll<number>().as('services'),
      sql<number>`count(distinct service_date)`.as('days'),
      sql<number>`count(distinct citizen_id)`.as('citizens'),
    ])
    .where('programme_id', '=', programmeId)
    .where('service_date', '>=', from)
    .where('service_date', '<=', to)
    .groupBy('municipality_code')
    .execute();
  return rows.map((r) => ({
    municipalityCode: r.municipality_code,
    services: Number(r.services),
    days: Number(r.days),
    citizens: Number(r.citizens),
  }));
}
