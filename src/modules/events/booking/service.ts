import { auditLog } from '../../../core/audit.js';
import type { Deps } from '../../../core/deps.js';
import { type Lang, pickLang } from '../../../core/i18n.js';
import { isId, newId } from '../../../core/ids.js';
import { currentRequestId } from '../../../core/logging.js';
import { fieldError, Problem, refuse } from '../../../core/problems.js';
import { nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import { isUniqueViolation, type Op, runOp } from '../../../db/op-driver.js';
import type { RegistrationTable } from '../../../db/schema.js';
import { contactHash, manageToken, manageTokenMatches, ticketCode, tokenHash } from '../booking-keys.js';
import type { AgeBand, Audience, RegistrationStatus } from '../catalogue/vocab.js';
import { refuseTitled } from '../refusals.js';
import * as repo from '../repo.js';
import { Booking, type BookingData, type BookingInput, Seats } from '../schemas.js';
import { type BookingDeps, bookingClosedReason, closedWords, type EventDetail, getEvent } from '../service.js';
import { checkInvited } from '../visibility.js';
import { checkExtras, hasExtras } from './answers.js';
import { seatsAllowed } from './bookable.js';
import { acceptOp, type BookOutcome, bookOp, cancelOp, changeSeatsOp, declineOp, lapseOp, type NewRegistration } from './engine.js';
import { pgBookFast } from './group.js';
import { eraseOwnBookingOp } from './privacy.js';
import { type BookingDetails, bookingDetailsOfEvent, bookingFormOf } from './questions-repo.js';
import { Refusal } from './refusal.js';

const eventLog = auditLog('event');

/**
 * Bookings as people and staff make and change them: the checks and answers around the booking
 * engine's operations (engine.ts), the manage link, the list of an event's registrations.
 */

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
  /** Answers to the event's questions and, for an activity for minors, the child and the guardian. */
  details?: BookingDetails;
}

// ---------- bookings ----------

/**
 * Books seats, or a place on the waiting list when the event is full. The same person (same
 * e-mail, or phone without e-mail) booking again gets their existing booking back.
 */
export async function book(deps: BookingDeps, eventId: string, input: BookingInput | unknown, opts: BookOptions): Promise<BookResult> {
  if (!isId(eventId)) throw refuse(404, 'events.error.notFound');
  return bookValid(deps, eventId, parse(Booking, input), opts);
}

/** `book` for input already checked against the Booking schema (the API route has parsed it once). */
export async function bookValid(deps: BookingDeps, eventId: string, data: BookingData, opts: BookOptions): Promise<BookResult> {
  const { db, config } = deps;
  if (!isId(eventId)) throw refuse(404, 'events.error.notFound');
  const now = nowIso();
  const reg: NewRegistration = {
    eventId,
    seats: data.seats,
    name: data.name,
    email: data.email ?? null,
    phone: data.phone ?? null,
    contactHash: contactHash(config, data),
    audience: data.audience ?? null,
    ageBand: data.ageBand ?? null,
    source: opts.source,
    bookedBy: opts.bookedBy ?? null,
    lang: opts.lang ?? 'it',
    privacyAcceptedAt: data.privacyAccepted ? now : null,
    requestId: currentRequestId(),
    manageTokenHash: (id) => {
      made = { id, token: manageToken(config, id) };
      return tokenHash(made.token);
    },
  };
  // The event's form is read first only when the booking brings answers or a child's details;
  // otherwise the booking's own first statement says whether the event asks for any (a course by
  // invitation, questions, an activity for minors) and refuses with 'form', writing nothing.
  if (givesExtras(data)) await checkForm(deps, reg, data, opts.source);
  // The token written into the answer is the one whose hash was stored (no second MAC to compute).
  let made: { id: string; token: string } | undefined;
  let outcome: BookOutcome | undefined;
  for (let attempt = 0; !outcome; attempt++) {
    try {
      if (db.dialect === 'postgres' && attempt === 0 && !reg.extras) outcome = (await pgBookFast(db, reg, now)) ?? undefined;
      outcome ??= await runOp(db, () => bookOp(reg, now));
    } catch (err) {
      if (err instanceof Refusal && err.code === 'form' && !reg.formChecked) {
        await checkForm(deps, reg, data, opts.source);
        continue;
      }
      // The same person booking twice at the same moment: the unique index refused the second
      // row; run again and the first one's booking is found and returned.
      if (isUniqueViolation(err) && attempt < 3) continue;
      if (err instanceof Refusal && err.code === 'unavailable') throw await whyUnavailable(db, eventId, data.seats);
      throw err;
    }
  }
  return {
    registration: {
      id: outcome.id,
      status: outcome.status,
      ...(outcome.position !== undefined ? { position: outcome.position } : {}),
      seats: outcome.seats,
      ticketCode: outcome.ticketCode,
    },
    manageToken: outcome.existing ? null : made?.id === outcome.id ? made.token : manageToken(config, outcome.id),
    existing: outcome.existing,
  };
}

