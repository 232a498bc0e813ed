import type { Lang } from '../../core/i18n.js';
import { namedChecks, type Words } from '../../core/validation.js';
import {
  BREAKDOWNS,
  CITIZENSHIP,
  type CodeList,
  codesOf,
  DISCOVERY,
  EDUCATION,
  EMPLOYMENT,
  HELPERS,
  KINDS,
  REASONS,
  RETURN,
  SERVICES,
} from './codes.js';

/**
 * The words of facilitation's checks (the schemas' messages and the codice fiscale's reasons),
 * Italian and English side by side; messages.ts spreads them into its dictionaries and the
 * schemas name them by key ('fac.check.…'), so a refusal is answered in the request's language.
 */

/** The fields that take codes of a list, with their names: messages `fac.check.<field>.<check>`. */
export const CODED_FIELDS = {
  kinds: [KINDS, ['Tipo di servizio', 'Kind of service']],
  services: [SERVICES, ['Servizi pubblici digitali', 'Digital public services']],
  previousKinds: [KINDS, ['Servizi ricevuti in precedenza', 'Services received before']],
  education: [EDUCATION, ['Titolo di studio', 'Education']],
  employment: [EMPLOYMENT, ['Condizione occupazionale', 'Employment']],
  citizenship: [CITIZENSHIP, ['Cittadinanza', 'Citizenship']],
  es1: [DISCOVERY, ['Come ha conosciuto il servizio', 'How they heard of the service']],
  es2: [REASONS, ['Perché ha scelto il servizio', 'Why they chose the service']],
  es3: [RETURN, ['Tornerebbe', 'Would come back']],
  es5: [HELPERS, ['A chi si rivolge', 'Whom they turn to']],
} as const satisfies Record<string, readonly [CodeList, Words]>;
export type CodedField = keyof typeof CODED_FIELDS;

const CODE_CHECKS: Record<string, Words> = {
  code: ['indica un codice', 'give a code'],
  list: ['indica un elenco di codici', 'give a list of codes'],
  min: ['scegline almeno uno', 'choose at least one'],
  once: ['ogni codice una volta sola', 'each code once only'],
};

/** "Field: unexpected code (allowed: …)", with the list's own codes. */
const notListed = (lang: Lang) =>
  Object.fromEntries(
    Object.entries(CODED_FIELDS).map(([field, [list, name]]) => [
      `fac.check.${field}.notListed`,
      lang === 'it'
        ? `${name[0]}: codice non previsto (ammessi: ${codesOf(list).join(', ')})`
        : `${name[1]}: unexpected code (allowed: ${codesOf(list).join(', ')})`,
    ]),
  );

