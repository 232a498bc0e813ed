import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { hasRole } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import type { Lang } from '../../core/i18n.js';
import { addressOf, type Organiser } from '../../core/ics.js';
import { isId, newId } from '../../core/ids.js';
import { keyRing } from '../../core/keys.js';
import { conflict, forbidden, notFound, Problem, unprocessable } from '../../core/problems.js';
import { ORG_STAFF } from '../../core/roles.js';
import { addMs, formatRome, now, nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { DeskAppointmentTable, DeskExceptionTable, DeskOperatorTable, DeskTable } from '../../db/schema.js';
import { organisationIfMember } from '../accounts/service.js';
import { getEvent, getEvents } from '../events/service.js';
import {
  getMunicipality,
  getOrganisation,
  listOrganisations,
  type MunicipalityView,
  organisationNames,
  type Venue,
  venuesByIds,
} from '../organisations/service.js';
import { appointmentIcs } from './emails.js';
import * as repo from './repo.js';
import {
  AppointmentCreate,
  DEFAULT_SERVICES,
  DeskCreate,
  type DeskCreateInput,
  DeskPatch,
  type DeskPatchInput,
  ExceptionCreate,
  type ExceptionCreateInput,
  HoldCreate,
  instantMs,
  MAX_SLOT_DAYS,
  MoveBody,
  normaliseEmail,
  normalisePhone,
  OperatorCreate,
  type OperatorCreateInput,
  type ServiceData,
  SlotsQuery,
  StaffCancelBody,
  StatusBody,
  WalkInBody,
} from './schemas.js';
import {
  checkSlot,
  type DayPlan,
  datesBetween,
  localInstant,
  minOperators,
  planDay,
  romeDate,
  romeIso,
  type Schedule,
  type Slot,
  slotsOfDay,
  UNIT_MS,
  unitCapacities,
} from './slots.js';

export { holidayName, holidaysOf } from './holidays.js';
export { DEFAULT_SERVICES, MAX_SLOT_DAYS } from './schemas.js';
export { dayLabel, romeDate, romeIso, slotLabel } from './slots.js';

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
  mail: 'confirmed' | 'moved' | 'cancelled';
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
}

// ---------- formatting ----------

export function todayInRome(): string {
  return romeDate(now().getTime());
}

// ---------- tokens and contacts ----------

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

/**
 * The private link's token is derived from the appointment id with the server's data key, so a
 * reminder or a staff notice sent days later can carry the link again; the database stores only
 * its hash, and a dump of it opens nothing.
 */
export function manageToken(deps: Pick<Deps, 'config'>, appointmentId: string): string {
  return keyRing(deps.config).link('desks.manage', appointmentId);
}

function contactHash(deps: Pick<Deps, 'config'>, kind: 'email' | 'phone', value: string): string {
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
  const row = await repo.appointmentRow(deps.db.k, id);
  if (!row) throw notFound('Appuntamento non trovato.');
  if (!tokenMatches(deps, row, token)) throw forbidden('Il link non è valido: usa il link privato che hai ricevuto per e-mail.');
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

/** The appointment's link under DATA_KEY or, after a rotation, a previous key (core/keys.ts). */
function tokenMatches(deps: Pick<Deps, 'config'>, row: DeskAppointmentTable, token: string | undefined): boolean {
  return keyRing(deps.config).verifyLink('desks.manage', row.id, token, row.manage_token_hash);
}

// ---------- desks ----------

function serviceRow(s: ServiceData, position: number) {
  return { code: s.code, name: s.name, duration_minutes: s.durationMinutes, bring: JSON.stringify(s.bring ?? []), position };
}

async function present(db: Db, rows: DeskTable[]): Promise<DeskView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const eventIds = [...new Set(rows.map((r) => r.event_id).filter((e): e is string => !!e))];
  const [services, hours, venues, orgs, events] = await Promise.all([
    repo.servicesOf(db.k, ids),
    repo.hoursOf(db.k, ids),
    venuesByIds(
      db,
      rows.map((r) => r.venue_id),
    ),
    organisationNames(db, [...new Set(rows.map((r) => r.organisation_id))]),
    eventIds.length ? getEvents(db, eventIds) : Promise.resolve([]),
  ]);
  const eventsById = new Map(events.map((e) => [e.id, e]));
  return rows.map((r) => {
    const v = venues.get(r.venue_id);
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      organisation: { id: r.organisation_id, name: orgs.get(r.organisation_id) ?? '' },
      venue: {
        id: r.venue_id,
        name: v?.name ?? '',
        address: v?.address ?? '',
        municipality: v?.municipality ?? null,
        mapUrl: v?.mapUrl ?? '',
        stepFree: v?.stepFree ?? false,
        accessibility: v?.accessibility ?? null,
      },
      eventId: r.event_id,
      event: (() => {
        const e = r.event_id ? eventsById.get(r.event_id) : undefined;
        return e ? { id: e.id, title: e.title, page: e.page, start: e.start, end: e.end } : null;
      })(),
      services: services
        .filter((s) => s.desk_id === r.id)
        .map((s) => ({ code: s.code, name: s.name, durationMinutes: Number(s.duration_minutes), bring: JSON.parse(s.bring) as string[] })),
      openingHours: hours
        .filter((h) => h.desk_id === r.id)
        .map((h) => ({ weekday: Number(h.weekday), start: h.start_time, end: h.end_time, operators: Number(h.operators) })),
      patronDay: r.patron_day,
      personLimit:
        r.person_limit_count && r.person_limit_days ? { count: Number(r.person_limit_count), days: Number(r.person_limit_days) } : null,
      retentionDays: Number(r.retention_days),
      active: Number(r.active) === 1,
      page: `/sportelli/${r.id}`,
    };
  });
}

/** A desk by id; inactive desks only when `includeInactive` (staff). */
export async function getDesk(db: Db, id: string, opts: { includeInactive?: boolean } = {}): Promise<DeskView> {
  const row = await repo.deskRow(db.k, id);
  if (!row || (!opts.includeInactive && Number(row.active) !== 1)) throw notFound('Sportello non trovato.');
  return (await present(db, [row]))[0];
}

