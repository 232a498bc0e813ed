import { type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { isId } from '../../../core/ids.js';
import { fieldError, refuse } from '../../../core/problems.js';
import { searchableText } from '../../../core/text-fold.js';
import { nowIso, ZONE } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import type { Database, EventTable } from '../../../db/schema.js';
import { acceptedPartners, municipalitiesByCodes, organisationNames, venuesByIds } from '../../organisations/service.js';
import { type Availability, availabilityOf } from '../booking/bookable.js';
import { type Visibility, visibilityOf } from '../visibility.js';
import { keepPage, keepPlaces, keptPage, keptPlaces, type Tag } from './kept.js';
import { AUDIENCES, type Audience, type EventFormat, type EventType, FORMATS, TOPICS, type Topic } from './vocab.js';

/**
 * The public catalogue: published events that still have a session ahead, filtered and paged with
 * an opaque keyset cursor over (starts_at, id), so pages never repeat or skip an event even when
 * events are added between two requests. The pages, the API and the feeds all read it here.
 */

// ---------- filters ----------

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "20/12/2026", as typed where the browser shows no date picker, becomes "2026-12-20". */
function fromItalianDate(v: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : v;
}

const dateOrEmpty = z
  .string()
  .trim()
  .transform(fromItalianDate)
  .refine((v) => v === '' || (DATE.test(v) && DateTime.fromISO(v, { zone: ZONE }).isValid), 'events.check.date')
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** `key`: the dictionary key naming the allowed codes. */
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, key: string) =>
  z
    .union([z.literal(''), z.enum(values, { message: key })])
    .transform((v) => (v === '' ? undefined : (v as T[number])))
    .optional();

/** Text that is empty (any) or passes `test`; `key`: the dictionary key of the refusal. */
const optionalText = (test: (v: string) => boolean, key: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || test(v), key)
    .transform((v) => (v === '' ? undefined : v))
    .optional();

/** The filters, as query parameters of the API and of the catalogue page (empty values mean "any"). */
export const CatalogueFilters = z.object({
  municipality: optionalText((v) => /^\d{6}$/.test(v), 'events.check.municipality'),
  organisation: optionalText(isId, 'events.check.organisation'),
  programme: optionalText(isId, 'events.check.programme'),
  audience: optionalEnum(AUDIENCES, 'events.check.audiences'),
  topic: optionalEnum(TOPICS, 'events.check.topics'),
  format: optionalEnum(FORMATS, 'events.check.format'),
  from: dateOrEmpty,
  to: dateOrEmpty,
  q: z
    .string()
    .max(200, 'events.check.max')
    .transform((v) => (v.trim() === '' ? undefined : v.trim()))
    .optional(),
  available: z
    .enum(['', '0', '1', 'true', 'false'], { message: 'events.check.available' })
    .transform((v) => v === '1' || v === 'true')
    .optional(),
});
export type CatalogueFilterInput = z.input<typeof CatalogueFilters>;
export type Filters = z.output<typeof CatalogueFilters>;

export const CatalogueQuery = CatalogueFilters.extend({
  cursor: z.string().max(300, 'events.check.cursor').optional(),
  limit: z.coerce
    .number({ message: 'events.check.limit' })
    .int('events.check.limit.integer')
    .min(1, 'events.check.limit.min')
    .max(100, 'events.check.limit.max')
    .optional(),
});
export type CatalogueQueryInput = z.input<typeof CatalogueQuery>;

/** The words of a search (lower case, accents off, punctuation as spaces): every one must appear in the event's search text. */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  return [...new Set(searchableText(q).split(' ').filter(Boolean))].slice(0, 10);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** First instant of a Rome calendar day, as stored (ISO UTC text). */
export function romeDayStart(date: string): string {
  return new Date(DateTime.fromISO(date, { zone: ZONE }).startOf('day').toMillis()).toISOString();
}

/** First instant after a Rome calendar day. */
export function romeDayEnd(date: string): string {
  return new Date(DateTime.fromISO(date, { zone: ZONE }).startOf('day').plus({ days: 1 }).toMillis()).toISOString();
}

type EventsQuery = SelectQueryBuilder<Database, 'events', object>;

/**
 * Formats that can be attended the chosen way: an "ibrido" event is both in person and online, so
 * it answers both filters.
 */
