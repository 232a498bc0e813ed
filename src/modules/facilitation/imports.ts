import { z } from 'zod';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { Problem } from '../../core/problems.js';
import { issueText } from '../../core/validation.js';
import * as accounts from '../accounts/service.js';
import { listVenues, normaliseName, type Venue } from '../organisations/service.js';
import { listProgrammes, type Programme } from '../programmes/service.js';
import {
  AGE_BAND_CODE,
  type AgeBand,
  CITIZENSHIP,
  type CodeList,
  DISCOVERY,
  EDUCATION,
  EMPLOYMENT,
  GENDER_FROM_CODE,
  GENDERS,
  HELPERS,
  joinCodes,
  KINDS,
  REASONS,
  RETURN,
  splitCodes,
} from './codes.js';
import { NATIONAL_COLUMNS, type NationalColumn } from './national-checks.js';
import { Competences, DETAILS_MAX, Duration, IsoDate, Kinds, PersonName, Services } from './schemas.js';
import { auditImport, duplicateOf, newPrepareCache, type Prepared, type PrepareInput, prepareRecord, writePrepared } from './service.js';

/**
 * Records kept elsewhere (a spreadsheet from before Ponte) in the national bulk-upload layout.
 * Every row is checked as if typed in the form; a dry run lists every rejected row and why; a real
 * import writes all the rows in one transaction, or none if any row is rejected.
 */

export interface ImportIssue {
  /** Line of the file (the header is line 1). */
  row: number;
  column: string | null;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  valid: number;
  rejected: number;
  imported: number;
  issues: ImportIssue[];
  ids: string[];
}

export class ImportFormatError extends Error {}

// ---------- CSV ----------

