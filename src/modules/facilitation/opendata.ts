import { createHash, hash as cryptoHash } from 'node:crypto';
import type { Deps } from '../../core/deps.js';
import { listProgrammes } from '../programmes/service.js';
import { AGE_BAND_LABEL, type AgeBand, COMPETENCES, EDUCATION, EMPLOYMENT, GENDERS, KINDS, labelsOf, SERVICES } from './codes.js';
import { csvCell } from './csv.js';
import { todayInRome } from './dates.js';
import { CHUNK, checkScope, csvLine, Lookups, type StreamOptions } from './exports.js';
import * as repo from './repo.js';
import type { Breakdown } from './schemas.js';

/**
 * The national open-data columns, streamed a batch at a time, the published aggregates and the
 * dataset's description.
 */

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
const capOf = (address: string | undefined) => /\b(\d{5})\b/.exec(address ?? '')?.[1] ?? '';

export interface OpenDataScope {
  programme: string | null;
  from: string;
  to: string;
}

export function openDataDefaults(q: { programme?: string; from?: string; to?: string }): OpenDataScope {
  return { programme: q.programme ?? null, from: q.from ?? '1990-01-01', to: q.to ?? todayInRome() };
}

type OpenDataRow = Record<(typeof OPENDATA_COLUMNS)[number], string>;

/** A part of open-data rows that repeats: its cells, and the same escaped and joined for CSV. */
interface Part {
  cells: string[];
  csv: string;
}
const part = (cells: string[]): Part => ({ cells, csv: cells.map(csvCell).join(',') });
const SUPPRESSED: Part = part(['', '', '', '']);

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

  private get(kind: 'people' | 'service' | 'place' | 'programme', key: string, make: () => string[]): Part {
    const map = this.maps[kind];
    let p = map.get(key);
    if (!p) {
      p = part(make());
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
      return [AGE_BAND_LABEL[age as AgeBand] ?? '', GENDERS[gender] ?? '', EMPLOYMENT[employment] ?? '', EDUCATION[education] ?? ''];
    });
  }

  /** NOME_SERVIZIO, AMBITO_SERVIZI_PUBBLICI_DIGITALI, TIPOLOGIA_SERVIZIO, COMPETENZE_TRATTATE, from "kinds|services|competences". */
  service(key: string): Part {
    return this.get('service', key, () => {
      const [kinds, services, competences] = key.split('|');
      return [labelsOf(KINDS, kinds), labelsOf(SERVICES, services), labelsOf(KINDS, kinds), labelsOf(COMPETENCES, competences)];
    });
  }

  /** The service's cells around the date: NOME_SERVIZIO, and the three after DATA_FRUIZIONE_SERVIZIO. */
  serviceCsv(key: string): [string, string] {
    let s = this.serviceSplit.get(key);
    if (!s) {
      const p = this.service(key);
      const e = p.cells.map(csvCell);
      s = [e[0], e.slice(1).join(',')];
      if (this.serviceSplit.size < 100_000) this.serviceSplit.set(key, s);
    }
    return s;
  }
  private serviceSplit = new Map<string, [string, string]>();

  /** SEDE_ID, NOME_SEDE, REGIONE, PROVINCIA, COMUNE, CAP, from "venue|comune". */
  place(key: string): Part {
    return this.get('place', key, () => {
      const [venueId, municipality] = key.split('|');
      const venue = this.l.venues.get(venueId);
      const m = this.l.municipalities.get(municipality);
      return [venue?.nationalId ?? venueId, venue?.name ?? '', m?.region ?? '', m?.province ?? '', m?.name ?? '', capOf(venue?.address)];
    });
  }

  /** INTERVENTO, ID_PROGRAMMA, ID_PROGETTO. */
  programme(programmeId: string, organisationId: string): Part {
    return this.get('programme', programmeId, () => [this.l.programmes.get(programmeId)?.funding ?? '', programmeId, organisationId]);
  }
}

/**
 * The open-data rows: one per citizen and service, without codice fiscale, name or citizenship.
 * Where a venue served fewer than 5 people in a month, the age band, gender, occupation and
 * education of those rows are left empty, so a small cell cannot single anyone out. `line` turns
 * each row into what the format needs (a CSV line, an object).
 */
async function* openData<T>(
  deps: Deps,
  scope: OpenDataScope,
  opts: StreamOptions,
  line: (r: repo.ExportArray, id: string, service: string, suppressed: boolean, parts: OpenDataParts) => T,
): AsyncGenerator<T[]> {
  checkScope(scope);
  const parts = new OpenDataParts(new Lookups(deps));
  const small = await repo.venueMonthCounts(deps.db.k, scope.programme);
  const { O } = repo;
  let n = 0;
  for await (const { rows: batch } of repo.exportRows(deps.db, scope, 'opendata', (rows) => parts.prepare(rows))) {
    const out: T[] = [];
    for (const r of batch) {
      const id = pseudonym(r[O.id] as string);
      const group = r[O.group] as string | null;
      const suppressed = (small.get(r[O.venueMonth] as string) ?? 0) < SUPPRESS_BELOW;
      out.push(line(r, id, group ? pseudonym(group) : id, suppressed, parts));
    }
    n += batch.length;
    opts.onProgress?.(n);
    yield out;
  }
}

export async function* openDataRows(deps: Deps, scope: OpenDataScope, opts: StreamOptions = {}): AsyncGenerator<OpenDataRow[]> {
  const { O } = repo;
  yield* openData(deps, scope, opts, (r, id, service, suppressed, parts) => {
    const p = parts.people(r[O.people] as string, suppressed).cells;
    const s = parts.service(r[O.service] as string).cells;
    const v = parts.place(r[O.place] as string).cells;
    const g = parts.programme(r[O.programme] as string, r[O.organisation] as string).cells;
    return {
      ID: id,
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

export async function* openDataCsv(deps: Deps, scope: OpenDataScope, opts: StreamOptions = {}): AsyncGenerator<string> {
  const { O } = repo;
  yield `${csvLine(OPENDATA_COLUMNS)}\r\n`;
  let chunk = '';
  // The columns of OPENDATA_COLUMNS, in order; the service's cells go around the date.
  for await (const lines of openData(deps, scope, opts, (r, id, service, suppressed, parts) => {
    const [name, rest] = parts.serviceCsv(r[O.service] as string);
    return `${id},${parts.people(r[O.people] as string, suppressed).csv},${service},${name},${r[O.date]},${rest},${parts.place(r[O.place] as string).csv},${parts.programme(r[O.programme] as string, r[O.organisation] as string).csv}\r\n`;
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
