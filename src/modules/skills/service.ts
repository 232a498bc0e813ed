import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { hasRole } from '../../core/access.js';
import { type Principal, sha256 } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import type { Lang } from '../../core/i18n.js';
import { isId, newId, newToken } from '../../core/ids.js';
import { type KeyConfig, keyRing } from '../../core/keys.js';
import { MAIL_JOB } from '../../core/mail.js';
import { type FieldError, fieldError, Problem, refuse } from '../../core/problems.js';
import { ORG_FACILITATORS } from '../../core/roles.js';
import { nowIso, ZONE } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { SkillAnswerTable, SkillResultTable, SkillVersionTable } from '../../db/schema.js';
import { getEvent } from '../events/service.js';
import { getMunicipality, type MunicipalityView, organisationIdIfExists } from '../organisations/service.js';
import {
  type AreaView,
  type BankItem,
  type BankVersion,
  currentVersion,
  getVersion,
  type ResultView,
  type Se5Code,
  toItem,
  toScoring,
  toVersion,
  variantItems,
  versionItems,
} from './bank.js';
import {
  AGE_BANDS,
  type AgeBand,
  AREA_NAMES,
  AREAS,
  type Area,
  BAND_NAMES,
  bandOf,
  COMPETENCES,
  explain,
  isCompetence,
  SE5_NAMES,
  se4Of,
  se5For,
} from './digcomp.js';
import { profileMail } from './emails.js';
import { countKey } from './messages.js';
import { type PathItem, personalPath } from './path.js';
import * as repo from './repo.js';
import { EmailBody, PHASES, type Phase, ResponseBody, type ResponseInput, VARIANTS, type Variant } from './schemas.js';
import { type Answers, gaps, pendingItems, presentationOrder, scoreAnswers } from './scoring.js';

export * from './bank.js';
export * from './figures.js';
export type { PathItem };
export { AGE_BANDS, type AgeBand, AREAS, type Area, PHASES, type Phase, VARIANTS, type Variant };

/**
 * The self-assessment's rules: the answers of the page flow in progress, results with their
 * private link and the personal path; item banks (bank.ts) and the figures staff read
 * (figures.ts) are exported from here too.
 */

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
  if (!m?.active)
    throw refuse(422, 'skills.municipality.notFound', undefined, [fieldError(field, 'skills.municipality.unknown', { code })]);
  return m.code;
}

/** The event's organisation and programme, through the events service; a missing event is a field error. */
async function eventLink(db: Db, eventId: string, field: string): Promise<{ organisationId: string; programmeId: string | null }> {
  try {
    const e = await getEvent(db, eventId, { includeDrafts: true });
    return { organisationId: e.organisation.id, programmeId: e.programme?.id ?? null };
  } catch (err) {
    if (err instanceof Problem && err.status === 404) {
      throw refuse(422, 'skills.event.missing', undefined, [fieldError(field, 'skills.event.missing.field')]);
    }
    throw err;
  }
}

