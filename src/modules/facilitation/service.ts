import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { hasRole, organisationsWith } from '../../core/access.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { isId, newId, newToken } from '../../core/ids.js';
import { enqueueJob } from '../../core/jobs.js';
import { conflict, type FieldError, forbidden, notFound, Problem, unprocessable } from '../../core/problems.js';
import { ORG_FACILITATORS, ORG_STAFF } from '../../core/roles.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import * as accounts from '../accounts/service.js';
import { getVenue, normaliseName, type Venue, venueRefusal, venuesByIds } from '../organisations/service.js';
import { getProgramme, listProgrammes, type Programme, updateProgramme } from '../programmes/service.js';
import {
  type AgeBand,
  areasOf,
  COMPETENCES,
  GENDER_CODE,
  GENDER_FROM_CODE,
  type Gender,
  joinCodes,
  KINDS,
  SERVICES,
  sortCodes,
  splitCodes,
} from './codes.js';
import { DataKeys, dataKeys } from './crypto.js';
import { todayInRome } from './dates.js';
import { checkFiscalCode, minorsRefusal, normaliseFiscalCode } from './fiscal-code.js';
import { validFiscalCode } from './national-checks.js';
import * as repo from './repo.js';
import {
  type CitizenInputData,
  formatDuration,
  GroupCreate,
  type GroupCreateInput,
  LookupBody,
  QuestionnaireAnswer,
  QuestionnaireSend,
  RecordCreate,
  type RecordCreateData,
  RecordPatch,
  SettingsPut,
} from './schemas.js';

export type { AgeBand, Gender } from './codes.js';
export { BREAKDOWNS, type Breakdown, formatDuration } from './schemas.js';

export const QUESTIONNAIRE_JOB = 'facilitation.questionnaire';

// ---------- dates ----------

export { todayInRome } from './dates.js';

// ---------- settings ----------

export interface FacilitationSettings {
  /** Days a facilitator may correct their own records (the programme's, or the configured default). */
  editWindowDays: number;
  /** Whether the programme's own value is set (else the default applies). */
  editWindowOwn: boolean;
  /** Whether the programme admits citizens aged 14–17 (from `minorsFrom`, a field of the programme). */
  admitsMinors: boolean;
  minorsFrom: string | null;
}

export async function settingsFor(deps: Deps, programmeId: string): Promise<FacilitationSettings> {
  const [row, programme] = await Promise.all([
    repo.settingsOf(deps.db.k, programmeId),
    getProgramme(deps.db, programmeId).catch(() => null),
  ]);
  return {
    editWindowDays: row?.edit_window_days ?? deps.config.facilitationEditDays,
    editWindowOwn: row?.edit_window_days !== null && row?.edit_window_days !== undefined,
    admitsMinors: !!programme?.minorsFrom,
    minorsFrom: programme?.minorsFrom ?? null,
  };
}

export async function putSettings(
  deps: Deps,
  principal: Principal | null,
  programmeId: string,
  input: unknown,
): Promise<FacilitationSettings> {
  const data = parse(SettingsPut, input);
  const programme = await getProgramme(deps.db, programmeId);
  if (principal && !hasRole(principal, programme.organisation.id, ORG_STAFF)) throw forbidden();
  // Admitting minors is the programme's date from which it admits them: from its start when only "yes" is said.
  const minorsFrom = data.admitsMinors ? (programme.minorsFrom ?? programme.start) : null;
  if (minorsFrom !== programme.minorsFrom) await updateProgramme(deps.db, principal, programme.id, { minorsFrom });
  await deps.db.k.transaction().execute(async (trx) => {
    await repo.putSettings(trx, {
      programme_id: programme.id,
      edit_window_days: data.editWindowDays,
      admits_minors: minorsFrom ? 1 : 0,
      updated_at: nowIso(),
    });
    await repo.audit(trx, {
      userId: principal?.userId ?? null,
      organisationId: programme.organisation.id,
      action: 'facilitation.settings',
      entity: 'programme',
      entityId: programme.id,
      details: data,
    });
  });
  return settingsFor(deps, programme.id);
}

// ---------- provinces (AN12) ----------

const provinceCache = new WeakMap<Db, Promise<Map<string, string>>>();

/** Province names by normalised name and by sigla ("PO" → "Prato"). */
function provinces(db: Db): Promise<Map<string, string>> {
  let p = provinceCache.get(db);
  if (!p) {
    p = db.k
      .selectFrom('municipalities')
      .select(['province', 'province_code'])
      .distinct()
      .execute()
      .then((rows) => {
        const map = new Map<string, string>();
        for (const r of rows) {
          map.set(normaliseName(r.province), r.province);
          map.set(normaliseName(r.province_code), r.province);
        }
        return map;
      });
    p.catch(() => provinceCache.delete(db));
    provinceCache.set(db, p);
  }
  return p;
}

export async function canonicalProvince(db: Db, typed: string): Promise<string | null> {
  return (await provinces(db)).get(normaliseName(typed)) ?? null;
}

export async function provinceList(db: Db): Promise<string[]> {
  return [...new Set((await provinces(db)).values())].sort((a, b) => a.localeCompare(b, 'it'));
}

// ---------- access ----------

function canRecordFor(principal: Principal | null, organisationId: string): boolean {
  return principal === null || hasRole(principal, organisationId, ORG_FACILITATORS);
}

function isStaff(principal: Principal | null, organisationId: string): boolean {
  return principal === null || hasRole(principal, organisationId, ORG_STAFF);
}

/** Programmes a principal may record services for (`null`: all, for platform administrators). */
export function recordingOrganisations(principal: Principal): string[] | null {
  return organisationsWith(principal, ORG_FACILITATORS);
}

// ---------- views ----------

