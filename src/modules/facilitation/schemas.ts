import { z } from 'zod';
import { CONTROL, isoDate } from '../../core/validation.js';
import { PROGRAMME_METRICS } from '../programmes/service.js';
import { CODED_FIELDS, type CodedField } from './check-words.js';
import { AGE_BAND_KEYS, BREAKDOWNS, CONSENT_CHANNELS, type CodeList, codesOf, GENDER_KEYS, SUMMARY_BREAKDOWNS } from './codes.js';

export { BREAKDOWNS, type Breakdown } from './codes.js';

/** Details (SE7) and interests (ES4): the national platform keeps at most 600 characters. */
export const DETAILS_MAX = 600;
/** Longest service: 12 hours. */
export const DURATION_MAX_MINUTES = 12 * 60;

export const IsoDate = isoDate('fac.check.date');

/** "hh:mm" (or "h:mm"), more than zero and at most 12 hours; gives minutes. */
export const Duration = z
  .string({ message: 'fac.check.duration.required' })
  .trim()
  .regex(/^\d{1,2}:[0-5]\d$/, 'fac.check.duration.format')
  .transform((v) => {
    const [h, m] = v.split(':').map(Number);
    return h * 60 + m;
  })
  .refine((m) => m > 0, 'fac.check.duration.zero')
  .refine((m) => m <= DURATION_MAX_MINUTES, 'fac.check.duration.max');

export const formatDuration = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// Messages are keys of check-words.ts, named after the field ('fac.check.education.code').
const code = (field: CodedField) => {
  const list: CodeList = CODED_FIELDS[field][0];
  return z.string({ message: `fac.check.${field}.code` }).refine((v) => Object.hasOwn(list, v), `fac.check.${field}.notListed`);
};

const codeList = (field: CodedField, min = 1) =>
  z
    .array(code(field), { message: `fac.check.${field}.list` })
    .min(min, `fac.check.${field}.min`)
    .max(codesOf(CODED_FIELDS[field][0]).length)
    .refine((a) => new Set(a).size === a.length, `fac.check.${field}.once`);

const freeText = (max: number) =>
  z
    .string({ message: 'fac.check.text' })
    .trim()
    .max(max, 'fac.check.max')
    .refine((v) => !CONTROL.test(v), 'fac.check.control')
    .transform((v) => (v === '' ? null : v));

export const Kinds = codeList('kinds');
export const Competences = z
  .array(
    z
      .number({ message: 'fac.check.competences.number' })
      .int()
      .min(1, 'fac.check.competences.range')
      .max(13, 'fac.check.competences.range'),
    { message: 'fac.check.competences.list' },
  )
  .min(1, 'fac.check.competences.min')
  .max(13)
  .refine((a) => new Set(a).size === a.length, 'fac.check.competences.once');
export const Services = codeList('services').refine((a) => !a.includes('S') || a.length === 1, 'fac.check.services.none');

export const Consent = z.object(
  {
    channel: z.enum(CONSENT_CHANNELS, { message: 'fac.check.consent.channel' }),
    date: IsoDate,
  },
  { message: 'fac.err.consent.required' },
);

/**
 * A citizen's first name or surname (AN1, AN2): letters of any alphabet, with the spaces,
 * apostrophes, hyphens and dots names carry; no digits, no control characters.
 */
