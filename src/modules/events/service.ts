import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { hasRole } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import type { Lang } from '../../core/i18n.js';
import { isId, newId } from '../../core/ids.js';
import { badRequest, conflict, type FieldError, forbidden, notFound, Problem, unprocessable } from '../../core/problems.js';
import { ORG_STAFF } from '../../core/roles.js';
import { addMs, formatRome, nowIso, ZONE } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { EventTable, RegistrationTable } from '../../db/schema.js';
import type { MunicipalityView, Venue } from '../organisations/service.js';
import * as organisations from '../organisations/service.js';
import * as programmes from '../programmes/service.js';
import { type BookingClosedReason, closedReason, seatsAllowed } from './booking/bookable.js';
import {
  acceptOp,
  type BookOutcome,
  bookOp,
  cancelEventOp,
  cancelOp,
  changeSeatsOp,
  declineOp,
  lapseOp,
  type NewRegistration,
  notifyChangeOp,
  rescheduleRemindersOp,
  scheduleAnonymisationOp,
  setCapacityOp,
} from './booking/engine.js';
import { pgBookFast } from './booking/group.js';
import { isUniqueViolation, type Op, Refusal, runOp } from './booking/op-driver.js';
import { eraseOwnBookingOp, retentionDays } from './booking/privacy.js';
import { contactHash, manageToken, manageTokenMatches, ticketCode, tokenHash } from './booking-keys.js';
import type { AgeBand, Audience, EventFormat, EventStatus, EventType, RegistrationStatus, Topic, WaitlistMode } from './catalogue/vocab.js';
import * as repo from './repo.js';
import {
  Booking,
  type BookingData,
  type BookingInput,
  CancelEvent,
  EventCreate,
  type EventCreateData,
  type EventCreateInput,
  EventPatch,
  type EventPatchInput,
  Seats,
  SeriesCreate,
  type SeriesCreateInput,
  type SeriesFrequency,
} from './schemas.js';

export { manageToken } from './booking-keys.js';

export type { BookingInput, EventCreateInput, EventPatchInput, SeriesCreateInput } from './schemas.js';

/** What the services need of the application's dependencies (a full Deps will do). */
export type EventDeps = Pick<Deps, 'db'>;
export type BookingDeps = Pick<Deps, 'db' | 'config'>;

// ---------- views ----------

export interface SessionView {
  /** ISO instants (UTC). */
  start: string;
  end: string;
}

export type { BookingClosedReason } from './booking/bookable.js';

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
  /** Whether booked people are invited to take the digital-competence test before and after. */
  askSkillsCheck: boolean;
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

// ---------- owners, for access rules ----------

export async function organisationOfEvent(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return repo.organisationOfEvent(db, id);
}

export async function organisationOfRegistration(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return repo.organisationOfRegistration(db, id);
}

// ---------- reading ----------

/** Why booking is closed right now, or null when a booking would be taken (a full event takes it on the waiting list). */
export function bookingClosedReason(row: Parameters<typeof closedReason>[0], at = nowIso()): BookingClosedReason | null {
  return closedReason(row, at);
}

/** The Italian sentence for a closed booking (pages and problem+json alike). */
export function closedMessage(reason: BookingClosedReason, row: Pick<EventTable, 'booking_opens_at' | 'booking_closes_at'>): string {
  switch (reason) {
    case 'draft':
      return 'Evento non trovato.';
    case 'cancelled':
      return "L'evento è stato annullato: non si può prenotare.";
    case 'not-required':
      return "Per questo evento non serve prenotare: l'ingresso è libero.";
    case 'past':
      return "L'evento si è già concluso: non si può prenotare.";
    case 'started':
      return "L'evento è già iniziato: le prenotazioni sono chiuse.";
    case 'not-yet-open':
      return `Le prenotazioni aprono ${formatRome(row.booking_opens_at as string)}.`;
    case 'closed':
      return `Le prenotazioni si sono chiuse ${formatRome(row.booking_closes_at as string)}.`;
  }
}

