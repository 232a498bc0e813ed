import { isId, newId } from '../../../core/ids.js';
import { fieldError, Problem, refuse } from '../../../core/problems.js';
import { nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { DeskTable } from '../../../db/schema.js';
import { getEvent, getEvents } from '../../events/service.js';
import { getMunicipality, listOrganisations, organisationNames, type Venue, venuesByIds } from '../../organisations/service.js';
import { deskCore, deskScheduleOrRefuse } from '../booking/schedule-cache.js';
import type { DeskCore, DeskView } from '../model.js';
import * as repo from '../repo.js';
import { DeskCreate, type DeskCreateInput, DeskPatch, type DeskPatchInput, type ServiceData } from '../schemas.js';

/** Desks: their services, weekly opening hours and venue; created, changed, listed and ranked by nearness. */

export function serviceRow(s: ServiceData, position: number) {
  return { code: s.code, name: s.name, duration_minutes: s.durationMinutes, bring: JSON.stringify(s.bring ?? []), position };
}

export async function present(db: Db, rows: DeskTable[]): Promise<DeskView[]> {
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
    const e = r.event_id ? eventsById.get(r.event_id) : undefined;
    const core = deskCore(
      r,
      services.filter((s) => s.desk_id === r.id),
      hours.filter((h) => h.desk_id === r.id),
    );
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
      event: e ? { id: e.id, title: e.title, page: e.page, start: e.start, end: e.end } : null,
      services: core.services,
      openingHours: core.openingHours,
      patronDay: core.patronDay,
      personLimit: core.personLimit,
      retentionDays: core.retentionDays,
      active: core.active,
      page: `/sportelli/${r.id}`,
    };
  });
}

/** A desk by id; inactive desks only when `includeInactive` (staff). */
export async function getDesk(db: Db, id: string, opts: { includeInactive?: boolean } = {}): Promise<DeskView> {
  const row = await repo.deskRow(db.k, id);
  if (!row || (!opts.includeInactive && Number(row.active) !== 1)) throw refuse(404, 'desks.error.deskNotFound');
  return (await present(db, [row]))[0];
}

/**
 * The core of a desk (services, hours, limits), for the hot paths: slot lists, holds and bookings.
 * Kept between requests while the desk's schedule_version stays (booking/schedule-cache.ts).
 */
export async function getDeskCore(db: Db, id: string, opts: { includeInactive?: boolean } = {}): Promise<DeskCore> {
  return (await deskScheduleOrRefuse(db, id, opts)).core;
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
  // Comuni carry no coordinates: after the comune, its union and its province, the desks of its
  // region come before the rest (Prato's before Crema's for someone in Firenze).
  const elsewhere = (r: RankedDesk) => (home && r.desk.venue.municipality?.region === home.region ? 0 : 1);
  return ranked.sort(
    (a, b) =>
      a.nearness - b.nearness ||
      elsewhere(a) - elsewhere(b) ||
      (a.desk.venue.municipality?.name ?? '').localeCompare(b.desk.venue.municipality?.name ?? '', 'it') ||
      a.desk.name.localeCompare(b.desk.name, 'it'),
  );
}

/** Edit distance of two short texts (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** The comuni of the desks whose name is one or two letters away from what was typed ("Prto": Prato), closest first. */
export function comuniLike(typed: string, desks: DeskView[]): { name: string; provinceCode: string }[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
  const want = fold(typed);
  const seen = new Map<string, { name: string; provinceCode: string; d: number }>();
  for (const desk of desks) {
    const m = desk.venue.municipality;
    if (!m || seen.has(m.code)) continue;
    const d = distance(want, fold(m.name));
    if (d <= Math.min(2, Math.floor(want.length / 3))) seen.set(m.code, { name: m.name, provinceCode: m.provinceCode, d });
  }
  return [...seen.values()]
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name, 'it'))
    .map(({ name, provinceCode }) => ({ name, provinceCode }));
}

export async function assertVenue(db: Db, organisationId: string, venueId: string): Promise<Venue> {
  const venue = isId(venueId) ? (await venuesByIds(db, [venueId])).get(venueId) : undefined;
  if (!venue || venue.organisation !== organisationId) {
    throw refuse(422, 'desks.error.venue', undefined, [fieldError('venue', 'desks.error.venue.field')]);
  }
  return venue;
}

/** A pop-up desk's event must exist and be the organisation's own or one it is a partner of. */
export async function assertEvent(db: Db, organisationId: string, eventId: string): Promise<void> {
  const refuseEvent = (key: string) => refuse(422, key, undefined, [fieldError('eventId', key)]);
  let event: Awaited<ReturnType<typeof getEvent>>;
  try {
    event = await getEvent(db, eventId, { includeDrafts: true });
  } catch (err) {
    if (err instanceof Problem && err.status === 404) throw refuseEvent('desks.error.event.missing');
    throw err;
  }
  if (event.organisation.id !== organisationId && !event.partners.some((p) => p.id === organisationId)) {
    throw refuseEvent('desks.error.event.notOwn');
  }
}

/** Creates a desk. The caller has checked the principal's role in the body's organisation. */
export async function createDesk(db: Db, input: DeskCreateInput | unknown): Promise<DeskView> {
  const data = parse(DeskCreate, input);
  const orgs = await organisationNames(db, isId(data.organisation) ? [data.organisation] : []);
  if (!orgs.has(data.organisation)) {
    throw refuse(422, 'desks.error.organisation', undefined, [fieldError('organisation', 'desks.error.organisation.field')]);
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
  if (!row) throw refuse(404, 'desks.error.deskNotFound');
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
