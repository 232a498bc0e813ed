import { hasRole } from '../../core/access.js';
import { type Principal, sha256 } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import type { Lang } from '../../core/i18n.js';
import { isId, newId, newToken } from '../../core/ids.js';
import { type KeyConfig, keyRing } from '../../core/keys.js';
import { MAIL_JOB } from '../../core/mail.js';
import { conflict, type FieldError, notFound, Problem, unprocessable } from '../../core/problems.js';
import { ORG_FACILITATORS } from '../../core/roles.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { SkillAnswerTable, SkillItemTable, SkillResultTable, SkillVersionTable } from '../../db/schema.js';
import { getEvent, getEvents } from '../events/service.js';
import {
  getMunicipality,
  getOrganisation,
  type MunicipalityView,
  municipalitiesByCodes,
  organisationIdIfExists,
} from '../organisations/service.js';
import { getProgramme } from '../programmes/service.js';
import {
  AGE_BAND_NAMES,
  AGE_BANDS,
  type AgeBand,
  AREA_NAMES,
  AREAS,
  type Area,
  areaOf,
  BAND_NAMES,
  bandOf,
  COMPETENCE_CODES,
  COMPETENCES,
  explain,
  isCompetence,
  SE5_NAMES,
  se4Of,
  se5For,
} from './digcomp.js';
import { profileMail } from './emails.js';
import { SEED_ITEMS, SELF_OPTIONS, seedHash } from './item-bank.js';
import { type PathItem, personalPath } from './path.js';
import * as repo from './repo.js';
import {
  EmailBody,
  ItemInput,
  type ItemInputData,
  PHASES,
  type Phase,
  ResponseBody,
  type ResponseInput,
  VARIANTS,
  type Variant,
} from './schemas.js';
import { type Answers, gaps, pendingItems, presentationOrder, type ScoringItem, scoreAnswers } from './scoring.js';

export type { PathItem };
export { AGE_BANDS, type AgeBand, AREAS, type Area, PHASES, type Phase, VARIANTS, type Variant };

/**
 * The self-assessment's rules: item banks and their versions, the answers of the page flow in
 * progress, results with their private link, the personal path, statistics and aggregates.
 */

export const DEFAULT_SCOPE = 'default';
/** Groups smaller than this are never shown in aggregates. */
export const MIN_GROUP = 5;

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