async function present(db: Db, rows: EventTable[]): Promise<EventDetail[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const rel = await repo.relationsOf(db, ids);
  const orgIds = new Set<string>();
  for (const r of rows) orgIds.add(r.organisation_id);
  for (const x of rel.values()) for (const p of x.partners) orgIds.add(p);
  const venueIds = rows.map((r) => r.venue_id).filter((v): v is string => !!v);
  const programmeIds = [...new Set(rows.map((r) => r.programme_id).filter((p): p is string => !!p))];
  const [names, venues, municipalities, programmeList] = await Promise.all([
    organisations.organisationNames(db, [...orgIds]),
    organisations.venuesByIds(db, venueIds),
    organisations.municipalitiesByCodes(
      db,
      rows.map((r) => r.municipality_code),
    ),
    Promise.all(programmeIds.map((id) => programmes.getProgramme(db, id).catch(() => null))),
  ]);
  const programmeNames = new Map(programmeList.filter((p) => !!p).map((p) => [p.id, p.name]));
  const at = nowIso();
  return rows.map((r) => {
    const x = rel.get(r.id) ?? { sessions: [], audiences: [], topics: [], partners: [] };
    const reason = bookingClosedReason(r, at);
    const capacity = Number(r.capacity);
    const taken = Number(r.taken);
    return {
      id: r.id,
      organisation: { id: r.organisation_id, name: names.get(r.organisation_id) ?? '' },
      programme: r.programme_id ? { id: r.programme_id, name: programmeNames.get(r.programme_id) ?? '' } : null,
      seriesId: r.series_id,
      title: r.title,
      description: r.description,
      type: r.type as EventType,
      format: r.format as EventFormat,
      venue: r.venue_id ? (venues.get(r.venue_id) ?? null) : null,
      municipality: municipalities.get(r.municipality_code) ?? null,
      sessions: x.sessions.map((s) => ({ start: s.starts_at, end: s.ends_at })),
      start: r.starts_at,
      end: r.ends_at,
      audiences: x.audiences.sort() as Audience[],
      topics: x.topics.sort() as Topic[],
      partners: x.partners.map((id) => ({ id, name: names.get(id) ?? '' })).sort((a, b) => a.name.localeCompare(b.name, 'it')),
      capacity,
      seatsLeft: Math.max(0, capacity - taken),
      waiting: Number(r.waiting),
      full: taken >= capacity || Number(r.waiting) > 0,
      maxSeatsPerBooking: Number(r.max_seats_per_booking),
      bookingRequired: Number(r.booking_required) === 1,
      bookingOpensAt: r.booking_opens_at,
      bookingClosesAt: r.booking_closes_at,
      bookingOpen: reason === null,
      bookingClosedReason: reason,
      status: r.status as EventStatus,
      cancelReason: r.cancel_reason,
      accessibility: r.accessibility,
      waitlistMode: r.waitlist_mode as WaitlistMode,
      offerHours: Number(r.offer_hours),
      askSkillsCheck: Number(r.skills_check) === 1,
      hasOnlineLink: !!r.online_url,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      page: `/eventi/${r.id}`,
    };
  });
}

/** One event as the public sees it; drafts only with `includeDrafts` (staff). */
export async function getEvent(db: Db, id: string, opts: { includeDrafts?: boolean } = {}): Promise<EventDetail> {
  if (!isId(id)) throw notFound('Evento non trovato.');
  const row = await repo.eventRow(db, id);
  if (!row || (row.status === 'draft' && !opts.includeDrafts)) throw notFound('Evento non trovato.');
  return (await present(db, [row]))[0];
}

/** Several events at once, in the order of `ids` (missing ones left out); drafts only with `includeDrafts`. */
export async function getEvents(db: Db, ids: string[], opts: { includeDrafts?: boolean } = {}): Promise<EventDetail[]> {
  const rows = (await repo.eventRows(db, ids.filter(isId))).filter((r) => r.status !== 'draft' || opts.includeDrafts);
  const byId = new Map((await present(db, rows)).map((e) => [e.id, e]));
  return ids.map((id) => byId.get(id)).filter((e): e is EventDetail => !!e);
}