/** True when the booking brings anything the event's form checks: answers, a child or a guardian. */
function givesExtras(data: BookingData): boolean {
  return (!!data.answers && Object.keys(data.answers).length > 0) || data.child !== undefined || data.guardian !== undefined;
}

/**
 * Reads the event's booking form and checks the booking against it before anything is written: a
 * course by invitation takes only the contacts on its list (visibility.ts), and the answers and a
 * child's details must be those the form asks for.
 */
async function checkForm(deps: BookingDeps, reg: NewRegistration, data: BookingData, source: BookOptions['source']): Promise<void> {
  const form = await bookingFormOf(deps.db, reg.eventId);
  if (form.visibility === 'invitation' && source !== 'staff') await checkInvited(deps, reg.eventId, data, source);
  const extras = checkExtras(form, data, source);
  if (hasExtras(extras)) reg.extras = extras;
  reg.formChecked = true;
}

/**
 * The answer a new booking would have had, for a caller whose contact already has a booking:
 * a fresh id, ticket code and token that open nothing, the status (and place in line) that the
 * seats asked for would get now. So the answer never tells whether someone is booked, nor hands
 * out their booking; the owner of the address gets their own link by e-mail instead.
 */
export async function lookalikeBooking(deps: BookingDeps, eventId: string, seats: number): Promise<BookResult> {
  const row = await repo.eventRow(deps.db, eventId);
  // A new booking would have been refused: the same refusal, with the same words.
  if (!row || row.status === 'draft' || bookingClosedReason(row) || !seatsAllowed(row, seats)) {
    throw await whyUnavailable(deps.db, eventId, seats);
  }
  const fits = Number(row.waiting) === 0 && Number(row.taken) + seats <= Number(row.capacity);
  const id = newId();
  return {
    registration: {
      id,
      status: fits ? 'confirmed' : 'waitlisted',
      ...(fits ? {} : { position: await repo.waitingPosition(deps.db, eventId, LAST_ID) }),
      seats,
      ticketCode: ticketCode(),
    },
    manageToken: manageToken(deps.config, id),
    existing: false,
  };
}

/** Sorts after every id: the place in line of one more entry is the count of those waiting, plus one. */
const LAST_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** The booking was refused inside the transaction: read the event once and say why, plainly. */
async function whyUnavailable(db: Db, eventId: string, seats: number): Promise<Problem> {
  const row = await repo.eventRow(db, eventId);
  if (!row || row.status === 'draft') return refuse(404, 'events.error.notFound');
  const reason = bookingClosedReason(row);
  if (reason) {
    const status = reason === 'not-required' ? 422 : 409;
    const { key, vars } = closedWords(reason, row);
    const title = status === 409 ? 'events.error.closed.title' : 'events.error.notRequired.title';
    return refuseTitled(status, title, key, vars, undefined, { reason });
  }
  if (!seatsAllowed(row, seats)) {
    return tooManySeats(Number(row.max_seats_per_booking));
  }
  // The window closed between the two statements (a rare race): say so.
  return refuse(409, 'events.error.notOpenNow');
}

function presentRegistration(row: RegistrationTable, position: number | null, token: string): RegistrationView {
  return {
    id: row.id,
    eventId: row.event_id,
    status: row.status,
    seats: Number(row.seats),
    position,
    name: row.name,
    email: row.email,
    phone: row.phone,
    audience: row.audience as Audience | null,
    ageBand: row.age_band as AgeBand | null,
    ticketCode: row.ticket_code,
    offerExpiresAt: row.offer_expires_at,
    source: row.source,
    lang: pickLang(row.lang) ?? 'it',
    createdAt: row.created_at,
    cancelledAt: row.cancelled_at,
    manageUrl: manageUrl(row.id, token),
  };
}