export interface RecordView {
  id: string;
  programme: string;
  venue: string;
  facilitator: string;
  date: string;
  duration: string;
  kinds: string[];
  competences: number[];
  areas: string[];
  services: string[];
  details: string | null;
  citizen: {
    known: boolean;
    hasFiscalCode: boolean;
    ageBand: AgeBand | null;
    gender: Gender | null;
    education: string | null;
    employment: string | null;
    citizenship: string | null;
    province: string | null;
    consent: { channel: string | null; date: string | null };
  };
  questionnaire: 'not_sent' | 'sent' | 'answered';
  editableUntil: string;
  createdAt: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function editableUntil(row: Pick<repo.RecordRow, 'created_at'>, days: number): string {
  return new Date(Date.parse(row.created_at) + days * DAY_MS).toISOString();
}

export function present(row: repo.RecordRow, days: number, hasFiscalCode: boolean): RecordView {
  return {
    id: row.id,
    programme: row.programme_id,
    venue: row.venue_id,
    facilitator: row.facilitator_id,
    date: row.service_date,
    duration: formatDuration(Number(row.duration_minutes)),
    kinds: splitCodes(row.kinds),
    competences: splitCodes(row.competences).map(Number),
    areas: splitCodes(row.areas),
    services: splitCodes(row.services),
    details: row.details,
    citizen: {
      known: row.citizen_id !== null,
      hasFiscalCode,
      ageBand: (row.age_band as AgeBand | null) ?? null,
      gender: row.gender ? (GENDER_FROM_CODE[row.gender] ?? null) : null,
      education: row.education,
      employment: row.employment,
      citizenship: row.citizenship,
      province: row.province,
      consent: { channel: row.consent_channel, date: row.consent_date },
    },
    questionnaire: row.survey_status,
    editableUntil: editableUntil(row, days),
    createdAt: row.created_at,
  };
}

// ---------- preparing a write ----------

type SurveyField = 'es1' | 'es2' | 'es3' | 'es4' | 'es5' | 'es6';
type NotPrepared =
  | 'id'
  | 'citizen_id'
  | 'has_fiscal_code'
  | 'survey_status'
  | 'survey_token_hash'
  | 'survey_sent_at'
  | 'survey_answered_at'
  | 'source'
  | 'created_by'
  | 'created_at'
  | 'updated_at'
  | 'service_group_id';

/** The citizen a correction keeps when it does not change who was served (read with the record). */
interface KeptCitizen {
  id: string;
  hasFiscalCode: boolean;
}

type CitizenPlan =
  | { kind: 'cf'; code: string; value: string }
  | { kind: 'other'; value: string }
  | { kind: 'keep'; citizenId: string; hasFiscalCode: boolean }
  | { kind: 'none' };

interface Prepared {
  programme: Programme;
  venue: Venue;
  facilitatorId: string;
  plan: CitizenPlan;
  fields: Omit<repo.RecordRow, NotPrepared | SurveyField>;
  survey: Partial<Pick<repo.RecordRow, SurveyField>>;
  ageBand: AgeBand | null;
  gender: Gender | null;
  /** AN1, AN2, where the programme reports nationally and they were given. */
  names: [string, string] | null;
}

/** Caches for many writes in a row (an import): programmes, venues and members by id. */
export interface PrepareCache {
  programmes: Map<string, Programme>;
  venues: Map<string, Venue>;
  /** Why a programme's organisation may not use a venue owner's venues ('' when it may), by "programme org|owner". */
  venueRefusals: Map<string, string>;
  settings: Map<string, FacilitationSettings>;
  members: Map<string, Map<string, string>>;
}
export const newPrepareCache = (): PrepareCache => ({
  programmes: new Map(),
  venues: new Map(),
  venueRefusals: new Map(),
  settings: new Map(),
  members: new Map(),
});

async function cached<K, V>(map: Map<K, V>, key: K, load: () => Promise<V>): Promise<V> {
  const hit = map.get(key);
  if (hit !== undefined) return hit;
  const value = await load();
  map.set(key, value);
  return value;
}

/** Roles of each member of an organisation, for checking the facilitator named in a record. */
async function membersOf(deps: Deps, cache: PrepareCache, organisationId: string): Promise<Map<string, string>> {
  return cached(cache.members, organisationId, async () => {
    const rows = await accounts.listMembers(deps.db, organisationId);
    const map = new Map<string, string>();
    for (const r of rows) if (ORG_FACILITATORS.includes(r.role as never)) map.set(r.userId, r.role);
    return map;
  });
}

async function programmeFor(deps: Deps, cache: PrepareCache, id: string): Promise<Programme | undefined> {
  if (!isId(id)) return undefined;
  try {
    return await cached(cache.programmes, id, () => getProgramme(deps.db, id));
  } catch (err) {
    if (err instanceof Problem && err.status === 404) return undefined;
    throw err;
  }
}

async function venueFor(deps: Deps, cache: PrepareCache, id: string): Promise<Venue | undefined> {
  if (!isId(id)) return undefined;
  try {
    return await cached(cache.venues, id, () => getVenue(deps.db, id));
  } catch (err) {
    if (err instanceof Problem && err.status === 404) return undefined;
    throw err;
  }
}

export interface PrepareInput {
  programme: string;
  venue: string;
  date: string;
  duration: number;
  kinds: string[];
  competences: number[];
  services: string[];
  details?: string | null;
  facilitator?: string;
  citizen: (Partial<CitizenInputData> & { keep?: KeptCitizen }) | (CitizenInputData & { keep?: KeptCitizen });
  /** Group records may lack the attendee's profile; single records may not. */
  profileOptional?: boolean;
  /** A correction keeps the record's venue usable, even if the partnership that opened it has ended since. */
  keptVenue?: string;
  /** Imported rows: the national layout has no consent columns. */
  consentOptional?: boolean;
  /** A correction of a record whose citizen's names are already kept: they need not be typed again. */
  namesKnown?: boolean;
  survey?: Partial<Pick<repo.RecordRow, 'es1' | 'es2' | 'es3' | 'es4' | 'es5' | 'es6'>>;
}

/**
 * Every check of a record that needs no write: the programme and the caller's role in it, the
 * venue (the programme's organisation or a partner), the date (in the programme, not in the
 * future), the facilitator, and the citizen (codice fiscale where the programme reports to the
 * national platform). Refusals are 4xx Problems naming each bad field; nothing is written.
 */
async function prepare(deps: Deps, principal: Principal | null, input: PrepareInput, cache: PrepareCache): Promise<Prepared> {
  const errors: FieldError[] = [];
  const programme = await programmeFor(deps, cache, input.programme);
  if (!programme) throw unprocessable('Il programma indicato non esiste.', [{ field: 'programme', message: 'programma inesistente' }]);
  if (!canRecordFor(principal, programme.organisation.id)) {
    throw forbidden(`Solo i facilitatori e lo staff di ${programme.organisation.name} possono registrare servizi in questo programma.`);
  }

  const venue = await venueFor(deps, cache, input.venue);
  const allowedOrgs = new Set([programme.organisation.id, ...programme.partners.map((p) => p.id)]);
  if (!venue) errors.push({ field: 'venue', message: 'sede inesistente' });
  else if (!allowedOrgs.has(venue.organisation)) {
    errors.push({ field: 'venue', message: "la sede non appartiene all'ente del programma né a un suo partner" });
  } else if (venue.id !== input.keptVenue) {
    // A partner's venue only once the partner has accepted the partnership: services recorded
    // there reach open data under its venue's name.
    const owner = venue.organisation;
    const refusal = await cached(
      cache.venueRefusals,
      `${programme.organisation.id}|${owner}`,
      async () => (await venueRefusal(deps.db, programme.organisation.id, owner)) ?? '',
    );
    if (refusal) errors.push({ field: 'venue', message: refusal });
  }

  const today = todayInRome();
  if (input.date > today) errors.push({ field: 'date', message: 'la data del servizio non può essere nel futuro' });
  else if (input.date < programme.start || input.date > programme.end) {
    errors.push({ field: 'date', message: `la data deve cadere nel periodo del programma (${programme.start} – ${programme.end})` });
  }

  let facilitatorId = input.facilitator ?? principal?.userId;
  if (!facilitatorId) errors.push({ field: 'facilitator', message: 'indica il facilitatore' });
  else if (facilitatorId !== principal?.userId) {
    if (principal && !isStaff(principal, programme.organisation.id)) {
      errors.push({ field: 'facilitator', message: 'puoi registrare solo servizi che hai svolto tu' });
    } else {
      const members = await membersOf(deps, cache, programme.organisation.id);
      if (!members.has(facilitatorId)) {
        errors.push({ field: 'facilitator', message: "il facilitatore non è tra i facilitatori o lo staff dell'ente" });
      }
    }
  }
  facilitatorId ??= '';

  // The citizen.
  const c = input.citizen;
  let plan: CitizenPlan = { kind: 'none' };
  let ageBand: AgeBand | null = c.ageBand ?? null;
  let gender: Gender | null = c.gender ?? null;
  const cf = c.fiscalCode ? normaliseFiscalCode(c.fiscalCode) : '';
  // Minors (14–17) only on or after the day the programme admits them from.
  const admitsMinors = programme.minorsFrom !== null && input.date >= programme.minorsFrom;
  if (cf) {
    const checked = await checkFiscalCode(deps.db, cf, input.date, admitsMinors, programme.minorsFrom);
    if (!checked.ok) errors.push({ field: 'citizen.fiscalCode', message: checked.reason });
    else if (programme.nationalReporting && !validFiscalCode(checked.info.code)) {
      errors.push({
        field: 'citizen.fiscalCode',
        message: 'codice fiscale non accettato dalla piattaforma nazionale: controllalo sul documento',
      });
    } else {
      plan = { kind: 'cf', code: checked.info.code, value: `cf:${checked.info.code}` };
      ageBand = checked.ageBand;
      gender = checked.info.gender;
    }
  } else if (c.keep) {
    plan = { kind: 'keep', citizenId: c.keep.id, hasFiscalCode: c.keep.hasFiscalCode };
  } else if (programme.nationalReporting && !input.profileOptional) {
    errors.push({
      field: 'citizen.fiscalCode',
      message: 'il codice fiscale è obbligatorio: il programma rendiconta alla piattaforma nazionale',
    });
  } else if (c.identifier) {
    const id = normaliseName(c.identifier).replace(/\s+/g, '');
    if (id.length < 3) errors.push({ field: 'citizen.identifier', message: "l'identificativo deve avere almeno 3 caratteri" });
    else plan = { kind: 'other', value: `id:${id}` };
  }
  if (ageBand === '14-17' && !admitsMinors && !cf) {
    errors.push({ field: 'citizen.ageBand', message: minorsRefusal(programme.minorsFrom) });
  }

  // AN1, AN2: the national upload needs them; no other programme keeps names.
  let names: [string, string] | null = null;
  if (c.firstName !== undefined || c.lastName !== undefined) {
    if (!programme.nationalReporting) {
      errors.push({
        field: c.firstName !== undefined ? 'citizen.firstName' : 'citizen.lastName',
        message: 'nome e cognome si registrano solo nei programmi che rendicontano alla piattaforma nazionale: qui non vengono conservati',
      });
    } else if (c.firstName && c.lastName) names = [c.firstName, c.lastName];
  }
  if (programme.nationalReporting && !names && !input.profileOptional && !input.namesKnown) {
    const why = 'obbligatorio: la piattaforma nazionale richiede nome e cognome del cittadino';
    if (!c.firstName) errors.push({ field: 'citizen.firstName', message: why });
    if (!c.lastName) errors.push({ field: 'citizen.lastName', message: why });
  }

  let province: string | null = null;
  if (c.province) {
    province = await canonicalProvince(deps.db, c.province);
    if (!province)
      errors.push({ field: 'citizen.province', message: 'provincia non riconosciuta: scrivi il nome per intero, ad esempio Prato' });
  }
  if (!input.profileOptional) {
    for (const f of ['education', 'employment', 'citizenship', 'province'] as const) {
      if (!c[f]) errors.push({ field: `citizen.${f}`, message: 'campo obbligatorio' });
    }
    if (!c.consent && !input.consentOptional) errors.push({ field: 'citizen.consent', message: 'consenso obbligatorio: canale e data' });
  }
  if (c.consent && c.consent.date > today) {
    errors.push({ field: 'citizen.consent.date', message: 'la data del consenso non può essere nel futuro' });
  }

  if (errors.length > 0) throw unprocessable('Il servizio non può essere registrato: controlla i campi indicati.', errors);
  const competences = sortCodes(COMPETENCES, input.competences);
  return {
    programme,
    venue: venue!,
    facilitatorId,
    plan,
    ageBand,
    gender,
    names,
    fields: {
      programme_id: programme.id,
      organisation_id: programme.organisation.id,
      venue_id: venue!.id,
      municipality_code: venue!.municipality?.code ?? '',
      facilitator_id: facilitatorId,
      service_date: input.date,
      duration_minutes: input.duration,
      kinds: joinCodes(sortCodes(KINDS, input.kinds)),
      competences: joinCodes(competences),
      areas: joinCodes(areasOf(competences)),
      services: joinCodes(sortCodes(SERVICES, input.services)),
      details: input.details ?? null,
      gender: gender ? GENDER_CODE[gender] : null,
      age_band: ageBand,
      education: c.education ?? null,
      employment: c.employment ?? null,
      citizenship: c.citizenship ?? null,
      province,
      consent_channel: c.consent?.channel ?? null,
      consent_date: c.consent?.date ?? null,
      first_time: c.firstTime === undefined ? null : c.firstTime ? 'SI' : 'NO',
      previous_kinds: c.previousKinds && c.previousKinds.length > 0 ? joinCodes(sortCodes(KINDS, c.previousKinds)) : null,
    },
    survey: input.survey ?? {},
  };
}

// ---------- writing ----------

/** Finds or creates the citizen of a plan, re-hashing (and re-encrypting) a row written under an older key. */
async function resolveCitizen(
  deps: Deps,
  trx: repo.Q,
  organisationId: string,
  plan: CitizenPlan,
  profile: Partial<repo.CitizenRow>,
  names: [string, string] | null = null,
): Promise<{ id: string | null; created: boolean; hasFiscalCode: boolean }> {
  if (plan.kind === 'none') return { id: null, created: false, hasFiscalCode: false };
  const keys = dataKeys(deps.config);
  // The upload's identity in one ciphertext, [first name, surname, codice fiscale]: the national
  // export decrypts once per citizen instead of twice. cf_enc stays the one the rest of Ponte reads.
  if (names) profile = { ...profile, names_enc: keys.encrypt(JSON.stringify([...names, plan.kind === 'cf' ? plan.code : ''])) };
  if (plan.kind === 'keep') {
    await repo.lockCitizen(trx, deps.db.dialect, plan.citizenId);
    await repo.updateCitizen(trx, plan.citizenId, profile);
    return { id: plan.citizenId, created: false, hasFiscalCode: plan.hasFiscalCode };
  }
  const hashes = keys.hashes(plan.value);
  let citizen = await repo.findCitizen(
    trx,
    organisationId,
    hashes.map((h) => h.hash),
  );
  let created = false;
  if (!citizen) {
    const at = nowIso();
    ({ citizen, created } = await repo.ensureCitizen(trx, {
      id: newId(),
      organisation_id: organisationId,
      key_hash: hashes[0].hash,
      key_id: keys.currentId,
      kind: plan.kind,
      cf_enc: plan.kind === 'cf' ? keys.encrypt(plan.code) : null,
      names_enc: null,
      gender: null,
      education: null,
      employment: null,
      citizenship: null,
      province: null,
      created_at: at,
      updated_at: at,
    }));
  }
  await repo.lockCitizen(trx, deps.db.dialect, citizen.id);
  const set: Partial<repo.CitizenRow> = { ...profile };
  if (citizen.key_id !== keys.currentId) {
    set.key_hash = hashes[0].hash;
    set.key_id = keys.currentId;
  }
  if (plan.kind === 'cf' && !citizen.cf_enc?.startsWith(`v1:${keys.currentId}:`)) set.cf_enc = keys.encrypt(plan.code);
  await repo.updateCitizen(trx, citizen.id, set);
  return { id: citizen.id, created, hasFiscalCode: plan.kind === 'cf' };
}

const profileOf = (f: Prepared['fields']): Partial<repo.CitizenRow> => {
  const p: Partial<repo.CitizenRow> = {};
  if (f.gender) p.gender = f.gender;
  if (f.education) p.education = f.education;
  if (f.employment) p.employment = f.employment;
  if (f.citizenship) p.citizenship = f.citizenship;
  if (f.province) p.province = f.province;
  return p;
};

/**
 * Moves the unique-citizen count of (programme, citizen) from the record that was first before a
 * change to the one that is first after it. Call `before` ahead of the write and `after` behind it,
 * inside the transaction, with the citizen's row locked.
 */
async function firstBefore(
  trx: repo.Q,
  programmeId: string,
  citizenId: string,
  changed?: repo.RecordRow,
): Promise<repo.RecordRow | undefined> {
  const cp = await repo.firstSeen(trx, programmeId, citizenId);
  if (!cp) return undefined;
  if (changed && cp.first_record_id === changed.id) return changed;
  return repo.recordById(trx, cp.first_record_id);
}

async function moveFirst(trx: repo.Q, programmeId: string, citizenId: string, before: repo.RecordRow | undefined): Promise<repo.Delta[]> {
  const after = await repo.firstRecordOf(trx, programmeId, citizenId);
  await repo.setFirstSeen(trx, programmeId, citizenId, after);
  return [...(before ? repo.deltasOf(before, -1, 'citizen') : []), ...(after ? repo.deltasOf(after, 1, 'citizen') : [])];
}

interface WriteOptions {
  source: string;
  groupId?: string | null;
  createdBy: string | null;
}

/** Writes one prepared record with its citizen, first-seen row, roll-ups and audit entry. */
async function writeNew(deps: Deps, trx: repo.Q, p: Prepared, opts: WriteOptions): Promise<{ id: string; citizenNew: boolean }> {
  const citizen = await resolveCitizen(deps, trx, p.programme.organisation.id, p.plan, profileOf(p.fields), p.names);
  if (citizen.id && p.programme.nationalReporting) await refuseDuplicate(trx, p.fields, citizen.id, null);
  const before = citizen.id ? await firstBefore(trx, p.programme.id, citizen.id) : undefined;
  const at = nowIso();
  const answered = Object.values(p.survey).some((v) => v !== null && v !== undefined);
  const row: repo.RecordRow = {
    ...p.fields,
    es1: p.survey.es1 ?? null,
    es2: p.survey.es2 ?? null,
    es3: p.survey.es3 ?? null,
    es4: p.survey.es4 ?? null,
    es5: p.survey.es5 ?? null,
    es6: p.survey.es6 ?? null,
    id: newId(),
    citizen_id: citizen.id,
    has_fiscal_code: citizen.hasFiscalCode ? 1 : 0,
    service_group_id: opts.groupId ?? null,
    survey_status: answered ? 'answered' : 'not_sent',
    survey_token_hash: null,
    survey_sent_at: null,
    survey_answered_at: answered ? at : null,
    source: opts.source,
    created_by: opts.createdBy,
    created_at: at,
    updated_at: at,
  };
  await repo.insertRecord(trx, row);
  const deltas = repo.deltasOf(row, 1, 'service');
  if (citizen.id) deltas.push(...(await moveFirst(trx, p.programme.id, citizen.id, before)));
  await repo.applyDeltas(trx, deltas);
  await repo.audit(trx, {
    userId: opts.createdBy,
    organisationId: p.programme.organisation.id,
    action: 'facilitation.create',
    entityId: row.id,
    details: { ...auditable(row), source: opts.source },
  });
  // A citizen nobody can recognise (no codice fiscale, no identifier) is new every time.
  return { id: row.id, citizenNew: citizen.id ? citizen.created : true };
}

/**
 * The national platform discards a second service to the same citizen with the same date,
 * duration, kinds, competences, services and details (SE1, SE2, SE3, SE5, SE6, SE7): refused here
 * too, so the programme's figures and the upload agree.
 */
async function refuseDuplicate(trx: repo.Q, f: Prepared['fields'], citizenId: string, self: string | null): Promise<void> {
  const twin = await repo.sameService(trx, { ...f, citizen_id: citizenId }, self);
  if (twin) {
    throw conflict(
      'Questo servizio è già registrato per lo stesso cittadino, con la stessa data, durata, tipologia, competenze, servizi e dettagli: la piattaforma nazionale lo scarterebbe come duplicato.',
    );
  }
}

/**
 * For a check before writing (an import's dry run): why a prepared record would be refused as a
 * duplicate, of a record already written or of one earlier in the same batch (`seen`), or null.
 */
export async function duplicateOf(deps: Deps, p: Prepared, seen: Set<string>): Promise<string | null> {
  if (!p.programme.nationalReporting || p.plan.kind !== 'cf') return null;
  const f = p.fields;
  const key = [f.programme_id, p.plan.value, f.service_date, f.duration_minutes, f.kinds, f.competences, f.services, f.details ?? ''].join(
    '|',
  );
  if (seen.has(key)) return 'ripete un’altra riga del file: stesso cittadino, data, durata, tipologia, competenze, servizi e dettagli';
  seen.add(key);
  const hashes = dataKeys(deps.config)
    .hashes(p.plan.value)
    .map((h) => h.hash);
  const citizen = await repo.findCitizen(deps.db.k, f.organisation_id, hashes);
  if (citizen && (await repo.sameService(deps.db.k, { ...f, citizen_id: citizen.id }, null))) {
    return 'servizio già registrato per lo stesso cittadino, con la stessa data, durata, tipologia, competenze, servizi e dettagli';
  }
  return null;
}

/** A record's fields as the audit trail keeps them: everything but the citizen's identity. */
function auditable(r: repo.RecordRow): Record<string, unknown> {
  return {
    programme: r.programme_id,
    venue: r.venue_id,
    facilitator: r.facilitator_id,
    date: r.service_date,
    duration: formatDuration(Number(r.duration_minutes)),
    kinds: r.kinds,
    competences: r.competences,
    services: r.services,
    details: r.details,
    ageBand: r.age_band,
    gender: r.gender,
    education: r.education,
    employment: r.employment,
    citizenship: r.citizenship,
    province: r.province,
    consent: r.consent_channel ? `${r.consent_channel} ${r.consent_date}` : null,
  };
}

function toPrepareInput(data: RecordCreateData): PrepareInput {
  return { ...data, citizen: data.citizen };
}

export interface Created {
  id: string;
  citizen: { new: boolean; ageBand: AgeBand | null; gender: Gender | null };
}

/**
 * Records one service to one citizen. `principal` null is the system (demo data); otherwise the
 * caller must be a facilitator or staff of the programme's organisation.
 */
export async function createRecord(deps: Deps, principal: Principal | null, input: unknown, source = 'api'): Promise<Created> {
  const data = parse(RecordCreate, input);
  const p = await prepare(deps, principal, toPrepareInput(data), newPrepareCache());
  const res = await deps.db.k.transaction().execute((trx) => writeNew(deps, trx, p, { source, createdBy: principal?.userId ?? null }));
  return { id: res.id, citizen: { new: res.citizenNew, ageBand: p.ageBand, gender: p.gender } };
}

export interface GroupResult {
  groupId: string;
  ids: string[];
}

/**
 * Group training for several attendees in one action (e.g. from an event's attendance): one record
 * each, sharing the session's fields and a group id, all or nothing. Attendees may come with little
 * more than an age band; missing profile fields stay empty and the national export's pre-check
 * lists those records, so staff can complete them.
 */
export async function createGroupRecords(
  deps: Deps,
  principal: Principal | null,
  input: GroupCreateInput | unknown,
  opts: { groupId?: string } = {},
): Promise<GroupResult> {
  const data = parse(GroupCreate, input);
  const cache = newPrepareCache();
  const prepared: Prepared[] = [];
  const errors: FieldError[] = [];
  for (const [i, a] of data.attendees.entries()) {
    try {
      prepared.push(
        await prepare(
          deps,
          principal,
          {
            ...data,
            kinds: data.kinds,
            citizen: { ...a },
            profileOptional: true,
          },
          cache,
        ),
      );
    } catch (err) {
      if (!(err instanceof Problem) || err.status !== 422) throw err;
      for (const e of err.errors ?? []) {
        errors.push({ field: e.field.startsWith('citizen.') ? `attendees.${i}.${e.field.slice(8)}` : e.field, message: e.message });
      }
    }
  }
  if (errors.length > 0) {
    const unique = [...new Map(errors.map((e) => [`${e.field}|${e.message}`, e])).values()];
    throw unprocessable('I servizi di gruppo non possono essere registrati: controlla i campi indicati.', unique);
  }
  const groupId = opts.groupId ?? newId();
  const ids = await deps.db.k.transaction().execute(async (trx) => {
    // A group given its own id (an event's session) is recorded once.
    if (opts.groupId) {
      const done = await trx.selectFrom('facilitation_records').select('id').where('service_group_id', '=', groupId).executeTakeFirst();
      if (done) throw conflict('La formazione di questo incontro è già stata registrata.');
    }
    const out: string[] = [];
    for (const p of prepared)
      out.push((await writeNew(deps, trx, p, { source: 'group', groupId, createdBy: principal?.userId ?? null })).id);
    return out;
  });
  return { groupId, ids };
}

/** Writes many prepared records in one transaction (the import): all or nothing. */
export async function writePrepared(deps: Deps, principal: Principal | null, prepared: Prepared[], source: string): Promise<string[]> {
  const ids = await deps.db.k.transaction().execute(async (trx) => {
    const out: string[] = [];
    for (const p of prepared) out.push((await writeNew(deps, trx, p, { source, createdBy: principal?.userId ?? null })).id);
    return out;
  });
  return ids;
}

export { type Prepared, prepare as prepareRecord };

// ---------- reading one, access to one ----------

async function loadRecord(deps: Deps, id: string): Promise<repo.RecordRow> {
  if (!isId(id)) throw notFound('Servizio non trovato.');
  const row = await repo.recordById(deps.db.k, id);
  if (!row) throw notFound('Servizio non trovato.');
  return row;
}

/** The organisation owning a record, for `orgAccess`. */
export async function organisationOfRecord(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return (await repo.recordById(db.k, id))?.organisation_id;
}

/** Whether the principal may see the record: staff of its organisation, or the facilitator who wrote it. */
function canSee(principal: Principal | null, row: repo.RecordRow): boolean {
  return isStaff(principal, row.organisation_id) || (principal !== null && row.facilitator_id === principal.userId);
}

export type EditRight = { ok: true; as: 'staff' | 'owner' } | { ok: false; reason: string };

/** Facilitators correct their own records within the window; after it only programme staff can. */
export function editRight(principal: Principal | null, row: repo.RecordRow, days: number): EditRight {
  if (isStaff(principal, row.organisation_id)) return { ok: true, as: 'staff' };
  if (principal && row.facilitator_id === principal.userId && hasRole(principal, row.organisation_id, ORG_FACILITATORS)) {
    if (nowIso() <= editableUntil(row, days)) return { ok: true, as: 'owner' };
    return {
      ok: false,
      reason: `Sono passati più di ${days} giorni dalla registrazione: solo lo staff del programma può modificare o eliminare questo servizio.`,
    };
  }
  return { ok: false, reason: 'Non puoi modificare questo servizio.' };
}

export async function getRecord(deps: Deps, principal: Principal | null, id: string): Promise<RecordView> {
  const row = await loadRecord(deps, id);
  if (!canSee(principal, row)) throw notFound('Servizio non trovato.');
  const settings = await settingsFor(deps, row.programme_id);
  return present(row, settings.editWindowDays, row.has_fiscal_code === 1);
}

/** The record as the form edits it (the codice fiscale decrypted for the person allowed to edit it). */
export async function recordForEdit(
  deps: Deps,
  principal: Principal,
  id: string,
): Promise<{ view: RecordView; fiscalCode: string | null; right: EditRight }> {
  const row = await loadRecord(deps, id);
  if (!canSee(principal, row)) throw notFound('Servizio non trovato.');
  const settings = await settingsFor(deps, row.programme_id);
  const right = editRight(principal, row, settings.editWindowDays);
  const citizen = row.citizen_id ? await repo.citizenById(deps.db.k, row.citizen_id) : undefined;
  const fiscalCode = right.ok && citizen?.cf_enc ? dataKeys(deps.config).decrypt(citizen.cf_enc) : null;
  // Staff reading a codice fiscale someone else typed is access to personal data: it is logged.
  if (fiscalCode && principal.userId !== row.facilitator_id) {
    await repo.audit(deps.db.k, {
      userId: principal.userId,
      organisationId: row.organisation_id,
      action: 'facilitation.fiscal-code.view',
      entityId: row.id,
    });
  }
  return { view: present(row, settings.editWindowDays, row.has_fiscal_code === 1), fiscalCode, right };
}

// ---------- correcting and deleting ----------

export async function updateRecord(deps: Deps, principal: Principal | null, id: string, input: unknown): Promise<RecordView> {
  const patch = parse(RecordPatch, input);
  const current = await loadRecord(deps, id);
  if (!canSee(principal, current)) throw notFound('Servizio non trovato.');
  const settings = await settingsFor(deps, current.programme_id);
  const right = editRight(principal, current, settings.editWindowDays);
  if (!right.ok) throw forbidden(right.reason);

  const citizenRow = current.citizen_id ? await repo.citizenById(deps.db.k, current.citizen_id) : undefined;
  const pc = patch.citizen ?? {};
  const keptCf = citizenRow?.cf_enc ? dataKeys(deps.config).decrypt(citizenRow.cf_enc) : undefined;
  // The edit form sends back the code it showed: the same code is no change of citizen.
  const identityChanged = (pc.fiscalCode !== undefined && normaliseFiscalCode(pc.fiscalCode) !== keptCf) || pc.identifier !== undefined;
  const citizen: PrepareInput['citizen'] = {
    education: current.education ?? undefined,
    employment: current.employment ?? undefined,
    citizenship: current.citizenship ?? undefined,
    province: current.province ?? undefined,
    consent:
      current.consent_channel && current.consent_date
        ? { channel: current.consent_channel as never, date: current.consent_date }
        : undefined,
    gender: current.gender && !keptCf ? GENDER_FROM_CODE[current.gender] : undefined,
    ageBand: current.age_band && !keptCf ? (current.age_band as AgeBand) : undefined,
    firstTime: current.first_time === null ? undefined : current.first_time === 'SI',
    previousKinds: current.previous_kinds ? splitCodes(current.previous_kinds) : undefined,
    ...(identityChanged
      ? {}
      : keptCf
        ? { fiscalCode: keptCf }
        : citizenRow
          ? { keep: { id: citizenRow.id, hasFiscalCode: citizenRow.kind === 'cf' } }
          : {}),
    ...Object.fromEntries(Object.entries(pc).filter(([, v]) => v !== undefined)),
  };
  const p = await prepare(
    deps,
    principal,
    {
      programme: current.programme_id,
      venue: patch.venue ?? current.venue_id,
      keptVenue: current.venue_id,
      date: patch.date ?? current.service_date,
      duration: patch.duration ?? Number(current.duration_minutes),
      kinds: patch.kinds ?? splitCodes(current.kinds),
      competences: patch.competences ?? splitCodes(current.competences).map(Number),
      services: patch.services ?? splitCodes(current.services),
      details: patch.details !== undefined ? patch.details : current.details,
      facilitator: patch.facilitator ?? current.facilitator_id,
      citizen,
      // A group record keeps what it lacked until someone completes it.
      profileOptional: current.source === 'group' && !identityChanged,
      namesKnown: !identityChanged && !!citizenRow?.names_enc,
    },
    newPrepareCache(),
  );
  if (right.as === 'owner' && p.facilitatorId !== current.facilitator_id) {
    throw forbidden('Solo lo staff può attribuire il servizio a un altro facilitatore.');
  }

  await deps.db.k.transaction().execute(async (trx) => {
    const fresh = await repo.recordById(trx, id);
    if (!fresh) throw notFound('Servizio non trovato.');
    const citizen = await resolveCitizen(deps, trx, fresh.organisation_id, p.plan, profileOf(p.fields), p.names);
    if (citizen.id && p.programme.nationalReporting) await refuseDuplicate(trx, p.fields, citizen.id, id);
    const affected = [...new Set([fresh.citizen_id, citizen.id].filter((c): c is string => !!c))].sort();
    for (const c of affected) await repo.lockCitizen(trx, deps.db.dialect, c);
    const before = new Map<string, repo.RecordRow | undefined>();
    for (const c of affected) before.set(c, await firstBefore(trx, fresh.programme_id, c, fresh));
    const set: Partial<repo.RecordRow> = {
      ...p.fields,
      citizen_id: citizen.id,
      has_fiscal_code: citizen.hasFiscalCode ? 1 : 0,
      updated_at: nowIso(),
    };
    await repo.updateRecordRow(trx, id, set);
    const updated = { ...fresh, ...set } as repo.RecordRow;
    const deltas = [...repo.deltasOf(fresh, -1, 'service'), ...repo.deltasOf(updated, 1, 'service')];
    for (const c of affected) deltas.push(...(await moveFirst(trx, fresh.programme_id, c, before.get(c))));
    await repo.applyDeltas(trx, deltas);
    const was = auditable(fresh);
    const is = auditable(updated);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of Object.keys(is)) if (JSON.stringify(was[k]) !== JSON.stringify(is[k])) changes[k] = { from: was[k], to: is[k] };
    if (fresh.citizen_id !== citizen.id) changes.citizen = { from: 'previous citizen', to: 'another citizen' };
    await repo.audit(trx, {
      userId: principal?.userId ?? null,
      organisationId: fresh.organisation_id,
      action: 'facilitation.update',
      entityId: id,
      details: { as: right.as, changes },
    });
  });
  return getRecord(deps, principal, id);
}

