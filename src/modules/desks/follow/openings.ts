import type { Db } from '../../../db/index.js';
import { loadSchedule } from '../booking/availability.js';
import { getDeskCore } from '../setup/desks.js';
import { datesBetween, planDay } from '../slots.js';

/** One opening of a desk: a period of a day when it receives people. */
export interface DeskOpening {
  /** ISO instants (UTC). */
  start: string;
  end: string;
  operators: number;
}

/**
 * A desk's openings from `from` to `to` ('YYYY-MM-DD', inclusive), as its booking engine plans
 * them: weekly hours, closures, holidays and extra openings (those taken from an event's sessions too).
 */
export async function deskOpenings(db: Db, deskId: string, from: string, to: string): Promise<DeskOpening[]> {
  const desk = await getDeskCore(db, deskId, { includeInactive: true });
  const schedule = await loadSchedule(db, desk, from, to);
  return datesBetween(from, to).flatMap((date) =>
    planDay(date, schedule).periods.map((p) => ({
      start: new Date(p.start).toISOString(),
      end: new Date(p.end).toISOString(),
      operators: p.operators,
    })),
  );
}
