import { createHash, hash as cryptoHash } from 'node:crypto';
import type { Deps } from '../../core/deps.js';
import { getOrganisation, type Organisation } from '../organisations/service.js';
import { getProgramme, listProgrammes } from '../programmes/service.js';
import {
  type AgeBand,
  AREAS,
  areasOf,
  type CodeList,
  EDUCATION,
  EMPLOYMENT,
  GENDERS,
  KINDS,
  SERVICES,
  type SummaryBreakdown,
  splitCodes,
} from './codes.js';
import { semicolonCell, spreadsheetText } from './csv.js';
import { todayInRome } from './dates.js';
import { CHUNK, checkScope, Lookups, type StreamOptions } from './exports.js';
import * as repo from './repo.js';

/**
 * Open data as the national open-data service publishes it (ms-open-data in
 * teamdigitale/monitoraggio.repubblicadigitale.gov.it: CSVUtil and OpenDataCSVService), streamed a
 * batch at a time; the published aggregates; and the catalogue's description in DCAT-AP_IT.
 */

/** The columns of the national open-data file, in its order. */
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

// ---------- open data ----------

// crypto.hash (Node 20.12+) is the one-shot form, three times quicker than createHash for a short id.
const sha256hex: (s: string) => string = cryptoHash
  ? (s) => cryptoHash('sha256', s, 'hex')
  : (s) => createHash('sha256').update(s).digest('hex');
const pseudonym = (id: string) => sha256hex(`ponte-opendata:${id}`).slice(0, 16);
/** CAP when the venue has none set: a five-digit number in its address. */
const capOf = (address: string | undefined) => /\b(\d{5})\b/.exec(address ?? '')?.[1] ?? '';

/** FASCIA_DI_ETA as the national platform names its age bands (its citizen form: "18-29" … "75 e oltre", and "14-17"). */
export const OPENDATA_AGE_BANDS: Record<AgeBand, string> = {
  '14-17': '14-17',
  '18-29': '18-29',
  '30-54': '30-54',
  '55-74': '55-74',
  '75+': '75 e oltre',
};

/**
 * The labels of several answers in one cell, with ", " between them as the national file writes
 * several answers: TIPOLOGIA_SERVIZIO is the service's types joined with ", ", and the answers the
 * questionnaire keeps as a list come out of OpenDataCSVService the same way. The labels are the
 * national platform's own (codes.ts).
 */
const joined = (list: CodeList, codes: readonly string[]): string => codes.map((c) => list[c] ?? c).join(', ');

/**
 * COMPETENZE_TRATTATE: the first-level areas (SE4, question 25 of the national questionnaire), not
 * the competences (SE5). Every record's areas are those of its competences (service.ts stores
 * `areasOf(competences)`), so they are worked out here from the competences the row carries.
 * Where a service touched several areas they are all written; the national service keeps only
 * the first, cutting its stored answer at the first ':' (OpenDataCSVService), which also cuts the
 * label of area E after "es.".
 */
const areaLabels = (competences: string): string => joined(AREAS, areasOf(splitCodes(competences).map(Number)));

export interface OpenDataScope {
  programme: string | null;
  from: string;
  to: string;
}

export function openDataDefaults(q: { programme?: string; from?: string; to?: string }): OpenDataScope {
  return { programme: q.programme ?? null, from: q.from ?? '1990-01-01', to: q.to ?? todayInRome() };
}

type OpenDataRow = Record<(typeof OPENDATA_COLUMNS)[number], string>;

/**
 * A part of open-data rows that repeats: its cells (as the JSON variant gives them), and the same
 * joined for the CSV file, each cell quoted by the national service's rule and, for the positions
 * in `text` (names people typed), made safe to open in a spreadsheet.
 */
interface Part {
  cells: string[];
  csv: string;
}
const part = (cells: string[], text: readonly number[] = []): Part => ({
  cells,
  csv: cells.map((c, i) => semicolonCell(text.includes(i) ? spreadsheetText(c) : c)).join(';'),
});
const SUPPRESSED: Part = part(['', '', '', '']);
/** In a place part, the cells that are free text: NOME_SEDE, REGIONE, PROVINCIA, COMUNE. */
const PLACE_TEXT = [1, 2, 3, 4] as const;

/**
 * Parts of open-data rows that repeat (demographics, the service, the place, the programme), built
 * once each from the keys the database gives (repo.O), a bounded number kept.
 */
