/**
 * The closed vocabularies of events: codes stored in the database and used in URLs and the API,
 * each with an Italian and an English label. Views call `t(lang, 'audience.anziani')` and so on.
 */

export const EVENT_TYPES = ['incontro', 'corso', 'webinar', 'laboratorio', 'conferenza', 'coder-dojo'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const FORMATS = ['in_presenza', 'online', 'ibrido'] as const;
export type EventFormat = (typeof FORMATS)[number];

export const AUDIENCES = [
  'anziani',
  'genitori-0-6',
  'genitori-7-11',
  'genitori-12-18',
  'bambini',
  'ragazzi',
  'studenti',
  'insegnanti',
  'commercianti',
  'imprese-artigiani',
  'dipendenti-comunali',
  'operatori-sociali',
  'tutti',
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const TOPICS = [
  'spid',
  'cie',
  'pagopa',
  'app-io',
  'fascicolo-sanitario',
  'anpr',
  'pec',
  'iscrizioni-scolastiche',
  'sicurezza-informatica',
  'privacy',
  'servizi-comunali',
  'smartphone',
  'internet',
  'coding',
  'intelligenza-artificiale',
] as const;
export type Topic = (typeof TOPICS)[number];

export const AGE_BANDS = ['under-18', '18-29', '30-54', '55-74', '75+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const WAITLIST_MODES = ['auto', 'offer'] as const;
export type WaitlistMode = (typeof WAITLIST_MODES)[number];

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'offered', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export type Labels<K extends string> = Record<K, { it: string; en: string }>;

export const TYPE_LABELS: Labels<EventType> = {
  incontro: { it: 'Incontro', en: 'Meeting' },
  corso: { it: 'Corso in più lezioni', en: 'Course in several lessons' },
  webinar: { it: 'Webinar', en: 'Webinar' },
  laboratorio: { it: 'Laboratorio', en: 'Workshop' },
  conferenza: { it: 'Conferenza', en: 'Conference' },
  'coder-dojo': { it: 'Coder Dojo', en: 'Coder Dojo' },
};

export const FORMAT_LABELS: Labels<EventFormat> = {
  in_presenza: { it: 'In presenza', en: 'In person' },
  online: { it: 'Online', en: 'Online' },
  ibrido: { it: 'In presenza e online', en: 'In person and online' },
};

export const AUDIENCE_LABELS: Labels<Audience> = {
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
};

export const TOPIC_LABELS: Labels<Topic> = {
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
};

export const AGE_BAND_LABELS: Labels<AgeBand> = {
  'under-18': { it: 'Meno di 18 anni', en: 'Under 18' },
  '18-29': { it: '18-29 anni', en: '18-29' },
  '30-54': { it: '30-54 anni', en: '30-54' },
  '55-74': { it: '55-74 anni', en: '55-74' },
  '75+': { it: '75 anni e oltre', en: '75 and over' },
};

export const STATUS_LABELS: Labels<EventStatus> = {
  draft: { it: 'Bozza', en: 'Draft' },
  published: { it: 'Pubblicato', en: 'Published' },
  cancelled: { it: 'Annullato', en: 'Cancelled' },
};

export const REGISTRATION_STATUS_LABELS: Labels<RegistrationStatus> = {
  confirmed: { it: 'Confermata', en: 'Confirmed' },
  waitlisted: { it: "In lista d'attesa", en: 'On the waiting list' },
  offered: { it: 'Posto offerto, in attesa di risposta', en: 'Seat offered, awaiting reply' },
  cancelled: { it: 'Annullata', en: 'Cancelled' },
};

export const WAITLIST_MODE_LABELS: Labels<WaitlistMode> = {
  auto: { it: 'Il primo in lista ottiene il posto', en: 'The first in line gets the seat' },
  offer: { it: 'Il primo in lista riceve un’offerta a tempo', en: 'The first in line gets a time-limited offer' },
};

/** A label in a language, for code outside views (e-mails, .ics). */
export function label<K extends string>(labels: Labels<K>, code: string, lang: 'it' | 'en' = 'it'): string {
  return (labels as Record<string, { it: string; en: string }>)[code]?.[lang] ?? code;
}
