import { DateTime } from 'luxon';
import { ownerOf } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { organisationOwner } from '../../organisations/service.js';
import { DateString } from '../schemas.js';
import * as svc from '../service.js';

/** Days shown at once by the slot picker. */
export const PICKER_DAYS = 28;

/** A number typed in a form: empty is undefined, a non-number stays text so the schema names the problem. */
export const num = (v: string): number | string | undefined => (v === '' ? undefined : /^-?\d+$/.test(v) ? Number(v) : v);

export const plusDays = (date: string, days: number) => DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
/** The later of two 'YYYY-MM-DD' dates (they compare as text). */
export const laterDate = (a: string, b: string) => [a, b].sort()[1];
export const validDate = (v: unknown): string | null => (DateString.safeParse(v).success ? (v as string) : null);
/** The `token` of a query, when it is text. */
export const tokenIn = (q: { token?: unknown }): string | undefined => (typeof q.token === 'string' ? q.token : undefined);

/** The organisation owning the record a path names, for `orgAccess`. */
export function owners(deps: Deps) {
  const { db } = deps;
  return {
    desk: ownerOf(db, 'deskId', svc.organisationOfDesk),
    appointment: ownerOf(db, 'appointmentId', svc.organisationOfAppointment),
    exception: ownerOf(db, 'exceptionId', svc.organisationOfException),
    operator: ownerOf(db, 'operatorId', svc.organisationOfOperator),
    organisation: organisationOwner(db),
  };
}