/** RFC 4180 CSV (quoted fields across lines, doubled quotes), comma, semicolon or tab separated, with or without BOM. */
export function parseCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const counts = { ',': 0, ';': 0, '\t': 0 } as Record<string, number>;
  let inQuote = false;
  for (const ch of firstLine) {
    if (ch === '"') inQuote = !inQuote;
    else if (!inQuote && ch in counts) counts[ch]++;
  }
  const sep = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (ch === sep) {
      row.push(cell);
      cell = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  if (quoted) throw new ImportFormatError('il file finisce dentro un campo tra virgolette: controlla le virgolette');
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

// ---------- one row ----------

const codeOf = (list: CodeList, column: string) =>
  z
    .string()
    .transform((v) => v.trim().toUpperCase())
    .refine((v) => v === '' || Object.hasOwn(list, v), {
      message: `${column}: codice non previsto (ammessi: ${Object.keys(list).join(', ')})`,
    });

const codesOf = (list: CodeList, column: string) =>
  z
    .string()
    .transform((v) => splitCodes(v.toUpperCase()))
    .refine((a) => a.every((c) => Object.hasOwn(list, c)), {
      message: `${column}: codici non previsti (ammessi: ${Object.keys(list).join(', ')}, separati da ":")`,
    });

/** "01/02/2025" as spreadsheets write dates becomes 2025-02-01. */
function isoDate(v: string): string {
  const t = v.trim();
  const it = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  return it ? `${it[3]}-${it[2].padStart(2, '0')}-${it[1].padStart(2, '0')}` : t;
}

/** "00:30:00" as spreadsheets write times becomes 00:30. */
const hhmm = (v: string) => v.trim().replace(/^(\d{1,2}:\d{2}):00$/, '$1');

interface Context {
  deps: Deps;
  principal: Principal | null;
  /** Programmes a row may belong to: the one given, or every programme. */
  programmes: Programme[];
  venuesByOrg: Map<string, Venue[]>;
  usersByNationalId: Map<string, { id: string; name: string }>;
  membersByOrg: Map<string, { userId: string; name: string }[]>;
}

const issue = (row: number, column: string | null, message: string): ImportIssue => ({ row, column, message });

async function venuesOf(ctx: Context, orgId: string): Promise<Venue[]> {
  let v = ctx.venuesByOrg.get(orgId);
  if (!v) {
    v = await listVenues(ctx.deps.db, orgId);
    ctx.venuesByOrg.set(orgId, v);
  }
  return v;
}

async function membersOf(ctx: Context, orgId: string) {
  let m = ctx.membersByOrg.get(orgId);
  if (!m) {
    m = (await accounts.listMembers(ctx.deps.db, orgId)).map((r) => ({ userId: r.userId, name: r.name }));
    ctx.membersByOrg.set(orgId, m);
  }
  return m;
}

/** The venue a row names (IDSede on the national platform, else NominativoSede) among a programme's organisations. */
async function findVenue(ctx: Context, p: Programme, id: string, name: string): Promise<Venue | undefined> {
  const all = (await Promise.all([p.organisation.id, ...p.partners.map((x) => x.id)].map((o) => venuesOf(ctx, o)))).flat();
  if (id) {
    const byId = all.filter((v) => v.nationalId === id);
    if (byId.length === 1) return byId[0];
  }
  const n = normaliseName(name);
  const byName = n ? all.filter((v) => normaliseName(v.name) === n) : [];
  return byName.length === 1 ? byName[0] : undefined;
}

type Cells = Record<NationalColumn, string>;

/** Turns one row into the form's input, or lists what is wrong with it. */
async function rowInput(ctx: Context, cells: Cells, line: number): Promise<{ input?: PrepareInput; issues: ImportIssue[] }> {
  const issues: ImportIssue[] = [];
  const bad = (column: string, message: string) => issues.push(issue(line, column, message));
  const check = <T>(column: string, schema: z.ZodType<T>, value: string): T | undefined => {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    bad(column, `${column}: ${r.error.issues[0] ? issueText(r.error.issues[0]) : 'valore non valido'}`);
    return undefined;
  };

  const date = check('SE1', IsoDate, isoDate(cells.SE1));
  const duration = check('SE2', Duration, hhmm(cells.SE2));
  const kinds = check('SE3', Kinds, splitCodes(cells.SE3.toUpperCase()) as never);
  const competences = check('SE5', Competences, splitCodes(cells.SE5).map((c) => (/^\d+$/.test(c) ? Number(c) : c)) as never);
  const services = check('SE6', Services, splitCodes(cells.SE6.toUpperCase()) as never);
  if (cells.SE7.length > DETAILS_MAX) bad('SE7', `SE7: al massimo ${DETAILS_MAX} caratteri`);
  const gender = check('AN7', codeOf(GENDERS, 'AN7'), cells.AN7);
  const ageCode = check('AN8', codeOf({ A: '', B: '', C: '', D: '', E: '' }, 'AN8'), cells.AN8);
  const education = check('AN9', codeOf(EDUCATION, 'AN9'), cells.AN9);
  const employment = check('AN10', codeOf(EMPLOYMENT, 'AN10'), cells.AN10);
  const citizenship = check('AN11', codeOf(CITIZENSHIP, 'AN11'), cells.AN11);
  const previousKinds = check('PR2', codesOf(KINDS, 'PR2'), cells.PR2);
  const es1 = check('ES1', codesOf(DISCOVERY, 'ES1'), cells.ES1);
  const es2 = check('ES2', codesOf(REASONS, 'ES2'), cells.ES2);
  const es3 = check('ES3', codeOf(RETURN, 'ES3'), cells.ES3);
  const es5 = check('ES5', codesOf(HELPERS, 'ES5'), cells.ES5);
  if (cells.ES4.length > DETAILS_MAX) bad('ES4', `ES4: al massimo ${DETAILS_MAX} caratteri`);
  const es6Text = cells.ES6.trim();
  if (es6Text && !/^[1-5]$/.test(es6Text)) bad('ES6', 'ES6: un numero da 1 a 5');
  const pr1 = cells.PR1.trim().toUpperCase();
  if (pr1 && pr1 !== 'SI' && pr1 !== 'NO') bad('PR1', 'PR1: SI o NO');
  const an4 = cells.AN4.trim().toUpperCase();
  if (an4 && an4 !== 'SI' && an4 !== 'NO') bad('AN4', 'AN4: SI o NO');
  const cf = cells.AN3.trim();
  if (an4 === 'NO' && !cf) bad('AN3', 'AN3: il codice fiscale manca (AN4 = NO)');
  if (an4 === 'SI' && cf) bad('AN3', 'AN3: indicato un codice fiscale ma AN4 = SI (cittadino senza codice fiscale)');

  // Programme, venue and facilitator.
  let programme: Programme | undefined;
  let venue: Venue | undefined;
  if (date) {
    const candidates: { p: Programme; v: Venue }[] = [];
    for (const p of ctx.programmes) {
      if (ctx.programmes.length > 1 && (date < p.start || date > p.end)) continue;
      const v = await findVenue(ctx, p, cells.IDSede.trim(), cells.NominativoSede);
      if (v) candidates.push({ p, v });
    }
    if (candidates.length === 1) ({ p: programme, v: venue } = candidates[0]);
    else if (candidates.length === 0) {
      bad('IDSede', `sede non trovata: nessuna sede con ID "${cells.IDSede}" o nome "${cells.NominativoSede}" nel programma`);
    } else {
      bad('IDSede', 'la sede appartiene a più programmi attivi in quella data: indica il programma (--programme)');
    }
  }
  let facilitator: string | undefined;
  if (programme) {
    const nid = cells.IDFacilitatore.trim();
    const byId = nid ? ctx.usersByNationalId.get(nid) : undefined;
    if (byId) facilitator = byId.id;
    else {
      const n = normaliseName(cells.NominativoFacilitatore);
      const matches = n ? (await membersOf(ctx, programme.organisation.id)).filter((m) => normaliseName(m.name) === n) : [];
      if (matches.length === 1) facilitator = matches[0].userId;
      else bad('IDFacilitatore', `facilitatore non trovato: nessun utente con ID "${nid}" o nome "${cells.NominativoFacilitatore}"`);
    }
  }
  // AN1, AN2: kept only where the programme reports nationally (elsewhere the names are not read).
  let names: { firstName?: string; lastName?: string } = {};
  if (programme?.nationalReporting) {
    const first = PersonName.safeParse(cells.AN1);
    const last = PersonName.safeParse(cells.AN2);
    if (!first.success) bad('AN1', `AN1: nome ${first.error.issues[0] ? issueText(first.error.issues[0]) : 'non valido'}`);
    if (!last.success) bad('AN2', `AN2: cognome ${last.error.issues[0] ? issueText(last.error.issues[0]) : 'non valido'}`);
    if (first.success && last.success) names = { firstName: first.data, lastName: last.data };
  }
  if (issues.length > 0 || !programme || !venue || !facilitator) return { issues };

  const ageBand = ageCode
    ? ((Object.entries(AGE_BAND_CODE).find(([, c]) => c === ageCode)?.[0] as AgeBand | undefined) ?? undefined)
    : undefined;
  const identifier = an4 === 'SI' && cells.AN6.trim() ? `${cells.AN5.trim().toUpperCase()}${cells.AN6.trim()}` : undefined;
  return {
    issues,
    input: {
      programme: programme.id,
      venue: venue.id,
      date: date!,
      duration: duration!,
      kinds: kinds as string[],
      competences: competences as number[],
      services: services as string[],
      details: cells.SE7.trim() || null,
      facilitator,
      citizen: {
        ...names,
        fiscalCode: cf || undefined,
        identifier,
        gender: !cf && gender ? GENDER_FROM_CODE[gender] : undefined,
        ageBand: !cf ? ageBand : undefined,
        education: education || undefined,
        employment: employment || undefined,
        citizenship: citizenship || undefined,
        province: cells.AN12.trim() || undefined,
        firstTime: pr1 ? pr1 === 'SI' : undefined,
        previousKinds: previousKinds?.length ? previousKinds : undefined,
      },
      profileOptional: false,
      consentOptional: true,
      survey: {
        es1: es1?.length ? joinCodes(es1) : null,
        es2: es2?.length ? joinCodes(es2) : null,
        es3: es3 || null,
        es4: cells.ES4.trim() || null,
        es5: es5?.length ? joinCodes(es5) : null,
        es6: es6Text ? Number(es6Text) : null,
      },
    },
  };
}

// ---------- the import ----------

export interface ImportOptions {
  dryRun: boolean;
  /** The programme of every row; without it, each row's is found from its venue and date. */
  programme?: string;
  /** Stop listing issues after this many (the counts stay exact). */
  maxIssues?: number;
}

/** Checks (and unless a dry run, writes) the rows of a file in the national layout. */
export async function importNational(deps: Deps, principal: Principal | null, text: string, opts: ImportOptions): Promise<ImportReport> {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new ImportFormatError('il file è vuoto');
  const header = rows[0].map((h) => h.trim());
  const missing = NATIONAL_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new ImportFormatError(`mancano le colonne ${missing.join(', ')}: il file deve avere le colonne del tracciato nazionale`);
  }
  const index = new Map(header.map((h, i) => [h, i]));
  const all = await listProgrammes(deps.db, null);
  const programmes = opts.programme ? all.filter((p) => p.id === opts.programme) : all;
  if (opts.programme && programmes.length === 0) throw new ImportFormatError('il programma indicato non esiste');
  const nationalIds = rows
    .slice(1)
    .map((r) => (r[index.get('IDFacilitatore')!] ?? '').trim())
    .filter(Boolean);
  const ctx: Context = {
    deps,
    principal,
    programmes,
    venuesByOrg: new Map(),
    usersByNationalId: await accounts.usersByNationalIds(deps.db, nationalIds),
    membersByOrg: new Map(),
  };
  const report: ImportReport = { dryRun: opts.dryRun, rows: rows.length - 1, valid: 0, rejected: 0, imported: 0, issues: [], ids: [] };
  const maxIssues = opts.maxIssues ?? 1000;
  const cache = newPrepareCache();
  const prepared: Prepared[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < rows.length; i++) {
    const line = i + 1;
    const cells = Object.fromEntries(NATIONAL_COLUMNS.map((c) => [c, rows[i][index.get(c)!] ?? ''])) as Cells;
    const { input, issues } = await rowInput(ctx, cells, line);
    let rowIssues = issues;
    if (input) {
      try {
        const p = await prepareRecord(deps, principal, input, cache);
        // A duplicate is refused by the platform, and by Ponte when written: said in the dry run too.
        const duplicate = await duplicateOf(deps, p, seen);
        if (duplicate) rowIssues = [issue(line, 'SE1', duplicate)];
        else prepared.push(p);
      } catch (err) {
        if (!(err instanceof Problem) || err.status >= 500) throw err;
        rowIssues = (err.errors?.length ? err.errors : [{ field: '', message: err.detail ?? err.title }]).map((e) =>
          issue(line, columnOf(e.field), e.message),
        );
      }
    }
    if (rowIssues.length > 0) {
      report.rejected++;
      for (const x of rowIssues) if (report.issues.length < maxIssues) report.issues.push(x);
    } else report.valid++;
  }
  if (opts.dryRun || report.rejected > 0) return report;
  report.ids = await writePrepared(deps, principal, prepared, 'import');
  report.imported = report.ids.length;
  const perProgramme = new Map<string, { organisation: string; count: number }>();
  for (const p of prepared) {
    const cur = perProgramme.get(p.programme.id) ?? { organisation: p.programme.organisation.id, count: 0 };
    cur.count++;
    perProgramme.set(p.programme.id, cur);
  }
  for (const [programmeId, x] of perProgramme) await auditImport(deps, principal, x.organisation, programmeId, x.count);
  return report;
}

/** The column of the national layout a form field comes from, for the report. */
function columnOf(field: string): string | null {
  const map: Record<string, string> = {
    venue: 'IDSede',
    date: 'SE1',
    facilitator: 'IDFacilitatore',
    'citizen.fiscalCode': 'AN3',
    'citizen.firstName': 'AN1',
    'citizen.lastName': 'AN2',
    'citizen.identifier': 'AN6',
    'citizen.ageBand': 'AN8',
    'citizen.gender': 'AN7',
    'citizen.education': 'AN9',
    'citizen.employment': 'AN10',
    'citizen.citizenship': 'AN11',
    'citizen.province': 'AN12',
  };
  return map[field] ?? (field || null);
}