function toVersion(row: SkillVersionTable): BankVersion {
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

function toItem(row: SkillItemTable): BankItem {
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

const say = (b: { it: string; en?: string | null }, lang: Lang) => (lang === 'en' && b.en ? b.en : b.it);

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
      if (current) {
        await trx
          .updateTable('skill_versions')
          .set({ status: 'retired', retired_at: at })
          .where('id', '=', current.id)
          .where('status', '=', 'current')
          .execute();
      }
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
  if (!row) throw notFound('Versione della banca delle domande non trovata.');
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

// ---------- private links ----------

type SkillsDeps = { db: Db; config: KeyConfig };

/**
 * A result's private token is derived from its chain (a person's first result and every retake)
 * with the server's data key, so a retake keeps the person's link and an e-mail sent later can
 * carry it again; the database keeps only its hash.
 */
export function resultToken(deps: { config: KeyConfig }, chainId: string): string {
  return keyRing(deps.config).link('skills.result', chainId);
}

export function resultPage(resultId: string, token: string): string {
  return `/competenze/risultato/${resultId}?token=${encodeURIComponent(token)}`;
}

// ---------- creating results ----------

interface ResultMeta {
  organisationId: string | null;
  programmeId: string | null;
  eventId: string | null;
  phase: Phase | null;
  municipality: string | null;
  ageBand: AgeBand | null;
  previous: SkillResultTable | null;
  /** Demo data only: when the result was given. */
  createdAt?: string;
}

async function checkMunicipality(db: Db, code: string | undefined | null, field: string): Promise<string | null> {
  if (!code) return null;
  const m = await getMunicipality(db, code);
  if (!m?.active) throw unprocessable('Comune non trovato.', [{ field, message: `il comune con codice ISTAT ${code} non esiste` }]);
  return m.code;
}

/** The event's organisation and programme, through the events service; a missing event is a field error. */
async function eventLink(db: Db, eventId: string, field: string): Promise<{ organisationId: string; programmeId: string | null }> {
  try {
    const e = await getEvent(db, eventId, { includeDrafts: true });
    return { organisationId: e.organisation.id, programmeId: e.programme?.id ?? null };
  } catch (err) {
    if (err instanceof Problem && err.status === 404) {
      throw unprocessable('Evento non trovato.', [{ field, message: 'evento inesistente' }]);
    }
    throw err;
  }
}

async function resolveMeta(
  deps: Deps,
  input: {
    organisation?: string | null;
    event?: string | null;
    phase?: Phase | null;
    municipality?: string | null;
    ageBand?: AgeBand | null;
    previous?: { id: string; token: string } | null;
  },
  version: BankVersion,
): Promise<ResultMeta> {
  const { db } = deps;
  const municipality = await checkMunicipality(db, input.municipality, 'municipality');
  let organisationId: string | null = version.organisationId;
  let programmeId: string | null = null;
  if (input.organisation) {
    const org = await organisationIdIfExists(db, input.organisation);
    if (!org) throw unprocessable('Organizzazione non trovata.', [{ field: 'organisation', message: 'organizzazione inesistente' }]);
    organisationId = org;
  }
  if (input.event) {
    const link = await eventLink(db, input.event, 'event');
    organisationId = link.organisationId;
    programmeId = link.programmeId;
  }
  let previous: SkillResultTable | null = null;
  if (input.previous) {
    const row = isId(input.previous.id) ? await repo.resultById(db.k, input.previous.id) : undefined;
    if (!row || !tokenMatches(deps.config, row, input.previous.token)) {
      throw unprocessable('Il risultato precedente non è stato trovato: controlla il link privato.', [
        { field: 'previous', message: 'risultato precedente o link privato non valido' },
      ]);
    }
    previous = row;
  }
  return {
    organisationId,
    programmeId,
    eventId: input.event ?? null,
    phase: input.event ? (input.phase ?? null) : null,
    municipality,
    ageBand: input.ageBand ?? null,
    previous,
  };
}

/** Scores and stores a result in one transaction; returns its id and private token. */
async function storeResult(
  deps: { db: Db; config: { dataKey: string } },
  version: BankVersion,
  variant: Variant,
  items: BankItem[],
  answers: Answers,
  meta: ResultMeta,
  after?: (trx: repo.Executor, resultId: string) => Promise<void>,
): Promise<{ id: string; token: string }> {
  const profile = scoreAnswers(items.map(toScoring), answers, { adaptive: variant === 'short' });
  const id = newId();
  const chainId = meta.previous?.chain_id ?? id;
  const token = resultToken(deps, chainId);
  const level = (a: Area) => profile.areas.find((x) => x.area === a)?.level ?? 1;
  const byId = new Map(items.map((i) => [i.id, i]));
  const row: SkillResultTable = {
    id,
    token_hash: sha256(token),
    chain_id: chainId,
    version_id: version.id,
    variant,
    organisation_id: meta.organisationId,
    programme_id: meta.programmeId,
    event_id: meta.eventId,
    phase: meta.phase,
    previous_result_id: meta.previous?.id ?? null,
    municipality_code: meta.municipality,
    age_band: meta.ageBand,
    level_1: level(1),
    level_2: level(2),
    level_3: level(3),
    level_4: level(4),
    level_5: level(5),
    competences: JSON.stringify(profile.competences),
    created_at: meta.createdAt ?? nowIso(),
  };
  const answerRows: SkillAnswerTable[] = profile.items.map((s) => {
    const item = byId.get(s.id) as BankItem;
    const value = answers.get(s.id);
    return {
      result_id: id,
      item_id: s.id,
      value: value ?? null,
      correct: item.kind === 'knowledge' ? (s.credit >= 1 ? 1 : 0) : null,
      implied: s.implied ? 1 : 0,
    };
  });
  await deps.db.k.transaction().execute(async (trx) => {
    // The version must still be current when the result is written: a publish in between retires it.
    const still = await trx.selectFrom('skill_versions').select('status').where('id', '=', version.id).executeTakeFirst();
    if (still?.status !== 'current') throw retiredProblem();
    await repo.insertResult(trx, row, answerRows);
    if (after) await after(trx, id);
  });
  return { id, token };
}

function retiredProblem(): Problem {
  return conflict(
    'Questa versione del questionario è stata ritirata perché le domande sono state aggiornate: scarica di nuovo le domande e rispondi alla nuova versione.',
    { code: 'version-retired' },
  );
}

/**
 * Checks a complete set of API answers against the version their items belong to: every item
 * known, of the chosen variant, of one current version, answered once, with one of its options.
 */
async function checkAnswers(
  db: Db,
  variant: Variant,
  answers: ResponseInput['answers'],
): Promise<{ version: BankVersion; items: BankItem[]; map: Map<string, number> }> {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    if (seen.has(a.item)) errors.push({ field: `answers.${i}.item`, message: `la domanda ${a.item} ha già una risposta` });
    seen.add(a.item);
  });
  if (errors.length) throw unprocessable('Ogni domanda va risposta una volta sola.', errors);
  const ids = [...seen].filter(isId);
  const itemRows = await repo.itemsByIds(db.k, ids);
  const found = new Map(itemRows.map((r) => [r.id, toItem(r)]));
  const rows = await Promise.all([...new Set(itemRows.map((r) => r.version_id))].map((v) => repo.versionById(db.k, v)));
  answers.forEach((a, i) => {
    if (!found.has(a.item)) errors.push({ field: `answers.${i}.item`, message: `domanda sconosciuta: ${a.item}` });
  });
  if (errors.length) throw unprocessable('Alcune risposte si riferiscono a domande che non esistono.', errors);
  const versions = rows.filter((r): r is SkillVersionTable => !!r);
  if (versions.length !== 1) {
    throw unprocessable('Le risposte mescolano domande di versioni diverse del questionario: rispondi alle domande di una sola versione.', [
      { field: 'answers', message: 'domande di versioni diverse' },
    ]);
  }
  const version = toVersion(versions[0]);
  if (version.status !== 'current') throw retiredProblem();
  const all = variantItems(await versionItems(db, version.id), variant);
  const inVariant = new Set(all.map((i) => i.id));
  const map = new Map<string, number>();
  answers.forEach((a, i) => {
    const item = found.get(a.item) as BankItem;
    if (!inVariant.has(item.id)) {
      errors.push({
        field: `answers.${i}.item`,
        message: `la domanda ${a.item} non fa parte della versione ${variant === 'short' ? 'breve' : 'completa'}`,
      });
      return;
    }
    if (a.value < 0 || a.value >= item.options.length) {
      errors.push({
        field: `answers.${i}.value`,
        message: `risposta fuori intervallo: scegli un valore da 0 a ${item.options.length - 1}`,
      });
      return;
    }
    map.set(item.id, a.value);
  });
  if (errors.length) throw unprocessable('Alcune risposte non sono valide.', errors);
  const missing = all.filter((i) => !map.has(i.id));
  if (missing.length) {
    throw unprocessable(`Mancano le risposte a ${missing.length} domande: l'API accetta solo l'insieme completo delle risposte.`, [
      { field: 'answers', message: `mancano: ${missing.map((m) => m.id).join(', ')}` },
    ]);
  }
  return { version, items: all, map };
}