export async function deleteRecord(deps: Deps, principal: Principal | null, id: string): Promise<void> {
  const current = await loadRecord(deps, id);
  if (!canSee(principal, current)) throw notFound('Servizio non trovato.');
  const settings = await settingsFor(deps, current.programme_id);
  const right = editRight(principal, current, settings.editWindowDays);
  if (!right.ok) throw forbidden(right.reason);
  await deps.db.k.transaction().execute(async (trx) => {
    const fresh = await repo.recordById(trx, id);
    if (!fresh) throw notFound('Servizio non trovato.');
    let before: repo.RecordRow | undefined;
    if (fresh.citizen_id) {
      await repo.lockCitizen(trx, deps.db.dialect, fresh.citizen_id);
      before = await firstBefore(trx, fresh.programme_id, fresh.citizen_id, fresh);
    }
    await repo.deleteRecordRow(trx, id);
    const deltas = repo.deltasOf(fresh, -1, 'service');
    if (fresh.citizen_id) deltas.push(...(await moveFirst(trx, fresh.programme_id, fresh.citizen_id, before)));
    await repo.applyDeltas(trx, deltas);
    await repo.audit(trx, {
      userId: principal?.userId ?? null,
      organisationId: fresh.organisation_id,
      action: 'facilitation.delete',
      entityId: id,
      details: { as: right.as, record: auditable(fresh) },
    });
  });
}