export function formatsFor(format: EventFormat): EventFormat[] {
  return format === 'ibrido' ? ['ibrido'] : [format, 'ibrido'];
}

/**
 * The organisations whose events an organisation's filter takes as partner: those it has an
 * accepted partnership with. Naming an organisation as partner of an event does not list the
 * event under its name until that organisation has accepted.
 */
async function partneredWith(db: Db, f: Pick<Filters, 'organisation'>): Promise<string[]> {
  return f.organisation ? (await acceptedPartners(db, f.organisation)).map((p) => p.id) : [];
}

/** "The event has this value in one of its lists": an audience, a topic, a partner. */
function tagged(table: 'event_audiences' | 'event_topics' | 'event_partners', column: string, value: string) {
  return sql<SqlBool>`exists (select 1 from ${sql.table(table)} as t where t.event_id = events.id and ${sql.ref(`t.${column}`)} = ${value})`;
}

function applyFilters(q: EventsQuery, f: Filters, now: string, partnered: string[]): EventsQuery {
  // Unlisted and invitation-only events open by their link alone: no list shows them (visibility.ts).
  let query = q.where('events.status', '=', 'published').where('events.visibility', '=', 'public').where('events.ends_at', '>', now);
  if (f.municipality) query = query.where('events.municipality_code', '=', f.municipality);
  if (f.organisation) {
    const org = f.organisation;
    query = query.where((eb: ExpressionBuilder<Database, 'events'>) =>
      partnered.length === 0
        ? eb('events.organisation_id', '=', org)
        : eb.or([
            eb('events.organisation_id', '=', org),
            eb.and([eb('events.organisation_id', 'in', partnered), tagged('event_partners', 'organisation_id', org)]),
          ]),
    );
  }
  if (f.programme) query = query.where('events.programme_id', '=', f.programme);
  if (f.audience) query = query.where(tagged('event_audiences', 'audience', f.audience));
  if (f.topic) query = query.where(tagged('event_topics', 'topic', f.topic));
  if (f.format) query = query.where('events.format', 'in', formatsFor(f.format));
  if (f.from) query = query.where('events.ends_at', '>', romeDayStart(f.from));
  if (f.to) query = query.where('events.starts_at', '<', romeDayEnd(f.to));
  if (f.available) query = query.where(sql<boolean>`events.taken < events.capacity`);
  for (const word of searchWords(f.q)) {
    query = query.where(sql<boolean>`events.search_text like ${`%${escapeLike(word)}%`} escape '\\'`);
  }
  return query;
}

// ---------- cursor ----------

