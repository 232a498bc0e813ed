import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { hasRole } from '../../core/access.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { isId, newId } from '../../core/ids.js';
import { enqueueJob } from '../../core/jobs.js';
import { patchOf } from '../../core/patch.js';
import { type FieldError, fieldError, refuse } from '../../core/problems.js';
import { ORG_STAFF } from '../../core/roles.js';
import { addMs, formatRome, nowIso, ZONE } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import { runOp } from '../../db/op-driver.js';
import type { EventTable } from '../../db/schema.js';
import type { MunicipalityView, Venue } from '../organisations/service.js';
import * as organisations from '../organisations/service.js';
import * as programmes from '../programmes/service.js';
import { type Availability, availabilityOf, type BookingClosedReason, closedReason } from './booking/bookable.js';
import { cancelEventOp, notifyChangeOp, rescheduleRemindersOp, scheduleAnonymisationOp, setCapacityOp } from './booking/engine.js';
import { retentionDays } from './booking/privacy.js';
import { Refusal } from './booking/refusal.js';
import type { Audience, EventFormat, EventStatus, EventType, Topic, WaitlistMode } from './catalogue/vocab.js';
import * as repo from './repo.js';
import {
  CancelEvent,
  EventCreate,
  type EventCreateData,
  type EventCreateInput,
  EventPatch,
  type EventPatchInput,
  SeriesCreate,
  type SeriesCreateInput,
  type SeriesFrequency,
} from './schemas.js';
import { prepareInvitations, replaceInvitations, type Visibility, visibilityOf } from './visibility.js';

export { manageToken } from './booking-keys.js';

export type { EventPageRow } from './repo.js';
export type { BookingInput, EventCreateInput, EventPatchInput, SeriesCreateInput } from './schemas.js';

/** What the services need of the application's dependencies (a full Deps will do). */
/** `config` (DATA_KEY) only to hash an invitation list (visibility.ts). */
export type EventDeps = Pick<Deps, 'db'> & Partial<Pick<Deps, 'config'>>;
export type BookingDeps = Pick<Deps, 'db' | 'config'>;

/**
 * The job enqueued when an event's sessions change, for the modules that follow them (a desk that
 * opens during an event handles it): they import this name, so the events module names none of them.
 */
export const SESSIONS_CHANGED_JOB = 'desks.follow-event';

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
  /** Partners that have accepted a partnership with the organiser: the only ones shown publicly. */
  partners: { id: string; name: string }[];
  /** Partners named on the event that have not accepted (yet): for the organiser's staff only. */
  partnersPending: { id: string; name: string }[];
  capacity: number;
  /** Exact counts, for staff: public answers show `availability` instead (see booking/bookable.ts). */
  seatsLeft: number;
  /** Seats on the waiting list. */
  waiting: number;
  availability: Availability;
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
  /** public, unlisted (by its link only) or invitation (unlisted, only the invited book): see visibility.ts. */
  visibility: Visibility;
  /** Whether a link is given to booked people (online and hybrid events); the link itself never appears here. */
  hasOnlineLink: boolean;
  createdAt: string;
  updatedAt: string;
  /** The public page. */
  page: string;
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

/** Why a booking is refused when booking is closed, as a dictionary key and its values (pages and problem+json alike). */
export function closedWords(
  reason: BookingClosedReason,
  row: Pick<EventTable, 'booking_opens_at' | 'booking_closes_at'>,
): { key: string; vars?: { when: string } } {
  if (reason === 'draft') return { key: 'events.error.notFound' };
  if (reason === 'not-yet-open')
    return { key: 'events.error.closed.not-yet-open', vars: { when: formatRome(row.booking_opens_at as string) } };
  if (reason === 'closed') return { key: 'events.error.closed.closed', vars: { when: formatRome(row.booking_closes_at as string) } };
  return { key: `events.error.closed.${reason}` };
}

/**
 * Each organiser's accepted partners, in one question to the organisations service, asked only for
 * the organisers of events that name partners (most name none, and their page needs no partnership).
 */
