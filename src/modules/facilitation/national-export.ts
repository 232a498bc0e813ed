import { hasRole } from '../../core/access.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { refuse } from '../../core/problems.js';
import { ORG_STAFF } from '../../core/roles.js';
import { getProgramme, type Programme } from '../programmes/service.js';
import { AGE_BAND_CODE, type AgeBand } from './codes.js';
import { dataKeys } from './crypto.js';
import { cellCache, csvCell } from './csv.js';
import { todayInRome } from './dates.js';
import { checkScope, Lookups } from './exports.js';
import {
  citizenProblems,
  codeProblems,
  dateProblems,
  facilitatorProblems,
  missingMessage,
  NATIONAL_COLUMNS,
  NATIONAL_FILE_ROWS,
  type NationalColumn,
  type NationalContext,
  NOTE,
  sanitised,
  validDuration,
  venueProblems,
} from './national-checks.js';
import * as repo from './repo.js';
import { formatDuration } from './schemas.js';

/**
 * The national bulk-upload file: every record of a period (or only those not sent yet) checked
 * with the platform's own rules as it is written. A row the platform would discard is not written
 * but listed, with its reasons and where to fix them; what is written is split into files of at
 * most 9,000 rows (the platform's limit). It is the only place the codice fiscale and the names
 * are decrypted, a citizen at a time, and the caller records the export as a numbered batch.
 *
 * Rows are assembled from parts that repeat (the facilitator, the venue, the citizen, runs of
 * codes), each turned into its cells and checked once: a million rows cost a few map look-ups each.
 */

export interface NationalScope {
  programme: string;
  from: string;
  to: string;
  /** Only the records never sent in a batch, or corrected since. */
  pending?: boolean;
}

/** Where a refusal is fixed. */
export type FixKind = 'record' | 'facilitator' | 'venue' | 'programme';

export interface RefusedRow {
  id: string;
  date: string;
  venue: string;
  facilitator: string;
  /** The platform's own reasons, in Italian. */
  reasons: string[];
  /** Where each kind of reason is fixed, with the id to link to. */
  fixes: { kind: FixKind; id: string }[];
}

export interface NationalSummary {
  total: number;
  valid: number;
  rejected: number;
  /** How many rows give each reason. */
  byReason: Record<string, number>;
  /** The first refused rows (at most the limit asked for). */
  issues: RefusedRow[];
}

/** A piece of output: text of file `file` (1, 2, …); a new file starts with its header. */
export interface NationalPiece {
  file: number;
  /** CSV text, for RFD programmes. */
  text?: string;
  /** Rows of 33 cells, for SCD programmes (XLSX). */
  rows?: string[][];
}

const NONE: readonly string[] = Object.freeze([]);
const NO_COLUMNS: readonly NationalColumn[] = Object.freeze([]);

/**
 * A part of a row (the facilitator, the venue, the citizen, a run of codes): its CSV text, its
 * cells (for workbooks), what the platform would say of it, the mandatory columns it leaves empty
 * (reported together, as the platform does) and where to fix it. Every part has this one shape,
 * so the loop that reads a dozen of them a row stays on one hidden class.
 */
interface Part {
  csv: string;
  /** The CSV text of a second run of the same part, further on in the row (ES5, ES6 after ES4). */
  tail: string;
  cells: readonly string[];
  problems: readonly string[];
  missing: readonly NationalColumn[];
  /** Problems or missing columns: the row is refused. */
  bad: boolean;
  fix: FixKind;
}

function part(
  cells: readonly string[],
  problems: readonly string[],
  missing: readonly NationalColumn[],
  fix: FixKind,
  csv?: string,
  tail = '',
): Part {
  return {
    csv: csv ?? cells.map(csvCell).join(','),
    tail,
    cells,
    problems: problems.length ? problems : NONE,
    missing: missing.length ? missing : NO_COLUMNS,
    bad: problems.length > 0 || missing.length > 0,
    fix,
  };
}

/**
 * A cell of free text for the national CSV. Text the platform trims and strips of double quotes
 * (its `sanitizeFields`), so a value that would start a spreadsheet formula (`=`, `+`, `-`, `@`)
 * is written behind a double quote: a spreadsheet shows it as text, the platform reads the same
 * text as typed. Leading blanks, tabs and carriage returns are dropped, as the platform drops them.
 */
