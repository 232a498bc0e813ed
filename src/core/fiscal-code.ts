import { addMessages } from './i18n.js';

/**
 * A codice fiscale checked without the database: 16 characters in the official layout (omocodia
 * letters allowed in the digit positions), a month letter, a day of birth that can exist, and the
 * check character. For the people of the back office (a facilitator's IDFacilitatore); the
 * citizen's code, with birthplace and age rules, is checked by the facilitation capability.
 */

/** The official layout, omocodia letters allowed in the digit positions. */
export const FISCAL_CODE_FORMAT = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
/** Omocodia: these letters stand for 0–9 in the digit positions. */
export const OMOCODIA = 'LMNPQRSTUV';
const MONTH_DAYS: Record<string, number> = { A: 31, B: 29, C: 31, D: 30, E: 31, H: 30, L: 31, M: 31, P: 30, R: 31, S: 30, T: 31 };
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** Upper case, without spaces: how a codice fiscale is compared and stored. */
export function normaliseFiscalCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** The value of a character in the check sum: digits count as the letter in the same position. */
const rank = (ch: string): number => (ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 65);

/** The check character of the first 15 characters (positions counted from 1: the first is odd). */
export function checkCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? ODD[rank(first15[i])] : rank(first15[i]);
  return String.fromCharCode(65 + (sum % 26));
}

/** Dictionary keys of the refusals of a codice fiscale, for a field error (`fieldError(field, key)`). */
const FISCAL_CODE_LENGTH = 'fiscalCode.length';
const FISCAL_CODE_LAYOUT = 'fiscalCode.format';
const FISCAL_CODE_BIRTH_DATE = 'fiscalCode.birthDate';
const FISCAL_CODE_CHECK = 'fiscalCode.check';

addMessages({
  it: {
    [FISCAL_CODE_LENGTH]: 'il codice fiscale ha 16 caratteri',
    [FISCAL_CODE_LAYOUT]: 'il codice fiscale non ha il formato previsto (6 lettere, 2 cifre, una lettera, …)',
    [FISCAL_CODE_BIRTH_DATE]: 'la data di nascita nel codice fiscale non esiste',
    [FISCAL_CODE_CHECK]: 'il carattere di controllo non corrisponde: controlla di aver scritto bene il codice',
  },
  en: {
    [FISCAL_CODE_LENGTH]: 'the codice fiscale has 16 characters',
    [FISCAL_CODE_LAYOUT]: 'the codice fiscale does not have the expected layout (6 letters, 2 digits, a letter, …)',
    [FISCAL_CODE_BIRTH_DATE]: 'the date of birth in the codice fiscale does not exist',
    [FISCAL_CODE_CHECK]: 'the check character does not match: make sure the code is written correctly',
  },
});

/** Why the code is not a valid codice fiscale, as a dictionary key (for a field error), or null when it is. */
export function fiscalCodeProblem(input: string): string | null {
  const code = normaliseFiscalCode(input);
  if (code.length !== 16) return FISCAL_CODE_LENGTH;
  if (!FISCAL_CODE_FORMAT.test(code)) return FISCAL_CODE_LAYOUT;
  const digit = (ch: string) => (OMOCODIA.includes(ch) ? String(OMOCODIA.indexOf(ch)) : ch);
  let day = Number(digit(code[9]) + digit(code[10]));
  if (day > 40) day -= 40;
  if (day < 1 || day > MONTH_DAYS[code[8]]) return FISCAL_CODE_BIRTH_DATE;
  if (checkCharacter(code.slice(0, 15)) !== code[15]) return FISCAL_CODE_CHECK;
  return null;
}