class OpenDataParts {
  // One map per kind of part, so a row's keys are looked up as they come, without building new ones.
  private maps = {
    people: new Map<string, Part>(),
    service: new Map<string, Part>(),
    place: new Map<string, Part>(),
    programme: new Map<string, Part>(),
  };
  constructor(private l: Lookups) {}

  private get(kind: 'people' | 'service' | 'place' | 'programme', key: string, make: () => Part): Part {
    const map = this.maps[kind];
    let p = map.get(key);
    if (!p) {
      p = make();
      if (map.size < 100_000) map.set(key, p);
    }
    return p;
  }

  /** Loads the venues, comuni and programmes a batch refers to that no part has needed yet. */
  async prepare(batch: repo.ExportArray[]): Promise<void> {
    const venues = new Set<string>();
    const municipalities = new Set<string>();
    const programmes = new Set<string>();
    const { O } = repo;
    for (const r of batch) {
      const place = r[O.place] as string;
      if (!this.maps.place.has(place)) {
        const [venue, municipality] = place.split('|');
        if (!this.l.venues.has(venue)) venues.add(venue);
        if (!this.l.municipalities.has(municipality)) municipalities.add(municipality);
      }
      if (!this.l.programmes.has(r[O.programme] as string)) programmes.add(r[O.programme] as string);
    }
    if (venues.size || municipalities.size || programmes.size) await this.l.loadIds({ venues, municipalities, programmes });
  }

  /** FASCIA_DI_ETA, GENERE, OCCUPAZIONE, TITOLO_DI_STUDIO, from "age|gender|employment|education". */
  people(key: string, suppressed: boolean): Part {
    if (suppressed) return SUPPRESSED;
    return this.get('people', key, () => {
      const [age, gender, employment, education] = key.split('|');
      return part([
        OPENDATA_AGE_BANDS[age as AgeBand] ?? '',
        GENDERS[gender] ?? '',
        EMPLOYMENT[employment] ?? '',
        EDUCATION[education] ?? '',
      ]);
    });
  }

  /**
   * NOME_SERVIZIO, AMBITO_SERVIZI_PUBBLICI_DIGITALI, TIPOLOGIA_SERVIZIO, COMPETENZE_TRATTATE, from
   * "kinds|services|competences". Ponte's services have no name of their own: NOME_SERVIZIO is
   * their types, as TIPOLOGIA_SERVIZIO.
   */
  service(key: string): Part {
    return this.get('service', key, () => {
      const [kinds, services, competences] = key.split('|');
      const types = joined(KINDS, splitCodes(kinds));
      return part([types, joined(SERVICES, splitCodes(services)), types, areaLabels(competences)]);
    });
  }

  /** The service's cells around the date: NOME_SERVIZIO, and the three after DATA_FRUIZIONE_SERVIZIO. */
  serviceCsv(key: string): [string, string] {
    let s = this.serviceSplit.get(key);
    if (!s) {
      const p = this.service(key);
      const e = p.cells.map(semicolonCell);
      s = [e[0], e.slice(1).join(';')];
      if (this.serviceSplit.size < 100_000) this.serviceSplit.set(key, s);
    }
    return s;
  }
  private serviceSplit = new Map<string, [string, string]>();

  /**
   * SEDE_ID, NOME_SEDE, REGIONE, PROVINCIA, COMUNE, CAP, from "venue|comune": the venue's id and
   * name on the national platform (its own id and name when it has none there), its CAP (or one
   * found in its address).
   */
  place(key: string): Part {
    return this.get('place', key, () => {
      const [venueId, municipality] = key.split('|');
      const venue = this.l.venues.get(venueId);
      const m = this.l.municipalities.get(municipality);
      return part(
        [
          venue?.nationalId ?? venueId,
          venue?.nationalName ?? '',
          m?.region ?? '',
          m?.province ?? '',
          m?.name ?? '',
          venue?.postalCode || capOf(venue?.address),
        ],
        PLACE_TEXT,
      );
    });
  }

  /**
   * INTERVENTO, ID_PROGRAMMA, ID_PROGETTO: the programme's line (RFD or SCD), and its programme
   * code and project id on the national platform, empty when not set (never Ponte's own ids).
   */
  programme(programmeId: string): Part {
    return this.get('programme', programmeId, () => {
      const p = this.l.programmes.get(programmeId);
      return part([p?.nationalPolicy ?? '', p?.nationalProgrammeCode ?? '', p?.nationalProjectId ?? '']);
    });
  }
}

/**
 * The open-data rows: one per citizen and service, without codice fiscale, name or citizenship,
 * numbered from 1 in the order written (the national file's ID). Where a venue served fewer than 5
 * people in a month, the age band, gender, occupation and education of those rows are left empty,
 * so a small cell cannot single anyone out. `line` turns each row into what the format needs (a CSV
 * line, an object).
 */
