import { z } from 'zod';
import { visibleText } from '../../../core/validation.js';

/** The words a report is made of, as the API, the form and the exports name them. */

export const PROBLEMS = ['no-broadband', 'slow-broadband', 'no-mobile-signal', 'no-mobile-data'] as const;
export type Problem = (typeof PROBLEMS)[number];
export const OPERATORS = ['tim', 'vodafone', 'windtre', 'iliad', 'fastweb', 'eolo', 'tiscali', 'other', 'unknown'] as const;
export type Operator = (typeof OPERATORS)[number];
export const BUILDINGS = ['home', 'school', 'business', 'public'] as const;
export type Building = (typeof BUILDINGS)[number];
export const STATUSES = ['open', 'resolved', 'merged'] as const;
export type Status = (typeof STATUSES)[number];

/** Limits of the free texts: a street, a frazione, a school's name are short. */
/** The report form's fields, in the order of the form (the honeypot `website` last). */
export const REPORT_FIELDS = [
  'locality',
  'hamlet',
  'street',
  'lat',
  'lon',
  'problem',
  'operator',
  'operatorOther',
  'building',
  'schoolName',
  'email',
  'website',
] as const;

export const LIMITS = { hamlet: 100, street: 200, operatorOther: 60, schoolName: 150, email: 254 } as const;

/** '' and null (an empty form field, a JSON null) mean "not given". */
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, visibleText(z.string('connectivity.check.text').trim().max(max, 'connectivity.check.max')).optional());

/** A coordinate as a number, or as the text of one (the form sends text). */
const coordinate = (min: number, max: number) =>
  z.preprocess((v) => {
    const b = blankToUndefined(v);
    return typeof b === 'string' && /^\s*-?\d{1,3}(\.\d{1,10})?\s*$/.test(b) ? Number(b) : b;
  }, z
    .number('connectivity.check.coordinate')
    .min(min, 'connectivity.check.coordinate')
    .max(max, 'connectivity.check.coordinate')
    .optional());

/**
 * A citizen's report. Whether it names a place (a comune and a street, or a point) and the school's
 * name for a school are rules across fields, checked by the service (422 naming the field).
 */
export const ReportCreate = z.object({
  organisation: z.string('connectivity.check.organisation').uuid('connectivity.check.organisation'),
  locality: z.preprocess(
    blankToUndefined,
    z
      .string('connectivity.check.locality')
      .regex(/^\d{6}$/, 'connectivity.check.locality')
      .optional(),
  ),
  hamlet: optionalText(LIMITS.hamlet),
  street: optionalText(LIMITS.street),
  lat: coordinate(-90, 90),
  lon: coordinate(-180, 180),
  problem: z.enum(PROBLEMS, { message: 'connectivity.check.problem' }),
  operator: z.enum(OPERATORS, { message: 'connectivity.check.operator' }),
  operatorOther: optionalText(LIMITS.operatorOther),
  building: z.enum(BUILDINGS, { message: 'connectivity.check.building' }),
  schoolName: optionalText(LIMITS.schoolName),
  email: z.preprocess(
    blankToUndefined,
    z
      .string('connectivity.check.email')
      .trim()
      .toLowerCase()
      .max(LIMITS.email, 'connectivity.check.max')
      .email('connectivity.check.email')
      .optional(),
  ),
  /** The honeypot: a field people never see; a bot that fills it is refused. */
  website: z.preprocess(blankToUndefined, z.undefined('connectivity.check.website').optional()),
});
export type ReportInput = z.output<typeof ReportCreate>;

export const ReportOut = z.object({
  id: z.string(),
  organisation: z.string(),
  locality: z.string().nullable(),
  localityName: z.string().nullable(),
  hamlet: z.string().nullable(),
  street: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  outside: z.boolean(),
  problem: z.enum(PROBLEMS),
  operator: z.enum(OPERATORS),
  operatorOther: z.string().nullable(),
  building: z.enum(BUILDINGS),
  schoolName: z.string().nullable(),
  hasContact: z.boolean(),
  status: z.enum(STATUSES),
  mergedInto: z.string().nullable(),
  createdAt: z.string(),
});

/** The reports that have a point, as an RFC 7946 FeatureCollection (exports.ts reportsGeoJson). */
export const ReportsGeoJson = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]).describe('longitude, latitude') }),
      properties: ReportOut.omit({ id: true, organisation: true, lat: true, lon: true, hasContact: true }),
    }),
  ),
});

export const ReportFilter = z.object({
  status: z.preprocess(blankToUndefined, z.enum(STATUSES, { message: 'connectivity.check.status' }).optional()),
  problem: z.preprocess(blankToUndefined, z.enum(PROBLEMS, { message: 'connectivity.check.problem' }).optional()),
});
export type ReportFilterInput = z.output<typeof ReportFilter>;

export const MergeBody = z.object({ into: z.string('connectivity.check.into').uuid('connectivity.check.into') });
