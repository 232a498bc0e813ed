import { DateTime } from 'luxon';
import type { Deps } from '../../core/deps.js';
import { nationalIdentities } from '../accounts/service.js';
import * as events from '../events/service.js';
import { municipalitiesByCodes, venuesByIds } from '../organisations/service.js';
import { getProgramme, metricLabel, type Programme } from '../programmes/service.js';
import {
  AGE_BAND_KEYS,
  AGE_BAND_LABEL,
  type AgeBand,
  AREAS,
  CITIZENSHIP,
  COMPETENCES_SHORT,
  type CodeList,
  EDUCATION,
  EMPLOYMENT,
  GENDERS,
  KINDS,
  SERVICES_SHORT,
} from './codes.js';
import { csvCell } from './csv.js';
import { badPeriod, todayInRome } from './dates.js';
import * as repo from './repo.js';
import { BREAKDOWNS, type Breakdown } from './schemas.js';

/**
 * The dashboard reads the roll-ups (sums per programme, month, dimension and value, kept with every
 * write) for the whole months of a period, and the few records of partial months at its edges, so
 * its cost follows the number of months and values, not the number of records.
 */

export interface Figures {
  services: number;
  minutes: number;
  /** New unique citizens: those whose first service in the programme falls in the period. */
  citizens: number;
  /** Average usefulness (ES6, 1–5) of the answered questionnaires; null without answers. */
  satisfaction: number | null;
  answers: number;
}

export interface BreakdownItem extends Figures {
  key: string;
  label: string;
}

export interface TargetProgress {
  metric: string;
  label: string;
  value: number;
  deadline: string;
  description: string | null;
  /** Reached by the deadline, or so far when it is still ahead; null where facilitation cannot measure it. */
  current: number | null;
  /** At the current pace, the value expected at the deadline (future deadlines only). */
  projected: number | null;
  progress: number | null;
  status: 'reached' | 'on-track' | 'behind' | 'missed' | 'not-measured';
}

export interface DashboardFilter {
  from?: string;
  to?: string;
  municipality?: string;
  venue?: string;
}

export interface Dashboard {
  programme: { id: string; name: string; organisation: string; nationalReporting: boolean } | null;
  period: { from: string; to: string };
  filters: { municipality: string | null; venue: string | null };
  totals: Figures & { facilitators: number; points: number };
  breakdowns: Record<Breakdown, BreakdownItem[]>;
  targets: TargetProgress[];
}

// ---------- aggregation ----------

interface Acc {
  services: number;
  minutes: number;
  citizens: number;
  rating_sum: number;
  rating_count: number;
}
const zero = (): Acc => ({ services: 0, minutes: 0, citizens: 0, rating_sum: 0, rating_count: 0 });
function addTo(map: Map<string, Acc>, key: string, m: Acc): void {
  let a = map.get(key);
  if (!a) {
    a = zero();
    map.set(key, a);
  }
  a.services += m.services;
  a.minutes += m.minutes;
  a.citizens += m.citizens;
  a.rating_sum += m.rating_sum;
  a.rating_count += m.rating_count;
}

export interface Aggregate {
  dims: Map<string, Map<string, Acc>>;
  months: Map<string, Acc>;
  venues: Map<string, Acc & { municipality: string }>;
}

/** Adds measures to one value of a dimension (its map made at the dimension's first value). */
function addToDimension(out: Aggregate, dim: string, value: string, m: Acc): void {
  let values = out.dims.get(dim);
  if (!values) {
    values = new Map();
    out.dims.set(dim, values);
  }
  addTo(values, value, m);
}

/** Adds measures to a venue, noting its comune. */
function addToVenue(out: Aggregate, venueId: string, municipality: string, m: Acc): void {
  addTo(out.venues as Map<string, Acc>, venueId, m);
  (out.venues.get(venueId) as Acc & { municipality: string }).municipality = municipality;
}

interface Scope {
  programmes: string[] | null;
  from: string;
  to: string;
  municipality?: string;
  venue?: string;
  /** No record exists before `min` or after `max` (programme start, today): months cut by them are still whole. */
  min?: string;
  max?: string;
}

const monthStart = (m: string) => `${m}-01`;
const monthEnd = (m: string) => DateTime.fromISO(`${m}-01`, { zone: 'utc' }).endOf('month').toISODate()!;
const nextMonth = (m: string) => DateTime.fromISO(`${m}-01`, { zone: 'utc' }).plus({ months: 1 }).toFormat('yyyy-MM');
const prevMonth = (m: string) => DateTime.fromISO(`${m}-01`, { zone: 'utc' }).minus({ months: 1 }).toFormat('yyyy-MM');

