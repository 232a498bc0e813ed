import type { Lang } from './i18n.js';
import { formatRome } from './time.js';

/**
 * What an SMS can carry. A message in the GSM 03.38 alphabet (GSM-7) takes 160 characters in one
 * SMS, 153 in each part of a longer one; the characters of its extension table (`€ [ ] { } ^ ~ | \`
 * and form feed) take two places each. Any other character turns the whole message into UCS-2:
 * 70 characters in one SMS, 67 per part. Italian's lower-case accented letters are in GSM-7;
 * È, À, Ì, Ò, Ù, typographic quotes and dashes are not, so texts are passed through toGsm7 first.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';
const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Places of one SMS, and of each part of a longer one, by encoding. */
export const SMS_LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

/** Places a character takes in GSM-7 (1, or 2 for the extension table), or 0 when it has none. */
function gsmUnits(char: string): number {
  if (BASIC.has(char)) return 1;
  if (EXTENSION.has(char)) return 2;
  return 0;
}

/** Whether every character of the text is in GSM-7 (basic or extension table). */
export function fitsGsm7(text: string): boolean {
  for (const char of text) if (gsmUnits(char) === 0) return false;
  return true;
}

/** The places a text takes in its encoding: GSM-7 septets, or UTF-16 code units in UCS-2. */
function unitsOf(text: string, encoding: SmsEncoding): number {
  if (encoding === 'UCS-2') return text.length;
  let units = 0;
  for (const char of text) units += gsmUnits(char);
  return units;
}

/**
 * The parts a message is sent in: one when it fits a single SMS, otherwise parts of 153 (67)
 * places, never splitting an extension character's two places or a surrogate pair.
 */
export function splitSms(text: string): { encoding: SmsEncoding; parts: string[] } {
  const encoding: SmsEncoding = fitsGsm7(text) ? 'GSM-7' : 'UCS-2';
  const limits = SMS_LIMITS[encoding];
  if (unitsOf(text, encoding) <= limits.single) return { encoding, parts: [text] };
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const char of text) {
    const units = encoding === 'GSM-7' ? gsmUnits(char) : char.length;
    if (used + units > limits.part) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += units;
  }
  parts.push(current);
  return { encoding, parts };
}

export interface SmsLength {
  encoding: SmsEncoding;
  /** GSM-7 septets (extension characters count two) or UCS-2 code units. */
  units: number;
  /** SMS it takes: 1 up to 160 (70), then one per 153 (67) places. */
  segments: number;
}

/** How long a text is as an SMS: its encoding, places and number of SMS. */
export function smsLength(text: string): SmsLength {
  const { encoding, parts } = splitSms(text);
  return { encoding, units: unitsOf(text, encoding), segments: parts.length };
}

/** Characters outside GSM-7 that have a faithful GSM-7 spelling (Italian typing without accents: E'). */
const SPELLINGS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '`': "'",
  '´': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '«': '"',
  '»': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2026': '...',
  '\t': ' ',
  À: "A'",
  È: "E'",
  Ì: "I'",
  Ò: "O'",
  Ù: "U'",
  '•': '-',
  '·': '-',
};

/**
 * The text in GSM-7 where a faithful spelling exists: typographic quotes, dashes and ellipses
 * become their plain forms, È becomes E', other spaces a space, and a letter with an accent GSM-7
 * lacks loses the accent (á → a, ł stays). What has no spelling is left as it is.
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text) {
    if (gsmUnits(char) > 0) out += char;
    else if (char in SPELLINGS) out += SPELLINGS[char];
    else if (/\s/u.test(char)) out += ' ';
    else {
      const bare = char.normalize('NFD').replace(/\p{M}/gu, '');
      out += bare.length > 0 && fitsGsm7(bare) ? bare : char;
    }
  }
  return out;
}

/** The most places smsWhen takes: the limit to declare for a template's date field. */
export const SMS_WHEN_LENGTH = 20;

