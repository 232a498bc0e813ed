import { z } from 'zod';
import {
  AGE_BAND_KEYS,
  CITIZENSHIP,
  CONSENT_CHANNELS,
  type CodeList,
  codesOf,
  DISCOVERY,
  EDUCATION,
  EMPLOYMENT,
  GENDER_KEYS,
  HELPERS,
  KINDS,
  REASONS,
  RETURN,
  SERVICES,
} from './codes.js';

/** Details (SE7) and interests (ES4): the national platform keeps at most 600 characters. */
export const DETAILS_MAX = 600;
/** Longest service: 12 hours. */
export const DURATION_MAX_MINUTES = 12 * 60;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function validDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}

export const IsoDate = z
  .string({ message: 'data obbligatoria, nel formato AAAA-MM-GG' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'data nel formato AAAA-MM-GG')
  .refine(validDate, 'data inesistente')
  .refine((v) => v >= '1990-01-01' && v <= '2100-12-31', 'data fuori intervallo');

/** "hh:mm" (or "h:mm"), more than zero and at most 12 hours; gives minutes. */
export const Duration = z
  .string({ message: 'durata obbligatoria, nel formato hh:mm' })
  .trim()
  .regex(/^\d{1,2}:[0-5]\d$/, 'durata nel formato hh:mm, ad esempio 00:30')
  .transform((v) => {
    const [h, m] = v.split(':').map(Number);
    return h * 60 + m;
  })
  .refine((m) => m > 0, 'la durata deve essere maggiore di zero')
  .refine((m) => m <= DURATION_MAX_MINUTES, 'la durata non può superare 12 ore');

export const formatDuration = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const code = (list: CodeList, what: string) =>
  z.string({ message: `${what}: indica un codice` }).refine((v) => Object.hasOwn(list, v), {
    message: `${what}: codice non previsto (ammessi: ${codesOf(list).join(', ')})`,
  });

const codeList = (list: CodeList, what: string, min = 1) =>
  z
    .array(code(list, what), { message: `${what}: indica un elenco di codici` })
    .min(min, `${what}: scegline almeno uno`)
    .max(codesOf(list).length)
    .refine((a) => new Set(a).size === a.length, `${what}: ogni codice una volta sola`);

const freeText = (max: number) =>
  z
    .string({ message: 'deve essere un testo' })
    .trim()
    .max(max, `al massimo ${max} caratteri`)
    .refine((v) => !CONTROL.test(v), 'contiene caratteri non ammessi')
    .transform((v) => (v === '' ? null : v));

export const Kinds = codeList(KINDS, 'Tipo di servizio');
export const Competences = z
  .array(
    z.number({ message: 'Competenze: indica i numeri da 1 a 13' }).int().min(1, 'Competenze: da 1 a 13').max(13, 'Competenze: da 1 a 13'),
    {
      message: 'Competenze: indica un elenco di numeri da 1 a 13',
    },
  )
  .min(1, 'Competenze: scegline almeno una')
  .max(13)
  .refine((a) => new Set(a).size === a.length, 'Competenze: ogni numero una volta sola');
export const Services = codeList(SERVICES, 'Servizi pubblici digitali').refine(
  (a) => !a.includes('S') || a.length === 1,
  '"Nessuna delle precedenti" esclude gli altri servizi',
);

export const Consent = z.object(
  {
    channel: z.enum(CONSENT_CHANNELS, { message: 'canale del consenso: CARTACEO, EMAIL o ONLINE' }),
    date: IsoDate,
  },
  { message: 'consenso obbligatorio: canale e data' },
);

/**
 * A citizen's first name or surname (AN1, AN2): letters of any alphabet, with the spaces,
 * apostrophes, hyphens and dots names carry; no digits, no control characters.
 */
export const PersonName = z
  .string({ message: 'deve essere un testo' })
  .trim()
  .min(1, 'obbligatorio')
  .max(100, 'al massimo 100 caratteri')
  .regex(/^\p{L}[\p{L}\p{M}' .\u2019-]*$/u, 'solo lettere, spazi, apostrofi e trattini: niente cifre o simboli');

export const CitizenInput = z.object(
  {
    /** AN1, AN2: kept (encrypted) only where the programme reports to the national platform, which needs them. */
    firstName: PersonName.optional(),
    lastName: PersonName.optional(),
    /** Required where the programme reports to the national platform. */
    fiscalCode: z.string().trim().max(32, 'codice fiscale troppo lungo').optional(),
    /** Elsewhere, another identifier the facilitator chooses (only its keyed hash is kept) counts unique citizens. */
    identifier: z.string().trim().max(100, 'al massimo 100 caratteri').optional(),
    /** Without a codice fiscale: gender and age band as the citizen states them. */
    gender: z.enum(GENDER_KEYS, { message: 'genere: F, M, NB (non binario) o ND (preferisco non rispondere)' }).optional(),
    ageBand: z.enum(AGE_BAND_KEYS, { message: 'fascia di età: 14-17, 18-29, 30-54, 55-74 o 75+' }).optional(),
    education: code(EDUCATION, 'Titolo di studio'),
    employment: code(EMPLOYMENT, 'Condizione occupazionale'),
    citizenship: code(CITIZENSHIP, 'Cittadinanza'),
    province: z.string({ message: 'provincia di domicilio obbligatoria' }).trim().min(2, 'provincia di domicilio obbligatoria').max(60),
    consent: Consent,
    /** PR1: first time at a facilitation service. */
    firstTime: z.boolean().optional(),
    /** PR2: kinds of service received before. */
    previousKinds: codeList(KINDS, 'Servizi ricevuti in precedenza', 0).optional(),
  },
  { message: 'dati del cittadino obbligatori' },
);
export type CitizenInputData = z.output<typeof CitizenInput>;

export const RecordCreate = z.object({
  programme: z.uuid({ message: 'programma non valido' }),
  venue: z.uuid({ message: 'sede non valida' }),
  date: IsoDate,
  duration: Duration,
  kinds: Kinds,
  competences: Competences,
  services: Services,
  details: freeText(DETAILS_MAX).nullable().optional(),
  /** Defaults to the caller; staff may record for another facilitator of the organisation. */
  facilitator: z.uuid({ message: 'facilitatore non valido' }).optional(),
  citizen: CitizenInput,
});
export type RecordCreateInput = z.input<typeof RecordCreate>;
export type RecordCreateData = z.output<typeof RecordCreate>;

/** A correction: only the fields sent change; `citizen`, when sent, is merged with the current profile. */
export const RecordPatch = z.object({
  venue: z.uuid({ message: 'sede non valida' }).optional(),
  date: IsoDate.optional(),
  duration: Duration.optional(),
  kinds: Kinds.optional(),
  competences: Competences.optional(),
  services: Services.optional(),
  details: freeText(DETAILS_MAX).nullable().optional(),
  facilitator: z.uuid({ message: 'facilitatore non valido' }).optional(),
  citizen: CitizenInput.partial().optional(),
});
export type RecordPatchData = z.output<typeof RecordPatch>;

export const RecordParam = z.object({ recordId: z.string() });
export const ProgrammeParam = z.object({ programmeId: z.string() });

export const CitizenOut = z.object({
  new: z.boolean(),
  ageBand: z.enum(AGE_BAND_KEYS).nullable(),
  gender: z.enum(GENDER_KEYS).nullable(),
});
export const CreatedOut = z.object({ id: z.string(), citizen: CitizenOut });

export const RecordOut = z.object({
  id: z.string(),
  programme: z.string(),
  venue: z.string(),
  facilitator: z.string(),
  date: z.string(),
  duration: z.string(),
  kinds: z.array(z.string()),
  competences: z.array(z.number()),
  areas: z.array(z.string()),
  services: z.array(z.string()),
  details: z.string().nullable(),
  citizen: z.object({
    known: z.boolean(),
    hasFiscalCode: z.boolean(),
    ageBand: z.string().nullable(),
    gender: z.string().nullable(),
    education: z.string(),
    employment: z.string(),
    citizenship: z.string(),
    province: z.string(),
    consent: z.object({ channel: z.string().nullable(), date: z.string().nullable() }),
  }),
  questionnaire: z.enum(['not_sent', 'sent', 'answered']),
  editableUntil: z.string(),
  createdAt: z.string(),
});

export const ListQuery = z.object({
  programme: z.string().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  venue: z.string().optional(),
  facilitator: z.string().optional(),
  /** Only the caller's own records. */
  mine: z.enum(['0', '1', 'true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The `next` of the previous page. */
  after: z.string().max(200).optional(),
});

export const BREAKDOWNS = [
  'month',
  'municipality',
  'venue',
  'facilitator',
  'kind',
  'competence',
  'area',
  'service',
  'ageBand',
  'gender',
  'education',
  'employment',
  'citizenship',
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const DashboardQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  by: z.enum(BREAKDOWNS, { message: `by: uno tra ${BREAKDOWNS.join(', ')}` }).optional(),
  municipality: z
    .string()
    .regex(/^\d{6}$/, 'codice ISTAT di 6 cifre')
    .optional(),
  venue: z.uuid({ message: 'sede non valida' }).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
export type DashboardQueryData = z.output<typeof DashboardQuery>;

export const SettingsPut = z.object({
  editWindowDays: z.number().int().min(0).max(3650).nullable(),
  admitsMinors: z.boolean(),
});

export const LookupBody = z.object({
  programme: z.uuid({ message: 'programma non valido' }),
  fiscalCode: z.string().trim().max(32).optional(),
  identifier: z.string().trim().max(100).optional(),
  date: IsoDate.optional(),
});

export const QuestionnaireSend = z.object({
  email: z.email({ message: 'indirizzo e-mail non valido' }).max(254),
});

export const QuestionnaireAnswer = z.object({
  es1: codeList(DISCOVERY, 'Come ha conosciuto il servizio', 0).default([]),
  es2: codeList(REASONS, 'Perché ha scelto il servizio', 0).default([]),
  es3: code(RETURN, 'Tornerebbe').optional(),
  es4: freeText(DETAILS_MAX).nullable().optional(),
  es5: codeList(HELPERS, 'A chi si rivolge', 0).default([]),
  es6: z.number({ message: 'utilità: da 1 a 5' }).int().min(1, 'utilità: da 1 a 5').max(5, 'utilità: da 1 a 5'),
});
export type QuestionnaireAnswerData = z.output<typeof QuestionnaireAnswer>;

export const ExportQuery = z.object({
  from: IsoDate,
  to: IsoDate,
  format: z.enum(['national', 'opendata', 'csv']).default('national'),
  /** National file only: just the records not sent in an earlier batch, or corrected since. */
  pending: z.enum(['true', 'false']).default('false'),
});

export const OpenDataQuery = z.object({
  programme: z.uuid({ message: 'programma non valido' }).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

export const GroupAttendee = z.object({
  fiscalCode: z.string().trim().max(32).optional(),
  identifier: z.string().trim().max(100).optional(),
  gender: z.enum(GENDER_KEYS).optional(),
  ageBand: z.enum(AGE_BAND_KEYS).optional(),
  education: code(EDUCATION, 'Titolo di studio').optional(),
  employment: code(EMPLOYMENT, 'Condizione occupazionale').optional(),
  citizenship: code(CITIZENSHIP, 'Cittadinanza').optional(),
  province: z.string().trim().min(2).max(60).optional(),
  consent: Consent.optional(),
});

export const GroupCreate = z.object({
  programme: z.uuid(),
  venue: z.uuid(),
  date: IsoDate,
  duration: Duration,
  kinds: Kinds,
  competences: Competences,
  services: Services,
  details: freeText(DETAILS_MAX).nullable().optional(),
  facilitator: z.uuid().optional(),
  attendees: z.array(GroupAttendee).min(1, 'nessun partecipante').max(500),
});
export type GroupCreateInput = z.input<typeof GroupCreate>;
