import { z } from 'zod';
import { addMessages } from './i18n.js';
import { lazyRequire } from './lazy.js';
import { type FieldError, fieldError } from './problems.js';

/**
 * Mobile numbers for SMS, as people write them: `+39 333 123 4567`, `333 1234567`,
 * `0039 333 1234567`, `+44 7911 123456`. Without a country prefix a number is Italian. Each is
 * normalised to E.164 (`+393331234567`), the form an SMS gateway takes and the one to store and
 * compare. Numbers known not to receive SMS (Italian landlines, free and premium numbers) are
 * refused with their own message; a number whose kind the numbering plan does not tell (some
 * countries' mobile and fixed ranges overlap) is accepted.
 */

// The numbering plan (metadata and parser) loads with the first number parsed, not at start.
const phoneNumbers = lazyRequire<typeof import('libphonenumber-js/max')>('libphonenumber-js/max');

/** Dictionary keys of the two refusals. */
export const PHONE_INVALID = 'phone.invalid';
export const PHONE_NOT_MOBILE = 'phone.not-mobile';

addMessages({
  it: {
    [PHONE_INVALID]: 'numero di cellulare non valido: scrivilo con le sole cifre, ad esempio 333 123 4567 oppure +39 333 123 4567',
    [PHONE_NOT_MOBILE]: 'questo numero non può ricevere SMS (è un numero fisso o un numero verde): indica un cellulare',
  },
  en: {
    [PHONE_INVALID]: 'invalid mobile number: write its digits only, for example 333 123 4567 or +39 333 123 4567',
    [PHONE_NOT_MOBILE]: 'this number cannot receive text messages (it is a landline or a freephone number): give a mobile number',
  },
});

/** Kinds of number that never receive SMS. */
const NOT_MOBILE = new Set(['FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'UAN', 'VOICEMAIL']);

/** Digits, spaces and the punctuation people put in numbers; no letters ("chiamare 333…"). */
const WRITTEN_NUMBER = /^\+?[0-9 ().\-/]{4,30}$/;

export type MobileNumber = { ok: true; e164: string } | { ok: false; key: typeof PHONE_INVALID | typeof PHONE_NOT_MOBILE };

/** Parses a mobile number as written (Italian unless it starts with + or 00) into E.164. */
export function parseMobile(input: string): MobileNumber {
  const written = input.trim();
  if (!WRITTEN_NUMBER.test(written)) return { ok: false, key: PHONE_INVALID };
  const parsed = phoneNumbers().parsePhoneNumberFromString(written, 'IT');
  if (!parsed?.isValid()) return { ok: false, key: PHONE_INVALID };
  const kind = parsed.getType();
  if (kind && NOT_MOBILE.has(kind)) return { ok: false, key: PHONE_NOT_MOBILE };
  return { ok: true, e164: parsed.number };
}

/** The E.164 form of a mobile number, or null when it is not one. */
export function mobileE164(input: string): string | null {
  const result = parseMobile(input);
  return result.ok ? result.e164 : null;
}

/** A form's or an API body's field error for a number that cannot receive SMS, or null. */
export function mobileFieldError(field: string, input: string): FieldError | null {
  const result = parseMobile(input);
  return result.ok ? null : fieldError(field, result.key);
}

/** How a stored E.164 number is shown to people: `+39 333 123 4567`. */
export function formatMobile(e164: string): string {
  return phoneNumbers().parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/**
 * A zod field for a mobile number: trims, refuses with the dictionary keys above (shown in the
 * request's language by the error handler) and gives the E.164 form.
 */
export const MobilePhone = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const result = parseMobile(value);
    if (result.ok) return result.e164;
    ctx.addIssue({ code: 'custom', message: result.key });
    return z.NEVER;
  });