async function acceptedPartnersOf(db: Db, organisers: string[]): Promise<Map<string, Set<string>>> {
  return organisers.length ? organisations.acceptedPartnerIds(db, organisers) : new Map();
}

/** The partners named on an event, split into those that accepted the partnership and those still awaited. */
function namedPartners(
  ids: string[],
  accepted: Set<string> | undefined,
  names: Map<string, string>,
): Pick<EventDetail, 'partners' | 'partnersPending'> {
  const named = ids.map((id) => ({ id, name: names.get(id) ?? '' })).sort((a, b) => a.name.localeCompare(b.name, 'it'));
  return { partners: named.filter((p) => accepted?.has(p.id)), partnersPending: named.filter((p) => !accepted?.has(p.id)) };
}

/**
 * What events show from other tables than their own rows: their sessions, tags and partners, the
 * names of their organisers and partners, their venues, comuni and programmes, and which partners
 * have accepted. It changes only with what moves an event's `page_version` (migration 044).
 */
export interface EventRelated {
  rel: Map<string, repo.EventRelations>;
  names: Map<string, string>;
  venues: Map<string, Venue>;
  municipalities: Map<string, MunicipalityView>;
  programmeNames: Map<string, string>;
  accepted: Map<string, Set<string>>;
}

/** What `rows` show from other tables; `known` is their relations when already read beside the rows. */
export async function relatedOf(db: Db, rows: EventTable[], known?: Map<string, repo.EventRelations>): Promise<EventRelated> {
  const ids = rows.map((r) => r.id);
  const rel = known ?? (await repo.relationsOf(db, ids));
  const orgIds = new Set<string>();
  for (const r of rows) orgIds.add(r.organisation_id);
  for (const x of rel.values()) for (const p of x.partners) orgIds.add(p);
  const venueIds = rows.map((r) => r.venue_id).filter((v): v is string => !!v);
  const programmeIds = [...new Set(rows.map((r) => r.programme_id).filter((p): p is string => !!p))];
  const organisers = [...new Set(rows.filter((r) => rel.get(r.id)?.partners.length).map((r) => r.organisation_id))];
  const [names, venues, municipalities, programmeList, accepted] = await Promise.all([
    organisations.organisationNames(db, [...orgIds]),
    organisations.venuesByIds(db, venueIds),
    organisations.municipalitiesByCodes(
      db,
      rows.map((r) => r.municipality_code),
    ),
    Promise.all(programmeIds.map((id) => programmes.getProgramme(db, id).catch(() => null))),
    acceptedPartnersOf(db, organisers),
  ]);
  const programmeNames = new Map(programmeList.filter((p) => !!p).map((p) => [p.id, p.name]));
  return { rel, names, venues, municipalities, programmeNames, accepted };
}

/** An event as shown, from its row and what it shows from other tables, booking as it stands at `at`. */
export function presentEvent(r: EventTable, related: EventRelated, at = nowIso()): EventDetail {
  const { names, venues, municipalities, programmeNames, accepted } = related;
  const x = related.rel.get(r.id) ?? { sessions: [], audiences: [], topics: [], partners: [] };
  const reason = bookingClosedReason(r, at);
  const capacity = Number(r.capacity);
  const taken = Number(r.taken);
  const availability = availabilityOf(r);
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
    audiences: [...x.audiences].sort() as Audience[],
    topics: [...x.topics].sort() as Topic[],
    ...namedPartners(x.partners, accepted.get(r.organisation_id), names),
    capacity,
    seatsLeft: Math.max(0, capacity - taken),
    waiting: Number(r.waiting),
    availability,
    full: availability === 'full',
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
    visibility: visibilityOf(r.visibility),
    hasOnlineLink: !!r.online_url,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    page: `/eventi/${r.id}`,
  };
}

/** Events as shown, from their rows; `known` is their relations when already read beside the rows. */
async function present(db: Db, rows: EventTable[], known?: Map<string, repo.EventRelations>): Promise<EventDetail[]> {
  if (rows.length === 0) return [];
  const related = await relatedOf(db, rows, known);
  const at = nowIso();
  return rows.map((r) => presentEvent(r, related, at));
}