interface Cursor {
  startsAt: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.startsAt, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      isId(parsed[1])
    ) {
      return { startsAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw refuse(400, 'events.error.cursor', undefined, [fieldError('cursor', 'events.check.cursor')]);
}

// ---------- results ----------

export interface CatalogueItem {
  id: string;
  title: string;
  type: EventType;
  format: EventFormat;
  /** First session's start and last session's end (ISO UTC). */
  start: string;
  end: string;
  organisation: { id: string; name: string };
  municipality: { code: string; name: string; provinceCode: string } | null;
  venue: { id: string; name: string; address: string; stepFree: boolean } | null;
  capacity: number;
  /** Seats free, as a band: the public never sees a count (booking/bookable.ts says why). */
  availability: Availability;
  full: boolean;
  bookingRequired: boolean;
  audiences: Audience[];
  topics: Topic[];
  /** The public page. */
  page: string;
}

export interface CataloguePage {
  items: CatalogueItem[];
  /** Opaque cursor of the next page; null on the last one. */
  next: string | null;
}

const COLUMNS = [
  'events.id',
  'events.title',
  'events.type',
  'events.format',
  'events.starts_at',
  'events.ends_at',
  'events.organisation_id',
  'events.municipality_code',
  'events.venue_id',
  'events.capacity',
  'events.taken',
  'events.waiting',
  'events.booking_required',
] as const;

type Row = Pick<
  EventTable,
  | 'id'
  | 'title'
  | 'type'
  | 'format'
  | 'starts_at'
  | 'ends_at'
  | 'organisation_id'
  | 'municipality_code'
  | 'venue_id'
  | 'capacity'
  | 'taken'
  | 'waiting'
  | 'booking_required'
>;

// ---------- names of places and organisers ----------

/**
 * The catalogue shows, for each event, its venue, comune and organiser: other modules' records,
 * read through their services and remembered for a short while per database, because every page
 * shows the same few dozen of them and each lookup is a query. A renamed venue shows up within
 * half a minute; comuni change once a year at most.
 */
class Remembered<V> {
  private entries = new Map<string, { value: V | undefined; until: number }>();
  constructor(
    private ttlMs: number,
    private load: (keys: string[]) => Promise<Map<string, V>>,
  ) {}

  async get(keys: string[]): Promise<Map<string, V>> {
    const now = Date.now();
    const out = new Map<string, V>();
    const missing: string[] = [];
    for (const k of new Set(keys)) {
      const e = this.entries.get(k);
      if (e && e.until > now) {
        if (e.value !== undefined) out.set(k, e.value);
      } else missing.push(k);
    }
    if (missing.length) {
      const loaded = await this.load(missing);
      if (this.entries.size > 5_000) this.entries.clear();
      for (const k of missing) {
        const value = loaded.get(k);
        // Unknown keys are remembered only briefly, so a record created a moment later appears at once.
        this.entries.set(k, { value, until: now + (value === undefined ? 0 : this.ttlMs) });
        if (value !== undefined) out.set(k, value);
      }
    }
    return out;
  }
}

interface Lookups {
  venues: Remembered<{ id: string; name: string; address: string; stepFree: boolean; latitude: number | null; longitude: number | null }>;
  municipalities: Remembered<{ code: string; name: string; provinceCode: string }>;
  organisations: Remembered<string>;
}

const lookupsByDb = new WeakMap<Db, Lookups>();

function lookups(db: Db): Lookups {
  let l = lookupsByDb.get(db);
  if (!l) {
    l = {
      venues: new Remembered(30_000, async (ids) => {
        const found = await venuesByIds(db, ids);
        return new Map(
          [...found].map(([id, v]) => [
            id,
            { id: v.id, name: v.name, address: v.address, stepFree: v.stepFree, latitude: v.latitude, longitude: v.longitude },
          ]),
        );
      }),
      municipalities: new Remembered(10 * 60_000, async (codes) => {
        const found = await municipalitiesByCodes(db, codes);
        return new Map([...found].map(([code, m]) => [code, { code: m.code, name: m.name, provinceCode: m.provinceCode }]));
      }),
      organisations: new Remembered(30_000, (ids) => organisationNames(db, ids)),
    };
    lookupsByDb.set(db, l);
  }
  return l;
}

/** The audiences and topics of events, in one query. */
function tagsOf(db: Db, ids: string[]): Promise<Tag[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.k
    .selectFrom('event_audiences')
    .select(['event_id', 'audience as code', sql<string>`'a'`.as('kind')])
    .where('event_id', 'in', ids)
    .unionAll(
      db.k
        .selectFrom('event_topics')
        .select(['event_id', 'topic as code', sql<string>`'t'`.as('kind')])
        .where('event_id', 'in', ids),
    )
    .execute();
}

const audienceOrder = new Map<string, number>(AUDIENCES.map((a, i) => [a, i]));
const topicOrder = new Map<string, number>(TOPICS.map((a, i) => [a, i]));

/**
 * Completes rows with the names of places and organisers and the audiences and topics (`tags` when
 * they are known already), in a few batched queries.
 */
async function present(db: Db, rows: Row[], known?: Tag[]): Promise<CatalogueItem[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [tags, venues, municipalities, organisations] = await Promise.all([
    known ?? tagsOf(db, ids),
    lookups(db).venues.get(rows.map((r) => r.venue_id).filter((v): v is string => !!v)),
    lookups(db).municipalities.get(rows.map((r) => r.municipality_code)),
    lookups(db).organisations.get(rows.map((r) => r.organisation_id)),
  ]);
  return rows.map((r) => {
    const venue = r.venue_id ? venues.get(r.venue_id) : undefined;
    const m = municipalities.get(r.municipality_code);
    const mine = tags.filter((t) => t.event_id === r.id);
    const availability = availabilityOf(r);
    return {
      id: r.id,
      title: r.title,
      type: r.type as EventType,
      format: r.format as EventFormat,
      start: r.starts_at,
      end: r.ends_at,
      organisation: { id: r.organisation_id, name: organisations.get(r.organisation_id) ?? '' },
      municipality: m ? { code: m.code, name: m.name, provinceCode: m.provinceCode } : null,
      venue: venue ? { id: venue.id, name: venue.name, address: venue.address, stepFree: venue.stepFree } : null,
      capacity: Number(r.capacity),
      availability,
      full: availability === 'full',
      bookingRequired: Number(r.booking_required) === 1,
      audiences: mine
        .filter((t) => t.kind === 'a')
        .map((t) => t.code as Audience)
        .sort((a, b) => (audienceOrder.get(a) ?? 99) - (audienceOrder.get(b) ?? 99)),
      topics: mine
        .filter((t) => t.kind === 't')
        .map((t) => t.code as Topic)
        .sort((a, b) => (topicOrder.get(a) ?? 99) - (topicOrder.get(b) ?? 99)),
      page: `/eventi/${r.id}`,
    };
  });
}

export const PAGE_SIZE = 20;

/** The events of a page (and one more, to know whether there is a next page), read with the filters. */
async function matching(db: Db, filters: Filters, now: string, partnered: string[], cursor: Cursor | undefined, limit: number) {
  let q = applyFilters(db.k.selectFrom('events').select(COLUMNS) as unknown as EventsQuery, filters, now, partnered);
  if (cursor) {
    // A row-value comparison, so both dialects read the page as a range of the events_order index.
    q = q.where((eb: ExpressionBuilder<Database, 'events'>) =>
      eb(eb.refTuple('events.starts_at', 'events.id'), '>', eb.tuple(cursor.startsAt, cursor.id)),
    );
  }
  return (await q
    .orderBy('events.starts_at')
    .orderBy('events.id')
    .limit(limit + 1)
    .execute()) as unknown as Row[];
}

async function catalogueVersion(db: Db): Promise<number> {
  const row = await db.k.selectFrom('catalogue_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/**
 * The catalogue's number and the rows of `ids` as they are now, in one statement (one snapshot,
 * one round trip), in the order of `ids`; undefined for an id no longer there.
 */
async function rowsAndVersion(db: Db, ids: string[]): Promise<{ version: number; rows: (Row | undefined)[] }> {
  if (ids.length === 0) return { version: await catalogueVersion(db), rows: [] };
  const found = (await db.k
    .selectFrom('catalogue_version')
    .leftJoin('events', (j) => j.on('events.id', 'in', ids))
    .select(['catalogue_version.version', ...COLUMNS])
    .where('catalogue_version.id', '=', 1)
    .execute()) as unknown as (Row & { version: number })[];
  const byId = new Map(found.map((r) => [r.id, r]));
  return { version: Number(found[0]?.version ?? 0), rows: ids.map((id) => byId.get(id)) };
}

function pageOf(rows: Row[], limit: number): { page: Row[]; next: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { page, next: more && last ? encodeCursor({ startsAt: last.starts_at, id: last.id }) : null };
}

/**
 * One page of the catalogue, in order of start then id. Which events a page lists is kept between
 * changes of the catalogue (kept.ts); their rows, with seats, are read on every request.
 */
export async function listCatalogue(
  db: Db,
  filters: Filters,
  opts: { cursor?: string; limit?: number; now?: string } = {},
): Promise<CataloguePage> {
  const limit = opts.limit ?? PAGE_SIZE;
  const now = opts.now ?? nowIso();
  const cursor = opts.cursor ? decodeCursor(opts.cursor) : undefined;
  const partnered = await partneredWith(db, filters);
  if (filters.available) {
    // Seats change with every booking and the catalogue's number does not: this filter is read afresh.
    const { page, next } = pageOf(await matching(db, filters, now, partnered, cursor, limit), limit);
    return { items: await present(db, page), next };
  }
  const key = JSON.stringify([filters, partnered, cursor ?? null, limit]);
  const kept = keptPage(db, key);
  if (kept && kept.now <= now) {
    const { version, rows } = await rowsAndVersion(db, kept.ids);
    // The same number: no event came, went or moved since. Only those that ended since leave the list.
    if (version === kept.version && rows.every((r) => r !== undefined && r.ends_at > now)) {
      const { page, next } = pageOf(rows as Row[], limit);
      return { items: await present(db, page, kept.tags), next };
    }
  }
  const version = await catalogueVersion(db);
  const rows = await matching(db, filters, now, partnered, cursor, limit);
  const { page, next } = pageOf(rows, limit);
  const tags = await tagsOf(
    db,
    page.map((r) => r.id),
  );
  keepPage(db, key, { version, now, ids: rows.map((r) => r.id), tags });
  return { items: await present(db, page, tags), next };
}

const byName = new Intl.Collator('it');

/**
 * The comuni that have events in the catalogue, for the filter form. Kept between changes of the
 * catalogue (kept.ts) until the first instant one of them may have no event left.
 */
export async function catalogueMunicipalities(db: Db, now = nowIso()): Promise<{ code: string; name: string; provinceCode: string }[]> {
  const version = await catalogueVersion(db);
  let codes = keptPlaces(db, version, now);
  if (!codes) {
    const rows = await db.k
      .selectFrom('events')
      .select(['municipality_code', (eb) => eb.fn.max('ends_at').as('last')])
      .where('status', '=', 'published')
      .where('visibility', '=', 'public')
      .where('ends_at', '>', now)
      .groupBy('municipality_code')
      .execute();
    codes = rows.map((r) => r.municipality_code);
    // ISO instants sort as text: the earliest last end.
    const until = rows.map((r) => r.last).sort()[0] ?? '9999';
    keepPlaces(db, { version, now, until, codes });
  }
  const found = await lookups(db).municipalities.get(codes);
  return [...found.values()]
    .map((m) => ({ code: m.code, name: m.name, provinceCode: m.provinceCode }))
    .sort((a, b) => byName.compare(a.name, b.name));
}

// ---------- month view ----------

export interface MonthEntry {
  /** Rome calendar day, YYYY-MM-DD. */
  day: string;
  start: string;
  end: string;
  /** 1-based number of the session within its event, and how many the event has. */
  session: number;
  sessions: number;
  event: CatalogueItem;
}

export interface MonthView {
  year: number;
  month: number;
  /** Rome calendar days of the month, YYYY-MM-DD, with their sessions. */
  entries: MonthEntry[];
}

/**
 * Every session of a published event in a Rome calendar month (past days of the month included),
 * with the same filters as the list; at most `limit` sessions.
 */
export async function monthCatalogue(db: Db, year: number, month: number, filters: Filters, limit = 500): Promise<MonthView> {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE });
  if (!first.isValid) throw refuse(400, 'events.error.month', undefined, [fieldError('mese', 'events.check.month')]);
  const from = new Date(first.toMillis()).toISOString();
  const to = new Date(first.plus({ months: 1 }).toMillis()).toISOString();
  // The month's sessions of events that match the filters ("future" here means: ends after the month began).
  const eventsQ = applyFilters(
    db.k.selectFrom('events').select(COLUMNS) as unknown as EventsQuery,
    filters,
    from,
    await partneredWith(db, filters),
  ).where('events.starts_at', '<', to);
  const matching = (await eventsQ.orderBy('events.starts_at').orderBy('events.id').limit(limit).execute()) as unknown as Row[];
  if (matching.length === 0) return { year, month, entries: [] };
  const sessions = await db.k
    .selectFrom('event_sessions')
    .select(['event_id', 'position', 'starts_at', 'ends_at'])
    .where(
      'event_id',
      'in',
      matching.map((r) => r.id),
    )
    .orderBy('event_id')
    .orderBy('position')
    .execute();
  const items = new Map((await present(db, matching)).map((i) => [i.id, i]));
  const counts = new Map<string, number>();
  for (const s of sessions) counts.set(s.event_id, (counts.get(s.event_id) ?? 0) + 1);
  const entries: MonthEntry[] = [];
  const index = new Map<string, number>();
  for (const s of sessions) {
    const n = (index.get(s.event_id) ?? 0) + 1;
    index.set(s.event_id, n);
    if (s.starts_at < from || s.starts_at >= to) continue;
    const event = items.get(s.event_id);
    if (!event) continue;
    entries.push({
      day: DateTime.fromISO(s.starts_at, { zone: 'utc' }).setZone(ZONE).toISODate() ?? '',
      start: s.starts_at,
      end: s.ends_at,
      session: n,
      sessions: counts.get(s.event_id) ?? 1,
      event,
    });
  }
  entries.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.event.id < b.event.id ? -1 : 1));
  return { year, month, entries };
}

