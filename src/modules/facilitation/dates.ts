import { fieldError, type Problem, refuse } from '../../core/problems.js';
import { now, romeDate } from '../../core/time.js';

/** Today's date in Rome (YYYY-MM-DD): services are dated by the day they happened there. */
export function todayInRome(): string {
  return romeDate(now().getTime());
}

/** The refusal of a period whose end comes before its start. */
export const badPeriod = (): Problem => refuse(422, 'fac.err.period', undefined, [fieldError('to', 'fac.err.period.to')]);
