import { hasRole } from '../../core/access.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { forbidden, unprocessable } from '../../core/problems.js';
import { ORG_STAFF } from '../../core/roles.js';
import { type MunicipalityView, municipalitiesByCodes, type Venue, venuesByIds } from '../organisations/service.js';
import { getProgramme, type Programme } from '../programmes/service.js';
import {
  AGE_BAND_CODE,
  AGE_BAND_LABEL,
  type AgeBand,
  AREAS,
  CITIZENSHIP,
  CONSENT_LABELS,
  type ConsentChannel,
  DISCOVERY,
  EDUCATION,
  EMPLOYMENT,
  GENDERS,
  HELPERS,
  KINDS,
  labelsOf,
  REASONS,
  RETURN,
  SERVICES,
} from './codes.js';
import { dataKeys } from './crypto.js';
import { csvCell } from './csv.js';
import * as repo from './repo.js';
import { formatDuration } from './schemas.js';

/**
 * The files funders and the public need, streamed a batch at a time (constant memory whatever the
 * number of records): the national platform's bulk-upload layout (the only place the codice
 * fiscale is ever decrypted), the national open-data columns, and a plain CSV for staff.
 */

/** The bulk-upload columns, in the order the national platform's upload reads them. */
export const NATIONAL_COLUMNS = [
  'IDFacilitatore',
  'NominativoFacilitatore',
  'IDSede',
  'NominativoSede',
  'AN1',
  'AN2',
  'AN3',
  'AN4',
  'AN5',
  'AN6',
  'AN7',
  'AN8',
  'AN9',
  'AN10',
  'AN11',
  'AN12',
  'AN14',
  'AN17',
  'PR1',
  'PR2',
  'SE1',
  'SE2',
  'SE3',
  'SE4',
  'SE5',
  'SE6',
  'SE7',
  'ES1',
  'ES2',
  'ES3',
  'ES4',
  'ES5',
  'ES6',
] as const;
export type NationalColumn = (typeof NATIONAL_COLUMNS)[number];
export type NationalRow = Record<NationalColumn, string>;

/** A row missing any of these is discarded by the national platform (AN3 may be replaced by AN4 = SI with AN5 and AN6). */
export const NATIONAL_MANDATORY: NationalColumn[] = [
  'IDFacilitatore',
  'NominativoFacilitatore',
  'IDSede',
  'NominativoSede',
  'AN3',
  'AN4',
  'AN7',
  'AN8',
  'AN9',
  'AN10',
  'AN11',
  'AN12',
  'SE1',
  'SE2',
  'SE3',
  'SE4',
  'SE5',
  'SE6',
];

const COLUMN_NAMES: Partial<Record<NationalColumn, string>> = {
  IDFacilitatore: "l'identificativo del facilitatore sulla piattaforma nazionale",
  NominativoFacilitatore: 'il nome del facilitatore',
  IDSede: "l'identificativo della sede sulla piattaforma nazionale",
  NominativoSede: 'il nome della sede',
  AN3: 'il codice fiscale',
  AN5: 'il tipo di documento',
  AN6: 'il numero di documento',
  AN7: 'il genere',
  AN8: 'la fascia di età (14–17 non è prevista dal tracciato nazionale)',
  AN9: 'il titolo di studio',
  AN10: 'la condizione occupazionale',
  AN11: 'la cittadinanza',
  AN12: 'la provincia di domicilio',
};

export const PLAIN_COLUMNS = [
  'id',
  'data',
  'durata',
  'programma',
  'sede',
  'comune',
  'facilitatore',
  'tipologia',
  'competenze',
  'aree_di_competenza',
  'servizi_pubblici_digitali',
  'dettagli',
  'fascia_di_eta',
  'genere',
  'titolo_di_studio',
  'occupazione',
  'cittadinanza',
  'provincia',
  'codice_fiscale_presente',
  'consenso',
  'data_consenso',
  'questionario',
  'utilita',
] as const;

// ---------- lookups shared by every format ----------

type Ids = { venues?: Iterable<string>; municipalities?: Iterable<string>; users?: Iterable<string>; programmes?: Iterable<string> };

