import { DateTime } from 'luxon';
import { fieldError, refuse } from '../../../core/problems.js';
import { localInstant, ZONE } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import { deskPeriodFigures } from '../../desks/service.js';
import { programmeEventPlaces } from '../../events/service.js';
import { facilitationByPlace } from '../../facilitation/service.js';
import { getOrganisation, municipalitiesByCodes, venuesByIds } from '../../organisations/service.js';
import { activeVolunteersByComune } from '../../volunteers/service.js';
import { getProgramme, type Programme } from '../service.js';

/**
 * What a programme did in each of its comuni over a period: the coverage board ("at least one
 * initiative in every comune") and the report by comune and by audience. Figures come from the
 * events, desks and facilitation services, one grouped read each.
 */

export interface Period {
  /** YYYY-MM-DD, both days included (Rome). */
  from: string;
  to: string;
}

/** One comune's row of the report; the coverage board shows a summary of it. */
export interface PlaceRow {
  code: string;
  name: string;
  /** Published events of the programme with a session starting in the period. */
  events: number;
  sessions: number;
  /** Seats of confirmed bookings of those events. */
  booked: number;
  /** People checked in with a booking, plus walk-ins (each counted in its own column). */
  checkedIn: number;
  walkIns: number;
  /** Days a desk of the organisation there received people, and the appointments served. */
  deskDays: number;
  appointmentsServed: number;
  /** Facilitation services recorded there, the days with any, and the citizens served (once each in this comune). */
  facilitationServices: number;
  facilitationDays: number;
  citizens: number;
  /** Volunteers marked present at a shift there (each once in this comune). */
  volunteers: number;
}

export interface CoverageRow {
  code: string;
  name: string;
  /** Events held, days of desk opening and days of facilitation. */
  initiatives: number;
  /** People present at events, appointments served and citizens facilitated. */
  people: number;
  /** Volunteers marked present at a shift there in the period, each once. */
  volunteers: number;
  covered: boolean;
}

export interface AudienceRow {
  /** An audience of the events ('anziani'…), 'several' for an event naming more than one, 'all' for one naming none. */
  audience: string;
  events: number;
  sessions: number;
  booked: number;
  checkedIn: number;
  walkIns: number;
}