export function nationalText(v: string | null | undefined): string {
  if (!v) return '';
  const text = v.replace(/^\s+/, '');
  return csvCell(/^[=+\-@]/.test(text) ? `"${text}` : text);
}

/** The programme's context for the checks on the day of the export. */
export function nationalContext(programme: Programme, today = todayInRome()): NationalContext {
  return {
    start: programme.start,
    end: programme.end,
    // The platform admits minors once the date it was told has passed (`moment().isAfter`).
    minorsAllowed: programme.minorsFrom !== null && today > programme.minorsFrom,
    uploadYear: Number(today.slice(0, 4)),
  };
}

/** Staff of the programme's organisation only: the national file holds the codice fiscale. */
export async function assertExportAllowed(deps: Deps, principal: Principal | null, programmeId: string): Promise<Programme> {
  const programme = await getProgramme(deps.db, programmeId);
  if (principal && !hasRole(principal, programme.organisation.id, ORG_STAFF)) {
    throw refuse(403, 'fac.err.exportStaffOnly');
  }
  return programme;
}

/** A value's part, computed once per distinct key (a bounded number kept). */
const parts = <K>(make: (k: K) => Part) => cellCache<K, Part>(make);

/** Mandatory columns among `cols` that are empty in `cells`. */
const emptyOf = (cols: readonly NationalColumn[], cells: readonly string[]) => cols.filter((_, i) => sanitised(cells[i] ?? '') === '');

/**
 * The citizens of a batch: AN1, AN2, AN3 and what the platform says of them, decrypted (or, for
 * the pre-check, only looked at) once per citizen and kept up to CITIZENS_KEPT (a citizen has
 * about 2.5 services spread over years, so a small cache would decrypt the same code again).
 */
const CITIZENS_KEPT = 200_000;

/**
 * A citizen's part, or for one the platform takes as it is (nearly all of them) only its CSV text:
 * a string kept per citizen instead of an object and its text, so the hundred thousand and more a
 * large export keeps cost the collector less.
 */
type CitizenPart = Part | string;

/** The part of a citizen kept as its text alone. */
const citizenOk = (csv: string): Part => part(NONE, NONE, NO_COLUMNS, 'record', csv);

class Citizens {
  private cache = new Map<string, CitizenPart>();
  private nobody: CitizenPart | undefined;
  private keys;
  constructor(
    private deps: Deps,
    private ctx: NationalContext,
    private decrypt: boolean,
    /** Workbooks need the cells; CSV needs only the text, a third of the memory per citizen kept. */
    private keepCells: boolean,
  ) {
    this.keys = dataKeys(deps.config);
  }

  /**
   * Before a large export, every citizen of the programme served in the period, decrypted in the
   * order the database keeps them (see programmeCitizenCiphertexts): when the export holds at least
   * as many records as the programme has citizens, it meets nearly all of them, and one ordered walk
   * costs a fraction of looking them up a batch at a time. Not for a smaller scope (only what is
   * still to send, a short period), where most citizens would be decrypted for nothing, nor for
   * more citizens than are kept; the pre-check, which decrypts nothing, looks up a batch at a time.
   */
  async preload(scope: { programme: string; from: string; to: string; pending?: boolean }): Promise<void> {
    if (!this.decrypt || scope.pending) return;
    const db = this.deps.db;
    const counts = settledLater(Promise.all([repo.programmeCitizenCount(db.k, scope.programme), repo.countForExport(db.k, scope)]));
    // On PostgreSQL the first pages are asked for together with the counts, which take the server
    // longer than a page (each counts its rows): the walk starts that much sooner, and when the
    // counts say not to walk, the pages read are dropped.
    const ahead = db.pg ? repo.programmeCitizenCiphertexts(db, scope) : undefined;
    const first = ahead ? settledLater(ahead.next()) : undefined;
    let walk = false;
    let citizens = 0;
    try {
      const [inProgramme, records] = await counts;
      citizens = inProgramme;
      walk = citizens > 0 && citizens <= CITIZENS_KEPT && records >= citizens;
    } finally {
      if (ahead && !walk) {
        await first?.catch(() => {});
        await ahead.return(undefined);
      }
    }
    if (!walk) return;
    const pages = ahead && first ? started(ahead, first) : repo.programmeCitizenCiphertexts(db, scope, citizens);
    for await (const page of pages) {
      const names = this.keys.decryptMany(page.map((c) => c[2] || null));
      for (let i = 0; i < page.length; i++) this.cache.set(page[i][0], this.make(page[i][1], names[i], null));
    }
  }