/** Venues, comuni, people and programmes by id, loaded a batch at a time and kept for the export's length. */
export class Lookups {
  venues = new Map<string, Venue | null>();
  municipalities = new Map<string, MunicipalityView | null>();
  users = new Map<string, { name: string; nationalId: string | null } | null>();
  programmes = new Map<string, Programme | null>();
  /** Ready-made CSV cells, per venue and per person: "national id,name". */
  venueCells = new Map<string, string>();
  userCells = new Map<string, string>();

  constructor(private deps: Deps) {}

  async load(rows: repo.RecordRow[]): Promise<void> {
    await this.loadIds({
      venues: rows.map((r) => r.venue_id),
      municipalities: rows.map((r) => r.municipality_code),
      users: rows.map((r) => r.facilitator_id),
      programmes: rows.map((r) => r.programme_id),
    });
  }

  /** Loads the venues and people of export rows (their positions in each row) not known yet. */
  async loadColumns(rows: repo.ExportArray[], at: { venue: number; user: number }): Promise<void> {
    const venues = new Set<string>();
    const users = new Set<string>();
    for (const r of rows) {
      if (!this.venues.has(r[at.venue] as string)) venues.add(r[at.venue] as string);
      if (!this.users.has(r[at.user] as string)) users.add(r[at.user] as string);
    }
    if (venues.size || users.size) await this.loadIds({ venues, users });
  }

  async loadIds(ids: Ids): Promise<void> {
    const missing = <T>(map: Map<string, T>, list: Iterable<string> | undefined) => [...new Set(list)].filter((id) => !map.has(id));
    const venueIds = missing(this.venues, ids.venues);
    if (venueIds.length) {
      const found = await venuesByIds(this.deps.db, venueIds);
      for (const id of venueIds) {
        const v = found.get(id) ?? null;
        this.venues.set(id, v);
        this.venueCells.set(id, `${csvCell(v?.nationalId ?? '')},${csvCell(v?.name ?? '')}`);
      }
    }
    const codes = missing(this.municipalities, ids.municipalities);
    if (codes.length) {
      const found = await municipalitiesByCodes(this.deps.db, codes);
      for (const c of codes) this.municipalities.set(c, found.get(c) ?? null);
    }
    const userIds = missing(this.users, ids.users);
    if (userIds.length) {
      const found = await repo.usersByIds(this.deps.db.k, userIds);
      for (const id of userIds) {
        const u = found.get(id) ?? null;
        this.users.set(id, u);
        this.userCells.set(id, `${csvCell(u?.nationalId ?? '')},${csvCell(u?.name ?? '')}`);
      }
    }
    for (const id of missing(this.programmes, ids.programmes)) {
      this.programmes.set(id, await getProgramme(this.deps.db, id).catch(() => null));
    }
  }
}

/**
 * The decrypted codice fiscale of each citizen of the national file, looked up once per citizen
 * rather than joined once per record. A citizen has about 2.5 services spread over years, so a
 * small cache would miss most of them and decrypt the same code again; this one keeps every
 * citizen of the export up to CITIZENS_KEPT (about 130 bytes each), then starts afresh.
 */
const CITIZENS_KEPT = 200_000;
class FiscalCodes {
  private cache = new Map<string, string>();
  constructor(private deps: Deps) {}

  /**
   * The codes for the citizens of a batch (the citizen id at position `at` of each row), in a map
   * of the batch's own: the next batch may be prepared, and the cache start afresh, while this
   * one is still being written.
   */
  async load(rows: repo.ExportArray[], at: number): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const r of rows) {
      const id = r[at] as string | null;
      if (id === null || out.has(id)) continue;
      const hit = this.cache.get(id);
      out.set(id, hit ?? '');
      if (hit === undefined) missing.push(id);
    }
    if (missing.length === 0) return out;
    // Bounded: start afresh when full (deleting the oldest one by one makes Map iteration crawl over tombstones).
    if (this.cache.size + missing.length > CITIZENS_KEPT) this.cache.clear();
    missing.sort();
    const found = await repo.citizenCiphertexts(this.deps.db, missing);
    const keys = dataKeys(this.deps.config);
    for (const id of missing) {
      const enc = found.get(id);
      const value = enc ? keys.decrypt(enc) : '';
      out.set(id, value);
      this.cache.set(id, value);
    }
    return out;
  }
}

