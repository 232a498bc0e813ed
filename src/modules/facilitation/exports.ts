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
import * as repo from './repo.js';
import { type Breakdown, formatDuration } from './schemas.js';
import { todayInRome } from './service.js';

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

  constructor(private deps: Deps) {}

  async load(rows: repo.RecordRow[]): Promise<void> {
    const missing = <T>(map: Map<string, T>, ids: string[]) => [...new Set(ids)].filter((id) => !map.has(id));
    const venueIds = missing(
      this.venues,
      rows.map((r) => r.venue_id),
    );
    if (venueIds.length) {
      const found = await venuesByIds(this.deps.db, venueIds);
      for (const id of venueIds) this.venues.set(id, found.get(id) ?? null);
    }
    const codes = missing(
      this.municipalities,
      rows.map((r) => r.municipality_code),
    );
    if (codes.length) {
      const found = await municipalitiesByCodes(this.deps.db, codes);
      for (const c of codes) this.municipalities.set(c, found.get(c) ?? null);
    }
    const userIds = missing(
      this.users,
      rows.map((r) => r.facilitator_id),
    );
    if (userIds.length) {
      const found = await repo.usersByIds(this.deps.db.k, userIds);
      for (const id of userIds) this.users.set(id, found.get(id) ?? null);
    }
    for (const id of missing(
      this.programmes,
      rows.map((r) => r.programme_id),
    )) {
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
    if (this.cache.size >= 20_000) this.cache.delete(this.cache.keys().next().value as string);
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
  yield `${csvLine(NATIONAL_COLUMNS)}\r\n`;
  let n = 0;
  for await (const batch of repo.exportBatches(deps.db.k, scope)) {
    await l.load(batch);
    let chunk = '';
    for (const r of batch) {
      const row = nationalRow(r, l, cfs.get(r.citizen_id, r.cf_enc));
      chunk += `${csvLine(NATIONAL_COLUMNS.map((c) => row[c]))}\r\n`;
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

export function openDataRow(r: repo.RecordRow, l: Lookups, suppress: boolean): Record<(typeof OPENDATA_COLUMNS)[number], string> {
  const venue = l.venues.get(r.venue_id);
  const m = l.municipalities.get(r.municipality_code);
  const p = l.programmes.get(r.programme_id);
  return {
    ID: pseudonym(r.id),
    FASCIA_DI_ETA: suppress || !r.age_band ? '' : (AGE_BAND_LABEL[r.age_band as AgeBand] ?? ''),
    GENERE: suppress || !r.gender ? '' : (GENDERS[r.gender] ?? ''),
    OCCUPAZIONE: suppress || !r.employment ? '' : (EMPLOYMENT[r.employment] ?? ''),
    TITOLO_DI_STUDIO: suppress || !r.education ? '' : (EDUCATION[r.education] ?? ''),
    SERVIZIO_ID: pseudonym(r.service_group_id ?? r.id),
    NOME_SERVIZIO: labelsOf(KINDS, r.kinds),
    DATA_FRUIZIONE_SERVIZIO: r.service_date,
    AMBITO_SERVIZI_PUBBLICI_DIGITALI: labelsOf(SERVICES, r.services),
    TIPOLOGIA_SERVIZIO: labelsOf(KINDS, r.kinds),
    COMPETENZE_TRATTATE: labelsOf(COMPETENCES, r.competences),
    SEDE_ID: venue?.nationalId ?? r.venue_id,
    NOME_SEDE: venue?.name ?? '',
    REGIONE: m?.region ?? '',
    PROVINCIA: m?.province ?? '',
    COMUNE: m?.name ?? '',
    CAP: capOf(venue?.address),
    INTERVENTO: p?.funding ?? '',
    ID_PROGRAMMA: r.programme_id,
    ID_PROGETTO: r.organisation_id,
  };
}

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
export async function* openDataRows(
  deps: Deps,
  scope: OpenDataScope,
  opts: StreamOptions = {},
): AsyncGenerator<Record<(typeof OPENDATA_COLUMNS)[number], string>[]> {
  checkScope(scope);
  const l = new Lookups(deps);
  const cells = await repo.venueMonthCounts(deps.db.k, scope.programme);
  let n = 0;
  for await (const batch of repo.exportBatches(deps.db.k, scope)) {
    await l.load(batch);
    const rows = batch.map((r) => openDataRow(r, l, (cells.get(`${r.venue_id}|${repo.monthOf(r.service_date)}`) ?? 0) < SUPPRESS_BELOW));
    n += rows.length;
    opts.onProgress?.(n);
    yield rows;
  }
}

export async function* openDataCsv(deps: Deps, scope: OpenDataScope, opts: StreamOptions = {}): AsyncGenerator<string> {
  yield `${csvLine(OPENDATA_COLUMNS)}\r\n`;
  for await (const rows of openDataRows(deps, scope, opts)) {
    let chunk = '';
    for (const row of rows) chunk += `${csvLine(OPENDATA_COLUMNS.map((c) => row[c]))}\r\n`;
    yield chunk;
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
  yield `${csvLine(PLAIN_COLUMNS)}\r\n`;
  let n = 0;
  for await (const batch of repo.exportBatches(deps.db.k, scope)) {
    await l.load(batch);
    let chunk = '';
    for (const r of batch) {
      const cells = [
        r.id,
        r.service_date,
        formatDuration(Number(r.duration_minutes)),
        l.programmes.get(r.programme_id)?.name ?? '',
        l.venues.get(r.venue_id)?.name ?? '',
        l.municipalities.get(r.municipality_code)?.name ?? '',
        l.users.get(r.facilitator_id)?.name ?? '',
        labelsOf(KINDS, r.kinds),
        r.competences,
        labelsOf(AREAS, r.areas),
        labelsOf(SERVICES, r.services),
        r.details ?? '',
        r.age_band ? AGE_BAND_LABEL[r.age_band as AgeBand] : '',
        r.gender ? GENDERS[r.gender] : '',
        r.education ? EDUCATION[r.education] : '',
        r.employment ? EMPLOYMENT[r.employment] : '',
        r.citizenship ? CITIZENSHIP[r.citizenship] : '',
        r.province ?? '',
        r.cf_enc ? 'sì' : 'no',
        r.consent_channel ? CONSENT_LABELS[r.consent_channel as ConsentChannel] : '',
        r.consent_date ?? '',
        { not_sent: 'non inviato', sent: 'inviato', answered: 'compilato' }[r.survey_status],
        r.es6 === null ? '' : String(r.es6),
      ];
      chunk += `${csvLine(cells)}\r\n`;
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
  const d = await multiDashboard(deps, programmes, { from: scope.from, to: scope.to });
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