/** The online link, for a booked person only (confirmed registration of a live event). */
export async function onlineUrlFor(db: Db, registrationId: string): Promise<string | null> {
  if (!isId(registrationId)) return null;
  const row = await db.k
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .select(['events.online_url', 'events.status', 'registrations.status as reg_status'])
    .where('registrations.id', '=', registrationId)
    .executeTakeFirst();
  if (row?.reg_status !== 'confirmed' || row.status !== 'published') return null;
  return row.online_url;
}

// ---------- writing events ----------

function checkCanManage(principal: Principal | null, organisationId: string): void {
  if (principal && !hasRole(principal, organisationId, ORG_STAFF)) {
    throw forbidden("Solo il personale dell'organizzazione può gestire i suoi eventi.");
  }
}

interface Place {
  format: EventFormat;
  venue: string | null;
  onlineUrl: string | null;
}

/** The rules of where an event happens; returns the venue when there is one. */
async function checkPlace(
  db: Db,
  organisationId: string,
  place: Place,
  venueField = 'venue',
  keptVenue: string | null = null,
): Promise<Venue | null> {
  const errors: FieldError[] = [];
  if (place.format !== 'online' && !place.venue)
    errors.push({ field: venueField, message: 'indica la sede: un evento in presenza o ibrido si tiene in una sede' });
  if (place.format !== 'in_presenza' && !place.onlineUrl) errors.push({ field: 'onlineUrl', message: 'indica il link per seguire online' });
  if (place.format === 'online' && place.venue)
    errors.push({ field: venueField, message: 'un evento solo online non ha una sede: usa il formato ibrido' });
  if (place.format === 'in_presenza' && place.onlineUrl)
    errors.push({ field: 'onlineUrl', message: 'un evento in presenza non ha un link online: usa il formato ibrido' });
  if (errors.length) throw unprocessable('Il luogo dell’evento non è coerente con il formato.', errors);
  if (!place.venue) return null;
  const venue = await organisations.getVenue(db, place.venue).catch(() => null);
  if (!venue) throw unprocessable('Sede non trovata.', [{ field: venueField, message: 'la sede non esiste' }]);
  // The venue an event already has stays usable when other fields change (a partnership ended since).
  if (place.venue === keptVenue) return venue;
  // Another organisation's venue only with its consent: a partnership it has accepted. Naming it
  // as a partner of the event or in an agreement is not enough.
  const refusal = await organisations.venueRefusal(db, organisationId, venue.organisation);
  if (!refusal) return venue;
  throw unprocessable("La sede non è dell'organizzazione né di un partner che ha accettato la partnership.", [
    { field: venueField, message: refusal },
  ]);
}

async function checkProgramme(db: Db, organisationId: string, programmeId: string | null | undefined): Promise<void> {
  if (!programmeId) return;
  const p = await programmes.getProgramme(db, programmeId).catch(() => null);
  if (!p) throw unprocessable('Programma non trovato.', [{ field: 'programme', message: 'il programma non esiste' }]);
  if (p.organisation.id !== organisationId) {
    throw unprocessable("Il programma è di un'altra organizzazione.", [
      { field: 'programme', message: "scegli un programma dell'organizzazione" },
    ]);
  }
}

async function checkPartners(db: Db, organisationId: string, partners: string[] | undefined): Promise<string[]> {
  const list = (partners ?? []).filter((p) => p !== organisationId);
  if (list.length === 0) return [];
  const names = await organisations.organisationNames(db, list);
  const missing = list.filter((p) => !names.has(p));
  if (missing.length)
    throw unprocessable('Uno o più partner non esistono.', [
      { field: 'partners', message: `organizzazione inesistente: ${missing.join(', ')}` },
    ]);
  return list;
}

function searchText(title: string, description: string | null | undefined, venue: Venue | null, municipality: string | undefined): string {
  return organisations.normaliseName([title, description ?? '', venue?.name ?? '', venue?.address ?? '', municipality ?? ''].join(' '));
}

async function municipalityOf(db: Db, organisationId: string, venue: Venue | null): Promise<{ code: string; name: string }> {
  if (venue?.municipality) return { code: venue.municipality.code, name: venue.municipality.name };
  const org = await organisations.getOrganisation(db, organisationId);
  if (!org.municipality) throw unprocessable("L'organizzazione non ha un comune.");
  return { code: org.municipality.code, name: org.municipality.name };
}