/** POST /api/v1/assessments/{variant}/responses: a complete set of answers → a stored result. */
export async function submitResponse(deps: Deps, variant: Variant, input: unknown, lang: Lang = 'it'): Promise<ResultView> {
  const data = parse(ResponseBody, input);
  const { version, items, map } = await checkAnswers(deps.db, variant, data.answers);
  const meta = await resolveMeta(deps, data, version);
  const { id, token } = await storeResult(deps, version, variant, items, map, meta);
  return getResult(deps, id, token, lang);
}

/**
 * Stores a result that nobody holds the link of (demo data): scored, counted in statistics and
 * aggregates like any other, with a token made under a key that is thrown away.
 */
export async function recordAnonymousResult(
  db: Db,
  input: {
    variant: Variant;
    /** Item id → option, for the default bank's current version; the short version may leave skipped items out. */
    answers: Answers;
    municipality?: string | null;
    ageBand?: AgeBand | null;
    eventId?: string | null;
    phase?: Phase | null;
    previousId?: string | null;
    createdAt?: string;
  },
): Promise<{ id: string }> {
  const version = await currentVersion(db);
  const items = variantItems(await versionItems(db, version.id), input.variant);
  const link = input.eventId ? await eventLink(db, input.eventId, 'event') : null;
  const previous = input.previousId ? ((await repo.resultById(db.k, input.previousId)) ?? null) : null;
  const { id } = await storeResult({ db, config: { dataKey: newToken() } }, version, input.variant, items, input.answers, {
    organisationId: link?.organisationId ?? null,
    programmeId: link?.programmeId ?? null,
    eventId: input.eventId ?? null,
    phase: input.eventId ? (input.phase ?? null) : null,
    municipality: input.municipality ?? null,
    ageBand: input.ageBand ?? null,
    previous,
    createdAt: input.createdAt,
  });
  return { id };
}

// ---------- reading results ----------

/** The result's link under DATA_KEY or, after a rotation, a previous key (core/keys.ts). */
function tokenMatches(config: KeyConfig, row: SkillResultTable, token: string | undefined): boolean {
  return keyRing(config).verifyLink('skills.result', row.chain_id, token, row.token_hash);
}

async function resultRow(deps: SkillsDeps, id: string, token: string | undefined): Promise<SkillResultTable> {
  const row = isId(id) ? await repo.resultById(deps.db.k, id) : undefined;
  // The same answer for an unknown result and a wrong token: the link is the only key.
  if (!row || !tokenMatches(deps.config, row, token)) throw notFound('Risultato non trovato: controlla il link privato che hai ricevuto.');
  return row;
}