async function* openData<T>(
  deps: Deps,
  scope: OpenDataScope,
  opts: StreamOptions,
  line: (r: repo.ExportArray, n: number, service: string, suppressed: boolean, parts: OpenDataParts) => T,
): AsyncGenerator<T[]> {
  checkScope(scope);
  const parts = new OpenDataParts(new Lookups(deps));
  const small = await repo.venueMonthCounts(deps.db.k, scope.programme);
  const { O } = repo;
  let n = 0;
  for await (const { rows: batch } of repo.exportRows(deps.db, scope, 'opendata', (rows) => parts.prepare(rows))) {
    const out: T[] = [];
    for (const r of batch) {
      const group = r[O.group] as string | null;
      const suppressed = (small.get(r[O.venueMonth] as string) ?? 0) < SUPPRESS_BELOW;
      out.push(line(r, ++n, pseudonym(group ?? (r[O.id] as string)), suppressed, parts));
    }
    opts.onProgress?.(n);
    yield out;
  }
}

export async function* openDataRows(deps: Deps, scope: OpenDataScope, opts: StreamOptions = {}): AsyncGenerator<OpenDataRow[]> {
  const { O } = repo;
  yield* openData(deps, scope, opts, (r, n, service, suppressed, parts) => {
    const p = parts.people(r[O.people] as string, suppressed).cells;
    const s = parts.service(r[O.service] as string).cells;
    const v = parts.place(r[O.place] as string).cells;
    const g = parts.programme(r[O.programme] as string).cells;
    return {
      ID: String(n),
      FASCIA_DI_ETA: p[0],
      GENERE: p[1],
      OCCUPAZIONE: p[2],
      TITOLO_DI_STUDIO: p[3],
      SERVIZIO_ID: service,
      NOME_SERVIZIO: s[0],
      DATA_FRUIZIONE_SERVIZIO: r[O.date] as string,
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
    };
  });
}

/**
 * The open-data file as the national service writes it: `;` between cells, CRLF after each line,
 * quotes only where its rule needs them (semicolonCell), free text safe in a spreadsheet. With no
 * rows it is the header alone (the national service writes "Nessun record presente" instead, which
 * no reader of the columns expects).
 */