/** Sums over a period: whole months from the roll-ups, the edges from the records. */
export async function aggregate(
  deps: Deps,
  s: Scope,
  need: { months?: boolean; venues?: boolean; dims?: string[] } = {},
): Promise<Aggregate> {
  const db = deps.db.k;
  const out: Aggregate = { dims: new Map(), months: new Map(), venues: new Map() };
  if (s.from > s.to) return out;
  // The first and last months count whole when the period covers them, or when no record can lie
  // in the part left out (before the programme started, after today).
  const firstMonth = repo.monthOf(s.from);
  const lastMonth = repo.monthOf(s.to);
  const headWhole = s.from === monthStart(firstMonth) || (s.min !== undefined && s.from <= s.min);
  const tailWhole = s.to === monthEnd(lastMonth) || (s.max !== undefined && s.to >= s.max);
  const edges: { from: string; to: string }[] = [];
  let wholeFrom = firstMonth;
  let wholeTo = lastMonth;
  if (firstMonth === lastMonth && !(headWhole && tailWhole)) {
    edges.push({ from: s.from, to: s.to });
    wholeFrom = nextMonth(firstMonth);
    wholeTo = firstMonth;
  } else {
    if (!headWhole) {
      edges.push({ from: s.from, to: monthEnd(firstMonth) });
      wholeFrom = nextMonth(firstMonth);
    }
    if (!tailWhole) {
      edges.push({ from: monthStart(lastMonth), to: s.to });
      wholeTo = prevMonth(lastMonth);
    }
  }

  const scope: repo.RollupScope = {
    programmes: s.programmes,
    monthFrom: wholeFrom,
    monthTo: wholeTo,
    municipality: s.municipality,
    venue: s.venue,
  };
  const whole = wholeFrom <= wholeTo;
  const [dimRows, monthRows, venueRows, ...raw] = await Promise.all([
    whole ? repo.rollupByDimension(db, scope) : Promise.resolve([]),
    whole && need.months ? repo.rollupByMonth(db, scope) : Promise.resolve([]),
    whole && need.venues ? repo.rollupByVenue(db, scope) : Promise.resolve([]),
    ...edges.map((e) =>
      repo.rawRecords(db, { programmes: s.programmes, from: e.from, to: e.to, municipality: s.municipality, venue: s.venue }),
    ),
  ]);
  for (const r of dimRows) addToDimension(out, r.key, r.value, r);
  for (const r of monthRows) addTo(out.months, r.value, r);
  for (const r of venueRows) addToVenue(out, r.value, r.key, r);
  for (const rows of raw) {
    for (const rec of rows) {
      const deltas = [...repo.deltasOf(rec, 1, 'service'), ...(Number(rec.is_first) === 1 ? repo.deltasOf(rec, 1, 'citizen') : [])];
      for (const d of deltas) {
        addToDimension(out, d.dim, d.value, d);
        if (d.dim === 'all') {
          if (need.months) addTo(out.months, d.month, d);
          if (need.venues) addToVenue(out, d.venue_id, d.municipality_code, d);
        }
      }
    }
  }
  return out;
}

const figures = (a: Acc | undefined): Figures => {
  const m = a ?? zero();
  return {
    services: m.services,
    minutes: m.minutes,
    citizens: m.citizens,
    satisfaction: m.rating_count > 0 ? Math.round((m.rating_sum / m.rating_count) * 100) / 100 : null,
    answers: m.rating_count,
  };
};

const activeVenues = (agg: Aggregate) => [...agg.venues.values()].filter((v) => v.services > 0 || v.citizens > 0).length;

const countActive = (m: Map<string, Acc> | undefined) => [...(m?.values() ?? [])].filter((a) => a.services > 0).length;

// ---------- labels ----------

const DIM_OF: Partial<Record<Breakdown, { dim: string; list?: CodeList; order?: readonly string[]; labels?: Record<string, string> }>> = {
  kind: { dim: 'kind', list: KINDS },
  competence: { dim: 'competence', list: COMPETENCES_SHORT },
  area: { dim: 'area', list: AREAS },
  service: { dim: 'service', list: SERVICES_SHORT },
  ageBand: { dim: 'ageBand', order: AGE_BAND_KEYS, labels: AGE_BAND_LABEL as Record<AgeBand, string> },
  gender: { dim: 'gender', list: GENDERS },
  education: { dim: 'education', list: EDUCATION },
  employment: { dim: 'employment', list: EMPLOYMENT },
  citizenship: { dim: 'citizenship', list: CITIZENSHIP },
  facilitator: { dim: 'facilitator' },
};

const NOT_GIVEN = 'Non indicato';

const monthLabel = (m: string) => DateTime.fromISO(`${m}-01`, { zone: 'utc' }).setLocale('it').toFormat('LLLL yyyy');

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let m = repo.monthOf(from);
  const last = repo.monthOf(to);
  while (m <= last && out.length < 240) {
    out.push(m);
    m = nextMonth(m);
  }
  return out;
}