/** A date and time in Rome as an SMS says it, short and in GSM-7: "gio 12 mar ore 10:00", "Thu 12 Mar, 10:00". */
export function smsWhen(iso: string, lang: Lang): string {
  return lang === 'it' ? formatRome(iso, 'it', "ccc d LLL 'ore' H:mm") : formatRome(iso, 'en', 'ccc d LLL, H:mm');
}

// ---------- templates ----------

export class SmsTemplateError extends Error {}

export interface SmsTemplate<F extends string> {
  readonly name: string;
  /** The places of the longest text render can give, per language (never more than one SMS). */
  readonly longest: Record<Lang, number>;
  /**
   * The message in a language, every field in GSM-7 (toGsm7, then `?` for what has no spelling),
   * its runs of blanks made one space, cut to its declared places (at a word's end where it can):
   * always one GSM-7 SMS.
   */
  render(lang: Lang, values: Record<F, string | number>): string;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** A field's value as it may enter a template: GSM-7 only, one line, at most `max` places. */
function fieldText(value: string | number, max: number): string {
  const plain = [...toGsm7(String(value)).replace(/\s+/g, ' ').trim()].map((c) => (gsmUnits(c) > 0 ? c : '?'));
  let out = '';
  let used = 0;
  for (const char of plain) {
    const units = gsmUnits(char);
    if (used + units > max) {
      // Cut at the last word's end when that keeps most of the room.
      const space = out.lastIndexOf(' ');
      return (space > max * 0.6 ? out.slice(0, space) : out).trimEnd();
    }
    out += char;
    used += units;
  }
  return out.trimEnd();
}

/**
 * Declares an SMS: its text in each language with `{field}` placeholders, and the most places
 * each field may take. Refused here, with a SmsTemplateError naming the template and language,
 * when a text uses a field it does not declare or a character outside GSM-7, or when its longest
 * rendering (every field at its limit) would take more than one SMS of 160 characters. So a
 * module that defines its messages at load time cannot start, nor pass its tests, with a message
 * that would be split or sent in UCS-2.
 *
 *   const CONFIRMED = smsTemplate('events.confirmed',
 *     { it: 'Prenotato: {title}, {when}. Codice {code}', en: 'Booked: {title}, {when}. Code {code}' },
 *     { title: 60, when: 20, code: 10 });
 *   CONFIRMED.render('it', { title, when, code });
 */
export function smsTemplate<F extends string>(name: string, texts: Record<Lang, string>, fields: Record<F, number>): SmsTemplate<F> {
  const limits = fields as Record<string, number>;
  const longest = {} as Record<Lang, number>;
  for (const lang of Object.keys(texts) as Lang[]) {
    const text = texts[lang];
    let units = 0;
    for (const part of text.split(PLACEHOLDER).entries()) {
      const [i, piece] = part;
      if (i % 2 === 1) {
        if (!(piece in limits)) throw new SmsTemplateError(`SMS template "${name}" (${lang}) uses {${piece}}, which it does not declare`);
        units += limits[piece];
      } else {
        if (!fitsGsm7(piece))
          throw new SmsTemplateError(`SMS template "${name}" (${lang}) has characters outside GSM-7: ${JSON.stringify(piece)}`);
        units += unitsOf(piece, 'GSM-7');
      }
    }
    if (units > SMS_LIMITS['GSM-7'].single) {
      throw new SmsTemplateError(
        `SMS template "${name}" (${lang}) can take ${units} characters, more than one SMS (160): shorten the text or its fields' limits`,
      );
    }
    longest[lang] = units;
  }
  return {
    name,
    longest,
    render: (lang, values) => {
      const text = texts[lang] ?? texts.it;
      const vals = values as Record<string, string | number>;
      return text.replace(PLACEHOLDER, (_, field: string) => fieldText(vals[field] ?? '', limits[field]));
    },
  };
}