/** The private page where a person manages their booking (relative; e-mails prefix BASE_URL). */
export function manageUrl(registrationId: string, token: string): string {
  return `/prenotazioni/${registrationId}?token=${encodeURIComponent(token)}`;
}

/** `&lang=en` on a private link for a person who booked in a language other than Italian (the default). */
export function langParam(lang: string | null | undefined): string {
  const l = pickLang(lang);
  return l && l !== 'it' ? `&lang=${l}` : '';
}

/**
 * The short digital-competence test for an event's attendees, before ("prima") or after ("dopo")
 * it. The skills module files the result under the event and phase named in the address, so a
 * link is all this module needs to know about it.
 */
export function skillsCheckUrl(eventId: string, phase: 'prima' | 'dopo', lang?: string): string {
  return `/competenze/breve?evento=${eventId}&fase=${phase}${langParam(lang)}`;
}

/** Finds a registration by its manage link; a wrong token is "not found", never a hint. */
async function byToken(deps: Pick<Deps, 'db' | 'config'>, registrationId: string, token: string): Promise<RegistrationTable> {
  if (!isId(registrationId) || typeof token !== 'string' || token.length < 10 || token.length > 200) {
    throw refuse(404, 'events.error.booking.link');
  }
  const row = await repo.registrationRow(deps.db, registrationId);
  if (!row || !manageTokenMatches(deps.config, row.id, token, row.manage_token_hash)) throw refuse(404, 'events.error.booking.link');
  if (row.anonymised_at) throw refuseTitled(410, 'events.error.booking.erased.title', 'events.error.booking.erased');
  return row;
}

async function view(db: Db, row: RegistrationTable, token: string): Promise<RegistrationView> {
  const position = row.status === 'waitlisted' ? await repo.waitingPosition(db, row.event_id, row.id) : null;
  return presentRegistration(row, position, token);
}

export async function getByManageToken(
  deps: Pick<Deps, 'db' | 'config'>,
  registrationId: string,
  token: string,
): Promise<{ registration: RegistrationView; event: EventDetail }> {
  const row = await byToken(deps, registrationId, token);
  return { registration: await view(deps.db, row, token), event: await getEvent(deps.db, row.event_id, { includeDrafts: true }) };
}

const GONE = () => refuseTitled(410, 'events.error.booking.gone.title', 'events.error.booking.gone');

/** More seats than one booking may take. */
const tooManySeats = (max: number) =>
  refuse(422, 'events.error.seats.tooMany', { max }, [fieldError('seats', 'events.error.seats.tooMany.field', { max })]);

export function refusalProblem(err: unknown): unknown {
  if (!(err instanceof Refusal)) return err;
  switch (err.code) {
    case 'not-found':
      return refuse(404, 'events.error.booking.missing');
    case 'already-cancelled':
    case 'gone':
      return GONE();
    case 'too-many-seats':
      return tooManySeats(Number(err.data.max));
    case 'no-seats':
      return err.data.free
        ? refuse(409, 'events.error.noSeats.some', { free: Number(err.data.free) }, undefined, { free: err.data.free })
        : refuse(409, 'events.error.noSeats', undefined, undefined, { free: err.data.free });
    case 'not-offered':
      return refuse(409, 'events.error.notOffered');
    case 'offer-expired':
      return refuseTitled(410, 'events.error.offerExpired.title', 'events.error.offerExpired');
    default:
      return refuse(409, 'events.error.notNow');
  }
}

async function change(
  deps: BookingDeps,
  registrationId: string,
  token: string,
  make: (row: RegistrationTable, now: string) => Op<unknown>,
): Promise<RegistrationView> {
  const row = await byToken(deps, registrationId, token);
  if (row.status === 'cancelled') throw GONE();
  try {
    await runOp(deps.db, () => make(row, nowIso()));
  } catch (err) {
    throw refusalProblem(err);
  }
  return view(deps.db, (await repo.registrationRow(deps.db, registrationId)) as RegistrationTable, token);
}

