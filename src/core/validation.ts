import { z } from 'zod';
import { hasMessage, type Lang, t } from './i18n.js';
import { badRequest, type FieldError, refuse } from './problems.js';

type Vars = Record<string, string | number>;

/** The bounds a too-long or too-short issue names, for a key's `{maximum}` or `{minimum}`. */
function issueVars(issue: z.core.$ZodIssue): Vars | undefined {
  const bounds = issue as { maximum?: unknown; minimum?: unknown };
  const vars: Vars = {};
  if (typeof bounds.maximum === 'number') vars.maximum = bounds.maximum;
  if (typeof bounds.minimum === 'number') vars.minimum = bounds.minimum;
  return Object.keys(vars).length > 0 ? vars : undefined;
}

/**
 * One issue as a field error. A schema's message may be a dictionary key
 * (`z.string({ message: 'programmes.check.name' })`, `.max(200, 'programmes.check.max')` with
 * `{maximum}` in the text): it is then shown in the request's language; literal text is shown as
 * written.
 */
function fieldErrorOf(issue: z.core.$ZodIssue): FieldError {
  const field = issue.path.join('.') || '(body)';
  if (!hasMessage(issue.message)) return { field, message: issue.message };
  const vars = issueVars(issue);
  return { field, message: t('it', issue.message, vars), key: issue.message, ...(vars ? { vars } : {}) };
}

/** An issue's message in Italian, for the places that show issues themselves (a CSV file's row problems). */
export function issueText(issue: z.core.$ZodIssue): string {
  return fieldErrorOf(issue).message;
}

/** The issues of a failed parse as field errors (see fieldErrorOf). */
export function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map(fieldErrorOf);
}

/** Italian and English words of a dictionary entry. */
export type Words = readonly [it: string, en: string];

/**
 * Dictionary entries for checks whose message names the field, as `${prefix}.${field}.${check}`:
 * "the field's name: the check's words" ('codice del programma: deve essere un testo').
 */
export function namedChecks(
  prefix: string,
  fields: Record<string, Words>,
  checks: Record<string, Words>,
  lang: Lang,
): Record<string, string> {
  const i = lang === 'it' ? 0 : 1;
  return Object.fromEntries(
    Object.entries(fields).flatMap(([field, name]) =>
      Object.entries(checks).map(([check, words]) => [`${prefix}.${field}.${check}`, `${name[i]}: ${words[i]}`]),
    ),
  );
}

/** What a parse reads, for the 400's detail: the body, the path's parameters or the query's. */
export type ParsedPart = 'body' | 'params' | 'query';

/** The same parts as older callers name them, in Italian. */
const PART_OF: Record<string, ParsedPart> = {
  'I dati inviati': 'body',
  'I parametri del percorso': 'params',
  'I parametri della richiesta': 'query',
};

/**
 * Parses input with a schema or throws a 400 Problem listing every bad field, its title and detail
 * in the request's language. `what` names the part read (or, as literal Italian text, anything else).
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what: ParsedPart | string = 'body'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const part = PART_OF[what] ?? (what === 'body' || what === 'params' || what === 'query' ? what : null);
    const errors = zodErrors(result.error);
    if (part) throw refuse(400, `problem.invalid.${part}`, undefined, errors);
    throw badRequest(`${what} non sono validi: controlla i campi indicati.`, errors);
  }
  return result.data;
}

/**
 * Characters that show nothing on their own: format characters (zero-width space and joiners,
 * word joiner, byte-order mark, bidirectional marks), spaces and separators of any script,
 * controls, and the fillers and blanks that fonts draw as empty (Hangul fillers, braille blank,
 * combining grapheme joiner, Mongolian vowel separator).
 */
const INVISIBLE = /\p{Cf}|\p{Z}|\p{Cc}|\u034F|[\u115F\u1160\u180E\u2800\u3164\uFFA0]/gu;

/** Whether a text has at least one character a reader can see. */
export function hasVisibleCharacters(value: string): boolean {
  return value.replace(INVISIBLE, '').length > 0;
}

/** Dictionary keys (core/i18n.ts): a name of invisible characters, a date or date-time that does not exist. */
export const INVISIBLE_TEXT_MESSAGE = 'check.invisible';

/**
 * A title's or a person's or organisation's name check, for every schema that takes one: `min()`
 * counts zero-width characters, so "\u200B\u200B\u200B" would pass it. Empty and null are left to
 * the schema's own rules (an optional name may be empty).
 */
export function visibleText<T extends z.ZodType>(schema: T): T {
  return schema.refine((v) => typeof v !== 'string' || v === '' || hasVisibleCharacters(v), INVISIBLE_TEXT_MESSAGE);
}

const ISO_CALENDAR = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * Whether the calendar fields of an ISO 8601 date or date-time exist: no 30 February, no month
 * 13, no hour 24. JavaScript's Date (and so Date.parse) rolls such values over silently, so
 * 2027-02-30 would become 2 March; every schema that takes a date checks this first.
 */
export function calendarFieldsExist(value: string): boolean {
  const m = ISO_CALENDAR.exec(value.trim());
  if (!m) return false;
  const [y, mo, d] = [m[1], m[2], m[3]].map(Number);
  const [h, mi, s] = [m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (h > 23 || mi > 59 || s > 59) return false;
  const check = new Date(0);
  check.setUTCFullYear(y, mo - 1, d);
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d;
}

export const IMPOSSIBLE_DATE_MESSAGE = 'check.date.impossible';
export const IMPOSSIBLE_INSTANT_MESSAGE = 'check.instant.impossible';

// Control characters (NUL above all, which PostgreSQL refuses in text) are never data.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** The same, with tabs and line breaks: never in one line of text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
export const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f]/;

/** The dictionary keys of a module's text checks: too long, a control character; `type` when it is not a string. */
export type TextChecks = { max: string; control: string; type?: string };

/** One line of text, trimmed: at least `min` characters (else `required`), at most `max`, no control character nor line break. */
export function lineOfText(min: number, max: number, required: string, checks: TextChecks) {
  return z
    .string({ message: required })
    .trim()
    .min(min, required)
    .max(max, checks.max)
    .refine((v) => !CONTROL_OR_NEWLINE.test(v), checks.control);
}

/** Optional text, trimmed: at most `max` characters, line breaks only where `multiline`; empty becomes null, so a form can clear it. */
export function optionalText(max: number, multiline: boolean, checks: TextChecks) {
  return z
    .string(checks.type === undefined ? undefined : { message: checks.type })
    .trim()
    .max(max, checks.max)
    .refine((v) => !(multiline ? CONTROL : CONTROL_OR_NEWLINE).test(v), checks.control)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
}

function dateExists(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}

/**
 * A calendar date, YYYY-MM-DD, that exists, between 1990 and 2100 (a typo guard, not a policy),
 * refused with the keys `<prefix>.required`, `.format`, `.missing` and `.range`.
 */
export function isoDate(prefix: string) {
  return z
    .string({ message: `${prefix}.required` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${prefix}.format`)
    .refine(dateExists, `${prefix}.missing`)
    .refine((v) => v >= '1990-01-01' && v <= '2100-12-31', `${prefix}.range`);
}