/**
 * An event's row with the number that moves with every change of what its page shows (migration
 * 044), in one statement: the seat counts beside it are of the same moment.
 */
export async function eventPageRow(db: Db, id: string): Promise<repo.EventPageRow | undefined> {
  return isId(id) ? repo.eventPageRow(db, id) : undefined;
}

/** One event as the public sees it; drafts only with `includeDrafts` (staff). */
export async function getEvent(db: Db, id: string, opts: { includeDrafts?: boolean } = {}): Promise<EventDetail> {
  if (!isId(id)) throw refuse(404, 'events.error.notFound');
  // The row and its sessions, tags and partners at once: on PostgreSQL one wait for both instead of two.
  const [row, rel] = await Promise.all([repo.eventRow(db, id), repo.relationsOf(db, [id])]);
  if (!row || (row.status === 'draft' && !opts.includeDrafts)) throw refuse(404, 'events.error.notFound');
  return (await present(db, [row], rel))[0];
}

export type PublicEventDetail = Omit<EventDetail, 'seatsLeft' | 'waiting' | 'partnersPending'>;

/** An event as anyone may see it: seats as a band, only the partners that accepted. */
export function publicEvent(ev: EventDetail): PublicEventDetail {
  const { seatsLeft: _left, waiting: _waiting, partnersPending: _pending, ...shown } = ev;
  return shown;
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
    throw refuse(403, 'events.error.staffOnly');
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
  if (place.format !== 'online' && !place.venue) errors.push(fieldError(venueField, 'events.error.place.venue'));
  if (place.format !== 'in_presenza' && !place.onlineUrl) errors.push(fieldError('onlineUrl', 'events.error.place.link'));
  if (place.format === 'online' && place.venue) errors.push(fieldError(venueField, 'events.error.place.onlineVenue'));
  if (place.format === 'in_presenza' && place.onlineUrl) errors.push(fieldError('onlineUrl', 'events.error.place.inPersonLink'));
  if (errors.length) throw refuse(422, 'events.error.place', undefined, errors);
  if (!place.venue) return null;
  const venue = await organisations.getVenue(db, place.venue).catch(() => null);
  if (!venue) throw refuse(422, 'events.error.venue.missing', undefined, [fieldError(venueField, 'events.error.venue.missing.field')]);
  // The venue an event already has stays usable when other fields change (a partnership ended since).
  if (place.venue === keptVenue) return venue;
  // Another organisation's venue only with its consent: a partnership it has accepted. Naming it
  // as a partner of the event or in an agreement is not enough.
  const refusal = await organisations.venueRefusal(db, organisationId, venue.organisation, venueField);
  if (!refusal) return venue;
  throw refuse(422, 'events.error.venue.foreign', undefined, [refusal]);
}

async function checkProgramme(db: Db, organisationId: string, programmeId: string | null | undefined): Promise<void> {
  if (!programmeId) return;
  const p = await programmes.getProgramme(db, programmeId).catch(() => null);
  if (!p) throw refuse(422, 'events.error.programme.missing', undefined, [fieldError('programme', 'events.error.programme.missing.field')]);
  if (p.organisation.id !== organisationId) {
    throw refuse(422, 'events.error.programme.foreign', undefined, [fieldError('programme', 'events.error.programme.foreign.field')]);
  }
}

async function checkPartners(db: Db, organisationId: string, partners: string[] | undefined): Promise<string[]> {
  const list = (partners ?? []).filter((p) => p !== organisationId);
  if (list.length === 0) return [];
  const names = await organisations.organisationNames(db, list);
  const missing = list.filter((p) => !names.has(p));
  if (missing.length)
    throw refuse(422, 'events.error.partners.missing', undefined, [
      fieldError('partners', 'events.error.partners.missing.field', { ids: missing.join(', ') }),
    ]);
  return list;
}

