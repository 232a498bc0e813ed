import { z } from 'zod';
import { type FieldError, fieldError } from '../../core/problems.js';
import { CONTROL_OR_NEWLINE, lineOfText, optionalText as optionalTextOf, visibleText } from '../../core/validation.js';

export const ORGANISATION_TYPES = [
  'comune',
  'unione',
  'consorzio',
  'regione',
  'camera-di-commercio',
  'associazione',
  'scuola',
  'universita',
  'fondazione',
  'azienda-partecipata',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

const NOT_ALLOWED = 'org.check.control';
const CHECKS = { max: 'org.check.max', control: NOT_ALLOWED };

/** One line of text: no control characters, no line breaks. */
const line = (min: number, max: number, required: string) => lineOfText(min, max, required, CHECKS);

/** Optional text: empty becomes null, so a form can clear it. Line breaks only where `multiline`. */
const optionalText = (max: number, multiline = false) => optionalTextOf(max, multiline, CHECKS);

const httpUrl = z
  .string()
  .trim()
  .max(500, 'org.check.max')
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), 'org.check.url')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

/** An ISTAT code: six digits. Existence is checked by the service against the reference table. */
export const IstatCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'org.check.istat');

/**
 * A field of the national monitoring platform: any text here (trimmed; empty becomes null, which
 * clears it). The platform's rules are checked by the service (`nationalFieldErrors`), which
 * answers 422 naming the field, as for other checks of meaning.
 */
const nationalText = (description: string, lowercase = false) =>
  z
    .string({ message: 'org.check.text' })
    .trim()
    .transform((v) => (v === '' ? null : lowercase ? v.toLowerCase() : v))
    .nullable()
    .optional()
    .describe(description);

/** IPA code: lowercase letters, digits and underscore, 2–20 characters (c_g999, cmprato). */
export const IPA_CODE = /^[a-z0-9_]{2,20}$/;
/** IDSede: the facilitation point's numeric id on the national platform. */
export const VENUE_NATIONAL_ID = /^\d{1,12}$/;
export const VENUE_NATIONAL_NAME_MAX = 200;
export const POSTAL_CODE = /^\d{5}$/;

/** The national fields that break the platform's rules, with a message each (dictionary keys). */
export function nationalFieldErrors(data: {
  ipaCode?: string | null;
  nationalId?: string | null;
  nationalName?: string | null;
  postalCode?: string | null;
}): FieldError[] {
  const errors: FieldError[] = [];
  if (data.ipaCode && !IPA_CODE.test(data.ipaCode)) {
    errors.push(fieldError('ipaCode', 'org.check.ipaCode'));
  }
  if (data.nationalId && !VENUE_NATIONAL_ID.test(data.nationalId)) {
    errors.push(fieldError('nationalId', 'org.check.nationalId'));
  }
  if (data.nationalName) {
    if (CONTROL_OR_NEWLINE.test(data.nationalName)) errors.push(fieldError('nationalName', NOT_ALLOWED));
    else if ([...data.nationalName].length > VENUE_NATIONAL_NAME_MAX) {
      errors.push(fieldError('nationalName', 'org.check.max', { maximum: VENUE_NATIONAL_NAME_MAX }));
    }
  }
  if (data.postalCode && !POSTAL_CODE.test(data.postalCode)) {
    errors.push(fieldError('postalCode', 'org.check.postalCode'));
  }
  return errors;
}

export const OrganisationCreate = z.object({
  name: visibleText(line(2, 200, 'org.check.name')),
  type: z.enum(ORGANISATION_TYPES, { message: 'org.check.type' }),
  municipality: IstatCode,
  description: optionalText(4000, true),
  website: httpUrl,
  email: z
    .string()
    .trim()
    .max(254)
    .refine((v) => v === '' || z.string().email().safeParse(v).success, 'org.check.email')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  /** The public contact phone shown on event and desk pages ("Per informazioni"); a landline is fine. */
  phone: z
    .string()
    .trim()
    .max(30, 'org.check.phone')
    .refine((v) => v === '' || (/^\+?[\d\s./()-]+$/.test(v) && (v.match(/\d/g) ?? []).length >= 6), 'org.check.phone')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  memberMunicipalities: z.array(IstatCode).max(500, 'org.check.members.max').optional(),
  ipaCode: nationalText('Code in the Indice della PA (IPA): lowercase letters, digits and underscore, 2–20 characters, e.g. c_g999', true),
});
export type OrganisationCreateInput = z.output<typeof OrganisationCreate>;

