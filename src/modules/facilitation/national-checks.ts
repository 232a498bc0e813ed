import { checkCharacter, FISCAL_CODE_FORMAT } from '../../core/fiscal-code.js';
import {
  AREAS,
  CITIZENSHIP,
  COMPETENCES,
  type CodeList,
  DISCOVERY,
  DOCUMENT_TYPES,
  EDUCATION,
  EMPLOYMENT,
  GENDERS,
  HELPERS,
  KINDS,
  RATINGS,
  REASONS,
  RETURN,
  SERVICES,
} from './codes.js';

/**
 * The checks the national platform (Facilita) runs on each row of a bulk upload, ported from its
 * code (fe-piattaforma `useFileProcessor.ts` and `csvUtils.ts`, and the back end's
 * `ImportMassivoCSVService`), with its own Italian messages: a row that fails any of them is
 * discarded there, so Ponte refuses it before the file leaves. Where FACILITATION.md and the
 * national code disagree, the code wins: that is what staff meet when they upload.
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

/** Columns a row may leave empty: every other one is mandatory (`mandatoryFields` in csvUtils.ts). */
const NATIONAL_OPTIONAL = new Set('AN5 AN6 AN14 AN17 PR1 PR2 SE7 ES1 ES2 ES3 ES4 ES5 ES6'.split(' '));

/** A row missing any of these is discarded. */
export const NATIONAL_MANDATORY: readonly NationalColumn[] = NATIONAL_COLUMNS.filter((c) => !NATIONAL_OPTIONAL.has(c));

/** The most rows the platform takes in one file. */
export const NATIONAL_FILE_ROWS = 9000;

/** AN8 as the platform lists it: E (14–17) only where the programme admits minors. */
const AGE_GROUPS: CodeList = { A: '18-29', B: '30-54', C: '55-74', D: '75+', E: '14-17' };

/** `checkMapValues`: the column, its list, and whether it takes several codes joined with ':'. */
const CODED: readonly { key: NationalColumn; list: CodeList; multi: boolean }[] = [
  { key: 'AN5', list: DOCUMENT_TYPES, multi: false },
  { key: 'AN7', list: GENDERS, multi: false },
  { key: 'AN8', list: AGE_GROUPS, multi: false },
  { key: 'AN9', list: EDUCATION, multi: false },
  { key: 'AN10', list: EMPLOYMENT, multi: false },
  { key: 'AN11', list: CITIZENSHIP, multi: false },
  { key: 'SE3', list: KINDS, multi: true },
  { key: 'SE4', list: AREAS, multi: true },
  { key: 'SE5', list: COMPETENCES, multi: true },
  { key: 'SE6', list: SERVICES, multi: true },
  { key: 'PR2', list: KINDS, multi: true },
  { key: 'ES1', list: DISCOVERY, multi: true },
  { key: 'ES2', list: REASONS, multi: true },
  { key: 'ES3', list: RETURN, multi: true },
  { key: 'ES5', list: HELPERS, multi: true },
  { key: 'ES6', list: RATINGS, multi: false },
];

export interface NationalContext {
  /** The project's dates on the platform: a service outside them is discarded by its back end. */
  start: string;
  end: string;
  /** Whether the programme admits minors at the time of the upload (its date already passed). */
  minorsAllowed: boolean;
  /** The year of the upload: the platform's age is this year minus the year of birth. */
  uploadYear: number;
  /** The last service date the platform takes this month (it moves the limit each month); none when unset. */
  maxDate?: string | null;
}

/** Messages of the back end (`NoteCSV.java`), for the checks it makes after the file's own. */
export const NOTE = {
  facilitator: "Il facilitatore non e' presente su Facilita",
  venue: "La sede non e' presente su Facilita",
  duplicate: "Cittadino gia' presente per il servizio",
  outsideProject: 'La data del servizio non rientra all’interno delle date di progetto',
} as const;

/** `sanitizeFields`: every double quote removed, then trimmed. What the platform reads of a cell. */
export const sanitised = (v: string): string => (v === '' ? v : v.replaceAll('"', '').trim());

/**
 * `isValidFiscalCode`: the check the platform's upload makes of AN3 (and of a facilitator's id)
 * with the codice-fiscale-js library's `CodiceFiscale.check`: 16 characters, the official layout
 * (omocodia letters allowed) and the check character, in either case. The same rule written out
 * here, for it runs once per citizen of an export: the library's build cost as much as a third of
 * the decryption of the citizen's names, and its tables of comuni memory the export does not need.
 * A test holds it to the library on generated codes.
 */
export function validFiscalCode(code: string): boolean {
  if (code.length !== 16) return false;
  const upper = code.toUpperCase();
  // checkCharacter reads the first 15 characters.
  return FISCAL_CODE_FORMAT.test(upper) && checkCharacter(upper) === upper[15];
}

const OMOCODE_DIGITS: Record<string, string> = { L: '0', M: '1', N: '2', P: '3', Q: '4', R: '5', S: '6', T: '7', U: '8', V: '9' };

/** The year of birth in a codice fiscale, in the century that does not put it after `thisYear`. */
export function birthYearOf(code: string, thisYear: number): number | null {
  const digits = code
    .toUpperCase()
    .slice(6, 8)
    .replace(/[LMNPQRSTUV]/g, (c) => OMOCODE_DIGITS[c]);
  if (!/^\d\d$/.test(digits)) return null;
  const yy = Number(digits);
  return 2000 + yy <= thisYear ? 2000 + yy : 1900 + yy;
}