/** The core of a desk (services, hours, limits), for the hot paths: slot lists, holds and bookings. */
export async function getDeskCore(db: Db, id: string, opts: { includeInactive?: boolean } = {}): Promise<DeskCore> {
  const row = await repo.deskRow(db.k, id);
  if (!row || (!opts.includeInactive && Number(row.active) !== 1)) throw notFound('Sportello non trovato.');
  const [services, hours] = await Promise.all([repo.servicesOf(db.k, [row.id]), repo.hoursOf(db.k, [row.id])]);
  return {
    id: row.id,
    organisationId: row.organisation_id,
    services: services.map((s) => ({
      code: s.code,
      name: s.name,
      durationMinutes: Number(s.duration_minutes),
      bring: JSON.parse(s.bring) as string[],
    })),
    openingHours: hours.map((h) => ({ weekday: Number(h.weekday), start: h.start_time, end: h.end_time, operators: Number(h.operators) })),
    patronDay: row.patron_day,
    personLimit:
      row.person_limit_count && row.person_limit_days
        ? { count: Number(row.person_limit_count), days: Number(row.person_limit_days) }
        : null,
    retentionDays: Number(row.retention_days),
    active: Number(row.active) === 1,
  };
}

export interface DeskFilter {
  organisation?: string;
  /** Only desks whose venue is in this comune (ISTAT code). */
  municipality?: string;
  service?: string;
  includeInactive?: boolean;
}

export async function listDesks(db: Db, filter: DeskFilter = {}): Promise<DeskView[]> {
  if (filter.organisation !== undefined && !isId(filter.organisation)) return [];
  const rows = await repo.deskRows(db, { organisation: filter.organisation, service: filter.service, activeOnly: !filter.includeInactive });
  const desks = await present(db, rows);
  return filter.municipality ? desks.filter((d) => d.venue.municipality?.code === filter.municipality) : desks;
}

export interface RankedDesk {
  desk: DeskView;
  /** 0 same comune, 1 another comune of an organisation the comune belongs to, 2 same province, 3 elsewhere. */
  nearness: 0 | 1 | 2 | 3;
}

/**
 * Desks near a comune: those in the comune first, then those of the unions and consortia the
 * comune belongs to (in their other member comuni), then the rest of the province, then the others.
 */
export async function desksNear(db: Db, municipalityCode: string, desks: DeskView[]): Promise<RankedDesk[]> {
  const home = await getMunicipality(db, municipalityCode);
  const orgs = await listOrganisations(db, [...new Set(desks.map((d) => d.organisation.id))]);
  const memberOf = new Set(
    orgs
      .filter((o) => o.municipality?.code === municipalityCode || o.memberMunicipalities.some((m) => m.code === municipalityCode))
      .map((o) => o.id),
  );
  const ranked = desks.map((desk): RankedDesk => {
    const m = desk.venue.municipality;
    const nearness =
      m?.code === municipalityCode ? 0 : memberOf.has(desk.organisation.id) ? 1 : home && m?.provinceCode === home.provinceCode ? 2 : 3;
    return { desk, nearness };
  });
  return ranked.sort(
    (a, b) =>
      a.nearness - b.nearness ||
      (a.desk.venue.municipality?.name ?? '').localeCompare(b.desk.venue.municipality?.name ?? '', 'it') ||
      a.desk.name.localeCompare(b.desk.name, 'it'),
  );
}

async function assertVenue(db: Db, organisationId: string, venueId: string): Promise<Venue> {
  const venue = isId(venueId) ? (await venuesByIds(db, [venueId])).get(venueId) : undefined;
  if (!venue || venue.organisation !== organisationId) {
    throw unprocessable('La sede non esiste o non appartiene a questa organizzazione.', [
      { field: 'venue', message: "scegli una delle sedi dell'organizzazione" },
    ]);
  }
  return venue;
}

/** A pop-up desk's event must exist and be the organisation's own or one it is a partner of. */
async function assertEvent(db: Db, organisationId: string, eventId: string): Promise<void> {
  const refuse = (message: string) => unprocessable(message, [{ field: 'eventId', message }]);
  let event: Awaited<ReturnType<typeof getEvent>>;
  try {
    event = await getEvent(db, eventId, { includeDrafts: true });
  } catch (err) {
    if (err instanceof Problem && err.status === 404) throw refuse("L'evento indicato non esiste.");
    throw err;
  }
  if (event.organisation.id !== organisationId && !event.partners.some((p) => p.id === organisationId)) {
    throw refuse("L'evento non è dell'organizzazione né di un evento di cui è partner.");
  }
}

/** Creates a desk. The caller has checked the principal's role in the body's organisation. */
export async function createDesk(db: Db, input: DeskCreateInput | unknown): Promise<DeskView> {
  const data = parse(DeskCreate, input);
  const orgs = await organisationNames(db, isId(data.organisation) ? [data.organisation] : []);
  if (!orgs.has(data.organisation)) {
    throw unprocessable("L'organizzazione non esiste.", [{ field: 'organisation', message: 'organizzazione inesistente' }]);
  }
  await assertVenue(db, data.organisation, data.venue);
  if (data.eventId) await assertEvent(db, data.organisation, data.eventId);
  const id = newId();
  const at = nowIso();
  await repo.transaction(db, (trx) =>
    repo.insertDesk(
      trx,
      {
        id,
        organisation_id: data.organisation,
        venue_id: data.venue,
        event_id: data.eventId ?? null,
        name: data.name,
        description: data.description || null,
        patron_day: data.patronDay ?? null,
        person_limit_count: data.personLimit?.count ?? null,
        person_limit_days: data.personLimit?.days ?? null,
        retention_days: data.retentionDays ?? 90,
        active: data.active === false ? 0 : 1,
        created_at: at,
        updated_at: at,
      },
      data.services.map(serviceRow),
      data.openingHours.map((h) => ({ weekday: h.weekday, start_time: h.start, end_time: h.end, operators: h.operators })),
    ),
  );
  return getDesk(db, id, { includeInactive: true });
}