// ---------- listing ----------

export interface ListResult {
  items: RecordView[];
  next: string | null;
}

/**
 * Records the caller may see, newest service first: staff see their organisations' records,
 * facilitators and volunteers their own. Platform administrators see every record.
 */
export async function listRecords(
  deps: Deps,
  principal: Principal,
  q: {
    programme?: string;
    from?: string;
    to?: string;
    venue?: string;
    facilitator?: string;
    mine?: boolean;
    limit: number;
    after?: string;
  },
): Promise<ListResult> {
  const staffOrgs = organisationsWith(principal, ORG_STAFF);
  const ownOrgs = organisationsWith(principal, ['facilitator', 'volunteer']) ?? [];
  let before: { date: string; id: string } | undefined;
  if (q.after) {
    const [date, id] = Buffer.from(q.after, 'base64url').toString('utf8').split('|');
    if (date && isId(id)) before = { date, id };
  }
  const filter = {
    programme: q.programme && isId(q.programme) ? q.programme : q.programme ? '-' : undefined,
    venue: q.venue,
    from: q.from,
    to: q.to,
    before,
    limit: q.limit + 1,
  };
  let rows: repo.RecordRow[];
  if (q.mine || (staffOrgs !== null && staffOrgs.length === 0)) {
    rows = await repo.listRecords(deps.db.k, {
      ...filter,
      organisations: q.mine ? (staffOrgs === null ? null : [...new Set([...staffOrgs, ...ownOrgs])]) : ownOrgs,
      facilitator: principal.userId,
    });
  } else {
    // Staff of some organisations: all their records, plus their own elsewhere.
    const [staffRows, ownRows] = await Promise.all([
      repo.listRecords(deps.db.k, { ...filter, organisations: staffOrgs, facilitator: q.facilitator }),
      staffOrgs === null || ownOrgs.length === 0 || (q.facilitator && q.facilitator !== principal.userId)
        ? Promise.resolve([] as repo.RecordRow[])
        : repo.listRecords(deps.db.k, {
            ...filter,
            organisations: ownOrgs.filter((o) => !staffOrgs.includes(o)),
            facilitator: principal.userId,
          }),
    ]);
    rows = [...new Map([...staffRows, ...ownRows].map((r) => [r.id, r])).values()]
      .sort((a, b) => (a.service_date === b.service_date ? (a.id < b.id ? 1 : -1) : a.service_date < b.service_date ? 1 : -1))
      .slice(0, q.limit + 1);
  }
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const programmeIds = [...new Set(page.map((r) => r.programme_id))];
  const days = new Map<string, number>();
  for (const id of programmeIds) days.set(id, (await settingsFor(deps, id)).editWindowDays);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => present(r, days.get(r.programme_id) ?? deps.config.facilitationEditDays, r.has_fiscal_code === 1)),
    next: more && last ? Buffer.from(`${last.service_date}|${last.id}`).toString('base64url') : null,
  };
}