/** Cancels a booking or leaves the waiting list; the first in line gets the freed seats. */
export async function cancelRegistration(deps: BookingDeps, registrationId: string, token: string): Promise<RegistrationView> {
  return change(deps, registrationId, token, (row, now) => cancelOp(row.event_id, row.id, now, true));
}

/**
 * The person erases their booking's personal data through the manage link: a booking of an event
 * still to come is cancelled too; afterwards the link answers "no longer available".
 */
export async function eraseOwnData(deps: BookingDeps, registrationId: string, token: string): Promise<void> {
  const row = await byToken(deps, registrationId, token);
  const ev = await repo.eventRow(deps.db, row.event_id);
  const now = nowIso();
  const stillToCome = !!ev && ev.status === 'published' && ev.ends_at > now;
  try {
    await runOp(deps.db, () => eraseOwnBookingOp(row, stillToCome, now));
  } catch (err) {
    throw refusalProblem(err);
  }
}

/** Changes the number of seats of a booking or of a waiting-list entry. */
export async function changeSeats(deps: BookingDeps, registrationId: string, token: string, seats: number): Promise<RegistrationView> {
  const { seats: n } = parse(Seats, { seats });
  const row = await byToken(deps, registrationId, token);
  const ev = await repo.eventRow(deps.db, row.event_id);
  if (ev && (ev.status !== 'published' || ev.ends_at <= nowIso())) {
    throw refuse(409, ev.status === 'cancelled' ? 'events.error.seats.cancelled' : 'events.error.seats.past');
  }
  return change(deps, registrationId, token, (r, now) => changeSeatsOp(r.event_id, r.id, n, now));
}

export async function acceptOffer(deps: BookingDeps, registrationId: string, token: string): Promise<RegistrationView> {
  try {
    return await change(deps, registrationId, token, (r, now) => acceptOp(r.event_id, r.id, now));
  } catch (err) {
    // An offer past its time that the job has not lapsed yet: lapse it now, then say so.
    if (err instanceof Problem && err.keys?.title === 'events.error.offerExpired.title') {
      const row = await repo.registrationRow(deps.db, registrationId);
      if (row) await runOp(deps.db, () => lapseOp(row.event_id, row.id, nowIso()));
    }
    throw err;
  }
}

export async function declineOffer(deps: BookingDeps, registrationId: string, token: string): Promise<RegistrationView> {
  return change(deps, registrationId, token, (r, now) => declineOp(r.event_id, r.id, now));
}

/** The job that lapses an offer nobody answered. */
export async function lapseOffer(deps: BookingDeps, registrationId: string): Promise<void> {
  const row = await repo.registrationRow(deps.db, registrationId);
  if (row?.status !== 'offered') return;
  await runOp(deps.db, () => lapseOp(row.event_id, row.id, nowIso()));
}

/** Every registration of an event for its staff: booked first, then the waiting list in order, then cancelled. */
export async function listRegistrations(db: Db, eventId: string): Promise<{ items: RegistrationListItem[] }> {
  if (!isId(eventId)) throw refuse(404, 'events.error.notFound');
  const [rows, details] = await Promise.all([repo.registrationsOfEvent(db, eventId), bookingDetailsOfEvent(db, eventId)]);
  const rank: Record<string, number> = { confirmed: 0, offered: 1, waitlisted: 2, cancelled: 3 };
  let position = 0;
  const items = [...rows]
    .sort((a, b) => rank[a.status] - rank[b.status] || (a.id < b.id ? -1 : 1))
    .map((r) => ({
      id: r.id,
      status: r.status,
      seats: Number(r.seats),
      name: r.name,
      email: r.email,
      phone: r.phone,
      ...(r.status === 'waitlisted' ? { position: ++position } : {}),
      ...(r.status === 'offered' ? { offerExpiresAt: r.offer_expires_at } : {}),
      createdAt: r.created_at,
      source: r.source,
      ...(details.has(r.id) ? { details: details.get(r.id) } : {}),
    }));
  return { items };
}

/** Staff access to personal data is audited: one row per view of an event's registrations. */
export async function auditRegistrationsView(
  db: Db,
  eventId: string,
  viewer: { userId: string | null; organisationId: string | null; via: 'api' | 'page' | 'csv' },
): Promise<void> {
  await eventLog(db.k, 'view-registrations', { id: eventId, organisationId: viewer.organisationId }, viewer, { via: viewer.via });
}