function levelsOf(row: SkillResultTable): Record<Area, number> {
  return { 1: Number(row.level_1), 2: Number(row.level_2), 3: Number(row.level_3), 4: Number(row.level_4), 5: Number(row.level_5) };
}

export interface ResultDetail {
  row: SkillResultTable;
  levels: Record<Area, number>;
  competences: Record<string, number>;
  version: BankVersion;
  previous: SkillResultTable | null;
  newer: SkillResultTable | null;
  municipality: MunicipalityView | null;
}

export async function resultDetail(deps: SkillsDeps, id: string, token: string | undefined): Promise<ResultDetail> {
  const { db } = deps;
  const row = await resultRow(deps, id, token);
  const [version, previous, latest, municipality] = await Promise.all([
    getVersion(db, row.version_id),
    row.previous_result_id ? repo.resultById(db.k, row.previous_result_id) : Promise.resolve(undefined),
    repo.latestOfChain(db.k, row.chain_id),
    row.municipality_code ? getMunicipality(db, row.municipality_code) : Promise.resolve(undefined),
  ]);
  return {
    row,
    levels: levelsOf(row),
    competences: JSON.parse(row.competences) as Record<string, number>,
    version,
    previous: previous ?? null,
    newer: latest && latest.id !== row.id ? latest : null,
    municipality: municipality ?? null,
  };
}

export function areaViews(levels: Record<Area, number>, lang: Lang, previous?: Record<Area, number> | null): AreaView[] {
  return AREAS.map((area) => {
    const level = levels[area];
    const band = bandOf(level);
    return {
      area,
      level,
      label: BAND_NAMES[band][lang],
      band,
      name: AREA_NAMES[area][lang],
      explanation: explain(area, level, lang),
      ...(previous ? { change: level - previous[area] } : {}),
    };
  });
}

export async function pathFor(deps: Deps, detail: ResultDetail, lang: Lang): Promise<PathItem[]> {
  return personalPath(deps.db, {
    competences: detail.competences,
    levels: detail.levels,
    municipality: detail.row.municipality_code,
    ageBand: detail.row.age_band as AgeBand | null,
    lang,
  });
}

export function viewOf(detail: ResultDetail, token: string, path: PathItem[], lang: Lang): ResultView {
  const row = detail.row;
  const previous = detail.previous ? levelsOf(detail.previous) : null;
  return {
    id: row.id,
    token,
    createdAt: row.created_at,
    variant: row.variant,
    version: { id: detail.version.id, number: detail.version.number, retired: detail.version.status === 'retired' },
    municipality: detail.municipality ? { code: detail.municipality.code, name: detail.municipality.name } : null,
    ageBand: (row.age_band as AgeBand | null) ?? null,
    event: row.event_id ? { id: row.event_id, phase: row.phase } : null,
    areas: areaViews(detail.levels, lang, previous),
    path,
    previous:
      detail.previous && previous
        ? { id: detail.previous.id, createdAt: detail.previous.created_at, areas: AREAS.map((area) => ({ area, level: previous[area] })) }
        : null,
    newer: detail.newer ? { id: detail.newer.id } : null,
  };
}

/** A result by id and private token; a wrong token is the same 404 as an unknown id. */
export async function getResult(deps: Deps, id: string, token: string | undefined, lang: Lang = 'it'): Promise<ResultView> {
  const detail = await resultDetail(deps, id, token);
  return viewOf(detail, token as string, await pathFor(deps, detail, lang), lang);
}

/** The national competence codes (SE5) a facilitator should work on with this person. */
export function se5ToWorkOn(competences: Record<string, number>, lang: Lang = 'it'): Se5Code[] {
  const weak = gaps(competences).filter(isCompetence);
  return se5For(weak).map((code) => ({
    code,
    area: se4Of(code),
    name: SE5_NAMES[code][lang],
    competences: weak.filter((c) => se5For([c])[0] === code),
  }));
}

/** Whether the signed-in person is a facilitator (or staff) somewhere: they see the SE5 codes. */
export function isFacilitator(principal: Principal | null): boolean {
  if (!principal) return false;
  if (principal.isPlatformAdmin) return true;
  return principal.memberships.some((m) => m.organisationId && hasRole(principal, m.organisationId, ORG_FACILITATORS));
}

/**
 * Links a result to an event and a phase ("prima" at booking, "dopo" after the course), so the
 * programme sees the before/after change. For the events module's booking flow; the person's
 * private token proves the result is theirs.
 */
