import { hasRole } from '../../core/access.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { addressOf, type Organiser } from '../../core/ics.js';
import { keyRing } from '../../core/keys.js';
import { ORG_STAFF } from '../../core/roles.js';
import { getOrganisation } from '../organisations/service.js';
import { linkedAppointment } from './booking/appointments.js';
import { appointmentIcs } from './emails.js';
import type { DeskView } from './model.js';
import { DEFAULT_SERVICES, type ServiceData } from './schemas.js';
import { getDesk } from './setup/desks.js';

/**
 * The desks' public face: what the routes, the jobs and other modules call. The work is done in
 * setup/ (desks, exceptions, operators) and booking/ (slots, holds, appointments, the day);
 * the private link and contact keys stay here.
 */
export * from './booking/agenda.js';
export * from './booking/appointments.js';
export * from './booking/availability.js';
export * from './booking/by-code.js';
export * from './booking/callback-subjects.js';
export * from './booking/holds.js';
export { FollowingDesksNotice } from './follow/notice.js';
export { type DeskOpening, deskOpenings } from './follow/openings.js';
export { desksFollowing } from './follow/service.js';
export { holidayName, holidaysOf } from './holidays.js';
export * from './model.js';
export { type DeskPeriodFigures, deskPeriodFigures } from './programme-places.js';
export { DEFAULT_SERVICES, MAX_SLOT_DAYS } from './schemas.js';
export * from './setup/desks.js';
export * from './setup/exceptions.js';
export { dayLabel, romeDate, romeIso, slotLabel } from './slots.js';

// ---------- tokens and contacts ----------

/**
 * The private link's token is derived from the appointment id with the server's data key, so a
 * reminder or a staff notice sent days later can carry the link again; the database stores only
 * its hash, and a dump of it opens nothing.
 */
export function manageToken(deps: Pick<Deps, 'config'>, appointmentId: string): string {
  return keyRing(deps.config).link('desks.manage', appointmentId);
}

export function contactHash(deps: Pick<Deps, 'config'>, kind: 'email' | 'phone', value: string): string {
  return keyRing(deps.config).hash('desks.contact', `${kind}:${value}`);
}

/**
 * ORGANIZER of the desk's calendar entries: its organisation with its own address, or Ponte's
 * sender address when the organisation has published none (RFC 5545 wants an address).
 */
export async function deskOrganiser(deps: Pick<Deps, 'db' | 'config'>, desk: Pick<DeskView, 'organisation'>): Promise<Organiser> {
  const org = await getOrganisation(deps.db, desk.organisation.id);
  return { name: org.name, email: org.email ?? addressOf(deps.config.mailFrom) };
}

/** The appointment's calendar file, through its private link; it follows the appointment (moved, cancelled). */
export async function appointmentCalendar(deps: Pick<Deps, 'db' | 'config'>, id: string, token: string | undefined): Promise<string> {
  const row = await linkedAppointment(deps, id, token);
  const desk = await getDesk(deps.db, row.desk_id, { includeInactive: true });
  const service = desk.services.find((s) => s.code === row.service_code);
  return appointmentIcs(row, desk, service?.name ?? row.service_code, {
    cancelled: row.status === 'cancelled',
    url: manageUrl(deps, row.id),
    organiser: await deskOrganiser(deps, desk),
  });
}

export function manageUrl(deps: Pick<Deps, 'config'>, appointmentId: string): string {
  return `${deps.config.baseUrl}/appuntamenti/${appointmentId}?token=${manageToken(deps, appointmentId)}`;
}

/** Whether the principal may manage desks of the organisation (create, change, move, cancel). */
export function canManage(principal: Principal | null, organisationId: string): boolean {
  return hasRole(principal, organisationId, ORG_STAFF);
}

export { organisationOfAppointment, organisationOfDesk, organisationOfException, organisationOfOperator } from './repo.js';

/** The defaults offered when a desk is created, by code. */
export function defaultService(code: string): ServiceData | undefined {
  const s = DEFAULT_SERVICES.find((d) => d.code === code);
  return s ? { ...s, bring: [...s.bring] } : undefined;
}
