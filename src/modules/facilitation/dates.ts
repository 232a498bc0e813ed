import { DateTime } from 'luxon';
import { now, ZONE } from '../../core/time.js';

/** Today's date in Rome (YYYY-MM-DD): services are dated by the day they happened there. */
export function todayInRome(): string {
  return DateTime.fromJSDate(now(), { zone: ZONE }).toISODate()!;
}
