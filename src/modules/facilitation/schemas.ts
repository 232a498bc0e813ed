import { z } from 'zod';
import { CONTROL, isoDate } from '../../core/validation.js';
import { CODED_FIELDS, type CodedField } from './check-words.js';
import { AGE_BAND_KEYS, BREAKDOWNS, CONSENT_CHANNELS, type CodeList, codesOf, GENDER_KEYS } from './codes.js';

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