  /**
   * The citizen part of each row of a batch, in the rows' order: one look-up in the cache a row,
   * and the citizens not kept read together and decrypted. The batch holds its parts, so the cache
   * may start afresh while it waits to be written.
   */
  async load(rows: repo.ExportArray[], at: number, peopleAt: number): Promise<CitizenPart[]> {
    const out: CitizenPart[] = new Array(rows.length);
    const missing = new Map<string, string | null>();
    for (let i = 0; i < rows.length; i++) {
      const id = rows[i][at] as string | null;
      if (id === null) {
        this.nobody ??= this.make(null, null, null);
        out[i] = this.nobody;
        continue;
      }
      const hit = this.cache.get(id);
      if (hit) out[i] = hit;
      else if (!missing.has(id)) missing.set(id, ageBandOf(rows[i][peopleAt] as string));
    }
    if (missing.size === 0) return out;
    if (this.cache.size + missing.size > CITIZENS_KEPT) this.cache.clear();
    const ids = [...missing.keys()].sort();
    const found = await repo.citizenCiphertexts(this.deps.db, ids);
    const ciphertexts = ids.map((id) => found.get(id) ?? [null, null]);
    // The pre-check decrypts nothing: it only needs to know which citizens have names.
    const names = this.decrypt ? this.keys.decryptMany(ciphertexts.map((c) => c[1] || null)) : ciphertexts.map((c) => (c[1] ? '' : null));
    const made = new Map<string, CitizenPart>();
    ids.forEach((id, i) => {
      const p = this.make(ciphertexts[i][0], names[i], missing.get(id) ?? null);
      made.set(id, p);
      this.cache.set(id, p);
    });
    for (let i = 0; i < rows.length; i++) if (out[i] === undefined) out[i] = made.get(rows[i][at] as string) as CitizenPart;
    return out;
  }

  /**
   * A citizen's part from the encrypted codice fiscale and the names, already decrypted (batches
   * decrypt together): null when none were recorded; for the pre-check, '' when they were.
   */
  private make(cfEnc: string | null, names: string | null, band: string | null): CitizenPart {
    let first = '';
    let last = '';
    let cf = '';
    if (this.decrypt) {
      // One decryption gives the names and the codice fiscale together (see resolveCitizen).
      if (names !== null) {
        const [f, l, c] = namesOf(names);
        first = f;
        last = l;
        cf = c;
      }
    } else if (names !== null) {
      first = '·';
      last = '·';
    }
    let problems: readonly string[] = NONE;
    if (cfEnc && this.decrypt) {
      if (!cf) cf = this.keys.decrypt(cfEnc);
      problems = citizenProblems(cf, this.ctx);
    } else if (cfEnc) {
      // The pre-check decrypts nothing: the code was checked with the platform's library when it
      // was recorded, and the age band of the record stands for the platform's age.
      cf = 'X';
      if (band === '14-17' && !this.ctx.minorsAllowed) problems = ['Il cittadino deve essere maggiorenne.'];
    } else {
      cf = '';
    }
    const an4 = cf ? 'NO' : '';
    // Kept for the export's length: flattened, so it holds one string and not the rope of its pieces.
    const csv = flat(`${nationalText(first)},${nationalText(last)},${cf},${an4}`);
    if (first && last && cf && problems.length === 0 && !this.keepCells) return csv;
    const missing: NationalColumn[] = [];
    if (!first) missing.push('AN1');
    if (!last) missing.push('AN2');
    if (!cfEnc) missing.push('AN3');
    if (!cf) missing.push('AN4');
    return part(this.keepCells ? [first, last, cf, an4] : NONE, problems, missing, 'record', csv);
  }
}

/** The age band in a record's run of AN7 to AN11 ("gender|age band|…"), null when none was recorded. */
function ageBandOf(people: string): string | null {
  const from = people.indexOf('|') + 1;
  return people.slice(from, people.indexOf('|', from)) || null;
}

/**
 * First name, last name and codice fiscale ('' when none) from the decrypted names, the JSON array
 * `resolveCitizen` wrote. Without a backslash it holds three plain strings, read by splitting at
 * the quotes between them; anything else goes through JSON.parse.
 */
function namesOf(names: string): [string, string, string] {
  if (names.indexOf('\\') < 0 && names.startsWith('["') && names.endsWith('"]')) {
    const cells = names.slice(2, -2).split('","');
    if (cells.length === 3) return cells as [string, string, string];
  }
  const [first, last, cf = ''] = JSON.parse(names) as [string, string, string?];
  return [first, last, cf];
}

