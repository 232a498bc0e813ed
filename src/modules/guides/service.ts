import { hasRole } from '../../core/access.js';
import type { Principal } from '../../core/auth.js';
import { t } from '../../core/i18n.js';
import { isId, newId } from '../../core/ids.js';
import { fieldError, refuse } from '../../core/problems.js';
import { ORG_MEMBERS } from '../../core/roles.js';
import { nowIso } from '../../core/time.js';
import { parse as validate } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { ServiceSheetTable } from '../../db/schema.js';
import { getOrganisation, organisationNames, organisationsByName } from '../organisations/service.js';
import { checkCsv, exportCsv, type RowProblem } from './csv.js';
import { vocabularyLabel } from './messages.js';
import { analyseMany, analyseMarkdown, analysePlain, type Readability } from './readability.js';
import * as repo from './repo.js';
import {
  type AccessMethod,
  type Category,
  type FaqInput,
  LIFE_EVENTS,
  type LifeEvent,
  ServiceCreate,
  ServicePatch,
  type SheetStatus,
  type StepInput,
  StepsPut,
  slugify,
  TRANSITIONS,
} from './schemas.js';
import { type IndexDoc, indexSheets, type SearchResult, searchSheets, unindexSheets } from './search.js';
import { keptSearch } from './search-cache.js';

export { isId };

// ---------- views ----------

/** Everything a version keeps and a restore brings back. */
export interface SheetContent {
  name: string;
  slug: string;
  summary: string;
  audience: string | null;
  body: string;
  category: Category;
  access: AccessMethod[];
  url: string | null;
  cost: string | null;
  times: string | null;
  lifeEvents: LifeEvent[];
  faqs: FaqInput[];
  contacts: string | null;
  topics: string[];
  deskServices: string[];
  steps: StepInput[];
}

export interface Sheet extends SheetContent {
  id: string;
  organisation: { id: string; name: string };
  status: SheetStatus;
  version: number;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The public page's path. */
  page: string;
}

export interface SheetSummary {
  id: string;
  organisation: { id: string; name: string };
  slug: string;
  name: string;
  summary: string;
  category: Category;
  access: AccessMethod[];
  url: string | null;
  lifeEvents: LifeEvent[];
  status: SheetStatus;
  updatedAt: string;
  page: string;
}

export interface Version {
  id: string;
  number: number;
  action: string;
  status: SheetStatus;
  author: string | null;
  createdAt: string;
  restoredFrom: number | null;
  content: SheetContent;
}

/** Who makes a change: recorded on every version. */
export interface Actor {
  userId: string | null;
  name: string | null;
}

export function actorOf(principal: Principal | null): Actor {
  return principal ? { userId: principal.userId, name: principal.name } : { userId: null, name: null };
}

const CONTENT_KEYS: (keyof SheetContent)[] = [
  'name',
  'slug',
  'summary',
  'audience',
  'body',
  'category',
  'access',
  'url',
  'cost',
  'times',
  'lifeEvents',
  'faqs',
  'contacts',
  'topics',
  'deskServices',
  'steps',
];

export function contentOf(s: SheetContent): SheetContent {
  const out = {} as Record<string, unknown>;
  for (const k of CONTENT_KEYS) out[k] = s[k];
  return out as unknown as SheetContent;
}

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function inLifeEventOrder(values: string[]): LifeEvent[] {
  return (values as LifeEvent[]).sort((a, b) => LIFE_EVENTS.indexOf(a) - LIFE_EVENTS.indexOf(b));
}

function pageOf(row: { id: string; slug: string; status: string }, shared: Set<string>): string {
  return row.status === 'published' && !shared.has(row.slug) ? `/servizi/${row.slug}` : `/servizi/${row.id}`;
}

/** The owners' names, from the organisations service in one query. */
function ownerNames(db: Db, rows: repo.SheetRow[]): Promise<Map<string, string>> {
  return organisationNames(db, [...new Set(rows.map((r) => r.organisation_id))]);
}

/** What present and summarise both read besides the rows: owners' names and slugs shared by several sheets. */
function namesAndShared(db: Db, rows: repo.SheetRow[]): Promise<[Map<string, string>, Set<string>]> {
  return Promise.all([
    ownerNames(db, rows),
    repo.sharedPublishedSlugs(
      db.k,
      rows.filter((r) => r.status === 'published').map((r) => r.slug),
    ),
  ]);
}