/** Venue names by id, for lists. */
export async function venueNames(deps: Deps, ids: string[]): Promise<Map<string, string>> {
  const venues = await venuesByIds(deps.db, ids);
  return new Map([...venues.values()].map((v) => [v.id, v.name]));
}

export async function auditImport(
  deps: Deps,
  principal: Principal | null,
  organisationId: string,
  programmeId: string,
  count: number,
): Promise<void> {
  await repo.audit(deps.db.k, {
    userId: principal?.userId ?? null,
    organisationId,
    action: 'facilitation.import',
    entity: 'programme',
    entityId: programmeId,
    details: { records: count },
  });
}

// ---------- recognising a returning citizen ----------

export interface Lookup {
  known: boolean;
  /** The latest profile recorded for this citizen by the organisation (no identity beyond what was typed). */
  profile: { education: string | null; employment: string | null; citizenship: string | null; province: string | null } | null;
  ageBand: AgeBand | null;
  gender: Gender | null;
  /** Why the code was refused, when it was. */
  error: string | null;
}

/**
 * Recognises a citizen by the keyed hash of their codice fiscale (or other identifier) within the
 * programme's organisation, and returns their last profile to pre-fill the form.
 */
export async function lookupCitizen(deps: Deps, principal: Principal | null, input: unknown): Promise<Lookup> {
  const data = parse(LookupBody, input);
  const programme = await getProgramme(deps.db, data.programme);
  if (!canRecordFor(principal, programme.organisation.id)) throw forbidden();
  const date = data.date ?? todayInRome();
  let value: string | null = null;
  let ageBand: AgeBand | null = null;
  let gender: Gender | null = null;
  if (data.fiscalCode) {
    const admitsMinors = programme.minorsFrom !== null && date >= programme.minorsFrom;
    const checked = await checkFiscalCode(deps.db, data.fiscalCode, date, admitsMinors, programme.minorsFrom);
    if (!checked.ok) return { known: false, profile: null, ageBand: null, gender: null, error: checked.reason };
    value = `cf:${checked.info.code}`;
    ageBand = checked.ageBand;
    gender = checked.info.gender;
  } else if (data.identifier) {
    value = `id:${normaliseName(data.identifier).replace(/\s+/g, '')}`;
  }
  if (!value) return { known: false, profile: null, ageBand, gender, error: null };
  const hashes = dataKeys(deps.config)
    .hashes(value)
    .map((h) => h.hash);
  const citizen = await repo.findCitizen(deps.db.k, programme.organisation.id, hashes);
  return {
    known: !!citizen,
    profile: citizen
      ? { education: citizen.education, employment: citizen.employment, citizenship: citizen.citizenship, province: citizen.province }
      : null,
    ageBand,
    gender,
    error: null,
  };
}