/** A value's CSV cell, computed once per distinct value (codes and names repeat a lot). */
export function cellCache<K>(make: (k: K) => string): (k: K) => string {
  const cells = new Map<K, string>();
  return (k) => {
    let c = cells.get(k);
    if (c === undefined) {
      c = make(k);
      if (cells.size < 100_000) cells.set(k, c);
    }
    return c;
  };
}

// ---------- national layout ----------

export function nationalRow(r: repo.ExportRow, l: Lookups, cf: string): NationalRow {
  const user = l.users.get(r.facilitator_id);
  const venue = l.venues.get(r.venue_id);
  return {
    IDFacilitatore: user?.nationalId ?? '',
    NominativoFacilitatore: user?.name ?? '',
    IDSede: venue?.nationalId ?? '',
    NominativoSede: venue?.name ?? '',
    AN1: '',
    AN2: '',
    AN3: cf,
    AN4: r.cf_enc ? 'NO' : 'SI',
    AN5: '',
    AN6: '',
    AN7: r.gender ?? '',
    AN8: r.age_band ? (AGE_BAND_CODE[r.age_band as AgeBand] ?? '') : '',
    AN9: r.education ?? '',
    AN10: r.employment ?? '',
    AN11: r.citizenship ?? '',
    AN12: r.province ?? '',
    AN14: '',
    AN17: '',
    PR1: r.first_time ?? '',
    PR2: r.previous_kinds ?? '',
    SE1: r.service_date,
    SE2: formatDuration(Number(r.duration_minutes)),
    SE3: r.kinds,
    SE4: r.areas,
    SE5: r.competences,
    SE6: r.services,
    SE7: r.details ?? '',
    ES1: r.es1 ?? '',
    ES2: r.es2 ?? '',
    ES3: r.es3 ?? '',
    ES4: r.es4 ?? '',
    ES5: r.es5 ?? '',
    ES6: r.es6 === null || r.es6 === undefined ? '' : String(r.es6),
  };
}

/** The mandatory columns a national row lacks (AN5/AN6 when there is no codice fiscale). */
export function missingColumns(row: NationalRow): NationalColumn[] {
  const missing = NATIONAL_MANDATORY.filter((c) => c !== 'AN3' && !row[c]);
  if (row.AN4 === 'SI') {
    if (!row.AN5) missing.push('AN5');
    if (!row.AN6) missing.push('AN6');
  } else if (!row.AN3) missing.push('AN3');
  return missing;
}

export function describeMissing(columns: NationalColumn[]): string {
  return `manca ${columns.map((c) => COLUMN_NAMES[c] ?? c).join(', ')}`;
}

export interface ExportScope {
  programme: string;
  from: string;
  to: string;
}

export interface PrecheckIssue {
  id: string;
  date: string;
  venue: string;
  facilitator: string;
  missing: NationalColumn[];
  reason: string;
}

export interface Precheck {
  total: number;
  valid: number;
  rejected: number;
  /** How many rows lack each column. */
  byColumn: Partial<Record<NationalColumn, number>>;
  /** The first rejected records (at most `limit`). */
  issues: PrecheckIssue[];
}

/** Staff of the programme's organisation only: the national file holds the codice fiscale. */
export async function assertExportAllowed(deps: Deps, principal: Principal | null, programmeId: string): Promise<Programme> {
  const programme = await getProgramme(deps.db, programmeId);
  if (principal && !hasRole(principal, programme.organisation.id, ORG_STAFF)) {
    throw forbidden("Solo lo staff dell'ente titolare può esportare i servizi del programma.");
  }
  return programme;
}

export function checkScope(s: { from: string; to: string }): void {
  if (s.from > s.to) throw unprocessable('Il periodo non è valido.', [{ field: 'to', message: 'la data finale precede quella iniziale' }]);
}