async function breakdownsOf(
  deps: Deps,
  agg: Aggregate,
  from: string,
  to: string,
  only?: readonly Breakdown[],
): Promise<Record<Breakdown, BreakdownItem[]>> {
  const result = Object.fromEntries(BREAKDOWNS.map((b) => [b, []])) as unknown as Record<Breakdown, BreakdownItem[]>;
  const wanted = (b: Breakdown) => !only || only.includes(b);
  // Months before the first service in the period are left out (a period from 2000 would be mostly empty).
  const firstWithData = [...agg.months.entries()]
    .filter(([, a]) => a.services > 0 || a.citizens > 0)
    .map(([m]) => m)
    .sort()[0];
  const start = firstWithData && `${firstWithData}-01` > from ? `${firstWithData}-01` : from;
  if (wanted('month'))
    result.month = monthsBetween(start, to).map((m) => ({ key: m, label: monthLabel(m), ...figures(agg.months.get(m)) }));

  const venueIds = [...agg.venues.keys()];
  // Names are looked up only for the breakdowns asked for (the API answers one at a time).
  const [venues, municipalities, users] = await Promise.all([
    wanted('venue') ? venuesByIds(deps.db, venueIds) : new Map<string, { name: string }>(),
    wanted('municipality')
      ? municipalitiesByCodes(deps.db, [...new Set([...agg.venues.values()].map((v) => v.municipality))])
      : new Map<string, { name: string }>(),
    wanted('facilitator')
      ? nationalIdentities(deps.db, [...(agg.dims.get('facilitator')?.keys() ?? [])])
      : new Map<string, { name: string }>(),
  ]);
  const byServices = (a: BreakdownItem, b: BreakdownItem) => b.services - a.services || a.label.localeCompare(b.label, 'it');
  result.venue = venueIds
    .map((id) => ({ key: id, label: venues.get(id)?.name ?? id, ...figures(agg.venues.get(id)) }))
    .filter((i) => i.services > 0 || i.citizens > 0)
    .sort(byServices);
  const perMunicipality = new Map<string, Acc>();
  for (const v of agg.venues.values()) addTo(perMunicipality, v.municipality, v);
  result.municipality = [...perMunicipality.entries()]
    .map(([code, a]) => ({ key: code, label: municipalities.get(code)?.name ?? code, ...figures(a) }))
    .filter((i) => i.services > 0 || i.citizens > 0)
    .sort(byServices);

  for (const [b, spec] of Object.entries(DIM_OF) as [Breakdown, NonNullable<(typeof DIM_OF)[Breakdown]>][]) {
    if (!wanted(b)) continue;
    const values = agg.dims.get(spec.dim) ?? new Map<string, Acc>();
    let items: BreakdownItem[];
    if (spec.list || spec.order) {
      const keys = spec.order ? [...spec.order] : Object.keys(spec.list!);
      items = keys.map((k) => ({ key: k, label: spec.labels?.[k] ?? spec.list?.[k] ?? k, ...figures(values.get(k)) }));
      const missing = values.get('');
      if (missing && (missing.services > 0 || missing.citizens > 0)) items.push({ key: '', label: NOT_GIVEN, ...figures(missing) });
      // Age bands keep their order; the 14–17 band shows only when it has something.
      if (spec.order) items = items.filter((i) => i.key !== '14-17' || i.services > 0);
    } else {
      items = [...values.entries()]
        .map(([k, a]) => ({ key: k, label: users.get(k)?.name ?? k, ...figures(a) }))
        .filter((i) => i.services > 0 || i.citizens > 0)
        .sort(byServices);
    }
    result[b] = items;
  }
  return result;
}

// ---------- targets ----------

const EVENT_METRICS = new Set(['events', 'participants']);

function measure(metric: string, agg: Aggregate): number | null {
  const all = agg.dims.get('all')?.get('') ?? zero();
  switch (metric) {
    case 'unique_citizens':
      return all.citizens;
    case 'services':
    case 'citizens_reached':
      return all.services;
    case 'facilitators':
      return countActive(agg.dims.get('facilitator'));
    case 'facilitation_points':
      return [...agg.venues.values()].filter((v) => v.services > 0).length;
    default:
      return null;
  }
}