/** The end of the last session (sessions are sorted by start; a long one may end after a later one). */
function lastEnd(sessions: { end: string }[]): string {
  return sessions.map((s) => s.end).sort()[sessions.length - 1];
}

type EventFieldsData = Omit<EventCreateData, 'sessions'>;

async function prepareEvent(db: Db, data: EventFieldsData, venueId: string | null | undefined, venueField = 'venue') {
  const organisationId = await organisations.organisationIdIfExists(db, data.organisation);
  if (!organisationId)
    throw unprocessable('Organizzazione non trovata.', [{ field: 'organisation', message: "l'organizzazione non esiste" }]);
  await checkProgramme(db, organisationId, data.programme);
  const partners = await checkPartners(db, organisationId, data.partners);
  const venue = await checkPlace(
    db,
    organisationId,
    { format: data.format, venue: venueId ?? null, onlineUrl: data.onlineUrl ?? null },
    venueField,
  );
  const municipality = await municipalityOf(db, organisationId, venue);
  return { organisationId, partners, venue, municipality };
}

function newEventRow(
  id: string,
  data: EventFieldsData,
  prepared: Awaited<ReturnType<typeof prepareEvent>>,
  sessions: { start: string; end: string }[],
  seriesId: string | null,
  now: string,
): EventTable {
  return {
    id,
    organisation_id: prepared.organisationId,
    programme_id: data.programme ?? null,
    series_id: seriesId,
    title: data.title,
    description: data.description ?? null,
    type: data.type,
    format: data.format,
    venue_id: prepared.venue?.id ?? null,
    online_url: data.onlineUrl ?? null,
    municipality_code: prepared.municipality.code,
    capacity: data.capacity,
    taken: 0,
    waiting: 0,
    max_seats_per_booking: Math.min(data.maxSeatsPerBooking, data.capacity),
    booking_required: data.bookingRequired ? 1 : 0,
    booking_opens_at: data.bookingOpensAt ?? null,
    booking_closes_at: data.bookingClosesAt ?? null,
    status: data.status,
    cancel_reason: null,
    accessibility: data.accessibility ?? null,
    waitlist_mode: data.waitlistMode,
    offer_hours: data.offerHours,
    skills_check: data.askSkillsCheck ? 1 : 0,
    starts_at: sessions[0].start,
    ends_at: lastEnd(sessions),
    search_text: searchText(data.title, data.description, prepared.venue, prepared.municipality.name),
    created_at: now,
    updated_at: now,
  };
}

function relations(data: EventFieldsData, partners: string[], sessions: { start: string; end: string }[]): repo.EventRelations {
  return {
    sessions: sessions.map((s) => ({ starts_at: s.start, ends_at: s.end })),
    audiences: data.audiences,
    topics: data.topics,
    partners,
  };
}

export { type Attendance, eventAttendance, programmeEventFigures } from './attendance.js';
export { type SessionAttendees, sessionAttendees } from './attendees.js';
export { anonymiseEvent, replanProgrammeErasure } from './booking/privacy.js';
// What other modules show of the catalogue: its search (the site's home, the skills paths) and its card.
export { CatalogueFilters, type CatalogueItem, listCatalogue } from './catalogue/catalogue.js';
export { EVENTS_CSS, EventCard } from './catalogue/views.js';
export { normaliseTicketCode } from './door/checkin.js';

/** Creates an event (draft or published) with its dates, audiences, topics and partners. */
export async function createEvent(
  deps: EventDeps,
  principal: Principal | null,
  input: EventCreateInput | unknown,
): Promise<{ id: string }> {
  const data = parse(EventCreate, input);
  checkCanManage(principal, data.organisation);
  const prepared = await prepareEvent(deps.db, data, data.venue);
  const id = newId();
  const now = nowIso();
  const row = newEventRow(id, data, prepared, data.sessions, null, now);
  const keep = await retentionDays(deps.db, row.programme_id);
  await deps.db.k.transaction().execute(async (trx) => {
    await repo.insertEvent(trx, row, relations(data, prepared.partners, data.sessions));
    await runOp(deps.db, () => scheduleAnonymisationOp(id, row.ends_at, keep, now), trx);
  });
  return { id };
}