function searchText(title: string, description: string | null | undefined, venue: Venue | null, municipality: string | undefined): string {
  return organisations.normaliseName([title, description ?? '', venue?.name ?? '', venue?.address ?? '', municipality ?? ''].join(' '));
}

async function municipalityOf(db: Db, organisationId: string, venue: Venue | null): Promise<{ code: string; name: string }> {
  if (venue?.municipality) return { code: venue.municipality.code, name: venue.municipality.name };
  const org = await organisations.getOrganisation(db, organisationId);
  if (!org.municipality) throw refuse(422, 'events.error.organisation.noMunicipality');
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
    throw refuse(422, 'events.error.organisation.missing', undefined, [
      fieldError('organisation', 'events.error.organisation.missing.field'),
    ]);
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
    visibility: data.visibility,
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

/**
 * The people who attended a programme's events held up to a day (Rome), for its "users" targets.
 * A booking is recognised across events by the keyed hash of its contact, so a person checked in at
 * two events counts once (with the most people they came with); a booking whose contact was erased
 * after the retention period counts by itself, and walk-ins, who carry no identity, each count.
 */
export async function programmeAttendees(db: Db, programmeId: string, upTo: string): Promise<number> {
  const cutoff = DateTime.fromISO(upTo, { zone: ZONE }).plus({ days: 1 }).startOf('day').toUTC().toISO() as string;
  const held = sql`select id from events where programme_id = ${programmeId} and status = 'published' and ends_at <= ${cutoff}`;
  const { rows } = await sql<{ booked: number | string; walk_ins: number | string }>`
    select
      (select coalesce(sum(once.people), 0) from (
        select max(c.people) as people from event_checkins c
        join registrations r on r.id = c.registration_id
        where c.event_id in (${held})
        group by coalesce(r.contact_hash, r.id)
      ) once) as booked,
      (select coalesce(sum(c.people), 0) from event_checkins c
        where c.event_id in (${held}) and c.registration_id is null) as walk_ins`.execute(db.k);
  return Number(rows[0]?.booked ?? 0) + Number(rows[0]?.walk_ins ?? 0);
}
export { CSV_TYPE, csvDocument } from './attendance-csv.js';
export { type SessionAttendees, sessionAttendees } from './attendees.js';
export { anonymiseEvent, replanProgrammeErasure } from './booking/privacy.js';
// What other modules show of the catalogue: its search (the site's home, the skills paths) and its card.
// A programme's plan links to an organisation's events and shows the dates of a series.
export {
  CatalogueFilters,
  type CatalogueItem,
  listCatalogue,
  organisationEvents,
  type StaffEventRow,
  seriesEvents,
} from './catalogue/catalogue.js';
export { EVENTS_CSS, EventCard } from './catalogue/views.js';
export { AUDIENCES, type Audience } from './catalogue/vocab.js';
export { addWalkIn, normaliseTicketCode } from './door/checkin.js';
export { type ProgrammeEventPlace, programmeEventPlaces } from './programme-places.js';
export { type EventHeld, eventsHeldAt } from './proposals/held.js';

/** Creates an event (draft or published) with its dates, audiences, topics and partners. */
export async function createEvent(
  deps: EventDeps,
  principal: Principal | null,
  input: EventCreateInput | unknown,
): Promise<{ id: string }> {
  const data = parse(EventCreate, input);
  checkCanManage(principal, data.organisation);
  const prepared = await prepareEvent(deps.db, data, data.venue);
  const invitations = prepareInvitations(deps.config, data.invitations);
  const id = newId();
  const now = nowIso();
  const row = newEventRow(id, data, prepared, data.sessions, null, now);
  const keep = await retentionDays(deps.db, row.programme_id);
  await deps.db.k.transaction().execute(async (trx) => {
    await repo.insertEvent(trx, row, relations(data, prepared.partners, data.sessions));
    await replaceInvitations(trx, id, invitations);
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
  const invitations = prepareInvitations(deps.config, data.invitations);
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
      await replaceInvitations(trx, id, invitations);
      await runOp(deps.db, () => scheduleAnonymisationOp(id, row.ends_at, keep, now), trx);
      eventIds.push(id);
    }
  });
  return { seriesId, eventIds };
}