export async function updateDesk(db: Db, id: string, input: DeskPatchInput | unknown): Promise<DeskView> {
  const data = parse(DeskPatch, input);
  const row = await repo.deskRow(db.k, id);
  if (!row) throw notFound('Sportello non trovato.');
  if (data.venue !== undefined) await assertVenue(db, row.organisation_id, data.venue);
  if (data.eventId) await assertEvent(db, row.organisation_id, data.eventId);
  const set: Partial<DeskTable> = { updated_at: nowIso() };
  if (data.venue !== undefined) set.venue_id = data.venue;
  if (data.name !== undefined) set.name = data.name;
  if (data.description !== undefined) set.description = data.description || null;
  if (data.eventId !== undefined) set.event_id = data.eventId ?? null;
  if (data.patronDay !== undefined) set.patron_day = data.patronDay ?? null;
  if (data.personLimit !== undefined) {
    set.person_limit_count = data.personLimit?.count ?? null;
    set.person_limit_days = data.personLimit?.days ?? null;
  }
  if (data.retentionDays !== undefined) set.retention_days = data.retentionDays;
  if (data.active !== undefined) set.active = data.active ? 1 : 0;
  await repo.transaction(db, async (trx) => {
    await repo.updateDeskRow(trx, id, set);
    if (data.services) await repo.replaceServices(trx, id, data.services.map(serviceRow));
    if (data.openingHours) {
      await repo.replaceHours(
        trx,
        id,
        data.openingHours.map((h) => ({ weekday: h.weekday, start_time: h.start, end_time: h.end, operators: h.operators })),
      );
    }
  });
  return getDesk(db, id, { includeInactive: true });
}

// ---------- exceptions and operators ----------

const exceptionView = (e: DeskExceptionTable): ExceptionView => ({
  id: e.id,
  kind: e.kind,
  from: e.from_date,
  to: e.to_date,
  start: e.start_time,
  end: e.end_time,
  operators: e.operators === null ? null : Number(e.operators),
  note: e.note,
});

const operatorView = (o: DeskOperatorTable): OperatorView => ({
  id: o.id,
  name: o.name,
  userId: o.user_id,
  weekday: o.weekday === null ? null : Number(o.weekday),
  date: o.on_date,
  start: o.start_time,
  end: o.end_time,
  absent: Number(o.absent) === 1,
});

/** Exceptions of a desk; with `from`, only those not over before that date. */
export async function listExceptions(db: Db, deskId: string, from?: string): Promise<ExceptionView[]> {
  return (await repo.exceptionsOf(db.k, deskId, from)).map(exceptionView);
}

export async function addException(db: Db, deskId: string, input: ExceptionCreateInput | unknown): Promise<ExceptionView> {
  const data = parse(ExceptionCreate, input);
  if (!(await repo.deskRow(db.k, deskId))) throw notFound('Sportello non trovato.');
  const row: DeskExceptionTable = {
    id: newId(),
    desk_id: deskId,
    kind: data.kind,
    from_date: data.from,
    to_date: data.to ?? data.from,
    start_time: data.kind === 'closed' ? null : (data.start ?? null),
    end_time: data.kind === 'closed' ? null : (data.end ?? null),
    operators: data.kind === 'open' ? (data.operators ?? 1) : null,
    note: data.note || null,
    created_at: nowIso(),
  };
  await repo.insertException(db.k, row);
  return exceptionView(row);
}

export async function removeException(db: Db, exceptionId: string): Promise<{ deskId: string }> {
  const row = await repo.exceptionRow(db.k, exceptionId);
  if (!row || (await repo.deleteException(db.k, exceptionId)) === 0) throw notFound('Eccezione non trovata.');
  return { deskId: row.desk_id };
}

export async function listOperators(db: Db, deskId: string): Promise<OperatorView[]> {
  return (await repo.operatorsOf(db.k, deskId)).map(operatorView);
}

export async function addOperator(db: Db, deskId: string, input: OperatorCreateInput | unknown): Promise<OperatorView> {
  const data = parse(OperatorCreate, input);
  const desk = await repo.deskRow(db.k, deskId);
  if (!desk) throw notFound('Sportello non trovato.');
  if (data.userId) {
    const member = await organisationIfMember(db, desk.organisation_id, data.userId);
    if (!member) {
      throw unprocessable("La persona non fa parte dell'organizzazione.", [
        { field: 'userId', message: "utente non presente nell'organizzazione" },
      ]);
    }
  }
  const row: DeskOperatorTable = {
    id: newId(),
    desk_id: deskId,
    name: data.name,
    user_id: data.userId ?? null,
    weekday: data.weekday ?? null,
    on_date: data.date ?? null,
    start_time: data.absent ? '00:00' : data.start!,
    end_time: data.absent ? '00:00' : data.end!,
    absent: data.absent ? 1 : 0,
    created_at: nowIso(),
  };
  await repo.insertOperator(db.k, row);
  return operatorView(row);
}

export async function removeOperator(db: Db, operatorId: string): Promise<{ deskId: string }> {
  const row = await repo.operatorRow(db.k, operatorId);
  if (!row || (await repo.deleteOperator(db.k, operatorId)) === 0) throw notFound('Turno non trovato.');
  return { deskId: row.desk_id };
}

// ---------- schedule and slots ----------

/** Everything the slot computation needs between two dates. */
type ScheduleRows = [DeskExceptionTable[], DeskOperatorTable[]];

/** The exceptions and operators' shifts of a desk between two dates (they need only its id). */
function scheduleRows(db: Db, deskId: string, from: string, to: string): Promise<ScheduleRows> {
  return Promise.all([repo.exceptionsOf(db.k, deskId, from, to), repo.operatorsOf(db.k, deskId)]);
}

function toSchedule(desk: Pick<DeskCore, 'openingHours' | 'patronDay'>, [exceptions, operators]: ScheduleRows): Schedule {
  return {
    weekly: desk.openingHours,
    exceptions: exceptions.map((e) => ({
      kind: e.kind,
      from: e.from_date,
      to: e.to_date,
      start: e.start_time,
      end: e.end_time,
      operators: e.operators === null ? null : Number(e.operators),
    })),
    shifts: operators.map((o) => ({
      key: o.user_id ?? o.name.trim().toLowerCase(),
      weekday: o.weekday === null ? null : Number(o.weekday),
      date: o.on_date,
      start: o.start_time,
      end: o.end_time,
      absent: Number(o.absent) === 1,
    })),
    patronDay: desk.patronDay,
  };
}

/** Everything the slot computation needs between two dates. */
async function loadSchedule(
  db: Db,
  desk: Pick<DeskCore, 'id' | 'openingHours' | 'patronDay'>,
  from: string,
  to: string,
): Promise<Schedule> {
  return toSchedule(desk, await scheduleRows(db, desk.id, from, to));
}

function offeredService(desk: Pick<DeskCore, 'services'>, code: string): ServiceView {
  const service = desk.services.find((s) => s.code === code);
  if (!service) {
    throw unprocessable(`Lo sportello non offre il servizio "${code}".`, [
      { field: 'service', message: `servizi offerti: ${desk.services.map((s) => s.code).join(', ')}` },
    ]);
  }
  return service;
}