// ---------- form defaults and pre-fill ----------

export interface FormDefaults {
  programme?: string;
  venue?: string;
  duration?: string;
  kinds?: string[];
  date?: string;
  services?: string[];
  competences?: number[];
  details?: string;
}

/** The facilitator's last record gives the form its defaults: programme, venue, duration, kind. */
export async function defaultsFor(deps: Deps, principal: Principal): Promise<FormDefaults> {
  const last = await repo.lastRecordOf(deps.db.k, principal.userId);
  if (!last) return {};
  return {
    programme: last.programme_id,
    venue: last.venue_id,
    duration: formatDuration(Number(last.duration_minutes)),
    kinds: splitCodes(last.kinds),
  };
}

/**
 * The seam for other modules that open the form pre-filled (a desk appointment marked served,
 * an event session): the address of the form with the known fields in its query string.
 */
export function formPrefillUrl(prefill: FormDefaults): string {
  const q = new URLSearchParams();
  if (prefill.programme) q.set('programme', prefill.programme);
  if (prefill.venue) q.set('venue', prefill.venue);
  if (prefill.date) q.set('date', prefill.date);
  if (prefill.duration) q.set('duration', prefill.duration);
  for (const k of prefill.kinds ?? []) q.append('kinds', k);
  for (const s of prefill.services ?? []) q.append('services', s);
  for (const c of prefill.competences ?? []) q.append('competences', String(c));
  if (prefill.details) q.set('details', prefill.details.slice(0, 600));
  const s = q.toString();
  return `/admin/facilitazioni/nuova${s ? `?${s}` : ''}`;
}

