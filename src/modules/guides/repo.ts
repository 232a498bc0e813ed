import { type Kysely, sql } from 'kysely';
import { organisationOfRow } from '../../core/rows.js';
import type { Database, ServiceSheetTable, ServiceSheetVersionTable } from '../../db/schema.js';
import type { FaqInput, StepInput } from './schemas.js';

/** The SQL of service sheets (one code for SQLite and PostgreSQL); the search index is in search.ts. */

type K = Kysely<Database>;

export type SheetRow = ServiceSheetTable;

export interface SheetChildren {
  steps: StepInput[];
  lifeEvents: string[];
  topics: string[];
  deskServices: string[];
}

const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sheets(k: K) {
  return k.selectFrom('service_sheets as s').selectAll('s');
}

export async function sheetById(k: K, id: string): Promise<SheetRow | undefined> {
  return sheets(k).where('s.id', '=', id).executeTakeFirst();
}

export async function sheetsByIds(k: K, ids: string[]): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for (const part of chunks([...new Set(ids)])) out.push(...(await sheets(k).where('s.id', 'in', part).execute()));
  return out;
}

/** Published sheets with a slug (several organisations may use the same one); the caller orders them by organisation. */
export async function publishedBySlug(k: K, slug: string): Promise<SheetRow[]> {
  return sheets(k).where('s.slug', '=', slug).where('s.status', '=', 'published').execute();
}

export const organisationOfSheet = (k: K, id: string): Promise<string | undefined> => organisationOfRow(k, 'service_sheets', id);

/** Slugs of the organisation among the given ones, with the sheet that holds each. */
export async function slugsTaken(k: K, organisationId: string, slugs: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(slugs)])) {
    const rows = await k
      .selectFrom('service_sheets')
      .select(['slug', 'id'])
      .where('organisation_id', '=', organisationId)
      .where('slug', 'in', part)
      .execute();
    for (const r of rows) out.set(r.slug, r.id);
  }
  return out;
}

/** Slugs that more than one published sheet uses: their pages are addressed by id instead. */
export async function sharedPublishedSlugs(k: K, slugs: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks([...new Set(slugs)])) {
    const rows = await k
      .selectFrom('service_sheets')
      .select('slug')
      .where('status', '=', 'published')
      .where('slug', 'in', part)
      .groupBy('slug')
      .having(sql<number>`count(*)`, '>', 1)
      .execute();
    for (const r of rows) out.add(r.slug);
  }
  return out;
}

export async function childrenOf(k: K, ids: string[]): Promise<Map<string, SheetChildren>> {
  const out = new Map<string, SheetChildren>();
  for (const id of ids) out.set(id, { steps: [], lifeEvents: [], topics: [], deskServices: [] });
  for (const part of chunks([...new Set(ids)])) {
    const steps = await k.selectFrom('service_sheet_steps').selectAll().where('sheet_id', 'in', part).orderBy('position').execute();
    for (const s of steps) out.get(s.sheet_id)?.steps.push({ text: s.text, imageUrl: s.image_url, imageAlt: s.image_alt });
    const events = await k.selectFrom('service_sheet_life_events').selectAll().where('sheet_id', 'in', part).execute();
    for (const e of events) out.get(e.sheet_id)?.lifeEvents.push(e.life_event);
    const topics = await k.selectFrom('service_sheet_topics').selectAll().where('sheet_id', 'in', part).orderBy('topic').execute();
    for (const t of topics) out.get(t.sheet_id)?.topics.push(t.topic);
    const desks = await k
      .selectFrom('service_sheet_desk_services')
      .selectAll()
      .where('sheet_id', 'in', part)
      .orderBy('service_code')
      .execute();
    for (const d of desks) out.get(d.sheet_id)?.deskServices.push(d.service_code);
  }
  return out;
}

/** Life events of many sheets (for lists), without the other children. */
export async function lifeEventsOf(k: K, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await k.selectFrom('service_sheet_life_events').selectAll().where('sheet_id', 'in', part).execute();
    for (const r of rows) out.set(r.sheet_id, [...(out.get(r.sheet_id) ?? []), r.life_event]);
  }
  return out;
}

export async function insertSheets(k: K, rows: ServiceSheetTable[]): Promise<void> {
  // 23 columns × 40 rows stays far under both dialects' bound-parameter limits.
  for (const part of chunks(rows, 40)) await k.insertInto('service_sheets').values(part).execute();
}

/**
 * Writes new content over a sheet if it is still at `expectedVersion`, moving it to `version`:
 * one conditional statement, so two editors saving at once cannot both win.
 */
