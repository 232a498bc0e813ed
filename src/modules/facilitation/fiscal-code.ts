import { DateTime } from 'luxon';
import { checkCharacter, FISCAL_CODE_FORMAT, normaliseFiscalCode, OMOCODIA } from '../../core/fiscal-code.js';
import type { Db } from '../../db/index.js';
import { cadastralCodeKnown } from '../organisations/service.js';
import { reason } from './check-words.js';
import type { AgeBand, Gender } from './codes.js';

/**
 * The Italian codice fiscale of a person: 16 characters, checked for format (with omocodia, the
 * letters that replace digits when two people would share a code), check character, birth date,
 * and birthplace. Gender and age band are derived from it, so the facilitator does not type them.
 */

const MONTHS = 'ABCDEHLMPRST';
const DIGIT_POSITIONS = [6, 7, 9, 10, 12, 13, 14];

// The layout, the check character and the normal form are the ones the back office checks a
// facilitator's code with; this module adds what a citizen's code must also pass.
export { checkCharacter, normaliseFiscalCode };

/** Replaces omocodia letters with the digits they stand for. */
export function decodeOmocodia(code: string): string {
  const chars = code.split('');
  for (const p of DIGIT_POSITIONS) {
    const i = OMOCODIA.indexOf(chars[p]);
    if (i >= 0) chars[p] = String(i);
  }
  return chars.join('');
}

export interface FiscalCodeInfo {
  /** Normalised (upper case, no spaces), as typed: omocodia letters are kept. */
  code: string;
  birthDate: string;
  gender: Extract<Gender, 'M' | 'F'>;
  /** Cadastral code of the comune of birth, or Z + 3 digits for a foreign country. */
  placeCode: string;
  foreign: boolean;
}

/** A refusal: the reason in Italian, and its dictionary key for other languages. */
export type FiscalCodeRefusal = { ok: false } & ReturnType<typeof reason>;
const refused = (key: string, vars?: Record<string, string>): FiscalCodeRefusal => ({ ok: false, ...reason(key, vars) });

export type ParsedFiscalCode = { ok: true; info: FiscalCodeInfo } | FiscalCodeRefusal;

/**
 * Checks everything that needs no database: format, check character, an existing birth date not
 * after `referenceDate` (the century is the latest one that puts the birth on or before it).
 */
export function parseFiscalCode(input: string, referenceDate: string): ParsedFiscalCode {
  const code = normaliseFiscalCode(input);
  if (code.length !== 16) return refused('fac.cf.length');
  if (!FISCAL_CODE_FORMAT.test(code)) return refused('fac.cf.format');
  if (checkCharacter(code.slice(0, 15)) !== code[15]) {
    return refused('fac.cf.check');
  }
  const plain = decodeOmocodia(code);
  const yy = Number(plain.slice(6, 8));
  const month = MONTHS.indexOf(plain[8]) + 1;
  let day = Number(plain.slice(9, 11));
  let gender: 'M' | 'F' = 'M';
  if (day > 40) {
    day -= 40;
    gender = 'F';
  }
  const ref = DateTime.fromISO(referenceDate, { zone: 'utc' });
  let birth = DateTime.utc(2000 + yy, month, day);
  if (!birth.isValid || birth.day !== day || birth.month !== month) {
    return refused('fac.cf.birth');
  }
  if (birth > ref) birth = DateTime.utc(1900 + yy, month, day);
  if (!birth.isValid || birth.day !== day) return refused('fac.cf.birth');
  const placeCode = plain.slice(11, 15);
  return {
    ok: true,
    info: { code, birthDate: birth.toISODate()!, gender, placeCode, foreign: placeCode.startsWith('Z') },
  };
}

/** Whole years between the birth date and the date. */
export function ageAt(birthDate: string, date: string): number {
  const b = DateTime.fromISO(birthDate, { zone: 'utc' });
  const d = DateTime.fromISO(date, { zone: 'utc' });
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age -= 1;
  return age;
}

/** The age band at a date; null under 14, where no band applies. */
export function ageBandOf(age: number): AgeBand | null {
  if (age < 14) return null;
  if (age < 18) return '14-17';
  if (age < 30) return '18-29';
  if (age < 55) return '30-54';
  if (age < 75) return '55-74';
  return '75+';
}

/** Whether a cadastral code belongs to a comune Ponte knows (active or not). */
export const knownCadastralCode = (db: Db, placeCode: string): Promise<boolean> => cadastralCodeKnown(db, placeCode);

/** Why a citizen aged 14–17 is refused on a date, in plain words. */
export function minorsRefusal(minorsFrom: string | null): FiscalCodeRefusal {
  return minorsFrom ? refused('fac.cf.minors.from', { date: minorsFrom.split('-').reverse().join('/') }) : refused('fac.cf.minors.none');
}

export type CheckedFiscalCode = { ok: true; info: FiscalCodeInfo; age: number; ageBand: AgeBand } | FiscalCodeRefusal;

/**
 * The full check at a service date: the parse above, a birthplace that is a known comune or a
 * foreign country (Z + 3 digits), and an age that fits the programme (14–17 only where it admits minors).
 */
export async function checkFiscalCode(
  db: Db,
  input: string,
  serviceDate: string,
  admitsMinors: boolean,
  minorsFrom: string | null = null,
): Promise<CheckedFiscalCode> {
  const parsed = parseFiscalCode(input, serviceDate);
  if (!parsed.ok) return parsed;
  const { info } = parsed;
  if (!info.foreign && !(await knownCadastralCode(db, info.placeCode))) {
    return refused('fac.cf.place', { place: info.placeCode });
  }
  const age = ageAt(info.birthDate, serviceDate);
  if (age > 120) return refused('fac.cf.implausible');
  const band = ageBandOf(age);
  if (!band) return refused('fac.cf.under14');
  if (band === '14-17' && !admitsMinors) {
    return minorsRefusal(minorsFrom);
  }
  return { ok: true, info, age, ageBand: band };
}