/**
 * A string made by concatenation is a rope of its pieces in V8 until something reads it by
 * character, which flattens it in place; a string kept for long is cheaper flat.
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

export interface RunOptions {
  /** Decrypt and write (the export), or only check (the pre-check). */
  write: boolean;
  /** The most refused rows to list. */
  limit?: number;
  onProgress?: (rows: number) => void;
}

/** Facilitators' and venues' national columns, loaded a batch at a time as they first appear. */
function peopleOfRun(deps: Deps) {
  const known = new Lookups(deps);
  /** "national id,national name" of a person or a venue, with what the platform says of it. */
  const identity = (id: string, name: string, problems: string[], columns: NationalColumn[], fix: FixKind) =>
    part([id, name], problems, emptyOf(columns, [id, name]), fix, `${csvCell(id)},${nationalText(name)}`);
  const users = parts((userId: string) => {
    const u = known.users.get(userId);
    const [id, name] = [u?.nationalId ?? '', u?.nationalName ?? ''];
    return identity(id, name, facilitatorProblems(id, name), ['IDFacilitatore', 'NominativoFacilitatore'], 'facilitator');
  });
  const venues = parts((venueId: string) => {
    const v = known.venues.get(venueId);
    const [id, name] = [v?.nationalId ?? '', v?.nationalName ?? ''];
    return identity(id, name, venueProblems(id), ['IDSede', 'NominativoSede'], 'venue');
  });
  const names = { venue: (id: string) => known.venues.get(id)?.name ?? '', user: (id: string) => known.users.get(id)?.name ?? '' };
  const loadPeople = (rows: repo.ExportArray[]) => known.loadColumns(rows, { venue: repo.N.venue, user: repo.N.facilitator });
  return { users, venues, names, loadPeople };
}

/** Cells of a run of codes joined by commas, each checked against its column's list. */
function codedRun(
  columns: readonly NationalColumn[],
  mandatory: readonly NationalColumn[],
  cells: readonly string[],
  csv?: string,
  tail?: string,
): Part {
  const problems = columns.flatMap((c, i) => codeProblems(c, cells[i]));
  const empty = mandatory.length ? emptyOf(mandatory, cells) : NO_COLUMNS;
  return part(cells, problems, empty, 'record', csv, tail);
}

/**
 * The checks of runs of codes: each distinct run is checked once. The database gives a row's codes
 * in a few runs (see repo-export.ts), so a row costs a few look-ups whatever its number of columns.
 */
function codeChecks(ctx: NationalContext) {
  // AN7 to AN11: "gender|age band|education,employment,citizenship"; AN8 is the band's code.
  const people = parts((run: string) => {
    const [gender, band, rest] = run.split('|');
    const cells = [gender, band ? (AGE_BAND_CODE[band as AgeBand] ?? '') : '', ...rest.split(',')];
    const columns: NationalColumn[] = ['AN7', 'AN8', 'AN9', 'AN10', 'AN11'];
    return codedRun(columns, columns, cells);
  });
  const province = parts((p: string) => part([p], NONE, emptyOf(['AN12'], [p]), 'record'));
  const duration = parts((minutes: number) => {
    const se2 = formatDuration(Number(minutes));
    return part(
      [se2],
      validDuration(se2) ? NONE : ['Il formato del campo SE2 non rispetta i criteri di formattazione'],
      NO_COLUMNS,
      'record',
    );
  });
  // PR1, PR2 (a few distinct runs).
  const firstTime = parts((run: string) => codedRun(['PR1', 'PR2'], NO_COLUMNS, run.split(','), run));
  // SE1: a date from the database is a real date, so most rows only compare it with the
  // programme's period; a part per date would be a part per row.
  const dates = parts((date: string) => {
    const problems = dateProblems(date, ctx);
    // A date outside the programme is fixed in the record, or in the programme's dates.
    return part([date], problems, emptyOf(['SE1'], [date]), problems.includes(NOTE.outsideProject) ? 'programme' : 'record', date);
  });
  const ACCEPTED_DATE = part([''], NONE, NO_COLUMNS, 'record', '');
  const serviceDate = (date: string) =>
    date >= ctx.start && date <= ctx.end && !(ctx.maxDate && date > ctx.maxDate) ? ACCEPTED_DATE : dates(date);
  // SE3, SE4, SE5, SE6.
  const service = parts((run: string) => {
    const columns: NationalColumn[] = ['SE3', 'SE4', 'SE5', 'SE6'];
    return codedRun(columns, columns, run.split(','), run);
  });
  // ES1, ES2, ES3 | ES5, ES6: the questionnaire's codes, written either side of ES4.
  const survey = parts((run: string) => {
    const [head, tail] = run.split('|');
    return codedRun(['ES1', 'ES2', 'ES3', 'ES5', 'ES6'], NO_COLUMNS, [...head.split(','), ...tail.split(',')], head, tail);
  });
  return { people, province, duration, firstTime, serviceDate, service, survey };
}