/** Free places in each slot: operators on duty minus places taken, in the fullest 5-minute unit. */
function freePlaces(slots: { slot: Slot; plan: DayPlan }[], taken: repo.PlacesTaken): SlotView[] {
  const out: SlotView[] = [];
  for (const { slot, plan } of slots) {
    let free = slot.capacity;
    for (let t = slot.start; t < slot.end; t += UNIT_MS) {
      const n = taken.at(t);
      if (n) free = Math.min(free, minOperators(plan.profile, t, Math.min(t + UNIT_MS, slot.end)) - n);
    }
    if (free > 0) out.push({ start: romeIso(slot.start), end: romeIso(slot.end), free });
  }
  return out;
}

function dateRange(query: { from?: string; to?: string }): { from: string; to: string } {
  const from = query.from ?? todayInRome();
  const to = query.to ?? DateTime.fromISO(from, { zone: 'utc' }).plus({ days: 13 }).toISODate()!;
  if (to < from)
    throw new Problem(400, 'Richiesta non valida', 'La data "to" viene prima di "from".', [
      { field: 'to', message: 'viene prima di from' },
    ]);
  const days = datesBetween(from, to).length;
  if (days > MAX_SLOT_DAYS) {
    throw new Problem(400, 'Richiesta non valida', `Si possono chiedere al massimo ${MAX_SLOT_DAYS} giorni alla volta.`, [
      { field: 'to', message: `al massimo ${MAX_SLOT_DAYS} giorni dopo from` },
    ]);
  }
  return { from, to };
}

/** Free slots of a service between two dates (Rome), in the future only, each with its free places. */
export async function freeSlots(db: Db, deskId: string, input: unknown): Promise<{ service: ServiceView; items: SlotView[] }> {
  const query = parse(SlotsQuery, input, 'I parametri della richiesta');
  const desk = await getDeskCore(db, deskId);
  const service = offeredService(desk, query.service);
  return { service, items: await slotsBetween(db, desk, service, dateRange(query)) };
}

async function slotsBetween(
  db: Db,
  desk: Pick<DeskCore, 'id' | 'openingHours' | 'patronDay'>,
  service: ServiceView,
  range: { from: string; to: string },
): Promise<SlotView[]> {
  const nowMs = now().getTime();
  const schedule = await loadSchedule(db, desk, range.from, range.to);
  const candidates: { slot: Slot; plan: DayPlan }[] = [];
  for (const date of datesBetween(range.from, range.to)) {
    const plan = planDay(date, schedule);
    if (plan.periods.length === 0) continue;
    for (const slot of slotsOfDay(plan, service.durationMinutes)) {
      if (slot.start > nowMs && slot.capacity > 0) candidates.push({ slot, plan });
    }
  }
  if (candidates.length === 0) return [];
  const fromIso = new Date(candidates[0].slot.start).toISOString();
  const toIso = new Date(Math.max(...candidates.map((c) => c.slot.end))).toISOString();
  const taken = await repo.placesTakenBetween(db.k, desk.id, fromIso, toIso, new Date(nowMs).toISOString());
  return freePlaces(candidates, taken);
}

/** Days with at least one free slot of the service, with how many, between two dates. */
export async function freeDays(
  db: Db,
  desk: DeskView,
  serviceCode: string,
  from: string,
  to: string,
): Promise<{ date: string; slots: SlotView[] }[]> {
  const service = offeredService(desk, serviceCode);
  const items = await slotsBetween(db, desk, service, dateRange({ from, to }));
  const byDay = new Map<string, SlotView[]>();
  for (const s of items) {
    const d = s.start.slice(0, 10);
    byDay.set(d, [...(byDay.get(d) ?? []), s]);
  }
  return [...byDay].map(([date, slots]) => ({ date, slots }));
}

const REFUSALS: Record<string, (d: { duration: number; holiday?: string; date: string }) => string> = {
  past: () => 'Questo orario è già passato: scegli un orario futuro.',
  holiday: (d) => `Il ${d.date} è un giorno festivo (${d.holiday}): lo sportello è chiuso.`,
  closed: (d) => `Il ${d.date} lo sportello è chiuso.`,
  'outside-hours': () => "Lo sportello non è aperto a quest'ora per questo servizio: scegli uno degli orari proposti.",
  'not-aligned': (d) =>
    `Gli appuntamenti per questo servizio iniziano ogni ${d.duration} minuti dall'apertura: scegli uno degli orari proposti.`,
  blocked: () => 'Questo orario non è disponibile.',
  'no-operators': () => "Nessun operatore è in servizio a quest'ora.",
  horizon: () => `Si può prenotare al massimo ${BOOKING_HORIZON_DAYS} giorni prima.`,
};

/** Checks that an instant starts a bookable slot of the service; the 5-minute units it takes, with their capacity. */
async function bookableSlot(
  db: Db,
  desk: Pick<DeskCore, 'id' | 'openingHours' | 'patronDay'>,
  service: ServiceView,
  start: string,
  rows?: Promise<ScheduleRows>,
) {
  const startMs = instantMs(start);
  const nowMs = now().getTime();
  const date = romeDate(startMs);
  const fail = (reason: string, holiday?: string) =>
    unprocessable(REFUSALS[reason]({ duration: service.durationMinutes, holiday, date }), [
      { field: 'start', message: REFUSALS[reason]({ duration: service.durationMinutes, holiday, date }) },
    ]);
  if (startMs > nowMs + BOOKING_HORIZON_DAYS * 86_400_000) throw fail('horizon');
  const schedule = toSchedule(desk, await (rows ?? scheduleRows(db, desk.id, date, date)));
  const checked = checkSlot(startMs, service.durationMinutes, schedule, nowMs);
  if (!checked.ok) throw fail(checked.reason, checked.holiday);
  return { slot: checked.slot, units: unitCapacities(checked.plan, checked.slot) };
}

/** The desk's core and the day's exceptions and shifts, read at the same time (a booking's reads). */
async function deskAndDay(db: Db, deskId: string, start: string): Promise<{ desk: DeskCore; rows: Promise<ScheduleRows> }> {
  const date = romeDate(instantMs(start));
  const rows = scheduleRows(db, deskId, date, date);
  // Not awaited yet: a missing desk answers 404 before anything else.
  rows.catch(() => {});
  return { desk: await getDeskCore(db, deskId), rows };
}

export function slotTakenMessage(lang: Lang = 'it'): string {
  return lang === 'en'
    ? 'Someone has just taken this time: choose another.'
    : 'Questo orario è appena stato preso da qualcun altro: scegline un altro.';
}