export async function linkResultToEvent(
  deps: Deps,
  input: { resultId: string; token: string; eventId: string; phase: Phase },
): Promise<void> {
  const row = await resultRow(deps, input.resultId, input.token);
  if (!PHASES.includes(input.phase)) {
    throw unprocessable('Fase non valida.', [{ field: 'phase', message: 'fase: «prima» o «dopo» il corso' }]);
  }
  const link = await eventLink(deps.db, input.eventId, 'event');
  await deps.db.k
    .updateTable('skill_results')
    .set({ event_id: input.eventId, phase: input.phase, organisation_id: link.organisationId, programme_id: link.programmeId })
    .where('id', '=', row.id)
    .execute();
}

// ---------- the page flow: answers in progress ----------

export interface AttemptState {
  id: string;
  variant: Variant;
  version: BankVersion;
  /** The variant's items, in the order they are asked. */
  items: BankItem[];
  answers: Map<string, number>;
  /** Items still to ask (adaptive for the short version). */
  pending: BankItem[];
  /** Items the adaptive rule skips, given the answers so far. */
  skipped: Set<string>;
  eventId: string | null;
  phase: Phase | null;
  resultId: string | null;
  resultToken: string | null;
}

export interface StartInput {
  organisation?: string | null;
  event?: string | null;
  phase?: Phase | null;
  municipality?: string | null;
  ageBand?: AgeBand | null;
  previous?: { id: string; token: string } | null;
}

/** Starts the page flow: stores an empty set of answers under a new private token. */
export async function startAttempt(deps: Deps, variant: Variant, input: StartInput): Promise<{ token: string }> {
  const organisation = input.organisation && isId(input.organisation) ? input.organisation : null;
  let bankOwner = organisation;
  if (input.event) bankOwner = (await eventLink(deps.db, input.event, 'event')).organisationId;
  const version = await currentVersion(deps.db, bankOwner);
  const meta = await resolveMeta(deps, { ...input, organisation }, version);
  const token = newToken();
  const at = nowIso();
  await repo.insertAttempt(deps.db.k, {
    id: newId(),
    token_hash: sha256(token),
    version_id: version.id,
    variant,
    answers: '{}',
    organisation_id: meta.organisationId,
    municipality_code: meta.municipality,
    age_band: meta.ageBand,
    event_id: meta.eventId,
    phase: meta.phase,
    previous_result_id: meta.previous?.id ?? null,
    result_id: null,
    created_at: at,
    updated_at: at,
  });
  return { token };
}

async function attemptRow(db: Db, token: string) {
  const row = token && token.length <= 200 ? await repo.attemptByTokenHash(db.k, sha256(token)) : undefined;
  if (!row) throw notFound('Questionario non trovato: il link non è valido. Puoi ricominciare dalla pagina delle competenze digitali.');
  return row;
}

export async function getAttempt(deps: Deps, token: string): Promise<AttemptState> {
  const row = await attemptRow(deps.db, token);
  const version = await getVersion(deps.db, row.version_id);
  const all = variantItems(await versionItems(deps.db, version.id), row.variant);
  const adaptive = row.variant === 'short';
  const answers = new Map(Object.entries(JSON.parse(row.answers) as Record<string, number>));
  const scoring = all.map((i) => ({ ...toScoring(i), item: i }));
  const pending = pendingItems(scoring, answers, adaptive).map((s) => s.item);
  const pendingIds = new Set(pending.map((p) => p.id));
  const skipped = new Set(all.filter((i) => !answers.has(i.id) && !pendingIds.has(i.id)).map((i) => i.id));
  let resultTokenValue: string | null = null;
  if (row.result_id) {
    const result = await repo.resultById(deps.db.k, row.result_id);
    if (result) resultTokenValue = resultToken(deps, result.chain_id);
  }
  return {
    id: row.id,
    variant: row.variant,
    version,
    items: presentationOrder(scoring, adaptive).map((s) => s.item),
    answers,
    pending,
    skipped,
    eventId: row.event_id,
    phase: row.phase,
    resultId: row.result_id,
    resultToken: resultTokenValue,
  };
}

/** Records (or changes) one answer of the page flow. */
export async function answerAttempt(deps: Deps, token: string, itemId: string, value: unknown): Promise<AttemptState> {
  const state = await getAttempt(deps, token);
  if (state.resultId) throw conflict('Hai già concluso questo questionario: il risultato è pronto.');
  const item = state.items.find((i) => i.id === itemId);
  if (!item) throw unprocessable('Domanda non trovata in questo questionario.', [{ field: 'item', message: 'domanda sconosciuta' }]);
  const n = typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : typeof value === 'number' ? value : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n >= item.options.length) {
    throw unprocessable('Scegli una delle risposte.', [{ field: 'value', message: 'scegli una delle risposte' }]);
  }
  const answers = Object.fromEntries(state.answers);
  answers[item.id] = n;
  await deps.db.k
    .updateTable('skill_attempts')
    .set({ answers: JSON.stringify(answers), updated_at: nowIso() })
    .where('id', '=', state.id)
    .where('result_id', 'is', null)
    .execute();
  return getAttempt(deps, token);
}