/** A row's summary, with its owner's name and its life events. */
function summaryOf(r: repo.SheetRow, names: Map<string, string>, shared: Set<string>, lifeEvents: string[]): SheetSummary {
  return {
    id: r.id,
    organisation: { id: r.organisation_id, name: names.get(r.organisation_id) ?? '' },
    slug: r.slug,
    name: r.name,
    summary: r.summary,
    category: r.category as Category,
    access: parseJson<AccessMethod[]>(r.access, []),
    url: r.url,
    lifeEvents: inLifeEventOrder(lifeEvents),
    status: r.status,
    updatedAt: r.updated_at,
    page: pageOf(r, shared),
  };
}

async function present(db: Db, rows: repo.SheetRow[]): Promise<Sheet[]> {
  if (rows.length === 0) return [];
  const children = await repo.childrenOf(
    db.k,
    rows.map((r) => r.id),
  );
  const [names, shared] = await namesAndShared(db, rows);
  return rows.map((r) => {
    const c = children.get(r.id) ?? { steps: [], lifeEvents: [], topics: [], deskServices: [] };
    return {
      ...summaryOf(r, names, shared, c.lifeEvents),
      audience: r.audience,
      body: r.body,
      cost: r.cost,
      times: r.times,
      faqs: parseJson<FaqInput[]>(r.faqs, []),
      contacts: r.contacts,
      topics: c.topics,
      deskServices: c.deskServices,
      steps: c.steps,
      version: r.version,
      publishedAt: r.published_at,
      createdAt: r.created_at,
    };
  });
}

async function summarise(db: Db, rows: repo.SheetRow[]): Promise<SheetSummary[]> {
  if (rows.length === 0) return [];
  const lifeEvents = await repo.lifeEventsOf(
    db.k,
    rows.map((r) => r.id),
  );
  const [names, shared] = await namesAndShared(db, rows);
  return rows.map((r) => summaryOf(r, names, shared, lifeEvents.get(r.id) ?? []));
}

// ---------- reading ----------

export async function organisationOfSheet(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return repo.organisationOfSheet(db.k, id);
}

export async function organisationOfVersion(db: Db, versionId: string | undefined, sheetId?: string): Promise<string | undefined> {
  if (!isId(versionId)) return undefined;
  const owner = await repo.sheetOfVersion(db.k, versionId);
  if (!owner || (sheetId && owner !== sheetId)) return undefined;
  return repo.organisationOfSheet(db.k, owner);
}

/** A sheet in any status (the back office, or a caller already allowed to see it). */
export async function getSheet(db: Db, id: string): Promise<Sheet> {
  if (!isId(id)) throw refuse(404, 'guides.error.notFound');
  const row = await repo.sheetById(db.k, id);
  if (!row) throw refuse(404, 'guides.error.notFound');
  return (await present(db, [row]))[0];
}

/** Whether the caller may see a sheet that is not published: members of its organisation. */
export function canPreview(principal: Principal | null, sheet: { organisation: { id: string } }): boolean {
  return hasRole(principal, sheet.organisation.id, ORG_MEMBERS);
}

/** A sheet for the API: published, or any status for members of its organisation. */
export async function getVisibleSheet(db: Db, id: string, principal: Principal | null): Promise<Sheet> {
  const sheet = await getSheet(db, id);
  if (sheet.status !== 'published' && !canPreview(principal, sheet)) throw refuse(404, 'guides.error.notFound');
  return sheet;
}

export type PublicLookup = { sheet: Sheet; preview: boolean } | { choices: SheetSummary[] };

/**
 * A public page's sheet by slug or id. A slug used by several organisations gives the choice of
 * them; a sheet that is not published is shown only to members of its organisation, as a preview.
 */
export async function findPublicSheet(db: Db, slugOrId: string, principal: Principal | null): Promise<PublicLookup> {
  if (isId(slugOrId)) {
    const sheet = await getVisibleSheet(db, slugOrId, principal);
    return { sheet, preview: sheet.status !== 'published' };
  }
  if (!/^[a-z0-9-]{1,80}$/.test(slugOrId)) throw refuse(404, 'guides.error.notFound');
  const found = await repo.publishedBySlug(db.k, slugOrId);
  if (found.length === 0) throw refuse(404, 'guides.error.notFound');
  if (found.length === 1) return { sheet: (await present(db, found))[0], preview: false };
  // One sheet per organisation at most (slugs are unique within one): by the organisation's name.
  const owners = await organisationsByName(
    db,
    found.map((r) => r.organisation_id),
  );
  const rows = owners.flatMap((o) => found.filter((r) => r.organisation_id === o.id));
  return { choices: await summarise(db, rows) };
}