/** The dates of a series, in Rome's wall-clock time (the same hour across daylight-saving changes). */
export function seriesDates(firstStart: string, every: SeriesFrequency, count: number): string[] {
  const first = DateTime.fromISO(firstStart, { zone: 'utc' }).setZone(ZONE);
  const out: DateTime[] = [];
  if (every === 'twice-a-month') {
    // The same weekday, twice a month: 1st and 3rd, or 2nd and 4th, after the first date's own week.
    const nth = Math.min(Math.ceil(first.day / 7), 4);
    const pair = nth % 2 === 1 ? [1, 3] : [2, 4];
    for (let m = 0; out.length < count && m < count + 2; m++) {
      const month = first.startOf('month').plus({ months: m });
      for (const n of pair) {
        let d = month.set({ hour: first.hour, minute: first.minute, second: 0, millisecond: 0 });
        const shift = (first.weekday - d.weekday + 7) % 7;
        d = d.plus({ days: shift + (n - 1) * 7 });
        if (d >= first.startOf('minute') && out.length < count) out.push(d);
      }
    }
  } else {
    for (let i = 0; i < count; i++) {
      out.push(
        every === 'week' ? first.plus({ weeks: i }) : every === 'two-weeks' ? first.plus({ weeks: 2 * i }) : first.plus({ months: i }),
      );
    }
  }
  return out.map((d) => d.toUTC().toISO() as string);
}

/**
 * A series in one step: `count` events `every` week, two weeks, month or twice a month, rotating
 * among `venues`. Each event is then on its own: changing one date is an update of that event.
 */
export async function createSeries(
  deps: EventDeps,
  principal: Principal | null,
  input: SeriesCreateInput | unknown,
): Promise<{ seriesId: string; eventIds: string[] }> {
  const data = parse(SeriesCreate, input);
  checkCanManage(principal, data.organisation);
  const venueIds = data.venues && data.venues.length > 0 ? data.venues : [data.venue ?? null];
  const prepared: Awaited<ReturnType<typeof prepareEvent>>[] = [];
  for (const [i, venueId] of venueIds.entries()) {
    prepared.push(await prepareEvent(deps.db, data, venueId, data.venues?.length ? `venues.${i}` : 'venue'));
  }
  const starts = seriesDates(data.firstStart, data.every, data.count);
  const now = nowIso();
  const seriesId = newId();
  const eventIds: string[] = [];
  const keep = await retentionDays(deps.db, data.programme ?? null);
  const { count, every, firstStart, durationMinutes, venues: _venues, ...fields } = data;
  await deps.db.k.transaction().execute(async (trx) => {
    await repo.insertSeries(trx, {
      id: seriesId,
      organisation_id: prepared[0].organisationId,
      title: data.title,
      rule: JSON.stringify({ count, every, firstStart, durationMinutes, venues: venueIds }),
      created_at: now,
    });
    for (const [i, start] of starts.entries()) {
      const sessions = [{ start, end: addMs(start, durationMinutes * 60_000) }];
      const id = newId();
      const p = prepared[i % prepared.length];
      const row = newEventRow(id, fields, p, sessions, seriesId, now);
      await repo.insertEvent(trx, row, relations(fields, p.partners, sessions));
      await runOp(deps.db, () => scheduleAnonymisationOp(id, row.ends_at, keep, now), trx);
      eventIds.push(id);
    }
  });
  return { seriesId, eventIds };
}