export const PersonName = z
  .string({ message: 'fac.check.text' })
  .trim()
  .min(1, 'fac.check.name.required')
  .max(100, 'fac.check.max')
  .regex(/^\p{L}[\p{L}\p{M}' .\u2019-]*$/u, 'fac.check.name.letters');

export const CitizenInput = z.object(
  {
    /** AN1, AN2: kept (encrypted) only where the programme reports to the national platform, which needs them. */
    firstName: PersonName.optional(),
    lastName: PersonName.optional(),
    /** Required where the programme reports to the national platform. */
    fiscalCode: z.string().trim().max(32, 'fac.check.cf.long').optional(),
    /** Elsewhere, another identifier the facilitator chooses (only its keyed hash is kept) counts unique citizens. */
    identifier: z.string().trim().max(100, 'fac.check.max').optional(),
    /** Without a codice fiscale: gender and age band as the citizen states them. */
    gender: z.enum(GENDER_KEYS, { message: 'fac.check.gender' }).optional(),
    ageBand: z.enum(AGE_BAND_KEYS, { message: 'fac.check.ageBand' }).optional(),
    education: code('education'),
    employment: code('employment'),
    citizenship: code('citizenship'),
    province: z.string({ message: 'fac.check.province' }).trim().min(2, 'fac.check.province').max(60),
    consent: Consent,
    /** PR1: first time at a facilitation service. */
    firstTime: z.boolean().optional(),
    /** PR2: kinds of service received before. */
    previousKinds: codeList('previousKinds', 0).optional(),
  },
  { message: 'fac.check.citizen' },
);
export type CitizenInputData = z.output<typeof CitizenInput>;

/** What a service is, the same for one citizen or for a group. */
const ServiceFields = z.object({
  programme: z.uuid({ message: 'fac.check.programme' }),
  venue: z.uuid({ message: 'fac.check.venue' }),
  date: IsoDate,
  duration: Duration,
  kinds: Kinds,
  competences: Competences,
  services: Services,
  details: freeText(DETAILS_MAX).nullable().optional(),
  /** Defaults to the caller; staff may record for another facilitator of the organisation. */
  facilitator: z.uuid({ message: 'fac.check.facilitator' }).optional(),
});

export const RecordCreate = ServiceFields.extend({ citizen: CitizenInput });
export type RecordCreateInput = z.input<typeof RecordCreate>;
export type RecordCreateData = z.output<typeof RecordCreate>;

/** A correction: only the fields sent change; `citizen`, when sent, is merged with the current profile. */
export const RecordPatch = ServiceFields.omit({ programme: true }).partial().extend({ citizen: CitizenInput.partial().optional() });
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

export const DashboardQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  by: z.enum(BREAKDOWNS, { message: 'fac.check.by' }).optional(),
  municipality: z
    .string()
    .regex(/^\d{6}$/, 'fac.check.municipality')
    .optional(),
  venue: z.uuid({ message: 'fac.check.venue' }).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
export type DashboardQueryData = z.output<typeof DashboardQuery>;

export const SettingsPut = z.object({
  editWindowDays: z.number().int().min(0).max(3650).nullable(),
  admitsMinors: z.boolean(),
});

export const LookupBody = z.object({
  programme: z.uuid({ message: 'fac.check.programme' }),
  fiscalCode: z.string().trim().max(32).optional(),
  identifier: z.string().trim().max(100).optional(),
  date: IsoDate.optional(),
});

export const QuestionnaireSend = z.object({
  email: z.email({ message: 'fac.check.email' }).max(254),
});

export const QuestionnaireAnswer = z.object({
  es1: codeList('es1', 0).default([]),
  es2: codeList('es2', 0).default([]),
  es3: code('es3').optional(),
  es4: freeText(DETAILS_MAX).nullable().optional(),
  es5: codeList('es5', 0).default([]),
  es6: z.number({ message: 'fac.check.es6' }).int().min(1, 'fac.check.es6').max(5, 'fac.check.es6'),
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
  programme: z.uuid({ message: 'fac.check.programme' }).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

export const GroupAttendee = z.object({
  fiscalCode: z.string().trim().max(32).optional(),
  identifier: z.string().trim().max(100).optional(),
  gender: z.enum(GENDER_KEYS).optional(),
  ageBand: z.enum(AGE_BAND_KEYS).optional(),
  education: code('education').optional(),
  employment: code('employment').optional(),
  citizenship: code('citizenship').optional(),
  province: z.string().trim().min(2).max(60).optional(),
  consent: Consent.optional(),
});

export const GroupCreate = ServiceFields.extend({
  attendees: z.array(GroupAttendee).min(1, 'fac.check.attendees').max(500),
});
export type GroupCreateInput = z.input<typeof GroupCreate>;

// ---------- response shapes, for the OpenAPI document ----------

const Period = z.object({ from: z.string().describe('YYYY-MM-DD'), to: z.string().describe('YYYY-MM-DD') });
const count = () => z.number().int().min(0);

/** A returning citizen recognised (lookup.ts `Lookup`): what pre-fills the form, never who they are. */
export const LookupOut = z.object({
  known: z.boolean().describe('Whether the organisation has served this citizen before'),
  profile: z
    .object({
      education: z.string().nullable().describe('Code of the education list (AN9)'),
      employment: z.string().nullable().describe('Code of the employment list (AN10)'),
      citizenship: z.string().nullable().describe('Code of the citizenship list (AN11)'),
      province: z.string().nullable(),
    })
    .nullable()
    .describe('The latest profile the organisation recorded for the citizen; null for a citizen not known'),
  ageBand: z.enum(AGE_BAND_KEYS).nullable().describe('From the codice fiscale, on the date of the service'),
  gender: z.enum(GENDER_KEYS).nullable().describe('From the codice fiscale'),
  error: z.string().nullable().describe('Why the codice fiscale was refused, in the request’s language; null when it was not'),
});

/** Figures of a period (dashboard.ts `Figures`). */
const FiguresOut = z.object({
  services: count(),
  minutes: count().describe('Minutes of service, summed'),
  citizens: count().describe('New unique citizens: those whose first service in the programme falls in the period'),
  satisfaction: z
    .number()
    .nullable()
    .describe('Average usefulness (ES6, 1–5) of the answered questionnaires, to two decimals; null without answers'),
  answers: count().describe('Answered questionnaires'),
});

const BreakdownItemOut = FiguresOut.extend({
  key: z
    .string()
    .describe(
      'The value broken down by: YYYY-MM for month, the ISTAT code for municipality, an id for venue and facilitator, the list’s code otherwise; empty for "not given"',
    ),
  label: z.string(),
});

/** What the two dashboards share: the period, its filters, the totals and one breakdown. */
export const DashboardOut = z.object({
  period: Period,
  filters: z.object({ municipality: z.string().nullable().describe('ISTAT code'), venue: z.string().nullable() }),
  totals: FiguresOut.extend({
    facilitators: count().describe('Facilitators with at least one service in the period'),
    points: count().describe('Venues (facilitation points) with services in the period'),
  }),
  by: z.enum(BREAKDOWNS),
  breakdown: z.array(BreakdownItemOut).describe('The figures per value of `by`'),
});

/** Progress on one of the programme's targets (dashboard.ts `TargetProgress`). */
const TargetProgressOut = z.object({
  metric: z.enum(PROGRAMME_METRICS),
  label: z.string(),
  value: z.number().int().describe('The target'),
  deadline: z.string().describe('YYYY-MM-DD'),
  description: z.string().nullable(),
  current: z.number().int().nullable().describe('Reached by the deadline, or so far when it is still ahead'),
  projected: z.number().int().nullable().describe('At the current pace, the value expected at the deadline; null once it has passed'),
  progress: z.number().min(0).max(1).nullable().describe('current / value, at most 1'),
  status: z.enum(['reached', 'on-track', 'behind', 'missed', 'not-measured']),
});

/** One programme's dashboard: the shared figures, the programme, and its targets. */
export const ProgrammeDashboardOut = DashboardOut.extend({
  programme: z.object({
    id: z.string(),
    name: z.string(),
    organisation: z.string().describe('The organisation’s name'),
    nationalReporting: z.boolean(),
  }),
  targets: z.array(TargetProgressOut).describe('Every target but the "users" ones, counted on the programme’s own pages'),
});

/** The programme's facilitation settings (settings.ts `FacilitationSettings`). */
export const SettingsOut = z.object({
  editWindowDays: z
    .number()
    .int()
    .describe('Days a facilitator may correct their own records (the programme’s, or the configured default)'),
  editWindowOwn: z.boolean().describe('Whether the programme sets its own edit window (else the default applies)'),
  admitsMinors: z.boolean().describe('Whether the programme serves citizens aged 14–17'),
  minorsFrom: z.string().nullable().describe('YYYY-MM-DD from which it serves them'),
});

/** The pre-check of the national export (national-export.ts `NationalSummary`). */
export const NationalPrecheckOut = z.object({
  total: count(),
  valid: count(),
  rejected: count(),
  byReason: z.record(z.string(), count()).describe('How many rows give each reason (the national platform’s words, in Italian)'),
  issues: z
    .array(
      z.object({
        id: z.string().describe('The record'),
        date: z.string().describe('YYYY-MM-DD'),
        venue: z.string().describe('The venue’s name'),
        facilitator: z.string().describe('The facilitator’s name'),
        reasons: z.array(z.string()).describe('The platform’s reasons, in Italian'),
        fixes: z
          .array(z.object({ kind: z.enum(['record', 'facilitator', 'venue', 'programme']), id: z.string() }))
          .describe('Where each kind of reason is fixed, with the id to link to'),
      }),
    )
    .describe('The first refused rows (at most 200)'),
});

/** A numbered batch of the national export (batches.ts `BatchSummary`). */
export const BatchOut = z.object({
  id: z.string(),
  number: z.number().int(),
  createdAt: z.string(),
  from: z.string().describe('YYYY-MM-DD'),
  to: z.string().describe('YYYY-MM-DD'),
  pendingOnly: z.boolean().describe('Whether only the records not sent before (or corrected since) went in'),
  format: z.enum(['csv', 'xlsx']),
  rows: count(),
  corrections: count().describe('Rows sent again after a correction'),
  files: count(),
  uploadedAt: z.string().nullable().describe('When staff marked it uploaded to the national platform'),
  hasOutcome: z.boolean().describe('Whether the platform’s outcome file is kept with it'),
});

export const BatchesOut = z.object({
  toSend: z
    .object({ pending: count(), corrections: count().describe('Of which corrections of records sent before') })
    .describe('Records not sent yet, or corrected since'),
  items: z.array(BatchOut).describe('The latest first'),
});

/** The report of an import (imports.ts `ImportReport`). */
export const ImportReportOut = z.object({
  dryRun: z.boolean(),
  rows: count().describe('Rows of the file, the header left out'),
  valid: count(),
  rejected: count(),
  imported: count(),
  issues: z.array(
    z.object({
      row: z.number().int().describe('Line of the file (the header is line 1)'),
      column: z.string().nullable().describe('The national column (e.g. SE1), null for the whole row'),
      message: z.string(),
    }),
  ),
  ids: z.array(z.string()).describe('The records written (none in a dry run)'),
});

// ---------- open data ----------

/** A row of the open data (opendata.ts `openDataRows`): the national open-data columns, every cell text. */
export const OpenDataRowOut = z.object({
  ID: z.string().describe('The row’s number, from 1'),
  FASCIA_DI_ETA: z
    .string()
    .describe('14-17, 18-29, 30-54, 55-74 or "75 e oltre"; empty when not known, or where the venue served fewer than 5 people that month'),
  GENERE: z.string().describe('The label; empty when not known or suppressed (as FASCIA_DI_ETA)'),
  OCCUPAZIONE: z.string().describe('The label; empty when not known or suppressed'),
  TITOLO_DI_STUDIO: z.string().describe('The label; empty when not known or suppressed'),
  SERVIZIO_ID: z.string().describe('A pseudonym of the service (16 hex digits), the same for every attendee of a group training'),
  NOME_SERVIZIO: z.string().describe('The service’s types (Ponte’s services have no name of their own)'),
  DATA_FRUIZIONE_SERVIZIO: z.string().describe('YYYY-MM-DD'),
  AMBITO_SERVIZI_PUBBLICI_DIGITALI: z.string().describe('The labels, ", " between them'),
  TIPOLOGIA_SERVIZIO: z.string().describe('The labels, ", " between them'),
  COMPETENZE_TRATTATE: z.string().describe('The areas of competence, ", " between them'),
  SEDE_ID: z.string().describe('The venue’s id on the national platform (else Ponte’s)'),
  NOME_SEDE: z.string().describe('The venue’s name on the national platform; may be empty'),
  REGIONE: z.string(),
  PROVINCIA: z.string(),
  COMUNE: z.string(),
  CAP: z.string().describe('The postal code; may be empty'),
  INTERVENTO: z.string().describe('The programme’s line, RFD or SCD; may be empty'),
  ID_PROGRAMMA: z.string().describe('The programme’s code on the national platform; may be empty'),
  ID_PROGETTO: z.string().describe('The project’s id on the national platform; may be empty'),
});

/** The published aggregates (opendata.ts `openDataSummary`): every count under 5 is null. */
export const OpenDataSummaryOut = z.object({
  period: Period,
  by: z.enum(SUMMARY_BREAKDOWNS),
  total: z.object({ services: count().nullable(), citizens: count().nullable() }),
  items: z.array(
    z.object({
      key: z.string().describe('The value broken down by (YYYY-MM, ISTAT code or the list’s code)'),
      label: z.string(),
      services: count().nullable().describe('null when suppressed'),
      citizens: count().nullable().describe('New unique citizens; null when suppressed'),
    }),
  ),
});

/** A text in a language, a link, a day, as JSON-LD writes them. */
const LangText = z.object({ '@language': z.string(), '@value': z.string() });
const Link = z.object({ '@id': z.string().describe('An IRI') });
const XsdDate = z.object({ '@value': z.string().describe('YYYY-MM-DD'), '@type': z.literal('xsd:date') });

const DcatAgent = z
  .object({
    '@id': z.string().optional().describe('The platform’s address, where no one organisation publishes'),
    '@type': z.tuple([z.literal('foaf:Agent'), z.literal('dcatapit:Agent')]),
    'foaf:name': z.string(),
    'dct:identifier': z.string().optional().describe('The organisation’s IPA code, when it has one'),
  })
  .describe('The publisher: the organisation that owns the programme(s), or the platform');

const DcatDistribution = z.object({
  '@id': z.string(),
  '@type': z.tuple([z.literal('dcat:Distribution'), z.literal('dcatapit:Distribution')]),
  'dct:title': LangText,
  'dcat:accessURL': Link,
  'dcat:downloadURL': Link,
  'dcat:mediaType': Link.describe('An IANA media type'),
  'dct:format': Link.describe('An EU file type (CSV, JSON)'),
  'dct:license': z.object({
    '@id': z.string(),
    '@type': z.tuple([z.literal('dct:LicenseDocument'), z.literal('dcatapit:LicenseDocument')]),
    'dct:type': Link,
    'foaf:name': z.string(),
  }),
});

const DcatDataset = z.object({
  '@id': z.string(),
  '@type': z.tuple([z.literal('dcat:Dataset'), z.literal('dcatapit:Dataset')]),
  'dct:identifier': z.string().describe('"<IPA code of the holder>:<the dataset’s own identifier>"'),
  'dct:title': LangText,
  'dct:description': LangText,
  'dcat:theme': z.array(Link),
  'dcat:keyword': z.array(z.string()),
  'dct:language': Link,
  'dct:accrualPeriodicity': Link,
  'dct:modified': XsdDate,
  'dct:publisher': DcatAgent,
  'dct:rightsHolder': DcatAgent,
  'dcat:contactPoint': z.object({
    '@type': z.tuple([z.literal('vcard:Kind'), z.literal('vcard:Organization'), z.literal('dcatapit:Organization')]),
    'vcard:fn': z.string(),
    'vcard:hasURL': Link,
    'vcard:hasEmail': Link.optional().describe('mailto:, when the organisation has an address'),
  }),
  'dcat:distribution': z.array(DcatDistribution).describe('The rows as CSV and JSON, and the aggregates'),
});

/** The open data described in DCAT-AP_IT (opendata.ts `dcatDescription`), as dati.gov.it harvests it. */
export const DcatCatalogOut = z.object({
  '@context': z.object({
    dcat: z.string(),
    dct: z.string(),
    dcatapit: z.string(),
    foaf: z.string(),
    vcard: z.string(),
    xsd: z.string(),
  }),
  '@id': z.string(),
  '@type': z.tuple([z.literal('dcat:Catalog'), z.literal('dcatapit:Catalog')]),
  'dct:title': LangText,
  'dct:description': LangText,
  'dct:publisher': DcatAgent,
  'dct:modified': XsdDate,
  'dct:language': Link,
  'foaf:homepage': Link,
  'dcat:themeTaxonomy': Link,
  'dcat:dataset': z.array(DcatDataset),
});