// ---------- satisfaction questionnaire ----------

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Sends the ES1–ES6 questionnaire as a private link. The e-mail address is used once and never
 * stored in clear: it travels to the job encrypted, with the link's token; the record keeps only
 * the token's hash and its status (not sent, sent, answered).
 */
export async function sendQuestionnaire(deps: Deps, principal: Principal | null, id: string, input: unknown): Promise<RecordView> {
  const { email } = parse(QuestionnaireSend, input);
  const row = await loadRecord(deps, id);
  if (!canSee(principal, row)) throw notFound('Servizio non trovato.');
  if (row.survey_status === 'answered') throw conflict('Il cittadino ha già risposto al questionario.');
  const token = newToken();
  const keys = dataKeys(deps.config);
  await deps.db.k.transaction().execute(async (trx) => {
    await repo.updateRecordRow(trx, id, {
      survey_status: 'sent',
      survey_token_hash: tokenHash(token),
      survey_sent_at: nowIso(),
      updated_at: nowIso(),
    });
    await deps.jobs.enqueue(trx, QUESTIONNAIRE_JOB, { recordId: id, to: keys.encrypt(email), token: keys.encrypt(token) });
    await repo.audit(trx, {
      userId: principal?.userId ?? null,
      organisationId: row.organisation_id,
      action: 'facilitation.questionnaire.send',
      entityId: id,
    });
  });
  return getRecord(deps, principal, id);
}

export function questionnaireUrl(deps: Deps, id: string, token: string): string {
  return `${deps.config.baseUrl}/questionario/${id}?token=${encodeURIComponent(token)}`;
}

/** The job that delivers the questionnaire link. */
export function registerQuestionnaireJob(deps: Deps): void {
  deps.jobs.register(QUESTIONNAIRE_JOB, async (payload) => {
    const { recordId, to, token } = payload as { recordId: string; to: string; token: string };
    const row = await repo.recordById(deps.db.k, recordId);
    if (row?.survey_status !== 'sent') return;
    const keys = dataKeys(deps.config);
    const plainToken = keys.decrypt(token);
    if (row.survey_token_hash !== tokenHash(plainToken)) return; // a newer link was sent since
    const url = questionnaireUrl(deps, recordId, plainToken);
    const programme = await getProgramme(deps.db, row.programme_id);
    await deps.mailer.send({
      to: keys.decrypt(to),
      subject: `Com'è andata? Un questionario di un minuto – ${programme.name}`,
      text: [
        'Buongiorno,',
        '',
        `grazie per esserti rivolto al servizio di facilitazione digitale di ${programme.organisation.name}.`,
        'Ci aiuti a migliorarlo? Rispondi a sei domande, in forma anonima, da questo indirizzo personale:',
        '',
        url,
        '',
        'Il collegamento vale una volta sola. Se non hai chiesto tu questo messaggio, puoi ignorarlo.',
      ].join('\n'),
    });
  });
}

// ---------- erasure of the citizens' identities ----------

export const ERASURE_JOB = 'facilitation.erase-identities';

/**
 * The codice fiscale and the names are kept for the national upload only. Once every programme a
 * citizen was served in has passed its end by its retention period (the programme's
 * `retentionDays`), both are erased; the records, their anonymous profile and the keyed hash that
 * counts unique citizens stay. Returns how many citizens were erased.
 */
export async function eraseExpiredIdentities(deps: Deps, today = todayInRome()): Promise<number> {
  const expired: string[] = [];
  const live: string[] = [];
  for (const p of await listProgrammes(deps.db, null)) {
    const until = DateTime.fromISO(p.end, { zone: 'utc' }).plus({ days: p.retentionDays }).toISODate() as string;
    (until < today ? expired : live).push(p.id);
  }
  if (expired.length === 0) return 0;
  const erased = await repo.eraseIdentities(deps.db.k, expired, live);
  if (erased > 0) {
    await repo.audit(deps.db.k, {
      userId: null,
      organisationId: null,
      action: 'facilitation.identities-erased',
      entity: 'citizens',
      entityId: today,
      details: { citizens: erased, programmes: expired.length },
    });
  }
  return erased;
}

/** The daily erasure: runs, then plans itself for the next day (one job a day, whatever the restarts). */
export function registerErasureJob(deps: Deps): void {
  deps.jobs.register(ERASURE_JOB, async () => {
    await eraseExpiredIdentities(deps);
    const tomorrow = DateTime.now().setZone('Europe/Rome').plus({ days: 1 }).startOf('day').plus({ hours: 3 });
    await enqueueJob(
      deps.db.k,
      ERASURE_JOB,
      {},
      { runAt: tomorrow.toUTC().toISO() as string, dedupeKey: `${ERASURE_JOB}:${tomorrow.toISODate()}` },
    );
  });
}

/** Plans today's erasure unless it is planned already. */
export async function planErasure(deps: Deps): Promise<void> {
  await enqueueJob(deps.db.k, ERASURE_JOB, {}, { dedupeKey: `${ERASURE_JOB}:${todayInRome()}` });
}

export interface QuestionnaireView {
  id: string;
  status: 'sent' | 'answered';
  programmeName: string;
  organisationName: string;
  date: string;
}