/** Changes an event; more capacity goes to the waiting list at once, less is refused below the seats taken. */
export async function updateEvent(deps: EventDeps, eventId: string, input: EventPatchInput | unknown): Promise<EventDetail> {
  const { db } = deps;
  if (!isId(eventId)) throw notFound('Evento non trovato.');
  const data = parse(EventPatch, input);
  const row = await repo.eventRow(db, eventId);
  if (!row) throw notFound('Evento non trovato.');
  if (row.status === 'cancelled') throw conflict("L'evento è stato annullato: non si può più modificare.");
  if (data.status === 'draft' && row.status === 'published' && (Number(row.taken) > 0 || Number(row.waiting) > 0)) {
    throw conflict("L'evento ha già delle prenotazioni: non può tornare in bozza. Puoi annullarlo.");
  }
  const rel = (await repo.relationsOf(db, [eventId])).get(eventId) as repo.EventRelations;
  const partners = data.partners !== undefined ? await checkPartners(db, row.organisation_id, data.partners) : rel.partners;
  if (data.programme !== undefined) await checkProgramme(db, row.organisation_id, data.programme);
  const place: Place = {
    format: (data.format ?? row.format) as EventFormat,
    venue: data.venue !== undefined ? data.venue : row.venue_id,
    onlineUrl: data.onlineUrl !== undefined ? data.onlineUrl : row.online_url,
  };
  const venue = await checkPlace(db, row.organisation_id, place, 'venue', row.venue_id);
  const municipality = await municipalityOf(db, row.organisation_id, venue);
  const opens = data.bookingOpensAt !== undefined ? data.bookingOpensAt : row.booking_opens_at;
  const closes = data.bookingClosesAt !== undefined ? data.bookingClosesAt : row.booking_closes_at;
  if (opens && closes && closes <= opens) {
    throw badRequest('I dati inviati non sono validi: controlla i campi indicati.', [
      { field: 'bookingClosesAt', message: "la chiusura delle prenotazioni deve essere dopo l'apertura" },
    ]);
  }
  const now = nowIso();
  const title = data.title ?? row.title;
  const description = data.description !== undefined ? data.description : row.description;
  const set: Partial<EventTable> = {
    title,
    description,
    format: place.format,
    venue_id: venue?.id ?? null,
    online_url: place.onlineUrl,
    municipality_code: municipality.code,
    booking_opens_at: opens,
    booking_closes_at: closes,
    search_text: searchText(title, description, venue, municipality.name),
    updated_at: now,
  };
  if (data.programme !== undefined) set.programme_id = data.programme;
  if (data.type !== undefined) set.type = data.type;
  if (data.maxSeatsPerBooking !== undefined) set.max_seats_per_booking = data.maxSeatsPerBooking;
  if (data.bookingRequired !== undefined) set.booking_required = data.bookingRequired ? 1 : 0;
  if (data.status !== undefined) set.status = data.status;
  if (data.accessibility !== undefined) set.accessibility = data.accessibility;
  if (data.waitlistMode !== undefined) set.waitlist_mode = data.waitlistMode;
  if (data.offerHours !== undefined) set.offer_hours = data.offerHours;
  if (data.askSkillsCheck !== undefined) set.skills_check = data.askSkillsCheck ? 1 : 0;
  if (data.sessions) {
    set.starts_at = data.sessions[0].start;
    set.ends_at = lastEnd(data.sessions);
  }
  const placeChanged = (set.venue_id ?? null) !== row.venue_id || place.format !== row.format;
  const datesChanged =
    !!data.sessions &&
    JSON.stringify(data.sessions.map((s) => [s.start, s.end])) !== JSON.stringify(rel.sessions.map((s) => [s.starts_at, s.ends_at]));
  try {
    await db.k.transaction().execute(async (trx) => {
      // Every change is a new revision of the event's calendar entries (SEQUENCE).
      await trx
        .updateTable('events')
        .set({ ...set, sequence: sql`sequence + 1` })
        .where('id', '=', eventId)
        .where('status', '<>', 'cancelled')
        .execute();
      await repo.replaceRelations(trx, eventId, {
        // Sessions are written again only when their dates change: their rows carry the check-ins.
        sessions: datesChanged ? data.sessions?.map((s) => ({ starts_at: s.start, ends_at: s.end })) : undefined,
        audiences: data.audiences,
        topics: data.topics,
        partners: data.partners !== undefined ? partners : undefined,
      });
      if (data.capacity !== undefined && data.capacity !== Number(row.capacity)) {
        await runOp(db, () => setCapacityOp(eventId, data.capacity as number, now), trx);
      }
      if (datesChanged) await runOp(db, () => rescheduleRemindersOp(eventId, set.starts_at as string, now), trx);
      if (datesChanged || (data.programme !== undefined && data.programme !== row.programme_id)) {
        const keep = await retentionDays(db, data.programme !== undefined ? data.programme : row.programme_id);
        const endsAt = set.ends_at ?? row.ends_at;
        await runOp(db, () => scheduleAnonymisationOp(eventId, endsAt, keep, now), trx);
      }
      if ((datesChanged || placeChanged) && row.status === 'published') {
        await runOp(db, () => notifyChangeOp(eventId, now), trx);
      }
    });
  } catch (err) {
    if (err instanceof Refusal && err.code === 'below-taken') {
      throw conflict(`Ci sono già ${err.data.taken} posti prenotati: la capienza non può scendere sotto questo numero.`, {
        taken: err.data.taken,
      });
    }
    throw err;
  }
  return getEvent(db, eventId, { includeDrafts: true });
}