async function resolveMeta(deps: Deps, input: StartInput, version: BankVersion): Promise<ResultMeta> {
  const { db } = deps;
  const municipality = await checkMunicipality(db, input.municipality, 'municipality');
  let organisationId: string | null = version.organisationId;
  let programmeId: string | null = null;
  if (input.organisation) {
    const org = await organisationIdIfExists(db, input.organisation);
    if (!org)
      throw refuse(422, 'skills.organisation.missing', undefined, [fieldError('organisation', 'skills.organisation.missing.field')]);
    organisationId = org;
  }
  if (input.event) {
    const link = await eventLink(db, input.event, 'event');
    organisationId = link.organisationId;
    programmeId = link.programmeId;
  }
  let previous: SkillResultTable | null = null;
  if (input.previous) {
    const row = await resultByLink(deps, input.previous.id, input.previous.token);
    if (!row) {
      throw refuse(422, 'skills.previous.missing', undefined, [fieldError('previous', 'skills.previous.missing.field')]);
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
  return refuse(409, 'skills.version.retired', undefined, undefined, { code: 'version-retired' });
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
    if (seen.has(a.item)) errors.push(fieldError(`answers.${i}.item`, 'skills.answers.repeated', { item: a.item }));
    seen.add(a.item);
  });
  if (errors.length) throw refuse(422, 'skills.answers.once', undefined, errors);
  const ids = [...seen].filter(isId);
  const itemRows = await repo.itemsByIds(db.k, ids);
  const found = new Map(itemRows.map((r) => [r.id, toItem(r)]));
  const rows = await Promise.all([...new Set(itemRows.map((r) => r.version_id))].map((v) => repo.versionById(db.k, v)));
  answers.forEach((a, i) => {
    if (!found.has(a.item)) errors.push(fieldError(`answers.${i}.item`, 'skills.answers.unknownItem', { item: a.item }));
  });
  if (errors.length) throw refuse(422, 'skills.answers.unknown', undefined, errors);
  const versions = rows.filter((r): r is SkillVersionTable => !!r);
  if (versions.length !== 1) {
    throw refuse(422, 'skills.answers.mixed', undefined, [fieldError('answers', 'skills.answers.mixed.field')]);
  }
  const version = toVersion(versions[0]);
  if (version.status !== 'current') throw retiredProblem();
  const all = variantItems(await versionItems(db, version.id), variant);
  const inVariant = new Set(all.map((i) => i.id));
  const map = new Map<string, number>();
  answers.forEach((a, i) => {
    const item = found.get(a.item) as BankItem;
    if (!inVariant.has(item.id)) {
      errors.push(fieldError(`answers.${i}.item`, `skills.answers.notIn.${variant}`, { item: a.item }));
      return;
    }
    if (a.value < 0 || a.value >= item.options.length) {
      errors.push(fieldError(`answers.${i}.value`, 'skills.answers.range', { max: item.options.length - 1 }));
      return;
    }
    map.set(item.id, a.value);
  });
  if (errors.length) throw refuse(422, 'skills.answers.invalid', undefined, errors);
  const missing = all.filter((i) => !map.has(i.id));
  if (missing.length) {
    throw refuse(422, countKey('skills.answers.missing', missing.length), { n: missing.length }, [
      fieldError('answers', 'skills.answers.missing.field', { items: missing.map((m) => m.id).join(', ') }),
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

/**
 * The result a private link opens, or undefined: the ring's check (core/keys.ts) of the link under
 * DATA_KEY or, for links sent before a rotation, a key of DATA_KEY_PREVIOUS.
 */
async function resultByLink(deps: SkillsDeps, id: string, token: string | undefined): Promise<SkillResultTable | undefined> {
  const row = isId(id) ? await repo.resultById(deps.db.k, id) : undefined;
  return row && keyRing(deps.config).verifyLink('skills.result', row.chain_id, token, row.token_hash) ? row : undefined;
}

async function resultRow(deps: SkillsDeps, id: string, token: string | undefined): Promise<SkillResultTable> {
  const row = await resultByLink(deps, id, token);
  // The same answer for an unknown result and a wrong token: the link is the only key.
  if (!row) throw refuse(404, 'skills.result.notFound');
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
    throw refuse(422, 'skills.phase.invalid', undefined, [fieldError('phase', 'skills.phase.invalid.field')]);
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
  if (!row) throw refuse(404, 'skills.attempt.notFound');
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
  if (state.resultId) throw refuse(409, 'skills.attempt.finished');
  const item = state.items.find((i) => i.id === itemId);
  if (!item) throw refuse(422, 'skills.attempt.noItem', undefined, [fieldError('item', 'skills.attempt.noItem.field')]);
  const n = typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : typeof value === 'number' ? value : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n >= item.options.length) {
    throw refuse(422, 'skills.q.choose', undefined, [fieldError('value', 'skills.q.choose.field')]);
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
    throw refuse(422, countKey('skills.attempt.pending', state.pending.length), { n: state.pending.length }, [
      fieldError('answers', 'skills.attempt.pending.field'),
    ]);
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
    if (Number(done.numUpdatedRows) !== 1) throw refuse(409, 'skills.attempt.done');
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

export { COMPETENCES };

/**
 * The people who took the self-assessment in a programme up to a day (YYYY-MM-DD, Rome), each once:
 * a person's results before and after a course share one chain, so the chain is the person. For the
 * programme's "users" targets.
 */
export async function programmeAssessedPeople(db: Db, programmeId: string, upTo: string): Promise<number> {
  const cutoff = DateTime.fromISO(upTo, { zone: ZONE }).plus({ days: 1 }).startOf('day').toUTC().toISO() as string;
  const row = await db.k
    .selectFrom('skill_results')
    .select(sql<number>`count(distinct chain_id)`.as('n'))
    .where('programme_id', '=', programmeId)
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