/** Lists the records the national platform would discard, before anything is downloaded. */
export async function nationalPrecheck(deps: Deps, scope: ExportScope, limit = 200): Promise<Precheck> {
  checkScope(scope);
  const l = new Lookups(deps);
  const out: Precheck = { total: 0, valid: 0, rejected: 0, byColumn: {}, issues: [] };
  for await (const batch of repo.exportBatches(deps.db.k, scope)) {
    await l.load(batch);
    for (const r of batch) {
      out.total++;
      // The codice fiscale is not decrypted here: its presence is enough.
      const row = nationalRow(r, l, r.cf_enc ? 'X' : '');
      const missing = missingColumns(row);
      if (missing.length === 0) {
        out.valid++;
        continue;
      }
      out.rejected++;
      for (const c of missing) out.byColumn[c] = (out.byColumn[c] ?? 0) + 1;
      if (out.issues.length < limit) {
        out.issues.push({
          id: r.id,
          date: r.service_date,
          venue: row.NominativoSede,
          facilitator: row.NominativoFacilitatore,
          missing,
          reason: describeMissing(missing),
        });
      }
    }
  }
  return out;
}

export const csvLine = (cells: readonly string[]): string => cells.map(csvCell).join(',');

/**
 * The size of the pieces the exports hand to the stream, in characters: large enough that writing
 * costs little per piece, and below V8's large-object size (about 128 KB, and a label with a
 * character beyond Latin-1, such as '’', makes a string two bytes per character), so a piece that
 * has been written is reclaimed with the young generation. Larger pieces piled up, dead, in the
 * large-object space until a full collection, and made up most of an export's memory.
 */
export const CHUNK = 32 * 1024;

export interface StreamOptions {
  /** Called after each batch with the rows written so far. */
  onProgress?: (rows: number) => void;
}

/**
 * The national bulk-upload file, a batch of lines per chunk. Each call is one export: the caller
 * writes the audit entry before the first chunk leaves.
 */
