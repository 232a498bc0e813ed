import type { Principal } from '../../core/auth.js';
import type { Lang } from '../../core/i18n.js';
import { isId, newId } from '../../core/ids.js';
import { type FieldError, fieldError, refuse } from '../../core/problems.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { SkillItemTable, SkillVersionTable } from '../../db/schema.js';
import { type AgeBand, AREAS, type Area, areaOf, COMPETENCE_CODES } from './digcomp.js';
import { SEED_ITEMS, SELF_OPTIONS, seedHash } from './item-bank.js';
import type { PathItem } from './path.js';
import * as repo from './repo.js';
import { ItemInput, type ItemInputData, type Phase, type Variant } from './schemas.js';
import { presentationOrder, type ScoringItem } from './scoring.js';

/**
 * Item banks and their versions: the built-in bank, an organisation's own drafts, items and
 * publication, and what the pages show of them.
 */

export const DEFAULT_SCOPE = 'default';
// ---------- views ----------

export interface Option {
  it: string;
  en?: string | null;
}

export interface BankItem {
  id: string;
  key: string;
  competence: string;
  level: number;
  kind: 'self' | 'knowledge';
  text: { it: string; en: string | null };
  options: Option[];
  correct: number | null;
  short: boolean;
  position: number;
}

export interface BankVersion {
  id: string;
  scope: string;
  organisationId: string | null;
  number: number;
  status: SkillVersionTable['status'];
  note: string | null;
  createdAt: string;
  publishedAt: string | null;
  retiredAt: string | null;
}

/** An item as the public sees it: never the right answer. */
export interface PublicItem {
  id: string;
  competence: string;
  kind: 'self' | 'knowledge';
  text: string;
  options: { value: number; label: string }[];
}

export interface AreaView {
  area: Area;
  level: number;
  /** The band of the level, in words ("Intermedio"). */
  label: string;
  band: string;
  name: string;
  explanation: string;
  /** Change from the previous result of the same person, when there is one. */
  change?: number;
}

export interface ResultView {
  id: string;
  token: string;
  createdAt: string;
  variant: Variant;
  version: { id: string; number: number; retired: boolean };
  municipality: { code: string; name: string } | null;
  ageBand: AgeBand | null;
  event: { id: string; phase: Phase | null } | null;
  areas: AreaView[];
  path: PathItem[];
  previous: { id: string; createdAt: string; areas: { area: Area; level: number }[] } | null;
  /** A newer result of the same person (after a retake), when this one is not the latest. */
  newer: { id: string } | null;
}

export interface Se5Code {
  code: number;
  area: string;
  name: string;
  competences: string[];
}

export function toVersion(row: SkillVersionTable): BankVersion {
  return {
    id: row.id,
    scope: row.scope,
    organisationId: row.organisation_id,
    number: Number(row.number),
    status: row.status,
    note: row.note,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    retiredAt: row.retired_at,
  };
}

export function toItem(row: SkillItemTable): BankItem {
  return {
    id: row.id,
    key: row.key,
    competence: row.competence,
    level: Number(row.level),
    kind: row.kind,
    text: { it: row.text_it, en: row.text_en },
    options: JSON.parse(row.options) as Option[],
    correct: row.correct === null ? null : Number(row.correct),
    short: Number(row.in_short) === 1,
    position: Number(row.position),
  };
}

export function toScoring(item: BankItem): ScoringItem {
  return {
    id: item.id,
    competence: item.competence,
    level: item.level,
    kind: item.kind,
    correct: item.correct,
    optionCount: item.options.length,
  };
}

/** A text written by staff in Italian and, when they wrote it, in English: the one of the language, else the Italian. */
export const say = (b: { it: string; en?: string | null }, lang: Lang): string => b[lang] || b.it;

export function publicItem(item: BankItem, lang: Lang): PublicItem {
  return {
    id: item.id,
    competence: item.competence,
    kind: item.kind,
    text: say(item.text, lang),
    options: item.options.map((o, value) => ({ value, label: say(o, lang) })),
  };
}

export function variantItems(items: BankItem[], variant: Variant): BankItem[] {
  return variant === 'short' ? items.filter((i) => i.short) : items;
}

// ---------- the built-in bank ----------

const defaultBankReady = new WeakMap<Db, Promise<BankVersion>>();

function seedRows(versionId: string): SkillItemTable[] {
  return SEED_ITEMS.map((s, i) => ({
    id: newId(),
    version_id: versionId,
    key: s.key,
    competence: s.competence,
    level: s.level,
    kind: s.kind,
    text_it: s.text.it,
    text_en: s.text.en,
    options: JSON.stringify(s.options),
    correct: s.correct,
    in_short: s.short ? 1 : 0,
    position: (i + 1) * 10,
  }));
}

