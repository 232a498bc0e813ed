import { hasRole, organisationsWith } from '../../core/access.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { forbidden } from '../../core/problems.js';
import { ORG_FACILITATORS, ORG_STAFF } from '../../core/roles.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import { normaliseName, provincesOfMunicipalities } from '../organisations/service.js';
import { getProgramme, updateProgramme } from '../programmes/service.js';
import * as repo from './repo.js';
import { SettingsPut } from './schemas.js';

/* The programme's facilitation settings, the provinces of the domicile field, who may record for an organisation. */

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
    await repo.auditProgramme(trx, principal, programme, 'facilitation.settings', data);
  });
  return settingsFor(deps, programme.id);
}

// ---------- provinces (AN12) ----------

const provinceCache = new WeakMap<Db, Promise<Map<string, string>>>();

/** Province names by normalised name and by sigla ("PO" → "Prato"). */
function provinces(db: Db): Promise<Map<string, string>> {
  let p = provinceCache.get(db);
  if (!p) {
    p = provincesOfMunicipalities(db).then((rows) => {
      const map = new Map<string, string>();
      for (const r of rows) {
        map.set(normaliseName(r.province), r.province);
        map.set(normaliseName(r.provinceCode), r.province);
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

export function canRecordFor(principal: Principal | null, organisationId: string): boolean {
  return principal === null || hasRole(principal, organisationId, ORG_FACILITATORS);
}

export function isStaff(principal: Principal | null, organisationId: string): boolean {
  return principal === null || hasRole(principal, organisationId, ORG_STAFF);
}

/** Programmes a principal may record services for (`null`: all, for platform administrators). */
export function recordingOrganisations(principal: Principal): string[] | null {
  return organisationsWith(principal, ORG_FACILITATORS);
}