/** Changes an event; more capacity goes to the waiting list at once, less is refused below the seats taken. */
export async function updateEvent(deps: EventDeps, eventId: string, input: EventPatchInput | unknown): Promise<EventDetail> {
  const { db } = deps;
  if (!isId(eventId)) throw refuse(404, 'events.error.notFound');
  const data = parse(EventPatch, input);
  const invitations = prepareInvitations(deps.config, data.invitations);
  const row = await repo.eventRow(db, eventId);
  if (!row) throw refuse(404, 'events.error.notFound');
  if (row.status === 'cancelled') throw refuse(409, 'events.error.cancelled.noChange');
  if (data.status === 'draft' && row.status === 'published' && (Number(row.taken) > 0 || Number(row.waiting) > 0)) {
    throw refuse(409, 'events.error.booked.noDraft');
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
    throw refuse(400, 'events.error.invalid', undefined, [fieldError('bookingClosesAt', 'events.check.bookingWindow')]);
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
  patchOf<typeof data, EventTable>(
    data,
    {
      programme: 'programme_id',
      type: 'type',
      maxSeatsPerBooking: 'max_seats_per_booking',
      bookingRequired: (v) => ({ booking_required: v ? 1 : 0 }),
      status: 'status',
      accessibility: 'accessibility',
      waitlistMode: 'waitlist_mode',
      offerHours: 'offer_hours',
      askSkillsCheck: (v) => ({ skills_check: v ? 1 : 0 }),
      visibility: 'visibility',
    },
    set,
  );
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
      await replaceInvitations(trx, eventId, invitations);
      if (data.capacity !== undefined && data.capacity !== Number(row.capacity)) {
        await runOp(db, () => setCapacityOp(eventId, data.capacity as number, now), trx);
      }
      if (datesChanged) await runOp(db, () => rescheduleRemindersOp(eventId, set.starts_at as string, now), trx);
      // A desk that follows the event opens during its sessions: the desks module writes its openings again.
      if (datesChanged) await enqueueJob(trx, SESSIONS_CHANGED_JOB, { eventId });
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
      throw refuse(409, 'events.error.capacityBelowTaken', { taken: Number(err.data.taken) }, undefined, { taken: err.data.taken });
    }
    throw err;
  }
  return getEvent(db, eventId, { includeDrafts: true });
}

/** Cancels an event: everyone booked or waiting is told by e-mail. */
export async function cancelEvent(deps: EventDeps, eventId: string, reason: string): Promise<EventDetail> {
  if (!isId(eventId)) throw refuse(404, 'events.error.notFound');
  const { reason: why } = parse(CancelEvent, { reason });
  try {
    await runOp(deps.db, () => cancelEventOp(eventId, why, nowIso()));
  } catch (err) {
    if (err instanceof Refusal && err.code === 'not-found') throw refuse(404, 'events.error.notFound');
    if (err instanceof Refusal && err.code === 'already-cancelled') throw refuse(409, 'events.error.alreadyCancelled');
    throw err;
  }
  return getEvent(deps.db, eventId, { includeDrafts: true });
}

export { bookingByCode } from './booking/by-code.js';
export {
  acceptOffer,
  auditRegistrationsView,
  type BookOptions,
  type BookResult,
  book,
  bookValid,
  cancelRegistration,
  changeSeats,
  declineOffer,
  eraseOwnData,
  getByManageToken,
  lapseOffer,
  listRegistrations,
  lookalikeBooking,
  manageUrl,
  type RegistrationListItem,
  type RegistrationView,
  skillsCheckUrl,
} from './booking/service.js';
export {
  cancelForPerson,
  changeSeatsForPerson,
  type Moved,
  moveForPerson,
  type RegistrationToCall,
  registrationsToCall,
  staffRegistration,
} from './booking/staff-acts.js';