const taken = () => conflict(slotTakenMessage(), { reason: 'taken' });

// ---------- holds ----------

/** Keeps a slot for five minutes while the citizen fills in the form; it counts against capacity like a booking. */
export async function createHold(deps: Deps, deskId: string, input: unknown): Promise<HoldView> {
  const data = parse(HoldCreate, input);
  const { desk, rows } = await deskAndDay(deps.db, deskId, data.start);
  const service = offeredService(desk, data.service);
  const { slot, units } = await bookableSlot(deps.db, desk, service, data.start, rows);
  const id = newId();
  const at = nowIso();
  const expiresAt = addMs(at, HOLD_MS);
  await repo.transaction(deps.db, async (trx) => {
    await repo.releaseExpiredHolds(trx, desk.id, nowIso());
    if (!(await repo.reserveUnits(trx, desk.id, units))) throw taken();
    await repo.insertHold(trx, {
      id,
      desk_id: desk.id,
      service_code: service.code,
      start_at: new Date(slot.start).toISOString(),
      end_at: new Date(slot.end).toISOString(),
      expires_at: expiresAt,
      created_at: at,
    });
  });
  return { id, deskId: desk.id, service: service.code, start: romeIso(slot.start), end: romeIso(slot.end), expiresAt };
}

/** A hold still in force, or undefined. */
export async function getHold(db: Db, holdId: string): Promise<HoldView | undefined> {
  const h = await repo.holdRow(db.k, holdId);
  if (!h || h.expires_at <= nowIso()) return undefined;
  return {
    id: h.id,
    deskId: h.desk_id,
    service: h.service_code,
    start: romeIso(Date.parse(h.start_at)),
    end: romeIso(Date.parse(h.end_at)),
    expiresAt: h.expires_at,
  };
}

/** The citizen leaves: the hold is deleted and its place given back at once. */
export async function releaseHold(deps: Deps, holdId: string): Promise<{ deskId: string }> {
  const released = await repo.transaction(deps.db, async (trx) => {
    const h = await repo.takeHold(trx, holdId);
    if (h) await repo.releaseUnits(trx, h.desk_id, h.start_at, h.end_at);
    return h;
  });
  if (!released) throw notFound('Questo orario non è più tenuto per te (la prenotazione è stata confermata o il tempo è scaduto).');
  return { deskId: released.desk_id };
}

// ---------- appointments ----------

function appointmentView(a: DeskAppointmentTable, desk: Pick<DeskCore, 'services'>): AppointmentView {
  const service = desk.services.find((s) => s.code === a.service_code);
  return {
    id: a.id,
    deskId: a.desk_id,
    service: { code: a.service_code, name: service?.name ?? a.service_code },
    start: romeIso(Date.parse(a.start_at)),
    end: romeIso(Date.parse(a.end_at)),
    status: a.status,
    name: a.name,
    email: a.email,
    phone: a.phone,
    source: a.source,
    createdAt: a.created_at,
  };
}

export interface BookOptions {
  source?: 'online' | 'staff';
  lang?: Lang;
  bookedBy?: string | null;
}

export interface BookResult {
  appointment: AppointmentView;
  manageToken: string;
}

/** When the day-before reminder leaves: 09:00 Rome time the day before; null when that moment has passed. */
export function reminderAt(startIso: string): string | null {
  const day = romeDate(Date.parse(startIso));
  const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const at = new Date(localInstant(before, `${String(REMINDER_HOUR).padStart(2, '0')}:00`)).toISOString();
  return at > nowIso() ? at : null;
}

/** Queues the reminder (for a booked appointment with an e-mail) and the erasure of its personal data. */
export async function enqueueFollowUps(
  deps: Deps,
  trx: repo.Executor,
  a: DeskAppointmentTable,
  desk: Pick<DeskCore, 'retentionDays'>,
): Promise<void> {
  const remindAt = a.email && a.status === 'booked' ? reminderAt(a.start_at) : null;
  if (remindAt) {
    await deps.jobs.enqueue(
      trx,
      DESK_REMINDER_JOB,
      { appointmentId: a.id, start: a.start_at },
      { runAt: remindAt, dedupeKey: `desk-reminder:${a.id}:${a.start_at}` },
    );
  }
  const eraseAt = addMs(a.end_at, desk.retentionDays * 86_400_000);
  await deps.jobs.enqueue(
    trx,
    DESK_ANONYMISE_JOB,
    { appointmentId: a.id },
    { runAt: eraseAt, dedupeKey: `desk-anonymise:${a.id}:${eraseAt}` },
  );
}

/**
 * Books a slot. In one transaction: expired holds of the desk are released; the citizen's own
 * hold, if still in force, is turned into the appointment (its place moves over); otherwise one
 * conditional upsert takes a place in every unit of the slot or the transaction ends with 409;
 * the per-person limit is counted under a lock of the person's contact rows; the confirmation
 * e-mail, the reminder and the erasure of personal data are queued with the appointment.
 */