export interface ProgrammeReport {
  programme: Programme;
  period: Period;
  /** The programme's comuni first (member comuni of its organisation, by name), then any other place it worked. */
  places: PlaceRow[];
  placesTotal: Omit<PlaceRow, 'code' | 'name'>;
  audiences: AudienceRow[];
  audiencesTotal: Omit<AudienceRow, 'audience'>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (v: string) => DATE.test(v) && DateTime.fromISO(v, { zone: ZONE }).isValid;

/** The period asked, the programme's own when a bound is missing; a bad date or a reversed period is a 400. */
export function periodOf(programme: Pick<Programme, 'start' | 'end'>, query: { from?: string; to?: string }): Period {
  const errors = [];
  const from = query.from?.trim() || programme.start;
  const to = query.to?.trim() || programme.end;
  if (!validDate(from)) errors.push(fieldError('from', 'programme.coverage.check.date'));
  if (!validDate(to)) errors.push(fieldError('to', 'programme.coverage.check.date'));
  if (errors.length === 0 && from > to) errors.push(fieldError('to', 'programme.coverage.check.order'));
  if (errors.length > 0) throw refuse(400, 'programme.coverage.error.period', undefined, errors);
  return { from, to };
}

const nextDay = (d: string) => DateTime.fromISO(d, { zone: ZONE }).plus({ days: 1 }).toISODate() as string;
const instant = (d: string) => new Date(localInstant(d, '00:00')).toISOString();

const emptyPlace = (code: string, name: string): PlaceRow => ({
  code,
  name,
  events: 0,
  sessions: 0,
  booked: 0,
  checkedIn: 0,
  walkIns: 0,
  deskDays: 0,
  appointmentsServed: 0,
  facilitationServices: 0,
  facilitationDays: 0,
  citizens: 0,
  volunteers: 0,
});

function sumRows<T extends object>(rows: T[], keys: (keyof T)[]): T {
  const total = {} as T;
  for (const k of keys) (total[k] as number) = rows.reduce((s, r) => s + (r[k] as number), 0);
  return total;
}

const PLACE_FIGURES = Object.keys(emptyPlace('', '')).filter((k) => k !== 'code' && k !== 'name') as (keyof PlaceRow)[];
const AUDIENCE_FIGURES = ['events', 'sessions', 'booked', 'checkedIn', 'walkIns'] as const;

/** The programme's report for a period; `programmeId` must exist (404 otherwise). */
export async function programmeReport(db: Db, programmeId: string, query: { from?: string; to?: string }): Promise<ProgrammeReport> {
  const programme = await getProgramme(db, programmeId);
  const period = periodOf(programme, query);
  const fromInstant = instant(period.from);
  const toInstant = instant(nextDay(period.to));
  const [organisation, events, desks, facilitation, volunteers] = await Promise.all([
    getOrganisation(db, programme.organisation.id),
    programmeEventPlaces(db, programme.id, fromInstant, toInstant),
    deskPeriodFigures(db, programme.organisation.id, fromInstant, toInstant),
    facilitationByPlace(db, programme.id, period.from, period.to),
    activeVolunteersByComune(db, programme.organisation.id, fromInstant, toInstant),
  ]);
  const venues = await venuesByIds(db, [...new Set(desks.map((d) => d.venueId))]);

  // The comuni the programme answers for: the organisation's members, or its own comune when it lists none.
  const members = organisation.memberMunicipalities.length
    ? organisation.memberMunicipalities
    : organisation.municipality
      ? [organisation.municipality]
      : [];
  const places = new Map(members.map((m) => [m.code, emptyPlace(m.code, m.name)]));
  const others = new Map<string, PlaceRow>();
  const place = (code: string, name?: string) => {
    let row = places.get(code) ?? others.get(code);
    if (!row) {
      row = emptyPlace(code, name ?? code);
      others.set(code, row);
    }
    return row;
  };

  for (const e of events) {
    const row = place(e.municipalityCode);
    row.events += 1;
    row.sessions += e.sessions;
    row.booked += e.booked;
    row.checkedIn += e.checkedIn;
    row.walkIns += e.walkIns;
  }
  for (const d of desks) {
    const venue = venues.get(d.venueId);
    if (!venue?.municipality) continue;
    const row = place(venue.municipality.code, venue.municipality.name);
    row.deskDays += d.openDays;
    row.appointmentsServed += d.served;
  }
  for (const f of facilitation) {
    const row = place(f.municipalityCode);
    row.facilitationServices += f.services;
    row.facilitationDays += f.days;
    row.citizens += f.citizens;
  }
  for (const [code, n] of volunteers) place(code).volunteers += n;
  await nameOthers(db, others);

  const byAudience = new Map<string, AudienceRow>();
  for (const e of events) {
    const audience = e.audiences.length === 1 ? e.audiences[0] : e.audiences.length === 0 ? 'all' : 'several';
    const row = byAudience.get(audience) ?? { audience, events: 0, sessions: 0, booked: 0, checkedIn: 0, walkIns: 0 };
    row.events += 1;
    row.sessions += e.sessions;
    row.booked += e.booked;
    row.checkedIn += e.checkedIn;
    row.walkIns += e.walkIns;
    byAudience.set(audience, row);
  }

  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'it');
  const rows = [...[...places.values()].sort(byName), ...[...others.values()].sort(byName)];
  const audiences = [...byAudience.values()].sort((a, b) => a.audience.localeCompare(b.audience));
  return {
    programme,
    period,
    places: rows,
    placesTotal: sumRows(rows, PLACE_FIGURES) as ProgrammeReport['placesTotal'],
    audiences,
    audiencesTotal: sumRows(audiences as Omit<AudienceRow, 'audience'>[], [...AUDIENCE_FIGURES]),
  };
}

/** Places outside the organisation's comuni (an event in a neighbouring town) by their ISTAT name. */
async function nameOthers(db: Db, others: Map<string, PlaceRow>): Promise<void> {
  if (others.size === 0) return;
  const found = await municipalitiesByCodes(db, [...others.keys()]);
  for (const [code, row] of others) row.name = found.get(code)?.name ?? code;
}

/** The coverage board: each comune with its initiatives and people reached, flagged when it had none. */
export function coverageOf(report: ProgrammeReport): CoverageRow[] {
  return report.places.map((p) => {
    const initiatives = p.events + p.deskDays + p.facilitationDays;
    return {
      code: p.code,
      name: p.name,
      initiatives,
      people: p.checkedIn + p.walkIns + p.appointmentsServed + p.citizens,
      volunteers: p.volunteers,
      covered: initiatives > 0,
    };
  });
}

export async function programmeCoverage(
  db: Db,
  programmeId: string,
  query: { from?: string; to?: string },
): Promise<{ report: ProgrammeReport; municipalities: CoverageRow[] }> {
  const report = await programmeReport(db, programmeId, query);
  return { report, municipalities: coverageOf(report) };
}
