import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { type Lang, t } from '../../core/i18n.js';
import { forbidden } from '../../core/problems.js';
import { parse } from '../../core/validation.js';
import { normaliseName } from '../organisations/service.js';
import { getProgramme } from '../programmes/service.js';
import { type AgeBand, type Gender, splitCodes } from './codes.js';
import { dataKeys } from './crypto.js';
import { todayInRome } from './dates.js';
import { checkFiscalCode } from './fiscal-code.js';
import * as repo from './repo.js';
import { formatDuration, LookupBody } from './schemas.js';

import { canRecordFor } from './settings.js';

/* Recognising a returning citizen, and the form's defaults and pre-filled links. */

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
export async function lookupCitizen(deps: Deps, principal: Principal | null, input: unknown, lang: Lang = 'it'): Promise<Lookup> {
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
    if (!checked.ok) return { known: false, profile: null, ageBand: null, gender: null, error: t(lang, checked.key, checked.vars) };
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
