/**
 * The closed vocabularies of events: codes stored in the database and used in URLs and the API,
 * each with an Italian and an English label. Views call `t(lang, 'audience.anziani')` and so on.
 */

export type Labels<K extends string> = Record<K, { it: string; en: string }>;

/**
 * The codes of a vocabulary, in the order its labels are written: each vocabulary is written once,
 * as its labels (no code is an integer, so the order of the keys is the order of writing).
 */
function codes<K extends string>(labels: Labels<K>): readonly [K, ...K[]] {
  return Object.keys(labels) as [K, ...K[]];
}

export const TYPE_LABELS = {
  incontro: { it: 'Incontro', en: 'Meeting' },
  corso: { it: 'Corso in più lezioni', en: 'Course in several lessons' },
  webinar: { it: 'Webinar', en: 'Webinar' },
  laboratorio: { it: 'Laboratorio', en: 'Workshop' },
  conferenza: { it: 'Conferenza', en: 'Conference' },
  'coder-dojo': { it: 'Coder Dojo', en: 'Coder Dojo' },
} satisfies Labels<string>;
export type EventType = keyof typeof TYPE_LABELS;
export const EVENT_TYPES = codes(TYPE_LABELS);

export const FORMAT_LABELS = {
  in_presenza: { it: 'In presenza', en: 'In person' },
  online: { it: 'Online', en: 'Online' },
  ibrido: { it: 'In presenza e online', en: 'In person and online' },
} satisfies Labels<string>;
export type EventFormat = keyof typeof FORMAT_LABELS;
export const FORMATS = codes(FORMAT_LABELS);

export const AUDIENCE_LABELS = {
  anziani: { it: 'Persone anziane', en: 'Older people' },
  'genitori-0-6': { it: 'Genitori di bambini 0-6 anni', en: 'Parents of children aged 0-6' },
  'genitori-7-11': { it: 'Genitori di bambini 7-11 anni', en: 'Parents of children aged 7-11' },
  'genitori-12-18': { it: 'Genitori di ragazzi 12-18 anni', en: 'Parents of teenagers aged 12-18' },
  bambini: { it: 'Bambini', en: 'Children' },
  ragazzi: { it: 'Ragazzi', en: 'Teenagers' },
  studenti: { it: 'Studenti', en: 'Students' },
  insegnanti: { it: 'Insegnanti', en: 'Teachers' },
  commercianti: { it: 'Commercianti', en: 'Shop owners' },
  'imprese-artigiani': { it: 'Imprese e artigiani', en: 'Businesses and artisans' },
  'dipendenti-comunali': { it: 'Dipendenti comunali', en: 'Municipal staff' },
  'operatori-sociali': { it: 'Operatori sociali e sanitari', en: 'Social and care workers' },
  tutti: { it: 'Tutta la cittadinanza', en: 'Everyone' },
} satisfies Labels<string>;
export type Audience = keyof typeof AUDIENCE_LABELS;
export const AUDIENCES = codes(AUDIENCE_LABELS);

export const TOPIC_LABELS = {
  spid: { it: 'SPID', en: 'SPID (digital identity)' },
  cie: { it: "Carta d'identità elettronica (CIE)", en: 'Electronic identity card (CIE)' },
  pagopa: { it: 'PagoPA', en: 'PagoPA (payments to public bodies)' },
  'app-io': { it: 'App IO', en: 'IO app' },
  'fascicolo-sanitario': { it: 'Fascicolo Sanitario Elettronico', en: 'Electronic health record' },
  anpr: { it: 'Certificati anagrafici online (ANPR)', en: 'Registry certificates online (ANPR)' },
  pec: { it: 'Posta elettronica e PEC', en: 'E-mail and certified e-mail (PEC)' },
  'iscrizioni-scolastiche': { it: 'Iscrizioni scolastiche online', en: 'School enrolment online' },
  'sicurezza-informatica': { it: 'Sicurezza informatica', en: 'Cybersecurity' },
  privacy: { it: 'Privacy e dati personali', en: 'Privacy and personal data' },
  'servizi-comunali': { it: 'Servizi online del Comune', en: "The municipality's online services" },
  smartphone: { it: 'Usare lo smartphone', en: 'Using a smartphone' },
  internet: { it: 'Navigare in internet', en: 'Using the internet' },
  coding: { it: 'Coding e programmazione', en: 'Coding and programming' },
  'intelligenza-artificiale': { it: 'Intelligenza artificiale', en: 'Artificial intelligence' },
} satisfies Labels<string>;
export type Topic = keyof typeof TOPIC_LABELS;
export const TOPICS = codes(TOPIC_LABELS);

export const AGE_BAND_LABELS = {
  'under-18': { it: 'Meno di 18 anni', en: 'Under 18' },
  '18-29': { it: '18-29 anni', en: '18-29' },
  '30-54': { it: '30-54 anni', en: '30-54' },
  '55-74': { it: '55-74 anni', en: '55-74' },
  '75+': { it: '75 anni e oltre', en: '75 and over' },
} satisfies Labels<string>;
export type AgeBand = keyof typeof AGE_BAND_LABELS;
export const AGE_BANDS = codes(AGE_BAND_LABELS);

export const STATUS_LABELS = {
  draft: { it: 'Bozza', en: 'Draft' },
  published: { it: 'Pubblicato', en: 'Published' },
  cancelled: { it: 'Annullato', en: 'Cancelled' },
} satisfies Labels<string>;
export type EventStatus = keyof typeof STATUS_LABELS;
export const EVENT_STATUSES = codes(STATUS_LABELS);

export const REGISTRATION_STATUS_LABELS = {
  confirmed: { it: 'Confermata', en: 'Confirmed' },
  waitlisted: { it: "In lista d'attesa", en: 'On the waiting list' },
  offered: { it: 'Posto offerto, in attesa di risposta', en: 'Seat offered, awaiting reply' },
  cancelled: { it: 'Annullata', en: 'Cancelled' },
} satisfies Labels<string>;
export type RegistrationStatus = keyof typeof REGISTRATION_STATUS_LABELS;
export const REGISTRATION_STATUSES = codes(REGISTRATION_STATUS_LABELS);

export const WAITLIST_MODE_LABELS = {
  auto: { it: 'Il primo in lista ottiene il posto', en: 'The first in line gets the seat' },
  offer: { it: 'Il primo in lista riceve un’offerta a tempo', en: 'The first in line gets a time-limited offer' },
} satisfies Labels<string>;
export type WaitlistMode = keyof typeof WAITLIST_MODE_LABELS;
export const WAITLIST_MODES = codes(WAITLIST_MODE_LABELS);

/** A label in a language, for code outside views (e-mails, .ics). */
export function label<K extends string>(labels: Labels<K>, code: string, lang: 'it' | 'en' = 'it'): string {
  return (labels as Record<string, { it: string; en: string }>)[code]?.[lang] ?? code;
}