/** A refused row as the pre-check lists it, with what to fix where. */
function rowIssue(
  row: { id: string; facilitator: string; venue: string; date: string },
  programme: Programme,
  all: Part[],
  dup: boolean,
  reasons: string[],
  names: { venue: (id: string) => string; user: (id: string) => string },
): NationalSummary['issues'][number] {
  const { id } = row;
  const fixes = new Map<FixKind, string>();
  const ids: Record<FixKind, string> = { facilitator: row.facilitator, venue: row.venue, programme: programme.id, record: id };
  for (const p of all) if (p.bad) fixes.set(p.fix, ids[p.fix]);
  if (dup) fixes.set('record', id);
  return {
    id,
    date: row.date,
    venue: names.venue(row.venue),
    facilitator: names.user(row.facilitator),
    reasons,
    fixes: [...fixes].map(([kind, fixId]) => ({ kind, id: fixId })),
  };
}

/**
 * Reads, checks and (when writing) formats the national rows. Yields the pieces of output and
 * returns the summary. `policy` RFD gives CSV text, SCD rows of cells for the workbook.
 */
export async function* nationalRun(
  deps: Deps,
  programme: Programme,
  scope: NationalScope,
  opts: RunOptions,
): AsyncGenerator<NationalPiece, NationalSummary> {
  checkScope(scope);
  const ctx = nationalContext(programme);
  const xlsx = programme.nationalPolicy === 'SCD';
  const limit = opts.limit ?? 200;
  const summary: NationalSummary = { total: 0, valid: 0, rejected: 0, byReason: {}, issues: [] };
  const { N } = repo;
  const rowsScope = { programme: programme.id, from: scope.from, to: scope.to, pending: scope.pending };
  // On PostgreSQL the duplicates, the programme's citizens and the first batches of records are
  // read at once, each on a connection of its own, so the server's reads overlap one another and
  // the opening of the names; a batch's citizens are looked up once the citizens are in. SQLite
  // answers in this thread, so there they are read one after the other, holding less at once.
  const together = deps.db.pg !== null;
  const duplicatesRead = settledLater(repo.duplicateRecordIds(deps.db.k, rowsScope));
  if (!together) await duplicatesRead;
  const citizens = new Citizens(deps, ctx, opts.write, xlsx);
  const preloaded = settledLater(citizens.preload(rowsScope));
  if (!together) await preloaded;

  // Facilitators and venues, loaded a batch at a time as they first appear.
  const { users, venues, names, loadPeople } = peopleOfRun(deps);

  const { people, province, duration, firstTime, serviceDate, service, survey } = codeChecks(ctx);

  let file = 1;
  let inFile = 0;
  let chunk = '';
  let cellRows: string[][] = [];
  const header = `${NATIONAL_COLUMNS.join(',')}\r\n`;
  if (opts.write && !xlsx) chunk = header;
  let n = 0;
  const prepare = async (rows: repo.ExportArray[]) => {
    await loadPeople(rows);
    await preloaded;
    return citizens.load(rows, N.citizen, N.people);
  };
  const rows = repo.exportRows(deps.db, rowsScope, 'national', prepare);
  const batches = together ? started(rows) : rows;
  const duplicates = await duplicatesRead;
  for await (const { rows: batch, prepared: citizenOf } of batches) {
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i];
      summary.total++;
      const id = r[N.id] as string;
      const fac = users(r[N.facilitator] as string);
      const ven = venues(r[N.venue] as string);
      const citizen = citizenOf[i];
      const cit = typeof citizen === 'string' ? undefined : citizen;
      const ppl = people(r[N.people] as string);
      const prov = province((r[N.province] as string | null) ?? '');
      const pr = firstTime(r[N.firstTime] as string);
      const date = r[N.date] as string;
      const se1 = serviceDate(date);
      const se2 = duration(r[N.duration] as number);
      const svc = service(r[N.service] as string);
      const es = survey(r[N.survey] as string);
      const dup = duplicates.size > 0 && duplicates.has(id);
      if (dup || fac.bad || ven.bad || cit?.bad || ppl.bad || prov.bad || pr.bad || se1.bad || se2.bad || svc.bad || es.bad) {
        summary.rejected++;
        const all = [fac, ven, cit ?? citizenOk(citizen as string), ppl, prov, pr, se1, se2, svc, es];
        const reasons = refusalReasons(all, dup);
        for (const reason of reasons) summary.byReason[reason] = (summary.byReason[reason] ?? 0) + 1;
        if (summary.issues.length < limit) {
          const issue = { id, facilitator: r[N.facilitator] as string, venue: r[N.venue] as string, date };
          summary.issues.push(rowIssue(issue, programme, all, dup, reasons, names));
        }
        continue;
      }
      summary.valid++;
      if (!opts.write) continue;
      if (inFile === NATIONAL_FILE_ROWS) {
        if (xlsx) {
          yield { file, rows: cellRows };
          cellRows = [];
        } else {
          yield { file, text: chunk };
          chunk = header;
        }
        file++;
        inFile = 0;
      }
      inFile++;
      const details = r[N.details] as string | null;
      const es4 = r[N.es4] as string | null;
      if (xlsx) {
        // The same 33 columns as cells (AN5, AN6, AN14, AN17 stay empty).
        const [es1, es2, es3, es5, es6] = es.cells;
        cellRows.push([
          ...fac.cells,
          ...ven.cells,
          ...(cit as Part).cells,
          '',
          '',
          ...ppl.cells,
          ...prov.cells,
          '',
          '',
          ...pr.cells,
          date,
          ...se2.cells,
          ...svc.cells,
          details ?? '',
          es1,
          es2,
          es3,
          es4 ?? '',
          es5,
          es6,
        ]);
        continue;
      }
      // The columns of NATIONAL_COLUMNS, in order (AN5, AN6, AN14, AN17 stay empty).
      chunk += `${fac.csv},${ven.csv},${cit === undefined ? citizen : cit.csv},,,${ppl.csv},${prov.csv},,,${pr.csv},${date},${se2.csv},${svc.csv},${nationalText(details)},${es.csv},${nationalText(es4)},${es.tail}\r\n`;
      if (chunk.length >= CHUNK) {
        yield { file, text: chunk };
        chunk = '';
      }
    }
    n += batch.length;
    opts.onProgress?.(n);
  }
  if (opts.write) {
    if (xlsx) yield { file, rows: cellRows };
    else yield { file, text: chunk };
  }
  return summary;
}