export async function updateSheet(k: K, id: string, expectedVersion: number, set: Partial<ServiceSheetTable>): Promise<boolean> {
  const res = await k.updateTable('service_sheets').set(set).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function replaceChildren(k: K, items: { id: string; children: SheetChildren }[], fresh = false): Promise<void> {
  const ids = items.map((i) => i.id);
  if (!fresh) {
    for (const part of chunks(ids)) {
      await k.deleteFrom('service_sheet_steps').where('sheet_id', 'in', part).execute();
      await k.deleteFrom('service_sheet_life_events').where('sheet_id', 'in', part).execute();
      await k.deleteFrom('service_sheet_topics').where('sheet_id', 'in', part).execute();
      await k.deleteFrom('service_sheet_desk_services').where('sheet_id', 'in', part).execute();
    }
  }
  const steps = items.flatMap(({ id, children }) =>
    children.steps.map((s, i) => ({ sheet_id: id, position: i + 1, text: s.text, image_url: s.imageUrl, image_alt: s.imageAlt })),
  );
  for (const part of chunks(steps, 100)) await k.insertInto('service_sheet_steps').values(part).execute();
  const lifeEvents = items.flatMap(({ id, children }) => children.lifeEvents.map((e) => ({ sheet_id: id, life_event: e })));
  for (const part of chunks(lifeEvents)) await k.insertInto('service_sheet_life_events').values(part).execute();
  const topics = items.flatMap(({ id, children }) => children.topics.map((t) => ({ sheet_id: id, topic: t })));
  for (const part of chunks(topics)) await k.insertInto('service_sheet_topics').values(part).execute();
  const desks = items.flatMap(({ id, children }) => children.deskServices.map((c) => ({ sheet_id: id, service_code: c })));
  for (const part of chunks(desks)) await k.insertInto('service_sheet_desk_services').values(part).execute();
}

/** A row of a sheet's version history, as stored. */
export type VersionInsert = ServiceSheetVersionTable;

export async function insertVersions(k: K, rows: VersionInsert[]): Promise<void> {
  for (const part of chunks(rows, 50)) await k.insertInto('service_sheet_versions').values(part).execute();
}

export async function versionsOf(k: K, sheetId: string) {
  return k.selectFrom('service_sheet_versions').selectAll().where('sheet_id', '=', sheetId).orderBy('number', 'desc').execute();
}

export async function versionById(k: K, sheetId: string, versionId: string) {
  return k.selectFrom('service_sheet_versions').selectAll().where('sheet_id', '=', sheetId).where('id', '=', versionId).executeTakeFirst();
}

export async function sheetOfVersion(k: K, versionId: string): Promise<string | undefined> {
  const row = await k.selectFrom('service_sheet_versions').select('sheet_id').where('id', '=', versionId).executeTakeFirst();
  return row?.sheet_id;
}

export interface BrowseFilters {
  organisation?: string;
  category?: string;
  lifeEvent?: string;
  limit: number;
  offset: number;
}

/** Published sheets in name order, for browsing without a query. */
export async function browsePublished(k: K, f: BrowseFilters): Promise<{ ids: string[]; total: number }> {
  let q = k.selectFrom('service_sheets as s').where('s.status', '=', 'published');
  if (f.organisation) q = q.where('s.organisation_id', '=', f.organisation);
  if (f.category) q = q.where('s.category', '=', f.category);
  if (f.lifeEvent) {
    const lifeEvent = f.lifeEvent;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('service_sheet_life_events as le')
          .select('le.sheet_id')
          .whereRef('le.sheet_id', '=', 's.id')
          .where('le.life_event', '=', lifeEvent),
      ),
    );
  }
  const rows = await q.select('s.id').orderBy('s.name').orderBy('s.id').limit(f.limit).offset(f.offset).execute();
  const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { ids: rows.map((r) => r.id), total: Number(count?.n ?? 0) };
}

/** Counts of published sheets per organisation (by id), category and life event, for the catalogue's filters. */
export async function facets(k: K) {
  const publishedBy = <C extends 'organisation_id' | 'category'>(column: C) =>
    k
      .selectFrom('service_sheets')
      .select([column, (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'published')
      .groupBy(column)
      .execute();
  const organisations = await publishedBy('organisation_id');
  const categories = await publishedBy('category');
  const lifeEvents = await k
    .selectFrom('service_sheet_life_events as le')
    .innerJoin('service_sheets as s', 's.id', 'le.sheet_id')
    .select(['le.life_event', (eb) => eb.fn.countAll<number>().as('n')])
    .where('s.status', '=', 'published')
    .groupBy('le.life_event')
    .execute();
  return {
    organisations: new Map(organisations.map((o) => [o.organisation_id, Number(o.n)])),
    categories: new Map(categories.map((c) => [c.category, Number(c.n)])),
    lifeEvents: new Map(lifeEvents.map((e) => [e.life_event, Number(e.n)])),
  };
}

/** Published sheets linked to any of the topics, by name. */
export async function publishedIdsByTopics(k: K, topics: string[], limit: number): Promise<string[]> {
  if (topics.length === 0) return [];
  const rows = await k
    .selectFrom('service_sheets as s')
    .select(['s.id', 's.name'])
    .where('s.status', '=', 'published')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('service_sheet_topics as t').select('t.sheet_id').whereRef('t.sheet_id', '=', 's.id').where('t.topic', 'in', topics),
      ),
    )
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Every sheet of an organisation, any status, for the back office and the export. */
export async function sheetsOfOrganisation(k: K, organisationId: string): Promise<SheetRow[]> {
  return sheets(k).where('s.organisation_id', '=', organisationId).orderBy('s.name').orderBy('s.id').execute();
}

export type Faqs = FaqInput[];