export async function bookAppointment(deps: Deps, deskId: string, input: unknown, opts: BookOptions = {}): Promise<BookResult> {
  const data = parse(AppointmentCreate, input);
  const { desk, rows } = await deskAndDay(deps.db, deskId, data.start);
  const service = offeredService(desk, data.service);
  const { slot, units } = await bookableSlot(deps.db, desk, service, data.start, rows);
  const startIso = new Date(slot.start).toISOString();
  const endIso = new Date(slot.end).toISOString();
  const email = data.email ? normaliseEmail(data.email) : null;
  const phone = data.phone ? normalisePhone(data.phone) : null;
  const hashes = {
    email: email ? contactHash(deps, 'email', email) : null,
    phone: phone ? contactHash(deps, 'phone', phone) : null,
  };
  const id = newId();
  const token = manageToken(deps, id);
  const row = await repo.transaction(deps.db, async (trx) => {
    const at = nowIso();
    await repo.releaseExpiredHolds(trx, desk.id, at);
    let fromHold: string | null = null;
    if (data.hold) {
      const held = await repo.holdRow(trx, data.hold);
      if (held && held.desk_id === desk.id && held.service_code === service.code && held.start_at === startIso && held.end_at === endIso) {
        if (await repo.takeHold(trx, data.hold)) fromHold = data.hold;
      } else if (!held && isId(data.hold) && (await repo.appointmentByHold(trx, data.hold))) {
        throw conflict('Questo appuntamento è già stato confermato: controlla la tua e-mail.', { reason: 'already-booked' });
      }
    }
    if (desk.personLimit) {
      const contacts = [hashes.email, hashes.phone].filter((h): h is string => !!h);
      await repo.lockContacts(trx, desk.id, contacts, at);
      const window = desk.personLimit.days * 86_400_000;
      const count = await repo.countPersonAppointments(
        trx,
        desk.id,
        service.code,
        hashes,
        addMs(startIso, -window),
        addMs(startIso, window),
      );
      if (count >= desk.personLimit.count) {
        throw new Problem(
          422,
          'Limite di prenotazioni raggiunto',
          `Con questo recapito hai già ${count === 1 ? 'un appuntamento' : `${count} appuntamenti`} per "${service.name}" entro ${desk.personLimit.days} giorni: lo sportello ne consente ${desk.personLimit.count}.`,
          [{ field: hashes.email ? 'email' : 'phone', message: 'limite di appuntamenti per persona raggiunto' }],
          { reason: 'person-limit' },
        );
      }
    }
    if (!fromHold && !(await repo.reserveUnits(trx, desk.id, units))) throw taken();
    const appointment: DeskAppointmentTable = {
      id,
      desk_id: desk.id,
      service_code: service.code,
      start_at: startIso,
      end_at: endIso,
      status: 'booked',
      name: data.name,
      email,
      phone,
      email_hash: hashes.email,
      phone_hash: hashes.phone,
      manage_token_hash: sha256(token),
      hold_id: fromHold,
      source: opts.source ?? 'online',
      holds_capacity: 1,
      booked_by: opts.bookedBy ?? null,
      lang: opts.lang ?? 'it',
      created_at: at,
      updated_at: at,
      served_at: null,
      cancelled_at: null,
      anonymised_at: null,
    };
    await repo.insertAppointment(trx, appointment);
    // One job does the rest after the commit, off the booking's path: the confirmation e-mail
    // (with its .ics), the reminder and the erasure of personal data.
    await deps.jobs.enqueue(trx, DESK_BOOKED_JOB, { appointmentId: id }, { dedupeKey: `desk-booked:${id}` });
    return appointment;
  });
  return { appointment: appointmentView(row, desk), manageToken: token };
}

/** An appointment seen through its private link; a wrong token is refused. */
export async function appointmentByToken(
  deps: Pick<Deps, 'db' | 'config'>,
  id: string,
  token: string | undefined,
): Promise<{ appointment: AppointmentView; desk: DeskView }> {
  const { db } = deps;
  const row = await repo.appointmentRow(db.k, id);
  if (!row) throw notFound('Appuntamento non trovato.');
  if (!tokenMatches(deps, row, token)) throw forbidden('Il link non è valido: usa il link privato che hai ricevuto per e-mail.');
  const desk = await getDesk(db, row.desk_id, { includeInactive: true });
  return { appointment: appointmentView(row, desk), desk };
}

async function cancel(deps: Deps, row: DeskAppointmentTable, desk: DeskView, by: { staff: Principal | null; reason?: string }) {
  await repo.transaction(deps.db, async (trx) => {
    const at = nowIso();
    const before = await repo.cancelBooked(trx, row.id, at);
    if (!before) {
      throw conflict(
        row.status === 'cancelled'
          ? "L'appuntamento è già stato annullato."
          : `L'appuntamento non si può più annullare (stato: ${row.status}).`,
        { reason: 'not-booked' },
      );
    }
    if (before.holds_capacity === 1) await repo.releaseUnits(trx, desk.id, before.start_at, before.end_at);
    if (before.email && !before.anonymised_at) {
      const mail: DeskMailPayload = {
        appointmentId: before.id,
        mail: 'cancelled',
        byStaff: !!by.staff,
        ...(by.reason ? { reason: by.reason } : {}),
      };
      await deps.jobs.enqueue(trx, DESK_MAIL_JOB, mail, { dedupeKey: deskMailKey(before.id, 'cancelled') });
    }
    if (by.staff) {
      await audit(trx, {
        userId: by.staff.userId,
        organisationId: desk.organisation.id,
        action: 'cancel',
        entity: 'desk-appointment',
        entityId: row.id,
        details: { reason: by.reason ?? null },
      });
    }
  });
}

/** The citizen cancels through the private link; the place is given back at once. */
export async function cancelByCitizen(deps: Deps, id: string, token: string | undefined): Promise<void> {
  const row = await repo.appointmentRow(deps.db.k, id);
  if (!row) throw notFound('Appuntamento non trovato.');
  if (!tokenMatches(deps, row, token)) throw forbidden('Il link non è valido: usa il link privato che hai ricevuto per e-mail.');
  const desk = await getDesk(deps.db, row.desk_id, { includeInactive: true });
  await cancel(deps, row, desk, { staff: null });
}

async function move(
  deps: Deps,
  row: DeskAppointmentTable,
  desk: DeskView,
  start: string,
  staff: Principal | null,
): Promise<AppointmentView> {
  if (row.status !== 'booked') throw conflict(`L'appuntamento non si può spostare (stato: ${row.status}).`, { reason: 'not-booked' });
  const service = desk.services.find((s) => s.code === row.service_code);
  if (!service) throw unprocessable('Lo sportello non offre più questo servizio: annulla e prenota di nuovo.');
  if (Date.parse(row.start_at) <= now().getTime()) throw unprocessable("L'appuntamento è già iniziato o passato: non si può spostare.");
  const { slot, units } = await bookableSlot(deps.db, desk, service, start);
  const to = { start: new Date(slot.start).toISOString(), end: new Date(slot.end).toISOString() };
  if (to.start === row.start_at) return appointmentView(row, desk);
  const moved = await repo.transaction(deps.db, async (trx) => {
    const at = nowIso();
    await repo.releaseExpiredHolds(trx, desk.id, at);
    // The conditional update locks the appointment and checks it is still as read; then the old
    // place is given back (a move by a few minutes may overlap it) and the new one taken. A full
    // new slot rolls all three back.
    if (!(await repo.moveBooked(trx, row.id, { start: row.start_at }, to, at))) {
      throw conflict("L'appuntamento è appena stato cambiato: ricarica la pagina.", { reason: 'changed' });
    }
    if (row.holds_capacity === 1) await repo.releaseUnits(trx, desk.id, row.start_at, row.end_at);
    if (!(await repo.reserveUnits(trx, desk.id, units))) throw taken();
    const after: DeskAppointmentTable = { ...row, start_at: to.start, end_at: to.end, updated_at: at, holds_capacity: 1 };
    if (row.holds_capacity !== 1) {
      await trx.updateTable('desk_appointments').set({ holds_capacity: 1 }).where('id', '=', row.id).execute();
    }
    if (after.email && !after.anonymised_at) {
      const mail: DeskMailPayload = {
        appointmentId: row.id,
        mail: 'moved',
        was: { start: row.start_at, end: row.end_at },
        byStaff: !!staff,
      };
      await deps.jobs.enqueue(trx, DESK_MAIL_JOB, mail, { dedupeKey: deskMailKey(row.id, `moved:${newId()}`) });
    }
    await enqueueFollowUps(deps, trx, after, desk);
    if (staff) {
      await audit(trx, {
        userId: staff.userId,
        organisationId: desk.organisation.id,
        action: 'move',
        entity: 'desk-appointment',
        entityId: row.id,
        details: { from: row.start_at, to: to.start },
      });
    }
    return after;
  });
  return appointmentView(moved, desk);
}