/** The questionnaire behind a private link; a wrong or used token is a 404. */
export async function questionnaireFor(deps: Deps, id: string, token: string | undefined): Promise<QuestionnaireView> {
  if (!isId(id) || !token) throw notFound('Questionario non trovato.');
  const row = await repo.recordById(deps.db.k, id);
  if (!row) throw notFound('Questionario non trovato.');
  const programme = await getProgramme(deps.db, row.programme_id);
  const view = { id, programmeName: programme.name, organisationName: programme.organisation.name, date: row.service_date };
  if (row.survey_token_hash === null || row.survey_token_hash !== tokenHash(token)) throw notFound('Questionario non trovato.');
  // A used link says thanks (it stays valid for that, and only for that).
  return { ...view, status: row.survey_status === 'answered' ? 'answered' : 'sent' };
}

export async function answerQuestionnaire(deps: Deps, id: string, token: string | undefined, input: unknown): Promise<void> {
  const data = parse(QuestionnaireAnswer, input);
  if (!isId(id) || !token) throw notFound('Questionario non trovato.');
  await deps.db.k.transaction().execute(async (trx) => {
    const row = await repo.recordById(trx, id);
    if (row?.survey_status !== 'sent' || row.survey_token_hash !== tokenHash(token)) throw notFound('Questionario non trovato.');
    // One conditional statement: two submissions of the same link cannot both count.
    const res = await trx
      .updateTable('facilitation_records')
      .set({
        es1: data.es1.length ? joinCodes(data.es1) : null,
        es2: data.es2.length ? joinCodes(data.es2) : null,
        es3: data.es3 ?? null,
        es4: data.es4 ?? null,
        es5: data.es5.length ? joinCodes(data.es5) : null,
        es6: data.es6,
        survey_status: 'answered',
        survey_answered_at: nowIso(),
      })
      .where('id', '=', id)
      .where('survey_status', '=', 'sent')
      .where('survey_token_hash', '=', tokenHash(token))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('Questionario non trovato.');
    await repo.applyDeltas(
      trx,
      repo.deltasOf({ ...row, es6: data.es6 }, 1, 'service').map((d) => ({ ...d, services: 0, minutes: 0 })),
    );
    await repo.audit(trx, { userId: null, organisationId: row.organisation_id, action: 'facilitation.questionnaire.answer', entityId: id });
  });
}

// ---------- key rotation ----------

export interface RotationReport {
  citizens: number;
  newKeyId: string;
}

/**
 * Re-encrypts every codice fiscale, and recomputes its keyed hash, under a new key. Resumable: rows
 * already under the new key are skipped. Hashes of other identifiers cannot be recomputed (only
 * their hash is kept): they still match while the old key is listed in DATA_KEY_PREVIOUS, and are
 * re-hashed on the citizen's next visit.
 */
export async function rotateDataKey(deps: Deps, newKey: string, onProgress?: (done: number) => void): Promise<RotationReport> {
  const old = dataKeys(deps.config);
  const next = new DataKeys(newKey, [deps.config.dataKey, ...(deps.config.dataKeysPrevious ?? [])]);
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const batch = await repo.citizensNotUnder(deps.db.k, next.currentId, 500, after);
    if (batch.length === 0) break;
    await deps.db.k.transaction().execute(async (trx) => {
      for (const c of batch) {
        if (!c.cf_enc) continue;
        const read = (enc: string) => (old.canDecrypt(enc) ? old.decrypt(enc) : next.decrypt(enc));
        const cf = read(c.cf_enc);
        await trx
          .updateTable('facilitation_citizens')
          .set({
            cf_enc: next.encrypt(cf),
            // The names go with the codice fiscale: both under the new key.
            names_enc: c.names_enc ? next.encrypt(read(c.names_enc)) : null,
            key_hash: next.hash(`cf:${cf}`),
            key_id: next.currentId,
            updated_at: nowIso(),
          })
          .where('id', '=', c.id)
          .execute();
      }
      await repo.audit(trx, {
        userId: null,
        organisationId: null,
        action: 'facilitation.rotate-key',
        entity: 'data_key',
        entityId: next.currentId,
        details: { citizens: batch.length },
      });
    });
    done += batch.length;
    after = batch[batch.length - 1].id;
    onProgress?.(done);
  }
  return { citizens: done, newKeyId: next.currentId };
}

// ---------- national batches ----------

/** Records of the programme still to send to the national platform (never sent, or corrected since). */
export async function nationalPending(deps: Deps, programmeId: string): Promise<{ pending: number; corrections: number }> {
  return repo.pendingCounts(deps.db.k, programmeId);
}

export interface BatchSummary {
  id: string;
  number: number;
  createdAt: string;
  from: string;
  to: string;
  pendingOnly: boolean;
  format: 'csv' | 'xlsx';
  rows: number;
  corrections: number;
  files: number;
  uploadedAt: string | null;
  hasOutcome: boolean;
}

const batchSummary = (b: repo.BatchRow): BatchSummary => ({
  id: b.id,
  number: Number(b.number),
  createdAt: b.created_at,
  from: b.period_from,
  to: b.period_to,
  pendingOnly: Number(b.pending_only) === 1,
  format: b.format,
  rows: Number(b.rows),
  corrections: Number(b.corrections),
  files: Number(b.files),
  uploadedAt: b.uploaded_at,
  hasOutcome: b.outcome !== null,
});

/** The programme's national batches, the latest first. */
export async function nationalBatches(deps: Deps, programmeId: string): Promise<BatchSummary[]> {
  return (await repo.batchesOf(deps.db.k, programmeId)).map(batchSummary);
}

/** The largest outcome file kept with a batch. */
export const OUTCOME_MAX = 5 * 1024 * 1024;

/** Staff say a batch was uploaded to the platform, optionally with the platform's outcome file. */
export async function markBatchUploaded(
  deps: Deps,
  principal: Principal | null,
  programmeId: string,
  batchId: string,
  input: { outcome: string | null; outcomeName: string | null },
): Promise<BatchSummary> {
  const programme = await getProgramme(deps.db, programmeId);
  if (principal && !hasRole(principal, programme.organisation.id, ORG_STAFF)) throw forbidden();
  const batch = isId(batchId) ? await repo.batchById(deps.db.k, batchId) : undefined;
  if (!batch || batch.programme_id !== programme.id) throw notFound('Invio non trovato.');
  if (batch.uploaded_at) throw conflict(`L'invio ${batch.number} è già segnato come caricato.`);
  if (input.outcome && input.outcome.length > OUTCOME_MAX) {
    throw unprocessable("Il file dell'esito è troppo grande.", [{ field: 'outcome', message: 'al massimo 5 MB' }]);
  }
  const name = (input.outcomeName ?? 'esito.csv').replace(/[^\w.-]/g, '_').slice(0, 100) || 'esito.csv';
  await deps.db.k.transaction().execute(async (trx) => {
    await repo.markBatchUploaded(trx, batch.id, {
      uploaded_at: nowIso(),
      uploaded_by: principal?.userId ?? null,
      outcome_name: input.outcome ? name : null,
      outcome: input.outcome ?? null,
    });
    await repo.audit(trx, {
      userId: principal?.userId ?? null,
      organisationId: programme.organisation.id,
      action: 'facilitation.batch.uploaded',
      entity: 'programme',
      entityId: programme.id,
      details: { batch: batch.number, outcome: !!input.outcome },
    });
  });
  return batchSummary((await repo.batchById(deps.db.k, batch.id)) as repo.BatchRow);
}

/** The outcome file staff attached to a batch. */
export async function batchOutcome(deps: Deps, programmeId: string, batchId: string): Promise<{ name: string; text: string }> {
  const batch = isId(batchId) ? await repo.batchById(deps.db.k, batchId) : undefined;
  if (!batch || batch.programme_id !== programmeId || batch.outcome === null) throw notFound('Esito non trovato.');
  return { name: batch.outcome_name ?? 'esito.csv', text: batch.outcome };
}