/** Progress on targets counts from the programme's start, so it reads every month of the programme. */
async function targetsOf(deps: Deps, programme: Programme): Promise<TargetProgress[]> {
  if (programme.targets.length === 0) return [];
  const today = todayInRome();
  // Facilitation points are counted from the venue roll-up; the other metrics need only the totals.
  const venues = programme.targets.some((t) => t.metric === 'facilitation_points');
  const scopeTo = (to: string) =>
    aggregate(deps, { programmes: [programme.id], from: programme.start, to, min: programme.start, max: today }, { venues });
  const cache = new Map<string, Promise<Aggregate>>();
  const at = (to: string) => {
    let p = cache.get(to);
    if (!p) {
      p = scopeTo(to);
      cache.set(to, p);
    }
    return p;
  };
  const elapsedDays = Math.max(1, DateTime.fromISO(today).diff(DateTime.fromISO(programme.start), 'days').days + 1);
  const out: TargetProgress[] = [];
  // "Users" targets are counted across modules on the programme's own pages (programmes/plan/users.ts).
  for (const t of programme.targets.filter((x) => !x.metric.startsWith('users_'))) {
    const base = { metric: t.metric, label: metricLabel(t.metric), value: t.value, deadline: t.deadline, description: t.label };
    const past = t.deadline < today;
    const upTo = past ? t.deadline : today;
    // Events held and their participants come from the events module, counted up to the same day.
    const current = EVENT_METRICS.has(t.metric)
      ? (await events.programmeEventFigures(deps.db, programme.id, upTo))[t.metric as 'events' | 'participants']
      : (measure(t.metric, await at(upTo)) ?? 0);
    let projected: number | null = null;
    if (!past) {
      const remaining = DateTime.fromISO(t.deadline).diff(DateTime.fromISO(today), 'days').days;
      projected = Math.round(current + (current / elapsedDays) * remaining);
    }
    const status: TargetProgress['status'] =
      current >= t.value ? 'reached' : past ? 'missed' : (projected ?? 0) >= t.value ? 'on-track' : 'behind';
    out.push({ ...base, current, projected, progress: t.value > 0 ? Math.min(1, current / t.value) : 1, status });
  }
  return out;
}

// ---------- the dashboard ----------

function checkPeriod(from: string, to: string): void {
  if (from > to) throw badPeriod();
}

/** The dashboard of one programme: period figures, every breakdown, targets with projections. */
export async function programmeDashboard(
  deps: Deps,
  programmeId: string,
  f: DashboardFilter,
  only?: readonly Breakdown[],
): Promise<Dashboard> {
  const programme = await getProgramme(deps.db, programmeId);
  const today = todayInRome();
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const from = f.from ?? (programme.start > yearStart ? programme.start : yearStart);
  const to = f.to ?? [programme.end, today].sort()[0];
  checkPeriod(from, to);
  const [agg, targets] = await Promise.all([
    aggregate(
      deps,
      { programmes: [programme.id], from, to, municipality: f.municipality, venue: f.venue, min: programme.start, max: today },
      { months: !only || only.includes('month'), venues: true },
    ),
    targetsOf(deps, programme),
  ]);
  const breakdowns = await breakdownsOf(deps, agg, from, to, only);
  const all = agg.dims.get('all')?.get('');
  return {
    programme: {
      id: programme.id,
      name: programme.name,
      organisation: programme.organisation.name,
      nationalReporting: programme.nationalReporting,
    },
    period: { from, to },
    filters: { municipality: f.municipality ?? null, venue: f.venue ?? null },
    totals: { ...figures(all), facilitators: countActive(agg.dims.get('facilitator')), points: activeVenues(agg) },
    breakdowns,
    targets,
  };
}

/** The same figures over several programmes (`null`: all), without targets. */
export async function multiDashboard(
  deps: Deps,
  programmes: string[] | null,
  f: DashboardFilter,
  only?: readonly Breakdown[],
): Promise<Dashboard> {
  const today = todayInRome();
  const from = f.from ?? `${today.slice(0, 4)}-01-01`;
  const to = f.to ?? today;
  checkPeriod(from, to);
  const agg = await aggregate(
    deps,
    { programmes, from, to, municipality: f.municipality, venue: f.venue, max: today },
    { months: !only || only.includes('month'), venues: true },
  );
  const breakdowns = await breakdownsOf(deps, agg, from, to, only);
  return {
    programme: null,
    period: { from, to },
    filters: { municipality: f.municipality ?? null, venue: f.venue ?? null },
    totals: {
      ...figures(agg.dims.get('all')?.get('')),
      facilitators: countActive(agg.dims.get('facilitator')),
      points: activeVenues(agg),
    },
    breakdowns,
    targets: [],
  };
}

// ---------- CSV of a breakdown ----------

export function breakdownCsv(items: BreakdownItem[]): string {
  const lines = [['codice', 'voce', 'servizi', 'cittadini_unici_nuovi', 'minuti', 'soddisfazione_media', 'risposte'].join(',')];
  for (const i of items) {
    lines.push(
      [i.key, i.label, i.services, i.citizens, i.minutes, i.satisfaction === null ? '' : i.satisfaction.toFixed(2), i.answers]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