/** Cancels an event: everyone booked or waiting is told by e-mail. */
export async function cancelEvent(deps: EventDeps, eventId: string, reason: string): Promise<EventDetail> {
  if (!isId(eventId)) throw notFound('Evento non trovato.');
  const { reason: why } = parse(CancelEvent, { reason });
  try {
    await runOp(deps.db, () => cancelEventOp(eventId, why, nowIso()));
  } catch (err) {
    if (err instanceof Refusal && err.code === 'not-found') throw notFound('Evento non trovato.');
    if (err instanceof Refusal && err.code === 'already-cancelled') throw conflict("L'evento è già stato annullato.");
    throw err;
  }
  return getEvent(deps.db, eventId, { includeDrafts: true });
}

// ---------- bookings ----------

/**
 * Books seats, or a place on the waiting list when the event is full. The same person (same
 * e-mail, or phone without e-mail) booking again gets their existing booking back.
 */
export async function book(deps: BookingDeps, eventId: string, input: BookingInput | unknown, opts: BookOptions): Promise<BookResult> {
  if (!isId(eventId)) throw notFound('Evento non trovato.');
  return bookValid(deps, eventId, parse(Booking, input), opts);
}

/** `book` for input already checked against the Booking schema (the API route has parsed it once). */
export async function bookValid(deps: BookingDeps, eventId: string, data: BookingData, opts: BookOptions): Promise<BookResult> {
  const { db, config } = deps;
  if (!isId(eventId)) throw notFound('Evento non trovato.');
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
    manageTokenHash: (id) => {
      made = { id, token: manageToken(config, id) };
      return tokenHash(made.token);
    },
  };
  // The token written into the answer is the one whose hash was stored (no second MAC to compute).
  let made: { id: string; token: string } | undefined;
  let outcome: BookOutcome | undefined;
  for (let attempt = 0; !outcome; attempt++) {
    try {
      if (db.dialect === 'postgres' && attempt === 0) outcome = (await pgBookFast(db, reg, now)) ?? undefined;
      outcome ??= await runOp(db, () => bookOp(reg, now));
    } catch (err) {
      // The same person booking twice at the same moment: the unique index refused the second
      // row; run again and the first one's booking is found and returned.
      if (isUniqueViolation(err) && attempt < 2) continue;
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
  if (!row || row.status === 'draft') return notFound('Evento non trovato.');
  const reason = bookingClosedReason(row);
  if (reason) {
    const status = reason === 'not-required' ? 422 : 409;
    return new Problem(
      status,
      status === 409 ? 'Prenotazioni chiuse' : 'Prenotazione non necessaria',
      closedMessage(reason, row),
      undefined,
      {
        reason,
      },
    );
  }
  if (!seatsAllowed(row, seats)) {
    return unprocessable(`Si possono prenotare al massimo ${row.max_seats_per_booking} posti per volta.`, [
      { field: 'seats', message: `al massimo ${row.max_seats_per_booking} posti per prenotazione` },
    ]);
  }
  // The window closed between the two statements (a rare race): say so.
  return conflict('Le prenotazioni per questo evento non sono aperte in questo momento.');
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
    lang: (row.lang === 'en' ? 'en' : 'it') as Lang,
    createdAt: row.created_at,
    cancelledAt: row.cancelled_at,
    manageUrl: manageUrl(row.id, token),
  };
}

