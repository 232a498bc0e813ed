import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import type { Lang } from '../../core/i18n.js';
import type { Db } from '../../db/index.js';
import type { MunicipalityView, Venue } from '../organisations/service.js';
import type { BookingInput, EventCreateInput, EventPatchInput, SeriesCreateInput } from './schemas.js';
import type { AgeBand, Audience, EventFormat, EventStatus, EventType, RegistrationStatus, Topic, WaitlistMode } from './vocab.js';

export type { BookingInput, EventCreateInput, EventPatchInput, SeriesCreateInput } from './schemas.js';

// ---------- views ----------

export interface SessionView {
  /** ISO instants (UTC). */
  start: string;
  end: string;
}

/** Why booking is closed; null when it is open. */
export type BookingClosedReason = 'draft' | 'cancelled' | 'not-required' | 'not-yet-open' | 'closed' | 'started' | 'past';

export interface EventDetail {
  id: string;
  organisation: { id: string; name: string };
  programme: { id: string; name: string } | null;
  seriesId: string | null;
  title: string;
  description: string | null;
  type: EventType;
  format: EventFormat;
  /** The full venue (map link, step-free access, accessibility notes); null for online events. */
  venue: Venue | null;
  municipality: MunicipalityView | null;
  sessions: SessionView[];
  /** First session's start and last session's end. */
  start: string;
  end: string;
  audiences: Audience[];
  topics: Topic[];
  partners: { id: string; name: string }[];
  capacity: number;
  seatsLeft: number;
  /** Seats on the waiting list. */
  waiting: number;
  full: boolean;
  maxSeatsPerBooking: number;
  bookingRequired: boolean;
  bookingOpensAt: string | null;
  bookingClosesAt: string | null;
  bookingOpen: boolean;
  bookingClosedReason: BookingClosedReason | null;
  status: EventStatus;
  cancelReason: string | null;
  accessibility: string | null;
  waitlistMode: WaitlistMode;
  offerHours: number;
  /** Whether a link is given to booked people (online and hybrid events); the link itself never appears here. */
  hasOnlineLink: boolean;
  createdAt: string;
  updatedAt: string;
  /** The public page. */
  page: string;
}

export interface BookOptions {
  source: 'web' | 'api' | 'staff';
  /** The staff member booking on behalf of a caller. */
  bookedBy?: string | null;
  lang?: Lang;
}

export interface BookResult {
  registration: {
    id: string;
    status: Exclude<RegistrationStatus, 'cancelled'>;
    /** 1-based place in the waiting list, for waitlisted bookings. */
    position?: number;
    seats: number;
    ticketCode: string;
  };
  /**
   * The private token of the manage link. Null when the person already had a booking: it is then
   * never handed to whoever typed their e-mail again; the link is sent again to their mailbox.
   */
  manageToken: string | null;
  existing: boolean;
}

export interface RegistrationView {
  id: string;
  eventId: string;
  status: RegistrationStatus;
  seats: number;
  position: number | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  audience: Audience | null;
  ageBand: AgeBand | null;
  ticketCode: string;
  offerExpiresAt: string | null;
  source: string;
  lang: Lang;
  createdAt: string;
  cancelledAt: string | null;
  /** The private manage page (with the token the caller already holds). */
  manageUrl: string;
}

export interface RegistrationListItem {
  id: string;
  status: RegistrationStatus;
  seats: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  position?: number;
  offerExpiresAt?: string | null;
  createdAt: string;
  source: string;
}

// ---------- signatures (being filled in) ----------

export async function createEvent(deps: Deps, principal: Principal | null, input: EventCreateInput | unknown): Promise<{ id: string }> {
  throw new Error('createEvent: not implemented yet');
}

export async function updateEvent(deps: Deps, eventId: string, input: EventPatchInput | unknown): Promise<EventDetail> {
  throw new Error('updateEvent: not implemented yet');
}

export async function createSeries(
  deps: Deps,
  principal: Principal | null,
  input: SeriesCreateInput | unknown,
): Promise<{ seriesId: string; eventIds: string[] }> {
  throw new Error('createSeries: not implemented yet');
}

export async function getEvent(db: Db, id: string, opts?: { includeDrafts?: boolean }): Promise<EventDetail> {
  throw new Error('getEvent: not implemented yet');
}

export async function onlineUrlFor(db: Db, registrationId: string): Promise<string | null> {
  throw new Error('onlineUrlFor: not implemented yet');
}

export async function book(deps: Deps, eventId: string, input: BookingInput | unknown, opts: BookOptions): Promise<BookResult> {
  throw new Error('book: not implemented yet');
}

export async function getByManageToken(
  db: Db,
  registrationId: string,
  token: string,
): Promise<{ registration: RegistrationView; event: EventDetail }> {
  throw new Error('getByManageToken: not implemented yet');
}

export async function cancelRegistration(deps: Deps, registrationId: string, token: string): Promise<RegistrationView> {
  throw new Error('cancelRegistration: not implemented yet');
}

export async function changeSeats(deps: Deps, registrationId: string, token: string, seats: number): Promise<RegistrationView> {
  throw new Error('changeSeats: not implemented yet');
}

export async function acceptOffer(deps: Deps, registrationId: string, token: string): Promise<RegistrationView> {
  throw new Error('acceptOffer: not implemented yet');
}

export async function declineOffer(deps: Deps, registrationId: string, token: string): Promise<RegistrationView> {
  throw new Error('declineOffer: not implemented yet');
}

export async function listRegistrations(db: Db, eventId: string): Promise<{ items: RegistrationListItem[] }> {
  throw new Error('listRegistrations: not implemented yet');
}

export async function cancelEvent(deps: Deps, eventId: string, reason: string): Promise<EventDetail> {
  throw new Error('cancelEvent: not implemented yet');
}

export async function organisationOfEvent(db: Db, id: string | undefined): Promise<string | undefined> {
  throw new Error('organisationOfEvent: not implemented yet');
}

export async function organisationOfRegistration(db: Db, id: string | undefined): Promise<string | undefined> {
  throw new Error('organisationOfRegistration: not implemented yet');
}