/**
 * A promise started now and awaited later: marked as handled, so a failure while something else is
 * awaited is not reported as unhandled (it is thrown where the promise is awaited).
 */
function settledLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

/**
 * A generator whose first item is asked for now (its reads start), for a loop that comes later;
 * or, given `first`, the one already asked for.
 */
function started<T>(gen: AsyncGenerator<T>, first: Promise<IteratorResult<T>> = settledLater(gen.next())): AsyncGenerator<T> {
  return (async function* () {
    const step = await first;
    if (step.done) return;
    yield step.value;
    yield* gen;
  })();
}

/** Pieces handed to the stream, in characters (see exports.ts: below V8's large-object size). */
const CHUNK = 32 * 1024;

/** The platform's reasons for a refused row, the empty mandatory columns first and together. */
function refusalReasons(all: Part[], duplicate: boolean): string[] {
  const order = new Map(NATIONAL_COLUMNS.map((c, i) => [c, i]));
  const missing = all.flatMap((p) => p.missing).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const out: string[] = missing.length ? [missingMessage(missing)] : [];
  for (const p of all) out.push(...p.problems);
  if (duplicate) out.push(NOTE.duplicate);
  return [...new Set(out)];
}

/** The pre-check: the rows the platform would discard, and why, before anything is downloaded. */
export async function nationalPrecheck(deps: Deps, scope: NationalScope, limit = 200): Promise<NationalSummary> {
  const programme = await getProgramme(deps.db, scope.programme);
  const run = nationalRun(deps, programme, scope, { write: false, limit });
  for (;;) {
    const step = await run.next();
    if (step.done) return step.value;
  }
}