export interface ListFilters {
  q?: string;
  organisation?: string;
  category?: string;
  lifeEvent?: string;
  limit?: number;
  offset?: number;
}

export interface ListResult {
  items: SheetSummary[];
  total: number;
  /** Words of the query replaced by the closest indexed word (typos). */
  corrections: SearchResult['corrections'];
  /** 'all' every word matched, 'any' only some (nothing had them all), 'browse' no query. */
  mode: 'all' | 'any' | 'none' | 'browse';
}

/** One page of a search with its sheets' summaries, as kept between changes of the index (search-cache.ts). */
async function searchPage(db: Db, q: string, f: ListFilters & { limit: number; offset: number }): Promise<ListResult> {
  const found = await searchSheets(db, q, f);
  const rows = await repo.sheetsByIds(
    db.k,
    found.hits.map((h) => h.id),
  );
  const byId = new Map((await summarise(db, rows)).map((s) => [s.id, s]));
  return {
    items: found.hits.map((h) => byId.get(h.id)).filter((s): s is SheetSummary => !!s),
    total: found.total,
    corrections: found.corrections,
    mode: found.mode,
  };
}

/** The public catalogue: published sheets, searched (best first) or browsed (by name). */
export async function listPublished(db: Db, f: ListFilters): Promise<ListResult> {
  const limit = f.limit ?? 20;
  const offset = f.offset ?? 0;
  const q = f.q?.trim() ?? '';
  if (q) {
    const key = JSON.stringify([q, f.organisation ?? null, f.category ?? null, f.lifeEvent ?? null, limit, offset]);
    const page = await keptSearch(db, key, () => searchPage(db, q, { ...f, limit, offset }));
    // The owners' names as they are now: renaming an organisation does not change the index.
    const names = await organisationNames(db, [...new Set(page.items.map((s) => s.organisation.id))]);
    return {
      ...page,
      items: page.items.map((s) => ({ ...s, organisation: { id: s.organisation.id, name: names.get(s.organisation.id) ?? '' } })),
    };
  }
  const browsed = await repo.browsePublished(db.k, { ...f, limit, offset });
  const rows = await repo.sheetsByIds(db.k, browsed.ids);
  const byId = new Map((await summarise(db, rows)).map((s) => [s.id, s]));
  return {
    items: browsed.ids.map((id) => byId.get(id)).filter((s): s is SheetSummary => !!s),
    total: browsed.total,
    corrections: [],
    mode: 'browse',
  };
}

/**
 * Published sheets linked to any of the topics (the events' topic codes: "spid", "pagopa"…), by
 * name: for learning paths and other modules that recommend guides on a subject.
 */
export async function publishedByTopics(db: Db, topics: string[], limit = 10): Promise<SheetSummary[]> {
  const ids = await repo.publishedIdsByTopics(db.k, [...new Set(topics)], limit);
  const byId = new Map((await summarise(db, await repo.sheetsByIds(db.k, ids))).map((s) => [s.id, s]));
  return ids.map((id) => byId.get(id)).filter((s): s is SheetSummary => !!s);
}

export async function catalogueFacets(db: Db) {
  const { organisations, categories, lifeEvents } = await repo.facets(db.k);
  const owners = await organisationsByName(db, [...organisations.keys()]);
  return {
    organisations: owners.map((o) => ({ id: o.id, name: o.name, count: organisations.get(o.id) ?? 0 })),
    categories,
    lifeEvents,
  };
}

/** Every sheet of an organisation, in any status, for its staff. */
export async function listOrganisationSheets(db: Db, organisationId: string): Promise<SheetSummary[]> {
  return summarise(db, await repo.sheetsOfOrganisation(db.k, organisationId));
}

export async function organisationSheetsFull(db: Db, organisationId: string): Promise<Sheet[]> {
  return present(db, await repo.sheetsOfOrganisation(db.k, organisationId));
}

export async function listVersions(db: Db, sheetId: string): Promise<Version[]> {
  await getSheet(db, sheetId);
  const rows = await repo.versionsOf(db.k, sheetId);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    action: r.action,
    status: r.status as SheetStatus,
    author: r.author_name,
    createdAt: r.created_at,
    restoredFrom: r.restored_from,
    content: parseJson<SheetContent>(r.content, {} as SheetContent),
  }));
}

// ---------- writing ----------