/** The citizen moves the appointment through the private link. */
export async function moveByCitizen(deps: Deps, id: string, token: string | undefined, input: unknown): Promise<AppointmentView> {
  const data = parse(MoveBody, input);
  const row = await repo.appointmentRow(deps.db.k, id);
  if (!row) throw notFound('Appuntamento non trovato.');
  if (!tokenMatches(deps, row, token)) throw forbidden('Il link non è valido: usa il link privato che hai ricevuto per e-mail.');
  const desk = await getDesk(deps.db, row.desk_id, { includeInactive: true });
  return move(deps, row, desk, data.start, null);
}

async function staffAppointment(db: Db, id: string): Promise<{ row: DeskAppointmentTable; desk: DeskView }> {
  const row = await repo.appointmentRow(db.k, id);
  if (!row) throw notFound('Appuntamento non trovato.');
  return { row, desk: await getDesk(db, row.desk_id, { includeInactive: true }) };
}

/** An appointment as staff see it (the caller has checked access). */
export async function staffAppointmentView(db: Db, id: string): Promise<{ appointment: AppointmentView; desk: DeskView }> {
  const { row, desk } = await staffAppointment(db, id);
  return { appointment: appointmentView(row, desk), desk };
}

/** Staff move an appointment; the citizen is told by e-mail. */
export async function moveByStaff(deps: Deps, principal: Principal, id: string, input: unknown): Promise<AppointmentView> {
  const data = parse(MoveBody, input);
  const { row, desk } = await staffAppointment(deps.db, id);
  return move(deps, row, desk, data.start, principal);
}

/** Staff cancel an appointment; the citizen is told by e-mail, with the reason. */
export async function cancelByStaff(deps: Deps, principal: Principal, id: string, input: unknown): Promise<void> {
  const data = parse(StaffCancelBody, input ?? {});
  const { row, desk } = await staffAppointment(deps.db, id);
  await cancel(deps, row, desk, { staff: principal, reason: data.reason || undefined });
}

/** The refusal to mark served an appointment whose time has not come yet. */
function notStartedYet(row: DeskAppointmentTable) {
  return conflict(
    `Questo appuntamento non è ancora iniziato (${formatRome(row.start_at)}): si potrà segnare come servito dall'ora dell'appuntamento.`,
    { reason: 'not-started' },
  );
}

/**
 * Marks an appointment served or no-show (or back to booked, to undo a mistake). Nobody is served
 * before their appointment begins: marking one served ahead of its start is refused (409), and the
 * update itself carries the condition, so the row is left as it was.
 */
export async function setAppointmentStatus(deps: Deps, principal: Principal, id: string, input: unknown): Promise<AppointmentView> {
  const data = parse(StatusBody, input);
  const { row, desk } = await staffAppointment(deps.db, id);
  const from: DeskAppointmentTable['status'][] = data.status === 'booked' ? ['served', 'no-show'] : ['booked', 'served', 'no-show'];
  if (row.status === data.status) return appointmentView(row, desk);
  const at = nowIso();
  const serving = data.status === 'served';
  if (serving && row.start_at > at) throw notStartedYet(row);
  if (!(await repo.setStatus(deps.db.k, id, from, data.status, at, serving ? at : undefined))) {
    const fresh = await repo.appointmentRow(deps.db.k, id);
    if (serving && fresh && fresh.start_at > at) throw notStartedYet(fresh);
    throw conflict(`Lo stato "${fresh?.status ?? row.status}" non si può cambiare in "${data.status}".`, { reason: 'status' });
  }
  await audit(deps.db.k, {
    userId: principal.userId,
    organisationId: desk.organisation.id,
    action: `status:${data.status}`,
    entity: 'desk-appointment',
    entityId: id,
  });
  const after = await repo.appointmentRow(deps.db.k, id);
  return appointmentView(after!, desk);
}

/** Records someone helped without an appointment: served now, taking no bookable place. */
export async function recordWalkIn(deps: Deps, principal: Principal, deskId: string, input: unknown): Promise<AppointmentView> {
  const data = parse(WalkInBody, input);
  const desk = await getDesk(deps.db, deskId, { includeInactive: true });
  const service = offeredService(desk, data.service);
  const at = nowIso();
  const startMs = Math.floor(Date.parse(at) / 60_000) * 60_000;
  const row: DeskAppointmentTable = {
    id: newId(),
    desk_id: desk.id,
    service_code: service.code,
    start_at: new Date(startMs).toISOString(),
    end_at: new Date(startMs + service.durationMinutes * 60_000).toISOString(),
    status: 'served',
    name: data.name ?? null,
    email: null,
    phone: null,
    email_hash: null,
    phone_hash: null,
    manage_token_hash: sha256(newId()),
    hold_id: null,
    source: 'walk-in',
    holds_capacity: 0,
    booked_by: principal.userId,
    lang: 'it',
    created_at: at,
    updated_at: at,
    served_at: at,
    cancelled_at: null,
    anonymised_at: null,
  };
  await repo.transaction(deps.db, async (trx) => {
    await repo.insertAppointment(trx, row);
    await enqueueFollowUps(deps, trx, row, desk);
  });
  return appointmentView(row, desk);
}

export interface Agenda {
  desk: DeskView;
  date: string;
  plan: { holiday: string | null; closed: boolean; periods: { start: string; end: string; operators: number }[] };
  items: AppointmentView[];
}