/** Ends the page flow: scores the answers (skipped items as the adaptive rule implies) and stores the result. */
export async function finishAttempt(deps: Deps, token: string): Promise<{ id: string; token: string }> {
  const row = await attemptRow(deps.db, token);
  const state = await getAttempt(deps, token);
  if (state.resultId && state.resultToken) return { id: state.resultId, token: state.resultToken };
  if (state.pending.length > 0) {
    throw unprocessable(`Mancano ancora ${state.pending.length} risposte.`, [{ field: 'answers', message: 'rispondi a tutte le domande' }]);
  }
  if (state.version.status !== 'current') throw retiredProblem();
  const previous = row.previous_result_id ? ((await repo.resultById(deps.db.k, row.previous_result_id)) ?? null) : null;
  // The event's programme as it is now; an event gone since the start does not block the result.
  let programmeId: string | null = null;
  if (row.event_id)
    programmeId = await eventLink(deps.db, row.event_id, 'event').then(
      (l) => l.programmeId,
      () => null,
    );
  const meta: ResultMeta = {
    organisationId: row.organisation_id,
    programmeId,
    eventId: row.event_id,
    phase: row.phase,
    municipality: row.municipality_code,
    ageBand: row.age_band as AgeBand | null,
    previous,
  };
  // Only answers to the variant's items count (a changed answer may have made others moot).
  return storeResult(deps, state.version, state.variant, state.items, state.answers, meta, async (trx, resultId) => {
    const done = await trx
      .updateTable('skill_attempts')
      .set({ result_id: resultId, updated_at: nowIso() })
      .where('id', '=', row.id)
      .where('result_id', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw conflict('Questo questionario è già stato concluso.');
  });
}

// ---------- e-mail ----------

/** Queues the profile for the address given (the address is not stored anywhere else). */
export async function emailResult(deps: Deps, id: string, input: unknown, lang: Lang = 'it'): Promise<void> {
  const data = parse(EmailBody, input);
  const detail = await resultDetail(deps, id, data.token);
  const path = await pathFor(deps, detail, lang);
  const view = viewOf(detail, data.token, path, lang);
  const mail = await profileMail(deps, view, data.email, lang);
  await deps.jobs.enqueue(deps.db.k, MAIL_JOB, mail);
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
    if (draft) throw conflict('Esiste già una bozza della banca delle domande: modifica quella.', { draft: draft.id });
    throw err;
  }
}