const CHECKS: Record<string, Words> = {
  'fac.check.date.required': ['data obbligatoria, nel formato AAAA-MM-GG', 'date required, as YYYY-MM-DD'],
  'fac.check.date.format': ['data nel formato AAAA-MM-GG', 'date as YYYY-MM-DD'],
  'fac.check.date.missing': ['data inesistente', 'no such date'],
  'fac.check.date.range': ['data fuori intervallo', 'date out of range'],
  'fac.check.duration.required': ['durata obbligatoria, nel formato hh:mm', 'duration required, as hh:mm'],
  'fac.check.duration.format': ['durata nel formato hh:mm, ad esempio 00:30', 'duration as hh:mm, for example 00:30'],
  'fac.check.duration.zero': ['la durata deve essere maggiore di zero', 'the duration must be more than zero'],
  'fac.check.duration.max': ['la durata non può superare 12 ore', 'the duration cannot exceed 12 hours'],
  'fac.check.text': ['deve essere un testo', 'must be text'],
  'fac.check.max': ['al massimo {maximum} caratteri', 'at most {maximum} characters'],
  'fac.check.control': ['contiene caratteri non ammessi', 'contains characters that are not allowed'],
  'fac.check.competences.number': ['Competenze: indica i numeri da 1 a 13', 'Competences: give numbers from 1 to 13'],
  'fac.check.competences.range': ['Competenze: da 1 a 13', 'Competences: 1 to 13'],
  'fac.check.competences.list': ['Competenze: indica un elenco di numeri da 1 a 13', 'Competences: give a list of numbers from 1 to 13'],
  'fac.check.competences.min': ['Competenze: scegline almeno una', 'Competences: choose at least one'],
  'fac.check.competences.once': ['Competenze: ogni numero una volta sola', 'Competences: each number once only'],
  'fac.check.services.none': ['"Nessuna delle precedenti" esclude gli altri servizi', '"None of the above" excludes the other services'],
  'fac.check.consent.channel': ['canale del consenso: CARTACEO, EMAIL o ONLINE', 'consent channel: CARTACEO, EMAIL or ONLINE'],
  'fac.check.name.required': ['obbligatorio', 'required'],
  'fac.check.name.letters': [
    'solo lettere, spazi, apostrofi e trattini: niente cifre o simboli',
    'only letters, spaces, apostrophes and hyphens: no digits or symbols',
  ],
  'fac.check.cf.long': ['codice fiscale troppo lungo', 'codice fiscale too long'],
  'fac.check.gender': [
    'genere: F, M, NB (non binario) o ND (preferisco non rispondere)',
    'gender: F, M, NB (non-binary) or ND (prefer not to say)',
  ],
  'fac.check.ageBand': ['fascia di età: 14-17, 18-29, 30-54, 55-74 o 75+', 'age band: 14-17, 18-29, 30-54, 55-74 or 75+'],
  'fac.check.province': ['provincia di domicilio obbligatoria', 'province of residence required'],
  'fac.check.citizen': ['dati del cittadino obbligatori', 'the citizen’s details are required'],
  'fac.check.programme': ['programma non valido', 'invalid programme'],
  'fac.check.venue': ['sede non valida', 'invalid venue'],
  'fac.check.facilitator': ['facilitatore non valido', 'invalid facilitator'],
  'fac.check.by': [`by: uno tra ${BREAKDOWNS.join(', ')}`, `by: one of ${BREAKDOWNS.join(', ')}`],
  'fac.check.municipality': ['codice ISTAT di 6 cifre', 'ISTAT code of 6 digits'],
  'fac.check.email': ['indirizzo e-mail non valido', 'invalid e-mail address'],
  'fac.check.es6': ['utilità: da 1 a 5', 'usefulness: 1 to 5'],
  'fac.check.attendees': ['nessun partecipante', 'no attendees'],
  // The codice fiscale's own checks (fiscal-code.ts).
  'fac.cf.length': ['il codice fiscale ha 16 caratteri', 'a codice fiscale has 16 characters'],
  'fac.cf.format': [
    'il codice fiscale non ha il formato previsto (6 lettere, 2 cifre, …)',
    'the codice fiscale does not have the expected layout (6 letters, 2 digits, …)',
  ],
  'fac.cf.check': [
    'il carattere di controllo non corrisponde: controlla di aver scritto bene il codice',
    'the check character does not match: check that the code is written correctly',
  ],
  'fac.cf.birth': ['la data di nascita nel codice fiscale non esiste', 'the date of birth in the codice fiscale does not exist'],
  'fac.cf.place': [
    'il luogo di nascita (codice {place}) non corrisponde a nessun comune',
    'the place of birth (code {place}) is not a comune',
  ],
  'fac.cf.implausible': [
    'la data di nascita nel codice fiscale non è plausibile',
    'the date of birth in the codice fiscale is not plausible',
  ],
  'fac.cf.under14': ['il servizio è rivolto a persone dai 14 anni in su', 'the service is for people aged 14 and over'],
  'fac.cf.minors.from': [
    'il cittadino ha meno di 18 anni e il programma ammette i minori (14–17 anni) solo dal {date}',
    'the citizen is under 18 and the programme admits minors (aged 14–17) only from {date}',
  ],
  'fac.cf.minors.none': [
    'il cittadino ha meno di 18 anni e il programma non ammette minori: chi ha 14–17 anni può essere servito solo nei programmi che li ammettono',
    'the citizen is under 18 and the programme does not admit minors: people aged 14–17 can be served only in programmes that admit them',
  ],
  // The import through the API.
  'fac.err.import.title': ['File non importabile', 'File not imported'],
  'fac.err.import.rejected': [
    '{rejected} righe su {rows} hanno problemi: nessun servizio è stato importato.',
    '{rejected} of {rows} rows have problems: no service was imported.',
  ],
};

/** The checks' words in one language, for the module's dictionary. */
export function checkWords(lang: Lang): Record<string, string> {
  const i = lang === 'it' ? 0 : 1;
  return {
    ...Object.fromEntries(Object.entries(CHECKS).map(([key, words]) => [key, words[i]])),
    ...namedChecks('fac.check', Object.fromEntries(Object.entries(CODED_FIELDS).map(([f, [, name]]) => [f, name])), CODE_CHECKS, lang),
    ...notListed(lang),
  };
}

/** A reason in Italian with its key, for checks that run before the dictionaries are loaded (a unit's own test). */
export function reason(
  key: keyof typeof CHECKS,
  vars?: Record<string, string>,
): { reason: string; key: string; vars?: Record<string, string> } {
  const text = CHECKS[key][0].replace(/\{(\w+)\}/g, (_, k: string) => vars?.[k] ?? `{${k}}`);
  return { reason: text, key, ...(vars ? { vars } : {}) };
}