/** The operator's day: every appointment of the desk on a Rome date. Reading personal data is audited. */
export async function agenda(deps: Deps, principal: Principal, deskId: string, date?: string): Promise<Agenda> {
  const desk = await getDesk(deps.db, deskId, { includeInactive: true });
  const day = date ?? todayInRome();
  const from = new Date(localInstant(day, '00:00')).toISOString();
  const next = DateTime.fromISO(day, { zone: 'utc' }).plus({ days: 1 }).toISODate()!;
  const to = new Date(localInstant(next, '00:00')).toISOString();
  const [rows, schedule] = await Promise.all([
    repo.appointmentsBetween(deps.db.k, desk.id, from, to),
    loadSchedule(deps.db, desk, day, day),
  ]);
  const plan = planDay(day, schedule);
  await audit(deps.db.k, {
    userId: principal.userId,
    organisationId: desk.organisation.id,
    action: 'view',
    entity: 'desk-agenda',
    entityId: desk.id,
    details: { date: day },
  });
  return {
    desk,
    date: day,
    plan: {
      holiday: plan.holiday,
      closed: plan.closed,
      periods: plan.periods.map((p) => ({ start: romeIso(p.start), end: romeIso(p.end), operators: p.operators })),
    },
    items: rows.map((r) => appointmentView(r, desk)),
  };
}

/**
 * The national codes a desk service stands for in a facilitation record (SE5: competences
 * treated, SE6: public digital services; the lists are the facilitation module's), so that a
 * served appointment opens the record form already filled in. They are read from the service's
 * code and name together, so a desk's own services ("SPID per il Fascicolo Sanitario") are
 * understood as well as the default ones:
 *
 * | the service's code or name says                              | SE5    | SE6                 |
 * |--------------------------------------------------------------|--------|---------------------|
 * | SPID, CIE, CNS, identità digitale, carta d'identità elettr.  | 9      | (the service below) |
 * | App IO (app-io)                                              | 6      | A App IO            |
 * | pagoPA, pagamenti (pagopa)                                   | 6      | B pagoPA            |
 * | ANPR, certificati, anagrafe (anpr)                           | 6      | C ANPR              |
 * | Fascicolo Sanitario Elettronico, FSE (fse)                   | 6      | D FSE               |
 * | fatturazione elettronica                                     | 6      | E                   |
 * | biblioteca, museo                                            | 6      | F cultura           |
 * | scuola, mensa, nido, registro elettronico                    | 6      | G istruzione        |
 * | università                                                   | 6      | H formazione        |
 * | impianti sportivi                                            | 6      | I sport             |
 * | centro per l'impiego                                         | 6      | J lavoro            |
 * | SUAP, attività produttive                                    | 6      | K impresa           |
 * | INPS, pensione, assegno unico, ISEE                          | 6      | L previdenza        |
 * | CUP, prenotare visite o esami, medico di famiglia, referti   | 6      | M sanità non FSE    |
 * | dichiarazione precompilata, 730, Agenzia delle Entrate       | 6      | N fisco             |
 * | IMU, TARI, TASI, tributi, multe                              | 6      | O tributi           |
 * | SCIA, CILA, pratiche edilizie                                | 6      | P edilizia          |
 * | ZTL, parcheggi, trasporto pubblico                           | 6      | Q mobilità          |
 * | piattaforma di partecipazione                                | 6      | R partecipazione    |
 * | anything else ("Aiuto digitale generico")                    | —      | —                   |
 *
 * SPID or CIE with a service ("SPID e App IO") gives 9 and 6 and that service. SPID or CIE alone
 * proposes no SE6 at all, never S "Nessuna delle precedenti": people mostly get SPID to reach a
 * service, and only the facilitator knows which one (or that there was none), so the form, which
 * wants at least one SE6 answer, asks them. Nothing is proposed where nothing is known.
 */
const IDENTITY = /\b(spid|cie|cns)\b|identita digitale|carta d identita elettronica|carta nazionale dei servizi/;
const PUBLIC_SERVICES: [code: string, words: RegExp][] = [
  ['A', /\bapp io\b/],
  ['B', /\bpago ?pa\b|\bpagament/],
  ['C', /\banpr\b|\bcertificat|\banagraf/],
  ['D', /fascicolo sanitario|\bfse\b/],
  ['E', /fatturazione elettronica/],
  ['F', /\bbibliotec|\bmuse[oi]\b/],
  ['G', /\bscuol|\bscolastic|\bmensa\b|\bnido\b|registro elettronico/],
  ['H', /\buniversit/],
  ['I', /impianti sportivi/],
  ['J', /centr[oi] per l impiego/],
  ['K', /\bsuap\b|attivita produttive/],
  ['L', /\binps\b|\bpension|assegno unico|\bisee\b/],
  ['M', /\bcup\b|prenota\w* (di )?(visite|esami)|medico di (base|famiglia)|\breferti\b/],
  ['N', /precompilat|\b730\b|agenzia delle entrate/],
  ['O', /\bimu\b|\btari\b|\btasi\b|\btribut|\bmulte\b|contravvenzion/],
  ['P', /\bscia\b|\bcila\b|pratiche edilizie/],
  ['Q', /\bztl\b|\bparchegg|trasporto pubblico/],
  ['R', /piattaform\w* di partecipazione/],
];

/** The SE5 and SE6 codes of a desk service, from its code and name (see the table above). */
export function facilitationCodes(service: { code: string; name: string }): { competences: number[]; services: string[] } {
  // Lower case, no accents, words apart: "Carta d'identità" → "carta d identita", "app-io" → "app io".
  const text = ` ${service.code} ${service.name} `
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ');
  const services = PUBLIC_SERVICES.filter(([, words]) => words.test(text)).map(([code]) => code);
  const competences = [...(services.length > 0 ? [6] : []), ...(IDENTITY.test(text) ? [9] : [])];
  return { competences, services };
}

/** The facilitation form's known fields for a served appointment: venue, date, duration, kind, codes, details. */
export function facilitationPrefill(desk: DeskView, a: AppointmentView) {
  const service = desk.services.find((s) => s.code === a.service.code);
  const minutes = service?.durationMinutes ?? Math.round((Date.parse(a.end) - Date.parse(a.start)) / 60_000);
  const codes = facilitationCodes(a.service);
  return {
    venue: desk.venue.id,
    date: a.start.slice(0, 10),
    duration: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
    // Facilitazione individuale.
    kinds: ['A'],
    services: codes.services,
    competences: codes.competences,
    details: `Sportello "${desk.name}": ${a.service.name}`,
  };
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