export interface FeedEntry {
  event: CatalogueItem;
  description: string | null;
  /** The event's revision: the SEQUENCE of its calendar entries. */
  sequence: number;
  /** When the event last changed (ISO UTC): the Atom feed's `updated`. */
  updatedAt: string;
  sessions: { start: string; end: string }[];
}

/**
 * Published events of an organisation (as organiser or partner) or of a comune, for the iCalendar
 * feeds, or with any of the catalogue's filters (the Atom feed); events of the last 30 days stay
 * in, so a subscribed calendar does not lose what just happened.
 */
export async function feedEvents(db: Db, filters: Filters, limit = 500): Promise<FeedEntry[]> {
  const since = new Date(Date.parse(nowIso()) - 30 * 24 * 3600 * 1000).toISOString();
  const rows = (await applyFilters(
    db.k.selectFrom('events').select([...COLUMNS, 'events.description', 'events.sequence', 'events.updated_at']) as unknown as EventsQuery,
    filters,
    since,
    await partneredWith(db, filters),
  )
    .orderBy('events.starts_at')
    .orderBy('events.id')
    .limit(limit)
    .execute()) as unknown as (Row & { description: string | null; sequence: number | null; updated_at: string })[];
  if (rows.length === 0) return [];
  const sessions = await db.k
    .selectFrom('event_sessions')
    .select(['event_id', 'starts_at', 'ends_at'])
    .where(
      'event_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('event_id')
    .orderBy('position')
    .execute();
  const items = await present(db, rows);
  return rows.map((r, i) => ({
    event: items[i],
    description: r.description,
    sequence: Number(r.sequence ?? 0),
    updatedAt: r.updated_at,
    sessions: sessions.filter((s) => s.event_id === r.id).map((s) => ({ start: s.starts_at, end: s.ends_at })),
  }));
}

// ---------- back office ----------

export interface StaffEventRow {
  id: string;
  title: string;
  status: string;
  format: string;
  start: string;
  end: string;
  capacity: number;
  taken: number;
  waiting: number;
  bookingRequired: boolean;
  seriesId: string | null;
  /** Staff lists show every event, unlisted and invitation-only ones with a badge; public pages linking one should check it. */
  visibility: Visibility;
}

const STAFF_COLUMNS = [
  'id',
  'title',
  'status',
  'format',
  'starts_at',
  'ends_at',
  'capacity',
  'taken',
  'waiting',
  'booking_required',
  'series_id',
  'visibility',
] as const;

function staffRow(r: Pick<EventTable, (typeof STAFF_COLUMNS)[number]>): StaffEventRow {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    format: r.format,
    start: r.starts_at,
    end: r.ends_at,
    capacity: Number(r.capacity),
    taken: Number(r.taken),
    waiting: Number(r.waiting),
    bookingRequired: Number(r.booking_required) === 1,
    seriesId: r.series_id,
    visibility: visibilityOf(r.visibility),
  };
}

/**
 * An organisation's own events, drafts and cancelled ones included: those still to come (soonest
 * first) and the past ones (latest first), at most `limit` of each.
 */
export async function organisationEvents(
  db: Db,
  organisationId: string,
  limit = 200,
): Promise<{ upcoming: StaffEventRow[]; past: StaffEventRow[] }> {
  const now = nowIso();
  const base = () => db.k.selectFrom('events').select(STAFF_COLUMNS).where('organisation_id', '=', organisationId);
  const [upcoming, past] = await Promise.all([
    base().where('ends_at', '>', now).orderBy('starts_at').orderBy('id').limit(limit).execute(),
    base().where('ends_at', '<=', now).orderBy('starts_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
  ]);
  return { upcoming: upcoming.map(staffRow), past: past.map(staffRow) };
}

/** The other events of a series, in date order, for the edit page. */
export async function seriesEvents(db: Db, seriesId: string): Promise<StaffEventRow[]> {
  const rows = await db.k
    .selectFrom('events')
    .select(STAFF_COLUMNS)
    .where('series_id', '=', seriesId)
    .orderBy('starts_at')
    .orderBy('id')
    .limit(200)
    .execute();
  return rows.map(staffRow);
}
