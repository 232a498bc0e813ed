import { createHash } from 'node:crypto';
import { hasRole } from '../../core/access.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { forbidden, unprocessable } from '../../core/problems.js';
import { ORG_STAFF } from '../../core/roles.js';
import { type MunicipalityView, municipalitiesByCodes, type Venue, venuesByIds } from '../organisations/service.js';
import { getProgramme, listProgrammes, type Programme } from '../programmes/service.js';
import {
  AGE_BAND_CODE,
  AGE_BAND_LABEL,
  type AgeBand,
  AREAS,
  CITIZENSHIP,
  COMPETENCES,
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
import { csvCell, multiDashboard } from './dashboard.js';
import { todayInRome } from './dates.js';
import * as repo from './repo.js';
import { type Breakdown, formatDuration } from './schemas.js';

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

export const OPENDATA_COLUMNS = [
  'ID',
  'FASCIA_DI_ETA',
  'GENERE',
  'OCCUPAZIONE',
  'TITOLO_DI_STUDIO',
  'SERVIZIO_ID',
  'NOME_SERVIZIO',
  'DATA_FRUIZIONE_SERVIZIO',
  'AMBITO_SERVIZI_PUBBLICI_DIGITALI',
  'TIPOLOGIA_SERVIZIO',
  'COMPETENZE_TRATTATE',
  'SEDE_ID',
  'NOME_SEDE',
  'REGIONE',
  'PROVINCIA',
  'COMUNE',
  'CAP',
  'INTERVENTO',
  'ID_PROGRAMMA',
  'ID_PROGETTO',
] as const;

/** Below this count, a figure is not published. */
export const SUPPRESS_BELOW = 5;

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

/** Venues, comuni, people and programmes by id, loaded a batch at a time and kept for the export's length. */
class Lookups {
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

  async loadArrays(rows: repo.ExportArray[]): Promise<void> {
    const present = (xs: (string | null)[]) => xs.filter((x): x is string => x !== null);
    await this.loadIds({
      venues: rows.map((r) => r[repo.X.venue]),
      municipalities: present(rows.map((r) => r[repo.X.municipality])),
      users: rows.map((r) => r[repo.X.facilitator]),
      programmes: present(rows.map((r) => r[repo.X.programme])),
    });
  }

  private async loadIds(ids: { venues: string[]; municipalities: string[]; users: string[]; programmes: string[] }): Promise<void> {
    const missing = <T>(map: Map<string, T>, list: string[]) => [...new Set(list)].filter((id) => !map.has(id));
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

/** Decrypts each citizen's codice fiscale once per export, keeping a bounded number in memory. */
class FiscalCodes {
  private cache = new Map<string, string>();
  constructor(private deps: Deps) {}
  get(citizenId: string | null, enc: string | null): string {
    if (!citizenId || !enc) return '';
    const hit = this.cache.get(citizenId);
    if (hit !== undefined) return hit;
    const cf = dataKeys(this.deps.config).decrypt(enc);
    // Bounded: start afresh when full (deleting the oldest one by one makes Map iteration crawl over tombstones).
    if (this.cache.size >= 50_000) this.cache.clear();
    this.cache.set(citizenId, cf);
    return cf;
  }
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

function checkScope(s: { from: string; to: string }): void {
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

const csvLine = (cells: readonly string[]): string => cells.map(csvCell).join(',');

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
  const { X, C } = repo;
  const durations = new Map<string, string>();
  yield `${csvLine(NATIONAL_COLUMNS)}\r\n`;
  let n = 0;
  for await (const batch of repo.exportRows(deps.db, scope, 'national')) {
    await l.loadArrays(batch);
    let chunk = '';
    for (const r of batch) {
      const c = r[X.codes].split('|');
      const cf = cfs.get(r[X.citizen], r[X.cf]);
      let se2 = durations.get(c[C.duration_minutes]);
      if (se2 === undefined) {
        se2 = formatDuration(Number(c[C.duration_minutes]));
        durations.set(c[C.duration_minutes], se2);
      }
      const an8 = c[C.age_band] ? (AGE_BAND_CODE[c[C.age_band] as AgeBand] ?? '') : '';
      // The columns of NATIONAL_COLUMNS, in order (AN1, AN2, AN5, AN6, AN14, AN17 stay empty).
      chunk += `${l.userCells.get(r[X.facilitator])},${l.venueCells.get(r[X.venue])},,,${cf},${cf ? 'NO' : 'SI'},,,${c[C.gender]},${an8},${c[C.education]},${c[C.employment]},${c[C.citizenship]},${csvCell(c[C.province])},,,${c[C.first_time]},${c[C.previous_kinds]},${r[X.date]},${se2},${c[C.kinds]},${c[C.areas]},${c[C.competences]},${c[C.services]},${csvCell(r[X.details])},${c[C.es1]},${c[C.es2]},${c[C.es3]},${csvCell(r[X.es4])},${c[C.es5]},${c[C.es6]}\r\n`;
    }
    n += batch.length;
    opts.onProgress?.(n);
    yield chunk;
  }
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

// ---------- open data ----------

const pseudonym = (id: string) => createHash('sha256').update(`ponte-opendata:${id}`).digest('hex').slice(0, 16);
const capOf = (address: string | undefined) => /\b(\d{5})\b/.exec(address ?? '')?.[1] ?? '';

export interface OpenDataScope {
  programme: string | null;
  from: string;
  to: string;
}

export function openDataDefaults(q: { programme?: string; from?: string; to?: string }): OpenDataScope {
  return { programme: q.programme ?? null, from: q.from ?? '1990-01-01', to: q.to ?? todayInRome() };
}

/**
 * The open-data rows: one per citizen and service, without codice fiscale, name or citizenship.
 * Where a venue served fewer than 5 people in a month, the age band, gender, occupation and
 * education of those rows are left empty, so a small cell cannot single anyone out.
 */
type OpenDataRow = Record<(typeof OPENDATA_COLUMNS)[number], string>;

/** Parts of open-data rows that repeat (demographics, the service, the place, the programme), built once each. */
class OpenDataParts {
  private parts = new Map<string, string[]>();
  constructor(private l: Lookups) {}

  private get(key: string, make: () => string[]): string[] {
    let p = this.parts.get(key);
    if (!p) {
      p = make();
      if (this.parts.size < 100_000) this.parts.set(key, p);
    }
    return p;
  }

  /** FASCIA_DI_ETA, GENERE, OCCUPAZIONE, TITOLO_DI_STUDIO. */
  people(c: string[], suppressed: boolean): string[] {
    if (suppressed) return ['', '', '', ''];
    const { C } = repo;
    return this.get(`p|${c[C.age_band]}|${c[C.gender]}|${c[C.employment]}|${c[C.education]}`, () => [
      AGE_BAND_LABEL[c[C.age_band] as AgeBand] ?? '',
      GENDERS[c[C.gender]] ?? '',
      EMPLOYMENT[c[C.employment]] ?? '',
      EDUCATION[c[C.education]] ?? '',
    ]);
  }

  /** NOME_SERVIZIO, AMBITO_SERVIZI_PUBBLICI_DIGITALI, TIPOLOGIA_SERVIZIO, COMPETENZE_TRATTATE. */
  service(c: string[]): string[] {
    const { C } = repo;
    return this.get(`s|${c[C.kinds]}|${c[C.services]}|${c[C.competences]}`, () => [
      labelsOf(KINDS, c[C.kinds]),
      labelsOf(SERVICES, c[C.services]),
      labelsOf(KINDS, c[C.kinds]),
      labelsOf(COMPETENCES, c[C.competences]),
    ]);
  }

  /** SEDE_ID, NOME_SEDE, REGIONE, PROVINCIA, COMUNE, CAP. */
  place(venueId: string, municipality: string): string[] {
    return this.get(`v|${venueId}|${municipality}`, () => {
      const venue = this.l.venues.get(venueId);
      const m = this.l.municipalities.get(municipality);
      return [venue?.nationalId ?? venueId, venue?.name ?? '', m?.region ?? '', m?.province ?? '', m?.name ?? '', capOf(venue?.address)];
    });
  }

  /** INTERVENTO, ID_PROGRAMMA, ID_PROGETTO. */
  programme(programmeId: string, organisationId: string): string[] {
    return this.get(`g|${programmeId}`, () => [this.l.programmes.get(programmeId)?.funding ?? '', programmeId, organisationId]);
  }

  /** A part's cells escaped for CSV, one by one. */
  private each = new Map<string[], string[]>();
  escaped(part: string[]): string[] {
    let e = this.each.get(part);
    if (!e) {
      e = part.map(csvCell);
      this.each.set(part, e);
    }
    return e;
  }

  /** A part as CSV cells joined, cached by the part. */
  private csv = new Map<string[], string>();
  cells(part: string[]): string {
    let s = this.csv.get(part);
    if (s === undefined) {
      s = part.map(csvCell).join(',');
      this.csv.set(part, s);
    }
    return s;
  }
}

/**
 * The open-data rows: one per citizen and service, without codice fiscale, name or citizenship.
 * Where a venue served fewer than 5 people in a month, the age band, gender, occupation and
 * education of those rows are left empty, so a small cell cannot single anyone out. `line` gets
 * each row as CSV cells or as an object.
 */
async function* openData<T>(
  deps: Deps,
  scope: OpenDataScope,
  opts: StreamOptions,
  line: (
    id: string,
    service: string,
    date: string,
    parts: OpenDataParts,
    people: string[],
    svc: string[],
    place: string[],
    prog: string[],
  ) => T,
): AsyncGenerator<T[]> {
  checkScope(scope);
  const l = new Lookups(deps);
  const parts = new OpenDataParts(l);
  const small = await repo.venueMonthCounts(deps.db.k, scope.programme);
  const { X } = repo;
  let n = 0;
  for await (const batch of repo.exportRows(deps.db, scope, 'opendata')) {
    await l.loadArrays(batch);
    const out: T[] = [];
    for (const r of batch) {
      const c = r[X.codes].split('|');
      const id = pseudonym(r[X.id]);
      const group = r[X.group];
      const service = group ? pseudonym(group) : id;
      const suppressed = (small.get(`${r[X.venue]}|${r[X.date].slice(0, 7)}`) ?? 0) < SUPPRESS_BELOW;
      out.push(
        line(
          id,
          service,
          r[X.date],
          parts,
          parts.people(c, suppressed),
          parts.service(c),
          parts.place(r[X.venue], r[X.municipality]),
          parts.programme(r[X.programme], r[X.organisation]),
        ),
      );
    }
    n += batch.length;
    opts.onProgress?.(n);
    yield out;
  }
}

export async function* openDataRows(deps: Deps, scope: OpenDataScope, opts: StreamOptions = {}): AsyncGenerator<OpenDataRow[]> {
  yield* openData(deps, scope, opts, (id, service, date, _parts, p, s, v, g) => ({
    ID: id,
    FASCIA_DI_ETA: p[0],
    GENERE: p[1],
    OCCUPAZIONE: p[2],
    TITOLO_DI_STUDIO: p[3],
    SERVIZIO_ID: service,
    NOME_SERVIZIO: s[0],
    DATA_FRUIZIONE_SERVIZIO: date,
    AMBITO_SERVIZI_PUBBLICI_DIGITALI: s[1],
    TIPOLOGIA_SERVIZIO: s[2],
    COMPETENZE_TRATTATE: s[3],
    SEDE_ID: v[0],
    NOME_SEDE: v[1],
    REGIONE: v[2],
    PROVINCIA: v[3],
    COMUNE: v[4],
    CAP: v[5],
    INTERVENTO: g[0],
    ID_PROGRAMMA: g[1],
    ID_PROGETTO: g[2],
  }));
}

export async function* openDataCsv(deps: Deps, scope: OpenDataScope, opts: StreamOptions = {}): AsyncGenerator<string> {
  yield `${csvLine(OPENDATA_COLUMNS)}\r\n`;
  // The columns of OPENDATA_COLUMNS, in order; the service's parts go around the date.
  for await (const lines of openData(deps, scope, opts, (id, service, date, parts, p, s, v, g) => {
    const e = parts.escaped(s);
    return `${id},${parts.cells(p)},${service},${e[0]},${date},${e[1]},${e[2]},${e[3]},${parts.cells(v)},${parts.cells(g)}\r\n`;
  })) {
    yield lines.join('');
  }
}

export async function* openDataJson(deps: Deps, scope: OpenDataScope, opts: StreamOptions = {}): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const rows of openDataRows(deps, scope, opts)) {
    let chunk = '';
    for (const row of rows) {
      chunk += `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
      first = false;
    }
    yield chunk;
  }
  yield '\n]\n';
}

// ---------- plain CSV for staff ----------

export async function* plainCsv(deps: Deps, scope: ExportScope, opts: StreamOptions = {}): AsyncGenerator<string> {
  checkScope(scope);
  const l = new Lookups(deps);
  const { X, C } = repo;
  const labels = new Map<string, string>();
  const label = (list: Record<string, string>, codes: string) => {
    const k = `${codes}|${Object.keys(list).length}|${list[Object.keys(list)[0]]}`;
    let v = labels.get(k);
    if (v === undefined) {
      v = csvCell(labelsOf(list, codes));
      labels.set(k, v);
    }
    return v;
  };
  const status: Record<string, string> = { not_sent: 'non inviato', sent: 'inviato', answered: 'compilato' };
  yield `${csvLine(PLAIN_COLUMNS)}\r\n`;
  let n = 0;
  for await (const batch of repo.exportRows(deps.db, scope, 'plain')) {
    await l.loadArrays(batch);
    let chunk = '';
    for (const r of batch) {
      const c = r[X.codes].split('|');
      const age = c[C.age_band] ? AGE_BAND_LABEL[c[C.age_band] as AgeBand] : '';
      chunk += `${[
        r[X.id],
        r[X.date],
        formatDuration(Number(c[C.duration_minutes])),
        csvCell(l.programmes.get(r[X.programme])?.name ?? ''),
        csvCell(l.venues.get(r[X.venue])?.name ?? ''),
        csvCell(l.municipalities.get(r[X.municipality])?.name ?? ''),
        csvCell(l.users.get(r[X.facilitator])?.name ?? ''),
        label(KINDS, c[C.kinds]),
        c[C.competences],
        label(AREAS, c[C.areas]),
        label(SERVICES, c[C.services]),
        csvCell(r[X.details]),
        age,
        label(GENDERS, c[C.gender]),
        label(EDUCATION, c[C.education]),
        label(EMPLOYMENT, c[C.employment]),
        label(CITIZENSHIP, c[C.citizenship]),
        csvCell(c[C.province]),
        r[X.cf] ? 'sì' : 'no',
        c[C.consent_channel] ? CONSENT_LABELS[c[C.consent_channel] as ConsentChannel] : '',
        c[C.consent_date],
        status[c[C.survey_status]] ?? '',
        c[C.es6],
      ].join(',')}\r\n`;
    }
    n += batch.length;
    opts.onProgress?.(n);
    yield chunk;
  }
}

/** Labels of the questionnaire answers (ES1–ES5), for pages. */
export const SURVEY_LISTS = { es1: DISCOVERY, es2: REASONS, es3: RETURN, es5: HELPERS };

// ---------- aggregates for the public, and the dataset's description ----------

export const SUMMARY_BREAKDOWNS = [
  'month',
  'municipality',
  'kind',
  'competence',
  'service',
  'ageBand',
  'gender',
] as const satisfies readonly Breakdown[];
export type SummaryBreakdown = (typeof SUMMARY_BREAKDOWNS)[number];

export interface SummaryItem {
  key: string;
  label: string;
  /** null when under 5 (or when it would let a suppressed figure be worked out). */
  services: number | null;
  citizens: number | null;
}

/** Hides every count under 5, and the next smallest when a single hidden one could be worked out from the total. */
export function suppress(values: number[]): (number | null)[] {
  const out: (number | null)[] = values.map((v) => (v < SUPPRESS_BELOW ? null : v));
  const hiddenNonZero = values.filter((v, i) => out[i] === null && v > 0).length;
  if (hiddenNonZero === 1) {
    let smallest = -1;
    values.forEach((v, i) => {
      if (out[i] !== null && (smallest < 0 || v < values[smallest])) smallest = i;
    });
    if (smallest >= 0) out[smallest] = null;
  }
  return out;
}

/** Published aggregates: services and new unique citizens per value, with small counts suppressed. */
export async function openDataSummary(
  deps: Deps,
  scope: OpenDataScope,
  by: SummaryBreakdown,
): Promise<{
  period: { from: string; to: string };
  by: SummaryBreakdown;
  total: { services: number | null; citizens: number | null };
  items: SummaryItem[];
}> {
  const programmes = scope.programme ? [scope.programme] : (await listProgrammes(deps.db, null)).map((p) => p.id);
  const d = await multiDashboard(deps, programmes, { from: scope.from, to: scope.to }, [by]);
  const items = d.breakdowns[by];
  const services = suppress(items.map((i) => i.services));
  const citizens = suppress(items.map((i) => i.citizens));
  return {
    period: d.period,
    by,
    total: {
      services: d.totals.services < SUPPRESS_BELOW ? null : d.totals.services,
      citizens: d.totals.citizens < SUPPRESS_BELOW ? null : d.totals.citizens,
    },
    items: items.map((i, k) => ({ key: i.key, label: i.label, services: services[k], citizens: citizens[k] })),
  };
}

/** The dataset described in DCAT-AP_IT, as JSON-LD. */
export function dcatDescription(deps: Deps, publisher: { name: string; id: string } | null, programme: string | null): unknown {
  const base = deps.config.baseUrl;
  const q = programme ? `?programme=${programme}` : '';
  const license = {
    '@id': 'https://creativecommons.org/licenses/by/4.0/',
    '@type': ['dct:LicenseDocument', 'dcatapit:LicenseDocument'],
    'dct:type': { '@id': 'http://purl.org/adms/licencetype/Attribution' },
    'foaf:name': 'Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)',
  };
  const agent = {
    '@type': ['foaf:Agent', 'dcatapit:Agent'],
    'foaf:name': publisher?.name ?? 'Ponte',
    'dct:identifier': publisher?.id ?? base,
  };
  const distribution = (path: string, format: string, title: string, media: string) => ({
    '@id': `${base}${path}${q}`,
    '@type': ['dcat:Distribution', 'dcatapit:Distribution'],
    'dct:title': { '@language': 'it', '@value': title },
    'dcat:accessURL': { '@id': `${base}${path}${q}` },
    'dcat:downloadURL': { '@id': `${base}${path}${q}` },
    'dcat:mediaType': media,
    'dct:format': { '@id': `http://publications.europa.eu/resource/authority/file-type/${format}` },
    'dct:license': license,
  });
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      dcatapit: 'http://dati.gov.it/onto/dcatapit#',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': `${base}/api/v1/opendata/facilitations${q}`,
    '@type': ['dcat:Dataset', 'dcatapit:Dataset'],
    'dct:identifier': `ponte:facilitazioni${programme ? `:${programme}` : ''}`,
    'dct:title': { '@language': 'it', '@value': 'Servizi di facilitazione digitale erogati' },
    'dct:description': {
      '@language': 'it',
      '@value':
        'Un record per ogni servizio di facilitazione digitale erogato a un cittadino, con le colonne degli open data nazionali della rete dei servizi di facilitazione digitale. Non contiene codice fiscale, nome né cittadinanza; fascia di età, genere, occupazione e titolo di studio sono omessi dove una sede ha servito meno di 5 persone in un mese. Gli aggregati non mostrano mai conteggi inferiori a 5.',
    },
    'dcat:theme': [
      { '@id': 'http://publications.europa.eu/resource/authority/data-theme/GOVE' },
      { '@id': 'http://publications.europa.eu/resource/authority/data-theme/EDUC' },
    ],
    'dcat:keyword': ['facilitazione digitale', 'competenze digitali', 'PNRR', 'servizi pubblici digitali'],
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/ITA' },
    'dct:accrualPeriodicity': { '@id': 'http://publications.europa.eu/resource/authority/frequency/DAILY' },
    'dct:modified': { '@value': todayInRome(), '@type': 'xsd:date' },
    'dct:publisher': agent,
    'dct:rightsHolder': agent,
    'dcat:contactPoint': {
      '@type': ['vcard:Kind', 'vcard:Organization', 'dcatapit:Organization'],
      'vcard:fn': publisher?.name ?? 'Ponte',
      'vcard:hasURL': { '@id': base },
    },
    'dct:conformsTo': { '@id': 'https://www.dati.gov.it/onto/dcatapit' },
    'dcat:distribution': [
      distribution('/api/v1/opendata/facilitations.csv', 'CSV', 'Servizi di facilitazione (CSV)', 'text/csv'),
      distribution('/api/v1/opendata/facilitations.json', 'JSON', 'Servizi di facilitazione (JSON)', 'application/json'),
      distribution(
        '/api/v1/opendata/facilitations/summary.json',
        'JSON',
        'Conteggi aggregati, con soppressione sotto 5 (JSON)',
        'application/json',
      ),
    ],
  };
}