export const OrganisationPatch = OrganisationCreate.partial().strict();
export type OrganisationPatchInput = z.output<typeof OrganisationPatch>;

/** A latitude or longitude; `key` names it ('org.check.latitude': '… deve essere un numero', '….range'). */
const coordinate = (min: number, max: number, key: string) =>
  z.coerce.number({ message: key }).min(min, `${key}.range`).max(max, `${key}.range`).nullable().optional();

export const VenueCreate = z.object({
  name: visibleText(line(2, 200, 'org.check.name')),
  address: line(3, 300, 'org.check.address'),
  municipality: IstatCode,
  capacity: z.coerce
    .number({ message: 'org.check.capacity' })
    .int('org.check.capacity.integer')
    .min(1, 'org.check.capacity.min')
    .max(100000, 'org.check.capacity.max')
    .nullable()
    .optional(),
  latitude: coordinate(-90, 90, 'org.check.latitude'),
  longitude: coordinate(-180, 180, 'org.check.longitude'),
  stepFree: z.boolean().optional(),
  accessibility: optionalText(2000, true),
  openingNotes: optionalText(2000, true),
  nationalId: nationalText("IDSede: the facilitation point's numeric id on the national platform, digits only, at most 12"),
  nationalName: nationalText(
    `NominativoSede: the venue's name exactly as on the national platform, at most ${VENUE_NATIONAL_NAME_MAX} characters; empty or null: the venue's own name`,
  ),
  postalCode: nationalText('CAP: five digits'),
});
export type VenueCreateInput = z.output<typeof VenueCreate>;

export const VenuePatch = VenueCreate.partial().strict();
export type VenuePatchInput = z.output<typeof VenuePatch>;

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'org.check.date.format')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    'org.check.date.missing',
  );

export const AgreementCreate = z
  .object({
    title: visibleText(line(3, 300, 'org.check.title')),
    partners: z.array(z.string().uuid('org.check.partner')).max(50, 'org.check.partners.max').default([]),
    start: isoDate,
    end: isoDate.nullable().optional(),
    commitments: optionalText(8000, true),
    documentUrl: httpUrl,
  })
  .refine((v) => !v.end || v.end >= v.start, { path: ['end'], message: 'org.check.end' });
export type AgreementCreateInput = z.output<typeof AgreementCreate>;

export const MunicipalityQuery = z.object({
  q: z.string().trim().max(100, 'org.check.max').default(''),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  includeInactive: z.enum(['true', 'false']).optional(),
});

// ---------- response shapes, for the OpenAPI document ----------

export const MunicipalityOut = z.object({
  code: z.string(),
  name: z.string(),
  province: z.string(),
  provinceCode: z.string(),
  region: z.string(),
  cadastralCode: z.string(),
  active: z.boolean(),
});

export const OrganisationOut = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(ORGANISATION_TYPES),
  municipality: MunicipalityOut.nullable(),
  description: z.string().nullable(),
  website: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  ipaCode: z.string().nullable(),
  memberMunicipalities: z.array(MunicipalityOut),
  page: z.string(),
});

export const VenueOut = z.object({
  id: z.string(),
  organisation: z.string(),
  name: z.string(),
  address: z.string(),
  municipality: MunicipalityOut.nullable(),
  capacity: z.number().int().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  stepFree: z.boolean(),
  accessibility: z.string().nullable(),
  openingNotes: z.string().nullable(),
  nationalId: z.string().nullable().describe('IDSede on the national platform'),
  nationalName: z.string().describe("NominativoSede: the name set for the national platform, or the venue's own name"),
  postalCode: z.string().nullable(),
  mapUrl: z.string(),
});

export const AgreementOut = z.object({
  id: z.string(),
  organisation: z.string().describe('The organisation that recorded the agreement'),
  title: z.string(),
  partners: z.array(z.object({ id: z.string(), name: z.string() })),
  start: z.string().describe('YYYY-MM-DD'),
  end: z.string().nullable().describe('YYYY-MM-DD, or null for an agreement without an end'),
  commitments: z.string().nullable(),
  documentUrl: z.string().nullable().describe('The public act (delibera, protocollo) online'),
});