async function publishSeed(db: Db): Promise<BankVersion> {
  const hash = seedHash();
  const current = await repo.versionWithStatus(db.k, DEFAULT_SCOPE, 'current');
  if (current && current.source_hash === hash) return toVersion(current);
  const at = nowIso();
  try {
    return await db.k.transaction().execute(async (trx) => {
      if (current) await repo.retireCurrent(trx, DEFAULT_SCOPE, at);
      const row: SkillVersionTable = {
        id: newId(),
        scope: DEFAULT_SCOPE,
        organisation_id: null,
        number: await repo.nextNumber(trx, DEFAULT_SCOPE),
        status: 'current',
        note: 'Banca delle domande predefinita di Ponte',
        source_hash: hash,
        created_by: null,
        created_at: at,
        published_at: at,
        retired_at: null,
      };
      await repo.insertVersion(trx, row, seedRows(row.id));
      return toVersion(row);
    });
  } catch (err) {
    // Another process published the same seed first: the unique keys refused our copy.
    const now = await repo.versionWithStatus(db.k, DEFAULT_SCOPE, 'current');
    if (now && now.source_hash === hash) return toVersion(now);
    throw err;
  }
}

/**
 * The current version of the built-in bank, published from item-bank.ts on first use (and again
 * when that file changes, retiring the previous one). Once per process and database.
 */
export function ensureDefaultBank(db: Db): Promise<BankVersion> {
  let ready = defaultBankReady.get(db);
  if (!ready) {
    ready = publishSeed(db);
    defaultBankReady.set(db, ready);
    ready.catch(() => defaultBankReady.delete(db));
  }
  return ready;
}

/** The bank served to the public for an organisation: its own current version, or the built-in one. */
export async function currentVersion(db: Db, organisationId?: string | null): Promise<BankVersion> {
  const fallback = await ensureDefaultBank(db);
  if (organisationId && isId(organisationId)) {
    const own = await repo.versionWithStatus(db.k, organisationId, 'current');
    if (own) return toVersion(own);
  }
  // Re-read: another process may have republished the default since this one cached it.
  const current = await repo.versionWithStatus(db.k, DEFAULT_SCOPE, 'current');
  return current ? toVersion(current) : fallback;
}

export async function versionItems(db: Db, versionId: string): Promise<BankItem[]> {
  return (await repo.itemsOf(db.k, versionId)).map(toItem);
}

export async function getVersion(db: Db, id: string): Promise<BankVersion> {
  const row = isId(id) ? await repo.versionById(db.k, id) : undefined;
  if (!row) throw refuse(404, 'skills.version.notFound');
  return toVersion(row);
}

/** The questions of a version of the assessment, as the public API gives them. */
export async function getAssessment(
  db: Db,
  variant: Variant,
  opts: { organisation?: string; lang?: Lang } = {},
): Promise<{ version: { id: string; number: number }; items: PublicItem[] }> {
  const version = await currentVersion(db, opts.organisation);
  const items = variantItems(await versionItems(db, version.id), variant);
  const ordered = presentationOrder(
    items.map((i) => ({ ...toScoring(i), item: i })),
    variant === 'short',
  );
  return { version: { id: version.id, number: version.number }, items: ordered.map((o) => publicItem(o.item, opts.lang ?? 'it')) };
}

// ---------- the bank in the back office ----------

export async function organisationOfVersion(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  const row = await repo.versionById(db.k, id);
  return row?.organisation_id ?? undefined;
}

export async function organisationOfItem(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return (await repo.organisationOfItem(db.k, id)) ?? undefined;
}

export interface BankOverview {
  /** The version the public gets for this organisation. */
  inUse: BankVersion;
  own: boolean;
  draft: BankVersion | null;
  versions: BankVersion[];
}

export async function bankOverview(db: Db, organisationId: string): Promise<BankOverview> {
  const inUse = await currentVersion(db, organisationId);
  const versions = (await repo.versionsOf(db.k, organisationId)).map(toVersion);
  return {
    inUse,
    own: inUse.organisationId === organisationId,
    draft: versions.find((v) => v.status === 'draft') ?? null,
    versions,
  };
}

/** A new draft of the organisation's bank, copied from the version its public gets now. */
export async function createDraft(db: Db, organisationId: string, principal: Principal | null): Promise<BankVersion> {
  const source = await currentVersion(db, organisationId);
  const items = await repo.itemsOf(db.k, source.id);
  const at = nowIso();
  try {
    return await db.k.transaction().execute(async (trx) => {
      const row: SkillVersionTable = {
        id: newId(),
        scope: organisationId,
        organisation_id: organisationId,
        number: await repo.nextNumber(trx, organisationId),
        status: 'draft',
        note: `Copia della versione ${source.number}${source.organisationId ? '' : ' predefinita'}`,
        source_hash: null,
        created_by: principal?.userId ?? null,
        created_at: at,
        published_at: null,
        retired_at: null,
      };
      await repo.insertVersion(
        trx,
        row,
        items.map((i) => ({ ...i, id: newId(), version_id: row.id })),
      );
      return toVersion(row);
    });
  } catch (err) {
    const draft = await repo.versionWithStatus(db.k, organisationId, 'draft');
    if (draft) throw refuse(409, 'skills.draft.exists', undefined, undefined, { draft: draft.id });
    throw err;
  }
}