function indexDoc(id: string, organisationId: string, c: SheetContent): IndexDoc {
  return {
    sheetId: id,
    organisationId,
    category: c.category,
    title: c.name,
    lead: [
      c.summary,
      c.audience ?? '',
      vocabularyLabel('category', c.category),
      ...c.lifeEvents.map((e) => vocabularyLabel('lifeEvent', e)),
    ].join('\n'),
    body: [c.body, ...c.steps.map((s) => s.text), ...c.faqs.flatMap((f) => [f.question, f.answer])].join('\n'),
  };
}

function columnsOf(
  c: SheetContent,
): Omit<
  ServiceSheetTable,
  'id' | 'organisation_id' | 'status' | 'version' | 'published_at' | 'created_by' | 'updated_by' | 'created_at' | 'updated_at'
> {
  return {
    slug: c.slug,
    name: c.name,
    summary: c.summary,
    audience: c.audience,
    body: c.body,
    category: c.category,
    access: JSON.stringify(c.access),
    url: c.url,
    cost: c.cost,
    times: c.times,
    faqs: JSON.stringify(c.faqs),
    contacts: c.contacts,
  };
}

function childrenOf(c: SheetContent): repo.SheetChildren {
  return { steps: c.steps, lifeEvents: c.lifeEvents, topics: c.topics, deskServices: c.deskServices };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(e?.message ?? '');
}

const slugTaken = (slug: string) =>
  refuse(409, 'guides.error.slugTaken', { slug }, [fieldError('slug', 'guides.error.slugTaken.field', { slug })]);

/** A slug free in the organisation: the wanted one, or the name's with -2, -3… when it was not chosen. */
async function freeSlug(db: Db, organisationId: string, content: { name: string; slug?: string }): Promise<string> {
  if (content.slug) {
    const taken = await repo.slugsTaken(db.k, organisationId, [content.slug]);
    if (taken.has(content.slug)) throw slugTaken(content.slug);
    return content.slug;
  }
  const base = slugify(content.name);
  const candidates = [base, ...Array.from({ length: 20 }, (_, i) => `${base.slice(0, 76)}-${i + 2}`)];
  const taken = await repo.slugsTaken(db.k, organisationId, candidates);
  const free = candidates.find((c) => !taken.has(c));
  return free ?? `${base.slice(0, 70)}-${newId().slice(-8)}`;
}

export interface NewSheet {
  content: SheetContent;
  status: SheetStatus;
}

/** Writes new sheets of one organisation in the caller's transaction: rows, children, first versions, index. */
async function insertNew(db: Db, trx: Db['k'], organisationId: string, actor: Actor, items: NewSheet[], action: string): Promise<string[]> {
  const now = nowIso();
  const ids = items.map(() => newId());
  await repo.insertSheets(
    trx,
    items.map((it, i) => ({
      id: ids[i],
      organisation_id: organisationId,
      ...columnsOf(it.content),
      status: it.status,
      version: 1,
      published_at: it.status === 'published' ? now : null,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: now,
      updated_at: now,
    })),
  );
  await repo.replaceChildren(
    trx,
    items.map((it, i) => ({ id: ids[i], children: childrenOf(it.content) })),
    true,
  );
  await repo.insertVersions(
    trx,
    items.map((it, i) => ({
      id: newId(),
      sheet_id: ids[i],
      number: 1,
      action,
      status: it.status,
      author_id: actor.userId,
      author_name: actor.name,
      restored_from: null,
      content: JSON.stringify(contentOf(it.content)),
      created_at: now,
    })),
  );
  const published = items.map((it, i) => ({ it, id: ids[i] })).filter((x) => x.it.status === 'published');
  await indexSheets(
    trx,
    db.dialect,
    published.map((x) => indexDoc(x.id, organisationId, x.it.content)),
    now,
  );
  return ids;
}

/** Checks that the organisation exists, as a field error of the body (the caller named it there). */
async function assertOrganisation(db: Db, organisationId: string): Promise<void> {
  try {
    await getOrganisation(db, organisationId);
  } catch {
    throw refuse(422, 'guides.error.organisation', undefined, [fieldError('organisation', 'guides.error.organisation.field')]);
  }
}