export async function* nationalCsv(deps: Deps, scope: ExportScope, opts: StreamOptions = {}): AsyncGenerator<string> {
  checkScope(scope);
  const l = new Lookups(deps);
  const cfs = new FiscalCodes(deps);
  const { N } = repo;
  const an8 = cellCache((band: string | null) => (band ? (AGE_BAND_CODE[band as AgeBand] ?? '') : ''));
  const province = cellCache((p: string | null) => csvCell(p));
  const se2 = cellCache((minutes: number) => formatDuration(Number(minutes)));
  yield `${csvLine(NATIONAL_COLUMNS)}\r\n`;
  let n = 0;
  const prepare = async (rows: repo.ExportArray[]) => {
    await l.loadColumns(rows, { venue: N.venue, user: N.facilitator });
    return cfs.load(rows, N.citizen);
  };
  let chunk = '';
  for await (const { rows: batch, prepared: codes } of repo.exportRows(deps.db, scope, 'national', prepare)) {
    for (const r of batch) {
      const citizen = r[N.citizen] as string | null;
      const cf = citizen === null ? '' : (codes.get(citizen) ?? '');
      const details = r[N.details] === null ? '' : csvCell(r[N.details]);
      const es4 = r[N.es4] === null ? '' : csvCell(r[N.es4]);
      // The columns of NATIONAL_COLUMNS, in order (AN1, AN2, AN5, AN6, AN14, AN17 stay empty); the
      // runs of codes come joined from the database (repo.N).
      chunk += `${l.userCells.get(r[N.facilitator] as string)},${l.venueCells.get(r[N.venue] as string)},,,${cf},${cf ? 'NO' : 'SI'},,,${r[N.gender]},${an8(r[N.ageBand] as string | null)},${r[N.educationEmploymentCitizenship]},${province(r[N.province] as string | null)},,,${r[N.firstTimePreviousDate]},${se2(r[N.duration] as number)},${r[N.kindsAreasCompetencesServices]},${details},${r[N.es123]},${es4},${r[N.es56]}\r\n`;
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
    n += batch.length;
    opts.onProgress?.(n);
  }
  if (chunk) yield chunk;
}

/** Writes the export's audit entry: who took the codice fiscale of how many records, and when. */
export async function auditExport(
  deps: Deps,
  principal: Principal | null,
  programme: Programme,
  details: { format: string; from: string; to: string; rows?: number; via: string },
): Promise<void> {
  await repo.audit(deps.db.k, {
    userId: principal?.userId ?? null,
    organisationId: programme.organisation.id,
    action: `facilitation.export.${details.format}`,
    entity: 'programme',
    entityId: programme.id,
    details,
  });
}

// ---------- plain CSV for staff ----------

export async function* plainCsv(deps: Deps, scope: ExportScope, opts: StreamOptions = {}): AsyncGenerator<string> {
  checkScope(scope);
  const l = new Lookups(deps);
  const { P } = repo;
  const label = (list: Record<string, string>, codes: string) => csvCell(labelsOf(list, codes));
  // TIPOLOGIA, COMPETENZE (as codes), AREE, SERVIZI from "kinds|competences|areas|services".
  const service = cellCache((key: string) => {
    const [kinds, competences, areas, services] = key.split('|');
    return `${label(KINDS, kinds)},${competences},${label(AREAS, areas)},${label(SERVICES, services)}`;
  });
  // FASCIA_DI_ETA … CITTADINANZA from "age|gender|education|employment|citizenship".
  const people = cellCache((key: string) => {
    const [age, gender, education, employment, citizenship] = key.split('|');
    return `${age ? (AGE_BAND_LABEL[age as AgeBand] ?? '') : ''},${label(GENDERS, gender)},${label(EDUCATION, education)},${label(EMPLOYMENT, employment)},${label(CITIZENSHIP, citizenship)}`;
  });
  const province = cellCache((p: string | null) => csvCell(p));
  const duration = cellCache((minutes: number) => formatDuration(Number(minutes)));
  const programmeName = cellCache((id: string) => csvCell(l.programmes.get(id)?.name ?? ''));
  const venueName = cellCache((id: string) => csvCell(l.venues.get(id)?.name ?? ''));
  const municipalityName = cellCache((code: string) => csvCell(l.municipalities.get(code)?.name ?? ''));
  const userName = cellCache((id: string) => csvCell(l.users.get(id)?.name ?? ''));
  const consent = cellCache((channel: string | null) => (channel ? (CONSENT_LABELS[channel as ConsentChannel] ?? '') : ''));
  const status: Record<string, string> = { not_sent: 'non inviato', sent: 'inviato', answered: 'compilato' };
  // QUESTIONARIO, UTILITA from "status|es6".
  const survey = cellCache((key: string) => {
    const [state, es6] = key.split('|');
    return `${status[state] ?? ''},${es6}`;
  });
  yield `${csvLine(PLAIN_COLUMNS)}\r\n`;
  let n = 0;
  const prepare = (rows: repo.ExportArray[]) => l.loadIds(newIds(l, rows));
  let chunk = '';
  for await (const { rows: batch } of repo.exportRows(deps.db, scope, 'plain', prepare)) {
    for (const r of batch) {
      const details = r[P.details] === null ? '' : csvCell(r[P.details]);
      // The columns of PLAIN_COLUMNS, in order.
      chunk += `${r[P.id]},${r[P.date]},${duration(r[P.duration] as number)},${programmeName(r[P.programme] as string)},${venueName(r[P.venue] as string)},${municipalityName(r[P.municipality] as string)},${userName(r[P.facilitator] as string)},${service(r[P.service] as string)},${details},${people(r[P.people] as string)},${province(r[P.province] as string | null)},${r[P.fiscalCode] === 1 ? 'sì' : 'no'},${consent(r[P.consentChannel] as string | null)},${r[P.consentDate]},${survey(r[P.survey] as string)}\r\n`;
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
    n += batch.length;
    opts.onProgress?.(n);
  }
  if (chunk) yield chunk;
}

/** The programmes, venues, comuni and people of a plain-CSV batch that are not loaded yet. */
function newIds(l: Lookups, batch: repo.ExportArray[]): Ids {
  const { P } = repo;
  const ids = { venues: new Set<string>(), municipalities: new Set<string>(), users: new Set<string>(), programmes: new Set<string>() };
  for (const r of batch) {
    if (!l.venues.has(r[P.venue] as string)) ids.venues.add(r[P.venue] as string);
    if (!l.municipalities.has(r[P.municipality] as string)) ids.municipalities.add(r[P.municipality] as string);
    if (!l.users.has(r[P.facilitator] as string)) ids.users.add(r[P.facilitator] as string);
    if (!l.programmes.has(r[P.programme] as string)) ids.programmes.add(r[P.programme] as string);
  }
  return ids;
}

/** Labels of the questionnaire answers (ES1–ES5), for pages. */
export const SURVEY_LISTS = { es1: DISCOVERY, es2: REASONS, es3: RETURN, es5: HELPERS };
