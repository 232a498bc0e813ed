import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { isId } from '../../core/ids.js';
import { type FieldError, fieldError, Problem, refuse } from '../../core/problems.js';
import { ORG_FACILITATORS } from '../../core/roles.js';
import * as accounts from '../accounts/service.js';
import { getVenue, normaliseName, type Venue, venueRefusal } from '../organisations/service.js';
import { getProgramme, type Programme } from '../programmes/service.js';
import { type AgeBand, areasOf, COMPETENCES, GENDER_CODE, type Gender, joinCodes, KINDS, SERVICES, sortCodes } from './codes.js';
import { todayInRome } from './dates.js';
import { checkFiscalCode, type FiscalCodeRefusal, minorsRefusal, normaliseFiscalCode } from './fiscal-code.js';
import { validFiscalCode } from './national-checks.js';
import type * as repo from './repo.js';
import type { CitizenInputData } from './schemas.js';

import { canonicalProvince, canRecordFor, type FacilitationSettings, isStaff } from './settings.js';

/* Preparing a write: the input checked against the programme, the venue, the citizen and the rules, before any row is written. */

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

export type CitizenPlan =
  | { kind: 'cf'; code: string; value: string }
  | { kind: 'other'; value: string }
  | { kind: 'keep'; citizenId: string; hasFiscalCode: boolean }
  | { kind: 'none' };

export interface Prepared {
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
  /** Why a programme's organisation may not use a venue owner's venues (null when it may), by "programme org|owner". */
  venueRefusals: Map<string, FieldError | null>;
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

/** The record named by `id`, through the cache; undefined when `id` is not an id or names no record. */
async function cachedRecord<V>(map: Map<string, V>, id: string, load: (id: string) => Promise<V>): Promise<V | undefined> {
  if (!isId(id)) return undefined;
  try {
    return await cached(map, id, () => load(id));
  } catch (err) {
    if (err instanceof Problem && err.status === 404) return undefined;
    throw err;
  }
}

const programmeFor = (deps: Deps, cache: PrepareCache, id: string) => cachedRecord(cache.programmes, id, (p) => getProgramme(deps.db, p));

const venueFor = (deps: Deps, cache: PrepareCache, id: string) => cachedRecord(cache.venues, id, (v) => getVenue(deps.db, v));

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

/** The venue: the programme's organisation's or an accepted partner's. */
/** A codice fiscale's refusal as the field's error, with its key for other languages. */
const refusalError = (field: string, r: FiscalCodeRefusal): FieldError => ({ field, message: r.reason, key: r.key, vars: r.vars });

async function checkVenue(deps: Deps, cache: PrepareCache, programme: Programme, input: PrepareInput, errors: FieldError[]) {
  const venue = await venueFor(deps, cache, input.venue);
  const allowedOrgs = new Set([programme.organisation.id, ...programme.partners.map((p) => p.id)]);
  if (!venue) errors.push(fieldError('venue', 'fac.err.venue.missing'));
  else if (!allowedOrgs.has(venue.organisation)) {
    errors.push(fieldError('venue', 'fac.err.venue.notProgramme'));
  } else if (venue.id !== input.keptVenue) {
    // A partner's venue only once the partner has accepted the partnership: services recorded
    // there reach open data under its venue's name.
    const owner = venue.organisation;
    const refusal = await cached(cache.venueRefusals, `${programme.organisation.id}|${owner}`, () =>
      venueRefusal(deps.db, programme.organisation.id, owner),
    );
    if (refusal) errors.push(refusal);
  }
  return venue;
}

/** The facilitator: the caller, or (for staff) a facilitator or staff member of the organisation; '' when none. */
async function checkFacilitator(
  deps: Deps,
  cache: PrepareCache,
  principal: Principal | null,
  programme: Programme,
  input: PrepareInput,
  errors: FieldError[],
): Promise<string> {
  const facilitatorId = input.facilitator ?? principal?.userId;
  if (!facilitatorId) errors.push(fieldError('facilitator', 'fac.err.facilitator.missing'));
  else if (facilitatorId !== principal?.userId) {
    if (principal && !isStaff(principal, programme.organisation.id)) {
      errors.push(fieldError('facilitator', 'fac.err.facilitator.self'));
    } else {
      const members = await membersOf(deps, cache, programme.organisation.id);
      if (!members.has(facilitatorId)) {
        errors.push(fieldError('facilitator', 'fac.err.facilitator.notMember'));
      }
    }
  }
  return facilitatorId ?? '';
}

/**
 * Every check of a record that needs no write: the programme and the caller's role in it, the
 * venue (the programme's organisation or a partner), the date (in the programme, not in the
 * future), the facilitator, and the citizen (codice fiscale where the programme reports to the
 * national platform). Refusals are 4xx Problems naming each bad field; nothing is written.
 */
export async function prepare(deps: Deps, principal: Principal | null, input: PrepareInput, cache: PrepareCache): Promise<Prepared> {
  const errors: FieldError[] = [];
  const programme = await programmeFor(deps, cache, input.programme);
  if (!programme) throw refuse(422, 'fac.err.programme.missing.detail', undefined, [fieldError('programme', 'fac.err.programme.missing')]);
  if (!canRecordFor(principal, programme.organisation.id)) {
    throw refuse(403, 'fac.err.notFacilitator', { name: programme.organisation.name });
  }

  const venue = await checkVenue(deps, cache, programme, input, errors);

  const today = todayInRome();
  if (input.date > today) errors.push(fieldError('date', 'fac.err.date.future'));
  else if (input.date < programme.start || input.date > programme.end) {
    errors.push(fieldError('date', 'fac.err.date.outside', { start: programme.start, end: programme.end }));
  }

  const facilitatorId = await checkFacilitator(deps, cache, principal, programme, input, errors);

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
    if (!checked.ok) errors.push(refusalError('citizen.fiscalCode', checked));
    else if (programme.nationalReporting && !validFiscalCode(checked.info.code)) {
      errors.push(fieldError('citizen.fiscalCode', 'fac.err.cf.notNational'));
    } else {
      plan = { kind: 'cf', code: checked.info.code, value: `cf:${checked.info.code}` };
      ageBand = checked.ageBand;
      gender = checked.info.gender;
    }
  } else if (c.keep) {
    plan = { kind: 'keep', citizenId: c.keep.id, hasFiscalCode: c.keep.hasFiscalCode };
  } else if (programme.nationalReporting && !input.profileOptional) {
    errors.push(fieldError('citizen.fiscalCode', 'fac.err.cf.required'));
  } else if (c.identifier) {
    const id = normaliseName(c.identifier).replace(/\s+/g, '');
    if (id.length < 3) errors.push(fieldError('citizen.identifier', 'fac.err.identifier.short'));
    else plan = { kind: 'other', value: `id:${id}` };
  }
  if (ageBand === '14-17' && !admitsMinors && !cf) {
    errors.push(refusalError('citizen.ageBand', minorsRefusal(programme.minorsFrom)));
  }