/** Creates a sheet (POST /api/v1/services and the back office's "new sheet"). */
export async function createSheet(db: Db, actor: Actor, input: unknown): Promise<{ id: string }> {
  const data = validate(ServiceCreate, input);
  await assertOrganisation(db, data.organisation);
  const slug = await freeSlug(db, data.organisation, data);
  const content: SheetContent = { ...(data as Omit<typeof data, 'organisation' | 'status'>), slug } as SheetContent;
  try {
    const [id] = await db.k
      .transaction()
      .execute((trx) => insertNew(db, trx, data.organisation, actor, [{ content: contentOf(content), status: data.status }], 'create'));
    return { id };
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken(slug);
    throw err;
  }
}

export interface Change {
  content?: Partial<SheetContent>;
  status?: SheetStatus;
  /** The version the editor started from; a different current version is a conflict. */
  expectedVersion?: number;
  action: 'edit' | 'steps' | 'status' | 'restore';
  restoredFrom?: number | null;
}

function sameContent(a: SheetContent, b: SheetContent): boolean {
  return JSON.stringify(contentOf(a)) === JSON.stringify(contentOf(b));
}

/**
 * Applies a change as a new version: the content is merged over the current one, the workflow
 * step checked, the row moved from its version to the next in one conditional statement, the
 * version recorded and the search index fed, all in one transaction. A change that changes
 * nothing records nothing.
 */