/** The private page where a person manages their booking (relative; e-mails prefix BASE_URL). */
export function manageUrl(registrationId: string, token: string): string {
  return `/prenotazioni/${registrationId}?token=${encodeURIComponent(token)}`;
}

/**
 * The short digital-competence test for an event's attendees, before ("prima") or after ("dopo")
 * it. The skills module files the result under the event and phase named in the address, so a
 * link is all this module needs to know about it.
 */
export function skillsCheckUrl(eventId: string, phase: 'prima' | 'dopo', lang?: string): string {
  return `/competenze/breve?evento=${eventId}&fase=${phase}${lang === 'en' ? '&lang=en' : ''}`;
}

/** Finds a registration by its manage link; a wrong token is "not found", never a hint. */
async function byToken(deps: Pick<Deps, 'db' | 'config'>, registrationId: string, token: string): Promise<RegistrationTable> {
  if (!isId(registrationId) || typeof token !== 'string' || token.length < 10 || token.length > 200) {
    throw notFound('Prenotazione non trovata: controlla il link ricevuto per e-mail.');
  }
  const row = await repo.registrationRow(deps.db, registrationId);
  if (!row || !manageTokenMatches(deps.config, row.id, token, row.manage_token_hash))
    throw notFound('Prenotazione non trovata: controlla il link ricevuto per e-mail.');
  if (row.anonymised_at) throw new Problem(410, 'Prenotazione non più disponibile', 'I dati di questa prenotazione sono stati cancellati.');
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

const GONE = () => new Problem(410, 'Prenotazione già annullata', 'Questa prenotazione è già stata annullata: il link non è più valido.');

function refusalProblem(err: unknown): unknown {
  if (!(err instanceof Refusal)) return err;
  switch (err.code) {
    case 'not-found':
      return notFound('Prenotazione non trovata.');
    case 'already-cancelled':
    case 'gone':
      return GONE();
    case 'too-many-seats':
      return unprocessable(`Si possono prenotare al massimo ${err.data.max} posti per volta.`, [
        { field: 'seats', message: `al massimo ${err.data.max} posti per prenotazione` },
      ]);
    case 'no-seats':
      return conflict(
        err.data.free
          ? `Non ci sono abbastanza posti liberi: ne restano ${err.data.free} e c'è chi aspetta in lista.`
          : 'Non ci sono altri posti liberi per questo evento.',
        { free: err.data.free },
      );
    case 'not-offered':
      return conflict('Non c’è un posto offerto da accettare o rifiutare per questa prenotazione.');
    case 'offer-expired':
      return new Problem(410, 'Offerta scaduta', 'Il tempo per accettare il posto è scaduto: il posto è passato alla persona successiva.');
    default:
      return conflict('Operazione non possibile in questo momento.');
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
    throw conflict(
      ev.status === 'cancelled' ? "L'evento è stato annullato." : "L'evento si è già concluso: i posti non si possono più cambiare.",
    );
  }
  return change(deps, registrationId, token, (r, now) => changeSeatsOp(r.event_id, r.id, n, now));
}

export async function acceptOffer(deps: BookingDeps, registrationId: string, token: string): Promise<RegistrationView> {
  try {
    return await change(deps, registrationId, token, (r, now) => acceptOp(r.event_id, r.id, now));
  } catch (err) {
    // An offer past its time that the job has not lapsed yet: lapse it now, then say so.
    if (err instanceof Problem && err.status === 410 && err.title === 'Offerta scaduta') {
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
  if (!isId(eventId)) throw notFound('Evento non trovato.');
  const rows = await repo.registrationsOfEvent(db, eventId);
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
    }));
  return { items };
}

/** Staff access to personal data is audited: one row per view of an event's registrations. */
export async function auditRegistrationsView(
  db: Db,
  eventId: string,
  viewer: { userId: string | null; organisationId: string | null; via: 'api' | 'page' | 'csv' },
): Promise<void> {
  await audit(db.k, {
    action: 'view-registrations',
    entity: 'event',
    entityId: eventId,
    userId: viewer.userId,
    organisationId: viewer.organisationId,
    details: { via: viewer.via },
  });
}
