import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { nationalIdentities } from '../accounts/service.js';
import { type MunicipalityView, municipalitiesByCodes, type Venue, venuesByIds } from '../organisations/service.js';
import { getProgramme, type Programme } from '../programmes/service.js';
import {
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
import { cellCache, csvCell, spreadsheetText } from './csv.js';
import { badPeriod } from './dates.js';
import * as repo from './repo.js';
import { formatDuration } from './schemas.js';

/**
 * The files funders and the public need, streamed a batch at a time (constant memory whatever the
 * number of records): the national platform's bulk-upload layout (the only place the codice
 * fiscale is ever decrypted), the national open-data columns, and a plain CSV for staff.
 */

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

/** Of `list`, the ids `map` does not know yet, each once. */
const missing = <T>(map: Map<string, T>, list: Iterable<string> | undefined) => [...new Set(list)].filter((id) => !map.has(id));

/** Venues, comuni, people and programmes by id, loaded a batch at a time and kept for the export's length. */
export class Lookups {
  venues = new Map<string, Venue | null>();
  municipalities = new Map<string, MunicipalityView | null>();
  users = new Map<string, { name: string; nationalId: string | null; nationalName: string | null } | null>();
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
    await this.loadNamed(this.venues, this.venueCells, ids.venues, venuesByIds);
    const codes = missing(this.municipalities, ids.municipalities);
    if (codes.length) {
      const found = await municipalitiesByCodes(this.deps.db, codes);
      for (const c of codes) this.municipalities.set(c, found.get(c) ?? null);
    }
    await this.loadNamed(this.users, this.userCells, ids.users, nationalIdentities);
    for (const id of missing(this.programmes, ids.programmes)) {
      this.programmes.set(id, await getProgramme(this.deps.db, id).catch(() => null));
    }
  }

  /** Loads the venues or people of `list` not known yet, each with its ready-made "national id,name" cells. */
  private async loadNamed<T extends { nationalId: string | null; name: string }>(
    map: Map<string, T | null>,
    cells: Map<string, string>,
    list: Iterable<string> | undefined,
    byIds: (db: Deps['db'], ids: string[]) => Promise<Map<string, T>>,
  ): Promise<void> {
    const ids = missing(map, list);
    if (!ids.length) return;
    const found = await byIds(this.deps.db, ids);
    for (const id of ids) {
      const v = found.get(id) ?? null;
      map.set(id, v);
      cells.set(id, `${csvCell(v?.nationalId ?? '')},${csvCell(v?.name ?? '')}`);
    }
  }
}

export interface ExportScope {
  programme: string;
  from: string;
  to: string;
}

export function checkScope(s: { from: string; to: string }): void {
  if (s.from > s.to) throw badPeriod();
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
  // Free text (names, details, the province typed with the citizen) cannot start a formula when opened in a spreadsheet.
  const text = (v: string | null | undefined) => csvCell(spreadsheetText(v));
  const province = cellCache((p: string | null) => text(p));
  const duration = cellCache((minutes: number) => formatDuration(Number(minutes)));
  const programmeName = cellCache((id: string) => text(l.programmes.get(id)?.name));
  const venueName = cellCache((id: string) => text(l.venues.get(id)?.name));
  const municipalityName = cellCache((code: string) => text(l.municipalities.get(code)?.name));
  const userName = cellCache((id: string) => text(l.users.get(id)?.name));
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
      const details = r[P.details] === null ? '' : text(r[P.details] as string);
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