export async function applyChange(db: Db, actor: Actor, id: string, change: Change): Promise<Sheet> {
  const current = await getSheet(db, id);
  if (change.expectedVersion !== undefined && change.expectedVersion !== current.version) {
    throw refuse(409, 'guides.error.stale', { current: current.version, expected: change.expectedVersion }, undefined, {
      currentVersion: current.version,
    });
  }
  const next: SheetContent = { ...contentOf(current) };
  for (const [k, v] of Object.entries(change.content ?? {})) {
    if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
  }
  const status = change.status ?? current.status;
  if (status !== current.status && !TRANSITIONS[current.status].includes(status)) {
    const allowed = TRANSITIONS[current.status].join(', ');
    throw refuse(409, 'guides.error.transition', { from: current.status, to: status }, [
      fieldError('status', 'guides.error.transition.field', { from: current.status, allowed }),
    ]);
  }
  if (status === current.status && sameContent(next, current)) return current;
  if (next.slug !== current.slug) {
    const taken = await repo.slugsTaken(db.k, current.organisation.id, [next.slug]);
    if (taken.has(next.slug) && taken.get(next.slug) !== id) throw slugTaken(next.slug);
  }
  const now = nowIso();
  const number = current.version + 1;
  try {
    await db.k.transaction().execute(async (trx) => {
      const moved = await repo.updateSheet(trx, id, current.version, {
        ...columnsOf(next),
        status,
        version: number,
        published_at: status === 'published' && current.status !== 'published' ? now : current.publishedAt,
        updated_by: actor.userId,
        updated_at: now,
      });
      if (!moved) throw refuse(409, 'guides.error.concurrent');
      await repo.replaceChildren(trx, [{ id, children: childrenOf(next) }]);
      await repo.insertVersions(trx, [
        {
          id: newId(),
          sheet_id: id,
          number,
          action: change.action,
          status,
          author_id: actor.userId,
          author_name: actor.name,
          restored_from: change.restoredFrom ?? null,
          content: JSON.stringify(contentOf(next)),
          created_at: now,
        },
      ]);
      if (status === 'published') await indexSheets(trx, db.dialect, [indexDoc(id, current.organisation.id, next)], now);
      else if (current.status === 'published') await unindexSheets(trx, db.dialect, [id]);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken(next.slug);
    throw err;
  }
  return getSheet(db, id);
}

/** PATCH /api/v1/services/:serviceId: any fields, and/or a workflow step. */
export async function updateSheet(db: Db, actor: Actor, id: string, input: unknown): Promise<Sheet> {
  const data = validate(ServicePatch, input);
  const { status, version, ...content } = data;
  const onlyStatus = Object.values(content).every((v) => v === undefined);
  return applyChange(db, actor, id, {
    content: content as Partial<SheetContent>,
    status,
    expectedVersion: version,
    action: onlyStatus && status ? 'status' : 'edit',
  });
}

/** PUT /api/v1/services/:serviceId/steps: replaces the step-by-step guide. */
export async function setSteps(db: Db, actor: Actor, id: string, input: unknown): Promise<Sheet> {
  const data = validate(StepsPut, input);
  return applyChange(db, actor, id, { content: { steps: data.steps }, expectedVersion: data.version, action: 'steps' });
}

export async function changeStatus(db: Db, actor: Actor, id: string, status: SheetStatus, expectedVersion?: number): Promise<Sheet> {
  return applyChange(db, actor, id, { status, expectedVersion, action: 'status' });
}

/** Brings back the content of an old version as a new version; the workflow status stays as it is. */
export async function restoreVersion(db: Db, actor: Actor, id: string, versionId: string): Promise<Sheet> {
  if (!isId(versionId)) throw refuse(404, 'guides.error.versionNotFound');
  const row = await repo.versionById(db.k, id, versionId);
  if (!row) throw refuse(404, 'guides.error.versionNotFound');
  const content = validate(
    ServicePatch,
    Object.fromEntries(
      Object.entries(parseJson<Record<string, unknown>>(row.content, {})).filter(([k]) => (CONTENT_KEYS as string[]).includes(k)),
    ),
  );
  const { status: _s, version: _v, ...rest } = content;
  const sheet = await applyChange(db, actor, id, { content: rest as Partial<SheetContent>, action: 'restore', restoredFrom: row.number });
  return sheet;
}

// ---------- CSV import and export ----------

export interface ImportReport {
  dryRun: boolean;
  /** Whether the file can be (or was) imported as a whole. */
  ok: boolean;
  /** Data rows in the file. */
  rows: number;
  /** Sheets written (0 on a dry run or when there are problems). */
  created: number;
  ids: string[];
  problems: RowProblem[];
  /** What would be (or was) created, row by row. */
  preview: { row: number; name: string; slug: string; status: SheetStatus }[];
}

/**
 * Imports a CSV catalogue into an organisation. Every row is checked first; a file with any problem
 * writes nothing (dry run or not), and a clean file is written in one transaction.
 */
export async function importCsv(db: Db, actor: Actor, organisationId: string, text: string, dryRun: boolean): Promise<ImportReport> {
  if (text.includes('\uFFFD')) {
    const problems = [{ row: 1, column: '', message: t('it', 'guides.csv.notUtf8') }];
    return { dryRun, ok: false, rows: 0, created: 0, ids: [], problems, preview: [] };
  }
  const checked = await checkCsv(text, async (slugs) => new Set((await repo.slugsTaken(db.k, organisationId, slugs)).keys()));
  const preview = checked.rows.map((r) => ({ row: r.row, name: r.sheet.content.name, slug: r.sheet.content.slug, status: r.sheet.status }));
  const ok = checked.problems.length === 0;
  if (dryRun || !ok) return { dryRun, ok, rows: checked.count, created: 0, ids: [], problems: checked.problems, preview };
  const ids = await insertBatch(
    db,
    actor,
    organisationId,
    checked.rows.map((r) => r.sheet),
  );
  return { dryRun, ok, rows: checked.count, created: ids.length, ids, problems: [], preview };
}

/** The organisation's sheets as CSV, in the columns import reads. */
export async function exportOrganisationCsv(db: Db, organisationId: string): Promise<string> {
  return exportCsv(await organisationSheetsFull(db, organisationId));
}

/** Writes a whole batch of new sheets in one transaction: all of them or none. */
export async function insertBatch(db: Db, actor: Actor, organisationId: string, items: NewSheet[]): Promise<string[]> {
  try {
    return await db.k.transaction().execute((trx) => insertNew(db, trx, organisationId, actor, items, 'import'));
  } catch (err) {
    if (isUniqueViolation(err)) throw refuse(409, 'guides.error.importRace');
    throw err;
  }
}

export async function takenSlugs(db: Db, organisationId: string, slugs: string[]): Promise<Map<string, string>> {
  return repo.slugsTaken(db.k, organisationId, slugs);
}

// ---------- readability ----------

export interface TextReadability {
  key: 'summary' | 'audience' | 'body' | 'steps' | 'faqs';
  result: Readability;
}

/** Gulpease of each text of a sheet, with hints; computed on the server, so it works without JavaScript. */
export function readabilityOf(c: Pick<SheetContent, 'summary' | 'audience' | 'body' | 'steps' | 'faqs'>): TextReadability[] {
  const out: TextReadability[] = [
    { key: 'summary', result: analysePlain(c.summary) },
    { key: 'audience', result: analysePlain(c.audience ?? '') },
    { key: 'body', result: analyseMarkdown(c.body) },
    { key: 'steps', result: analyseMany(c.steps.map((s) => s.text)) },
    { key: 'faqs', result: analyseMany(c.faqs.flatMap((f) => [f.question, f.answer])) },
  ];
  return out.filter((t) => t.result.words > 0);
}
