import { createRequire } from 'node:module';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';

/**
 * The national platform's bulk upload, as its code reads and checks a file (Facilita:
 * fe-piattaforma `hooks/useFileProcessor.ts`, `utils/csvUtils.ts`, `utils/ResponseCodeMappings.ts`,
 * and the back end's `ImportMassivoCSVService`), written again here from that code, apart from
 * Ponte's own port in src/, and run with the libraries the platform runs: papaparse with its
 * options for CSV, SheetJS for workbooks, codice-fiscale-js for AN3, @marketto/codice-fiscale-utils
 * for the birth date. Tests pass Ponte's files through it: a row it discards is one the platform
 * would discard.
 */

const require = createRequire(import.meta.url);
const { CodiceFiscale } = require('codice-fiscale-js') as { CodiceFiscale: { check(cf: string): boolean } };
const { Parser } = require('@marketto/codice-fiscale-utils') as { Parser: { cfDecode(cf: string): { date?: Date } } };

/**
 * A library's answer for a codice fiscale, kept by code: both are pure functions of it, and the
 * generated files name each person many times (the decoding is most of the checking's time).
 */
function keptByCode<T>(answer: (cf: string) => T): (cf: string) => T {
  const kept = new Map<string, T>();
  return (cf) => {
    if (!kept.has(cf)) kept.set(cf, answer(cf));
    return kept.get(cf) as T;
  };
}
const cfValid = keptByCode((cf) => CodiceFiscale.check(cf));
const cfBirthDate = keptByCode((cf): Date | undefined => {
  try {
    return Parser.cfDecode(cf).date;
  } catch {
    return undefined;
  }
});

const HEADERS = [
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
];