export async function* openDataCsv(deps: Deps, scope: OpenDataScope, opts: StreamOptions = {}): AsyncGenerator<string> {
  const { O } = repo;
  yield `${OPENDATA_COLUMNS.join(';')}\r\n`;
  let chunk = '';
  // The columns of OPENDATA_COLUMNS, in order; the service's cells go around the date.
  for await (const lines of openData(deps, scope, opts, (r, n, service, suppressed, parts) => {
    const [name, rest] = parts.serviceCsv(r[O.service] as string);
    return `${n};${parts.people(r[O.people] as string, suppressed).csv};${service};${name};${r[O.date]};${rest};${parts.place(r[O.place] as string).csv};${parts.programme(r[O.programme] as string).csv}\r\n`;
  })) {
    for (const line of lines) {
      chunk += line;
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
  }
  if (chunk) yield chunk;
}

/**
 * The same rows as a JSON array, with the same keys. Text is as typed: the spreadsheet guard of the
 * CSV file would only corrupt data that programs read.
 */
export async function* openDataJson(deps: Deps, scope: OpenDataScope, opts: StreamOptions = {}): AsyncGenerator<string> {
  yield '[';
  let first = true;
  let chunk = '';
  for await (const rows of openDataRows(deps, scope, opts)) {
    for (const row of rows) {
      chunk += `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
      first = false;
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
  }
  yield `${chunk}\n]\n`;
}

// ---------- aggregates for the public, and the dataset's description ----------

// In codes.ts, with the other lists, so that schemas.ts can name them.
export { SUMMARY_BREAKDOWNS, type SummaryBreakdown } from './codes.js';

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
  // Loaded here: the streaming exports do not need the dashboards (nor the modules they load).
  const { multiDashboard } = await import('./dashboard.js');
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

/** Who publishes the open data: an organisation, named by its IPA code when it has one. */
export type OpenDataPublisher = Pick<Organisation, 'name' | 'ipaCode' | 'email' | 'website'>;

/**
 * The publisher of a programme's open data is the organisation that owns the programme. Open data
 * of all programmes has one publisher only where every programme belongs to one organisation (a
 * Ponte run by a single comune or region); otherwise it is null, and the catalogue names the
 * platform without an identifier (see dcatDescription).
 */
export async function openDataPublisher(deps: Deps, programme: string | null): Promise<Organisation | null> {
  const owners = programme
    ? [(await getProgramme(deps.db, programme)).organisation.id]
    : [...new Set((await listProgrammes(deps.db, null)).map((p) => p.organisation.id))];
  return owners.length === 1 ? getOrganisation(deps.db, owners[0]) : null;
}

/** A file type as an IANA media-type IRI, as DCAT-AP wants dcat:mediaType. */
const ianaMediaType = (type: string) => ({ '@id': `http://www.iana.org/assignments/media-types/${type}` });

/**
 * The open data described in DCAT-AP_IT, as JSON-LD: a dcatapit:Catalog holding the dataset, its
 * publisher a dcatapit:Agent identified by its IPA code (dct:identifier), as dati.gov.it harvests
 * it.
 *
 * Without a publisher (open data of programmes of several organisations) the catalogue is
 * published by the platform, named by its address. Ponte's configuration has no IPA code of the
 * operator running it, and an identifier that is not an IPA code would mislead the harvester, so
 * that agent carries none; the same where the organisation has no IPA code set yet.
 */
export function dcatDescription(deps: Deps, publisher: OpenDataPublisher | null, programme: string | null): unknown {
  const base = deps.config.baseUrl;
  const q = programme ? `?programme=${programme}` : '';
  const ipa = publisher?.ipaCode ?? null;
  const name = publisher?.name ?? 'Ponte';
  const license = {
    '@id': 'https://creativecommons.org/licenses/by/4.0/',
    '@type': ['dct:LicenseDocument', 'dcatapit:LicenseDocument'],
    'dct:type': { '@id': 'http://purl.org/adms/licencetype/Attribution' },
    'foaf:name': 'Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)',
  };
  const agent = {
    ...(publisher ? {} : { '@id': base }),
    '@type': ['foaf:Agent', 'dcatapit:Agent'],
    'foaf:name': name,
    ...(ipa ? { 'dct:identifier': ipa } : {}),
  };
  const distribution = (path: string, format: string, title: string, media: string) => ({
    '@id': `${base}${path}${q}`,
    '@type': ['dcat:Distribution', 'dcatapit:Distribution'],
    'dct:title': { '@language': 'it', '@value': title },
    'dcat:accessURL': { '@id': `${base}${path}${q}` },
    'dcat:downloadURL': { '@id': `${base}${path}${q}` },
    'dcat:mediaType': ianaMediaType(media),
    'dct:format': { '@id': `http://publications.europa.eu/resource/authority/file-type/${format}` },
    'dct:license': license,
  });
  const modified = { '@value': todayInRome(), '@type': 'xsd:date' };
  const italian = { '@id': 'http://publications.europa.eu/resource/authority/language/ITA' };
  const dataset = {
    '@id': `${base}/api/v1/opendata/facilitations${q}#dataset`,
    '@type': ['dcat:Dataset', 'dcatapit:Dataset'],
    // DCAT-AP_IT: "<IPA code of the holder>:<the dataset's own identifier>".
    'dct:identifier': `${ipa ?? 'ponte'}:facilitazioni${programme ? `:${programme}` : ''}`,
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
    'dct:language': italian,
    'dct:accrualPeriodicity': { '@id': 'http://publications.europa.eu/resource/authority/frequency/DAILY' },
    'dct:modified': modified,
    'dct:publisher': agent,
    'dct:rightsHolder': agent,
    'dcat:contactPoint': {
      '@type': ['vcard:Kind', 'vcard:Organization', 'dcatapit:Organization'],
      'vcard:fn': name,
      'vcard:hasURL': { '@id': publisher?.website || base },
      ...(publisher?.email ? { 'vcard:hasEmail': { '@id': `mailto:${publisher.email}` } } : {}),
    },
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
    '@type': ['dcat:Catalog', 'dcatapit:Catalog'],
    'dct:title': { '@language': 'it', '@value': `Open data della facilitazione digitale: ${name}` },
    'dct:description': {
      '@language': 'it',
      '@value': 'I servizi di facilitazione digitale erogati, negli open data della rete nazionale, e i loro conteggi aggregati.',
    },
    'dct:publisher': agent,
    'dct:modified': modified,
    'dct:language': italian,
    'foaf:homepage': { '@id': base },
    'dcat:themeTaxonomy': { '@id': 'http://publications.europa.eu/resource/authority/data-theme' },
    'dcat:dataset': [dataset],
  };
}