  // AN1, AN2: the national upload needs them; no other programme keeps names.
  let names: [string, string] | null = null;
  if (c.firstName !== undefined || c.lastName !== undefined) {
    if (!programme.nationalReporting) {
      errors.push(fieldError(c.firstName !== undefined ? 'citizen.firstName' : 'citizen.lastName', 'fac.err.names.notKept'));
    } else if (c.firstName && c.lastName) names = [c.firstName, c.lastName];
  }
  if (programme.nationalReporting && !names && !input.profileOptional && !input.namesKnown) {
    if (!c.firstName) errors.push(fieldError('citizen.firstName', 'fac.err.names.required'));
    if (!c.lastName) errors.push(fieldError('citizen.lastName', 'fac.err.names.required'));
  }

  let province: string | null = null;
  if (c.province) {
    province = await canonicalProvince(deps.db, c.province);
    if (!province) errors.push(fieldError('citizen.province', 'fac.err.province.unknown'));
  }
  if (!input.profileOptional) {
    for (const f of ['education', 'employment', 'citizenship', 'province'] as const) {
      if (!c[f]) errors.push(fieldError(`citizen.${f}`, 'fac.err.required'));
    }
    if (!c.consent && !input.consentOptional) errors.push(fieldError('citizen.consent', 'fac.err.consent.required'));
  }
  if (c.consent && c.consent.date > today) {
    errors.push(fieldError('citizen.consent.date', 'fac.err.consent.future'));
  }

  if (errors.length > 0) throw refuse(422, 'fac.err.record.invalid', undefined, errors);
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