const MANDATORY = [
  'IDFacilitatore',
  'NominativoFacilitatore',
  'IDSede',
  'NominativoSede',
  'AN1',
  'AN2',
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

// The keys of ResponseCodeMappings.ts, as listed there.
const keys = (s: string) => new Set(s.split(','));
const MAPS: { key: string; map: Set<string>; multi?: boolean }[] = [
  { key: 'AN5', map: keys('A,B,C,D,E') },
  { key: 'AN7', map: keys('A,B,C,D') },
  { key: 'AN8', map: keys('A,B,C,D,E') },
  { key: 'AN9', map: keys('A,B,C,D,E,F,G,H,I,J,K,L') },
  { key: 'AN10', map: keys('A,B,C,D,E,F,G,H') },
  { key: 'AN11', map: keys('A,B,C') },
  { key: 'SE3', map: keys('A,B,C,D,E'), multi: true },
  { key: 'SE4', map: keys('A,B,C,D,E'), multi: true },
  { key: 'SE5', map: keys('1,2,3,4,5,6,7,8,9,10,11,12,13'), multi: true },
  { key: 'SE6', map: keys('A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S'), multi: true },
  { key: 'PR2', map: keys('A,B,C,D,E'), multi: true },
  { key: 'ES1', map: keys('A,B,C,D,E,F,G,H,I,J,K,L,M'), multi: true },
  { key: 'ES2', map: keys('A,B,C,D,E,F,G,H,I,J,K,L'), multi: true },
  { key: 'ES3', map: keys('A,B,C,D,E'), multi: true },
  { key: 'ES5', map: keys('A,B,C,D,E,F,G,H,I,J,K,L,M,N,O'), multi: true },
  { key: 'ES6', map: keys('1,2,3,4,5') },
];

/** What the platform knows of a project: its people, points, dates and whether it admits minors. */
export interface Registry {
  /** Facilitators by codice fiscale, and by "COGNOMENOME" (spaces removed, upper case). */
  facilitators: { fiscalCode?: string; name: string }[];
  /** Point names as registered there. */
  venues: string[];
  start: string;
  end: string;
  minorsFrom?: string | null;
  /** Today, for the age and the minors' date (default: the real today). */
  today?: Date;
}

export type Row = Record<string, string>;
export interface UploadResult {
  /** The file itself refused (columns, type). */
  refused?: string;
  accepted: Row[];
  discarded: { row: Row; notes: string[] }[];
}

function ageGroup(date: Date | undefined, today: Date): string | undefined {
  if (!date) return undefined;
  const age = today.getFullYear() - date.getFullYear();
  if (age >= 14 && age <= 17) return 'E';
  if (age >= 18 && age <= 29) return 'A';
  if (age >= 30 && age <= 54) return 'B';
  if (age >= 55 && age <= 74) return 'C';
  if (age >= 75) return 'D';
}

function checkRow(record: Row, reg: Registry, today: Date): string[] {
  // sanitizeFields
  for (const k of Object.keys(record)) if (record[k]) record[k] = record[k].replaceAll('"', '').trim();
  record.AN3 = (record.AN3 ?? '').trim();
  const errors: string[] = [];
  const missing = MANDATORY.filter((f) => !record[f] || record[f] === '');
  if (missing.length) errors.push(`mandatory: ${missing.join(', ')}`);
  if (record.AN3 && !(cfValid(record.AN3) && record.AN3.length === 16)) errors.push('AN3 invalid');
  if (record.SE1) {
    const ok = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(record.SE1) && !Number.isNaN(new Date(record.SE1).getTime());
    if (!ok) errors.push('SE1 invalid');
  }
  if (record.SE2) {
    const v = record.SE2;
    const d = (c: string) => c >= '0' && c <= '9';
    if (!(v.length === 5 && d(v[0]) && d(v[1]) && v[2] === ':' && d(v[3]) && d(v[4]))) errors.push('SE2 format');
  }
  for (const { key, map, multi } of MAPS) {
    const value = record[key];
    if (value === undefined || value === null || value === '') continue;
    const values = multi
      ? value
          .split(':')
          .map((x) => x.trim())
          .filter((x) => x !== '')
      : [value.trim()];
    for (const x of values) if (!map.has(x)) errors.push(`${key} value ${x}`);
    if (multi && value.split(':').some((x) => x.includes(' '))) errors.push(`${key} spaces`);
  }
  // generateServiceName: SE3 split on ':'.
  for (const x of (record.SE3 ?? '').split(':').map((y) => y.trim())) if (record.SE3 && !keys('A,B,C,D,E').has(x)) errors.push('SE3 type');
  if (record.AN3) {
    const group = ageGroup(cfBirthDate(record.AN3), today);
    const minorsAllowed = !!reg.minorsFrom && today > new Date(`${reg.minorsFrom}T00:00:00Z`);
    if (!group || (!minorsAllowed && group === 'E')) errors.push(minorsAllowed ? 'under 14' : 'minor');
  }
  if (errors.length) return errors;
  // The back end: facilitator, point, project dates.
  const byCf = reg.facilitators.some((f) => f.fiscalCode && f.fiscalCode === record.IDFacilitatore);
  const byName = reg.facilitators.some(
    (f) => f.name.replace(/ /g, '').toUpperCase() === record.NominativoFacilitatore.replace(/ /g, '').toUpperCase(),
  );
  if (!byCf && !byName) return ["Il facilitatore non e' presente su Facilita"];
  const norm = (s: string) => s.replace(/ /g, '').replace(/'/g, '').toUpperCase();
  if (!reg.venues.some((v) => norm(v) === norm(record.NominativoSede))) return ["La sede non e' presente su Facilita"];
  if (Number.isNaN(Number(record.IDSede))) return ['IDSede not a number'];
  if (record.SE1 < reg.start || record.SE1 > reg.end) return ['La data del servizio non rientra all’interno delle date di progetto'];
  return [];
}

function run(rows: Row[], reg: Registry): UploadResult {
  const today = reg.today ?? new Date();
  const out: UploadResult = { accepted: [], discarded: [] };
  const seen = new Set<string>();
  for (const row of rows) {
    const notes = checkRow(row, reg, today);
    if (notes.length === 0) {
      const key = [row.AN3, row.SE1, row.SE2, row.SE3, row.SE5, row.SE6, row.SE7].join('|');
      if (seen.has(key)) notes.push("Cittadino gia' presente per il servizio");
      seen.add(key);
    }
    if (notes.length) out.discarded.push({ row, notes });
    else out.accepted.push(row);
  }
  return out;
}

/** A CSV as the RFD upload reads it (papaparse, header row, `"` as quote and escape). */
export function uploadCsv(text: string, reg: Registry): UploadResult {
  const parsed = Papa.parse<Row>(text, { header: true, quoteChar: '"', escapeChar: '"', skipEmptyLines: true });
  const data = parsed.data;
  if (data.length === 0) return { refused: 'no data', accepted: [], discarded: [] };
  if (!HEADERS.every((h) => h in data[0])) return { refused: 'columns', accepted: [], discarded: [] };
  for (const r of data) if (Object.keys(r).length !== HEADERS.length) return { refused: 'columns', accepted: [], discarded: [] };
  return run(data, reg);
}

/** A workbook as the SCD upload reads it (SheetJS, first sheet, data from the fourth row). */
export function uploadXlsx(buffer: Uint8Array, reg: Registry): UploadResult {
  const wb = XLSX.read(buffer, { type: 'array' });
  const ws = wb.Sheets[wb.SheetNames[0]];
  const json = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, defval: '', blankrows: false, raw: false });
  const rows = json.slice(3).map((r) => Object.fromEntries(HEADERS.map((h, i) => [h, r[i]?.toString() || ''])) as Row);
  if (rows.length === 0) return { refused: 'no data', accepted: [], discarded: [] };
  return run(rows, reg);
}