async function draftOnly(db: Db, versionId: string): Promise<BankVersion> {
  const version = await getVersion(db, versionId);
  if (version.status !== 'draft') {
    throw refuse(409, 'skills.draft.only');
  }
  return version;
}

function itemColumns(data: ItemInputData) {
  const knowledge = data.kind === 'knowledge';
  const options: Option[] = knowledge
    ? data.options.map((it, i) => ({ it, en: data.optionsEn[i] || null }))
    : SELF_OPTIONS.map((o) => ({ it: o.it, en: o.en }));
  return {
    competence: data.competence,
    level: data.level,
    kind: data.kind,
    text_it: data.textIt,
    text_en: data.textEn ? data.textEn : null,
    options: JSON.stringify(options),
    correct: knowledge ? (data.correct ?? 0) : null,
    in_short: data.short ? 1 : 0,
  };
}

export async function addItem(db: Db, versionId: string, input: unknown): Promise<BankItem> {
  await draftOnly(db, versionId);
  const data = parse(ItemInput, input);
  const row: SkillItemTable = {
    id: newId(),
    version_id: versionId,
    key: `domanda-${newId().slice(-12)}`,
    position: (await repo.maxPosition(db.k, versionId)) + 10,
    ...itemColumns(data),
  };
  await db.k.insertInto('skill_items').values(row).execute();
  return toItem(row);
}

export async function getItem(db: Db, itemId: string): Promise<{ item: BankItem; version: BankVersion }> {
  const row = isId(itemId) ? await repo.itemById(db.k, itemId) : undefined;
  if (!row) throw refuse(404, 'skills.item.notFound');
  return { item: toItem(row), version: await getVersion(db, row.version_id) };
}

export async function updateItem(db: Db, itemId: string, input: unknown): Promise<BankItem> {
  const { item, version } = await getItem(db, itemId);
  await draftOnly(db, version.id);
  const data = parse(ItemInput, input);
  await db.k.updateTable('skill_items').set(itemColumns(data)).where('id', '=', item.id).execute();
  return (await getItem(db, itemId)).item;
}

export async function deleteItem(db: Db, itemId: string): Promise<{ versionId: string }> {
  const { item, version } = await getItem(db, itemId);
  await draftOnly(db, version.id);
  await db.k.deleteFrom('skill_items').where('id', '=', item.id).execute();
  return { versionId: version.id };
}

/** What keeps a draft from being published: each version must still measure every area and competence. */
export function publishProblems(items: BankItem[]): FieldError[] {
  const problems: FieldError[] = [];
  const missing = COMPETENCE_CODES.filter((c) => !items.some((i) => i.competence === c));
  if (missing.length) problems.push(fieldError('_', 'skills.publish.competences', { codes: missing.join(', ') }));
  const shortMissing = AREAS.filter((a) => !items.some((i) => i.short && areaOf(i.competence) === a));
  if (shortMissing.length) problems.push(fieldError('_', 'skills.publish.areas', { areas: shortMissing.join(', ') }));
  for (const i of items) {
    if (i.kind === 'knowledge' && (i.correct === null || i.correct >= i.options.length)) {
      problems.push(fieldError('_', 'skills.publish.correct', { text: i.text.it.slice(0, 60) }));
    }
  }
  return problems;
}

/** Publishes a draft: it becomes the version the public gets, and the previous one retires. */
export async function publishDraft(db: Db, versionId: string): Promise<BankVersion> {
  const version = await draftOnly(db, versionId);
  const problems = publishProblems(await versionItems(db, version.id));
  if (problems.length) throw refuse(422, 'skills.publish.blocked', undefined, problems);
  const at = nowIso();
  await db.k.transaction().execute(async (trx) => {
    await repo.retireCurrent(trx, version.scope, at);
    const done = await trx
      .updateTable('skill_versions')
      .set({ status: 'current', published_at: at })
      .where('id', '=', version.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw refuse(409, 'skills.draft.gone');
  });
  return getVersion(db, version.id);
}

/** Throws a draft away (nothing refers to a draft's items). */
export async function discardDraft(db: Db, versionId: string): Promise<void> {
  const version = await draftOnly(db, versionId);
  await db.k.deleteFrom('skill_versions').where('id', '=', version.id).where('status', '=', 'draft').execute();
}
