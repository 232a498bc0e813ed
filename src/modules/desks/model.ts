import { now } from '../../core/time.js';
import type { DeskAppointmentTable, DeskExceptionTable } from '../../db/schema.js';
import type { MunicipalityView } from '../organisations/service.js';
import { romeDate } from './slots.js';

/** What the desks module works with: its constants, job names and the views its functions return. */

/** How long a chosen slot is kept for the citizen filling in the form. */
export const HOLD_MS = 5 * 60 * 1000;
/** How far ahead a slot can be booked. */
export const BOOKING_HORIZON_DAYS = 366;
/** The day-before reminder leaves at this Rome time. */
export const REMINDER_HOUR = 9;

export const DESK_BOOKED_JOB = 'desks.booked';
export const DESK_REMINDER_JOB = 'desks.reminder';
export const DESK_ANONYMISE_JOB = 'desks.anonymise';
/** An e-mail about an appointment, rendered when it leaves (jobs.ts): the payload names no one. */
export const DESK_MAIL_JOB = 'desks.mail';

export interface DeskMailPayload {
  appointmentId: string;
  mail: 'confirmed' | 'moved' | 'cancelled' | 'limit';
  /** The per-person limit: the owner's other appointments counted, besides `appointmentId`. */
  others?: string[];
  /** A move: the time it had before. */
  was?: { start: string; end: string };
  byStaff?: boolean;
  /** The desk's reason for a cancellation, as the operator typed it. */
  reason?: string;
}

/** Dedupe key of an appointment's e-mail; without `what`, the prefix of all of them. */
export function deskMailKey(appointmentId: string, what?: string): string {
  return `desk-mail:${appointmentId}:${what ?? ''}`;
}

// ---------- views ----------

export interface ServiceView {
  code: string;
  name: string;
  durationMinutes: number;
  bring: string[];
}

export interface OpeningHourView {
  weekday: number;
  start: string;
  end: string;
  operators: number;
}

export interface DeskView {
  id: string;
  name: string;
  description: string | null;
  organisation: { id: string; name: string };
  venue: {
    id: string;
    name: string;
    address: string;
    municipality: MunicipalityView | null;
    mapUrl: string;
    stepFree: boolean;
    accessibility: string | null;
  };
  eventId: string | null;
  /** The event a pop-up desk belongs to (published events only). */
  event: { id: string; title: string; page: string; start: string; end: string } | null;
  services: ServiceView[];
  openingHours: OpeningHourView[];
  patronDay: string | null;
  personLimit: { count: number; days: number } | null;
  retentionDays: number;
  active: boolean;
  page: string;
}

/** What booking and slot computation need of a desk: read in three queries, not the whole view. */
export type DeskCore = Pick<DeskView, 'id' | 'services' | 'openingHours' | 'patronDay' | 'personLimit' | 'retentionDays' | 'active'> & {
  organisationId: string;
};

export interface ExceptionView {
  id: string;
  kind: DeskExceptionTable['kind'];
  from: string;
  to: string;
  start: string | null;
  end: string | null;
  operators: number | null;
  note: string | null;
}

export interface OperatorView {
  id: string;
  name: string;
  userId: string | null;
  weekday: number | null;
  date: string | null;
  start: string;
  end: string;
  absent: boolean;
}

export interface SlotView {
  start: string;
  end: string;
  free: number;
}

export interface HoldView {
  id: string;
  deskId: string;
  service: string;
  start: string;
  end: string;
  expiresAt: string;
}

export interface AppointmentView {
  id: string;
  deskId: string;
  service: { code: string; name: string };
  start: string;
  end: string;
  status: DeskAppointmentTable['status'];
  name: string | null;
  email: string | null;
  phone: string | null;
  source: DeskAppointmentTable['source'];
  createdAt: string;
  /** The short code read out or sent by SMS: with the phone or e-mail it opens the appointment at /gestisci. */
  code: string | null;
}

// ---------- formatting ----------

export function todayInRome(): string {
  return romeDate(now().getTime());
}