/** `getAgeGroupCodeByYear`: the AN8 code of an age worked out as the platform does; undefined under 14. */
export function ageGroupByYear(birthYear: number, uploadYear: number): string | undefined {
  const age = uploadYear - birthYear;
  if (age >= 14 && age <= 17) return 'E';
  if (age >= 18 && age <= 29) return 'A';
  if (age >= 30 && age <= 54) return 'B';
  if (age >= 55 && age <= 74) return 'C';
  if (age >= 75) return 'D';
  return undefined;
}

/** `validateFields`'s message for empty mandatory columns. */
export function missingMessage(missing: readonly string[]): string {
  const many = missing.length > 1;
  return `${many ? 'I campi' : 'Il campo'} "${missing.join(', ')}" ${many ? 'sono' : "e'"} obbligator${many ? 'i' : 'io'} e non ${
    many ? 'possono' : 'puo'
  } essere ${many ? 'vuoti' : 'vuoto'}.`;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const realDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
};
const isDigit = (c: string) => c >= '0' && c <= '9';

/** SE2 as `validateFields` reads it: exactly five characters, `dd:dd`. */
export function validDuration(v: string): boolean {
  return v.length === 5 && isDigit(v[0]) && isDigit(v[1]) && v[2] === ':' && isDigit(v[3]) && isDigit(v[4]);
}

/** `checkMapValues` for one column: a message per value not on its list. */
export function codeProblems(key: NationalColumn, value: string): string[] {
  if (value === '') return [];
  const spec = CODED.find((c) => c.key === key);
  if (!spec) return [];
  const values = spec.multi
    ? value
        .split(':')
        .map((v) => v.trim())
        .filter((v) => v !== '')
    : [value.trim()];
  const out: string[] = [];
  for (const v of values) {
    if (!Object.hasOwn(spec.list, v)) out.push(`Il valore "${v}" per il campo "${key}" non risulta una risposta valida.`);
  }
  if (spec.multi && value.split(':').some((v) => v.includes(' '))) {
    out.push(`Il campo "${key}" non risulta formattato correttamente.`);
  }
  if (key === 'SE3') {
    const unknown = value
      .split(':')
      .map((t) => t.trim())
      .filter((t) => !Object.hasOwn(KINDS, t));
    if (unknown.length > 0) {
      out.push(`Servizio non riconosciuto nel campo SE3: ${unknown.join(', ')}. Assicurati che i tipi di servizio inseriti siano corretti`);
    }
  }
  return out;
}

/** IDFacilitatore: a codice fiscale, or a numeric id matched with NominativoFacilitatore. */
export function facilitatorProblems(id: string, name: string): string[] {
  if (id === '' || name === '') return [];
  if (/^\d+$/.test(id) || validFiscalCode(id.toUpperCase())) return [];
  return [NOTE.facilitator];
}

/** IDSede: the platform reads it as a number. */
export function venueProblems(id: string): string[] {
  return id === '' || /^\d+$/.test(id) ? [] : [NOTE.venue];
}

/** SE1: a real `yyyy-mm-dd` date, not after the month's limit, within the project's dates. */
export function dateProblems(v: string, ctx: NationalContext): string[] {
  if (v === '') return [];
  if (!DATE.test(v) || !realDate(v)) return ["La data inserita per il servizio non e' valida."];
  if (ctx.maxDate && v > ctx.maxDate) return [`La data del servizio e' successiva al ${ctx.maxDate}.`];
  if (v < ctx.start || v > ctx.end) return [NOTE.outsideProject];
  return [];
}

/** AN3 and the age the platform works out from it. */
export function citizenProblems(fiscalCode: string, ctx: NationalContext): string[] {
  if (fiscalCode === '') return [];
  if (!validFiscalCode(fiscalCode)) return ["Il Codice Fiscale inserito e' invalido."];
  const year = birthYearOf(fiscalCode, ctx.uploadYear);
  const group = year === null ? undefined : ageGroupByYear(year, ctx.uploadYear);
  if (!group || (!ctx.minorsAllowed && group === 'E')) {
    return [ctx.minorsAllowed ? 'Il cittadino deve avere almeno 14 anni.' : 'Il cittadino deve essere maggiorenne.'];
  }
  return [];
}

/**
 * Every reason the platform would discard a row, in the order it reports them; empty when it takes
 * it. Duplicates are a matter of several rows: see `duplicateKey`.
 */
export function nationalProblems(input: NationalRow, ctx: NationalContext): string[] {
  const row = {} as NationalRow;
  for (const c of NATIONAL_COLUMNS) row[c] = sanitised(input[c] ?? '');
  const out: string[] = [];
  const missing = NATIONAL_MANDATORY.filter((c) => row[c] === '');
  if (missing.length > 0) out.push(missingMessage(missing));
  if (row.AN3 && !validFiscalCode(row.AN3)) out.push("Il Codice Fiscale inserito e' invalido.");
  out.push(...dateProblems(row.SE1, ctx));
  if (row.SE2 && !validDuration(row.SE2)) out.push('Il formato del campo SE2 non rispetta i criteri di formattazione');
  for (const { key } of CODED) out.push(...codeProblems(key, row[key]));
  // An invalid code is already reported above; the age is worked out from a valid one.
  if (row.AN3 && validFiscalCode(row.AN3)) out.push(...citizenProblems(row.AN3, ctx));
  out.push(...facilitatorProblems(row.IDFacilitatore, row.NominativoFacilitatore));
  out.push(...venueProblems(row.IDSede));
  return out;
}

/** Two rows with the same key are one service to one citizen told twice: the platform keeps the first. */
export function duplicateKey(row: Pick<NationalRow, 'AN3' | 'SE1' | 'SE2' | 'SE3' | 'SE5' | 'SE6' | 'SE7'>): string {
  return [row.AN3.toUpperCase(), row.SE1, row.SE2, row.SE3, row.SE5, row.SE6, sanitised(row.SE7)].join('\u0001');
}