async function draftOnly(db: Db, versionId: string): Promise<BankVersion> {
  const version = await getVersion(db, versionId);
  if (version.status !== 'draft') {
    throw conflict(
      'Si possono modificare solo le bozze: le versioni pubblicate restano com’erano, così i risultati già dati restano leggibili.',
    );
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
  if (!row) throw notFound('Domanda non trovata.');
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
export function publishProblems(items: BankItem[]): string[] {
  const problems: string[] = [];
  const missing = COMPETENCE_CODES.filter((c) => !items.some((i) => i.competence === c));
  if (missing.length) problems.push(`La versione completa deve coprire tutte le 21 competenze: mancano ${missing.join(', ')}.`);
  const shortMissing = AREAS.filter((a) => !items.some((i) => i.short && areaOf(i.competence) === a));
  if (shortMissing.length)
    problems.push(`La versione breve deve avere almeno una domanda per area: mancano le aree ${shortMissing.join(', ')}.`);
  for (const i of items) {
    if (i.kind === 'knowledge' && (i.correct === null || i.correct >= i.options.length)) {
      problems.push(`La domanda «${i.text.it.slice(0, 60)}» non ha una risposta giusta valida.`);
    }
  }
  return problems;
}

/** Publishes a draft: it becomes the version the public gets, and the previous one retires. */
export async function publishDraft(db: Db, versionId: string): Promise<BankVersion> {
  const version = await draftOnly(db, versionId);
  const problems = publishProblems(await versionItems(db, version.id));
  if (problems.length) throw unprocessable(problems.join(' '), [{ field: '_', message: problems.join(' ') }]);
  const at = nowIso();
  await db.k.transaction().execute(async (trx) => {
    await trx
      .updateTable('skill_versions')
      .set({ status: 'retired', retired_at: at })
      .where('scope', '=', version.scope)
      .where('status', '=', 'current')
      .execute();
    const done = await trx
      .updateTable('skill_versions')
      .set({ status: 'current', published_at: at })
      .where('id', '=', version.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw conflict('La bozza è già stata pubblicata o eliminata.');
  });
  return getVersion(db, version.id);
}

/** Throws a draft away (nothing refers to a draft's items). */
export async function discardDraft(db: Db, versionId: string): Promise<void> {
  const version = await draftOnly(db, versionId);
  await db.k.deleteFrom('skill_versions').where('id', '=', version.id).where('status', '=', 'draft').execute();
}

// ---------- per-item statistics ----------

export interface ItemStatistics {
  item: BankItem;
  /** Answers given (skipped items not counted). */
  answered: number;
  /** Knowledge items: right answers. */
  right: number | null;
  /** Share of right answers, or for self-declared statements the mean step out of 3; null under MIN_GROUP answers. */
  share: number | null;
  /** Answers per option; null under MIN_GROUP answers. */
  byOption: number[] | null;
  /** Knowledge items almost everyone gets right or wrong, or whose "wrong" options nobody picks. */
  flag: 'too-easy' | 'too-hard' | null;
}

export async function itemStatistics(db: Db, versionId: string): Promise<ItemStatistics[]> {
  const [items, counts] = await Promise.all([versionItems(db, versionId), repo.answerCounts(db.k, versionId)]);
  return items.map((item) => {
    const mine = counts.filter((c) => c.item_id === item.id);
    const answered = mine.reduce((s, c) => s + c.n, 0);
    const byOption = item.options.map((_, v) => mine.find((c) => c.value === v)?.n ?? 0);
    const enough = answered >= MIN_GROUP;
    const right = item.kind === 'knowledge' ? (mine.find((c) => c.value === item.correct)?.n ?? 0) : null;
    let share: number | null = null;
    if (enough) {
      share = right !== null ? right / answered : byOption.reduce((s, n, v) => s + n * v, 0) / answered / 3;
    }
    let flag: ItemStatistics['flag'] = null;
    if (enough && right !== null && share !== null && answered >= 10) {
      if (share >= 0.95) flag = 'too-easy';
      else if (share <= 0.2) flag = 'too-hard';
    }
    return { item, answered, right: enough ? right : null, share, byOption: enough ? byOption : null, flag };
  });
}

// ---------- anonymous aggregates ----------

export interface GroupAggregate {
  /** The group's key: age band, ISTAT code, or null for everyone. */
  key: string | null;
  label: string;
  n: number;
  /** Mean level per area. */
  means: Record<Area, number>;
  /** Results per band of each area; a count under MIN_GROUP is null (shown as "fewer than 5"). */
  bands: Record<Area, Record<string, number | null>>;
}

export interface Aggregates {
  total: GroupAggregate | null;
  byAgeBand: GroupAggregate[];
  byMunicipality: GroupAggregate[];
  /** Groups left out because they have fewer than MIN_GROUP results. */
  hidden: { byAgeBand: number; byMunicipality: number };
}

/**
 * Hides small cells of a row of counts: every count from 1 to MIN_GROUP-1, and when exactly one
 * cell is hidden, the next smallest non-zero one too, so the hidden one cannot be worked out from
 * the group's total.
 */
export function suppressCells(counts: number[]): (number | null)[] {
  const out: (number | null)[] = counts.map((c) => (c > 0 && c < MIN_GROUP ? null : c));
  const hidden = out.filter((c) => c === null).length;
  if (hidden === 1) {
    let best = -1;
    out.forEach((c, i) => {
      if (c !== null && c > 0 && (best < 0 || c < (out[best] as number))) best = i;
    });
    if (best >= 0) out[best] = null;
  }
  return out;
}

const BAND_KEYS = ['base', 'intermedio', 'avanzato', 'altamente-specializzato'];

function toGroup(row: repo.AggregateRow, label: string): GroupAggregate {
  const means = {} as Record<Area, number>;
  const bands = {} as Record<Area, Record<string, number | null>>;
  for (const a of AREAS) {
    means[a] = Math.round(Number(row[`m${a}`] ?? 0) * 10) / 10;
    const counts = BAND_KEYS.map((b) => Number(row[`b${a}_${b}`] ?? 0));
    const shown = suppressCells(counts);
    bands[a] = Object.fromEntries(BAND_KEYS.map((b, i) => [b, shown[i]]));
  }
  return { key: row.g, label, n: Number(row.n), means, bands };
}

async function scopeOf(db: Db, organisationId: string): Promise<repo.ResultScope> {
  const org = await getOrganisation(db, organisationId);
  const municipalities = [org.municipality?.code, ...org.memberMunicipalities.map((m) => m.code)].filter((c): c is string => !!c);
  return { organisationId, municipalities: [...new Set(municipalities)] };
}

/** Anonymous level distributions of an organisation's results; groups under MIN_GROUP never shown. */
export async function aggregates(db: Db, organisationId: string, lang: Lang = 'it'): Promise<Aggregates> {
  const scope = await scopeOf(db, organisationId);
  const [all, ages, places] = await Promise.all([
    repo.aggregate(db.k, scope, 'all'),
    repo.aggregate(db.k, scope, 'age_band'),
    repo.aggregate(db.k, scope, 'municipality_code'),
  ]);
  const totalRow = all[0];
  const total = totalRow && Number(totalRow.n) >= MIN_GROUP ? toGroup(totalRow, lang === 'en' ? 'Everyone' : 'Tutti') : null;
  const ageNames = new Map<string, string>(AGE_BANDS.map((b) => [b, b]));
  const shownAges = ages.filter((r) => r.g && Number(r.n) >= MIN_GROUP);
  const shownPlaces = places.filter((r) => r.g && Number(r.n) >= MIN_GROUP);
  const names = await municipalitiesByCodes(
    db,
    shownPlaces.map((r) => r.g as string),
  );
  return {
    total,
    byAgeBand: shownAges
      .map((r) => toGroup(r, ageNames.has(r.g as string) ? AGE_BAND_NAMES[r.g as AgeBand][lang] : (r.g as string)))
      .sort((a, b) => AGE_BANDS.indexOf(a.key as AgeBand) - AGE_BANDS.indexOf(b.key as AgeBand)),
    byMunicipality: shownPlaces
      .map((r) => toGroup(r, names.get(r.g as string)?.name ?? (r.g as string)))
      .sort((a, b) => a.label.localeCompare(b.label, 'it')),
    hidden: {
      byAgeBand: ages.filter((r) => r.g && Number(r.n) < MIN_GROUP).length,
      byMunicipality: places.filter((r) => r.g && Number(r.n) < MIN_GROUP).length,
    },
  };
}

// ---------- before and after a course ----------

export interface ChangeRow {
  key: string;
  label: string;
  page: string | null;
  before: { n: number; means: Record<Area, number> } | null;
  after: { n: number; means: Record<Area, number> } | null;
  /** Mean after minus mean before, per area (both groups at least MIN_GROUP). */
  change: Record<Area, number> | null;
  /** The same people before and after (retakes): how many pairs and their mean change. */
  paired: { n: number; change: Record<Area, number> } | null;
  /** Whether some figure was left out because a group is under MIN_GROUP. */
  suppressed: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const perArea = (values: number[]) => Object.fromEntries(AREAS.map((a, i) => [a, round1(values[i])])) as Record<Area, number>;

async function changeRows(
  db: Db,
  scope: repo.ResultScope,
  by: 'event_id' | 'programme_id',
  names: (keys: string[]) => Promise<Map<string, { label: string; page: string | null }>>,
): Promise<ChangeRow[]> {
  const [means, pairs] = await Promise.all([repo.phaseMeans(db.k, scope, by), repo.pairedChange(db.k, scope, by)]);
  const keys = [...new Set(means.map((m) => m.key))];
  const labels = await names(keys);
  return keys
    .map((key): ChangeRow => {
      const b = means.find((m) => m.key === key && m.phase === 'prima');
      const a = means.find((m) => m.key === key && m.phase === 'dopo');
      const p = pairs.find((x) => x.key === key);
      const before = b && b.n >= MIN_GROUP ? { n: b.n, means: perArea(b.means) } : null;
      const after = a && a.n >= MIN_GROUP ? { n: a.n, means: perArea(a.means) } : null;
      const change = before && after ? perArea(AREAS.map((x) => after.means[x] - before.means[x])) : null;
      const paired = p && p.n >= MIN_GROUP ? { n: p.n, change: perArea(p.change) } : null;
      const suppressed = (!!b && !before) || (!!a && !after) || (!!p && !paired);
      return { key, label: labels.get(key)?.label ?? key, page: labels.get(key)?.page ?? null, before, after, change, paired, suppressed };
    })
    .sort((x, y) => x.label.localeCompare(y.label, 'it'));
}

/** Before/after change per event and per programme, as evidence that the training works. */
export async function beforeAfter(db: Db, organisationId: string): Promise<{ events: ChangeRow[]; programmes: ChangeRow[] }> {
  const scope = await scopeOf(db, organisationId);
  const events = await changeRows(db, scope, 'event_id', async (keys) => {
    const found = await getEvents(db, keys, { includeDrafts: true }).catch(() => []);
    return new Map(found.map((e) => [e.id, { label: e.title, page: e.page }]));
  });
  const programmes = await changeRows(db, scope, 'programme_id', async (keys) => {
    const out = new Map<string, { label: string; page: string | null }>();
    for (const key of keys) {
      try {
        const p = await getProgramme(db, key);
        out.set(key, { label: p.name, page: null });
      } catch {
        // A programme that cannot be read keeps its id as the label.
      }
    }
    return out;
  });
  return { events, programmes };
}

export { COMPETENCES };
