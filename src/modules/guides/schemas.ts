import { z } from 'zod';
import { foldAccents } from '../../core/text-fold.js';
import { visibleText } from '../../core/validation.js';

/**
 * The vocabularies of service sheets (schede servizio): codes stored in the database and used in
 * URLs, the API and CSV files, each with an Italian and an English label.
 */
export const CATEGORIES = [
  'anagrafe',
  'tributi',
  'scuola',
  'salute',
  'mobilita',
  'sociale',
  'lavoro',
  'imprese',
  'ambiente',
  'identita-digitale',
  'pagamenti',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const ACCESS_METHODS = ['spid', 'cie', 'cns', 'eidas', 'none'] as const;
export type AccessMethod = (typeof ACCESS_METHODS)[number];

export const LIFE_EVENTS = [
  'figlio',
  'casa',
  'scuola',
  'salute',
  'lavoro',
  'pensione',
  'auto',
  'tasse',
  'documenti',
  'impresa',
  'assistenza',
  'maggiorenne',
] as const;
export type LifeEvent = (typeof LIFE_EVENTS)[number];

export const STATUSES = ['draft', 'review', 'published'] as const;
export type SheetStatus = (typeof STATUSES)[number];

/** Workflow: draft → review → published; a sheet goes back to draft to be changed or withdrawn. */
export const TRANSITIONS: Record<SheetStatus, SheetStatus[]> = {
  draft: ['review', 'published'],
  review: ['draft', 'published'],
  published: ['draft'],
};

// ---------- field schemas ----------

/** Text without control characters other than tab and newlines (which Markdown needs). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

// Messages are keys of messages.ts ('guides.check.*'); `{maximum}` and `{minimum}` come from the check.
const textError = { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'guides.check.required' : 'guides.check.text') };

const text = (max: number) =>
  z
    .string(textError)
    .max(max, 'guides.check.max')
    .refine((v) => !CONTROL.test(v), 'guides.check.control')
    .transform((v) => v.replace(/\r\n?/g, '\n').trim());

const optionalText = (max: number) =>
  text(max)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null));

/** An absolute http(s) address that parses as a URL; nothing else (no javascript:, no data:). */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/[^\s]+$/i.test(value)) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/** A path on this site ("/static/…"), never a protocol-relative "//host" address. */
export function isSitePath(value: string): boolean {
  return /^\/(?!\/)[^\s\\]*$/.test(value);
}

export const HttpUrl = z
  .string()
  .trim()
  .max(500, 'guides.check.max')
  .refine((v) => v === '' || isHttpUrl(v), 'guides.check.url')
  .nullable()
  .optional()
  .transform((v) => (v ? v : null));

const ImageUrl = z
  .string()
  .trim()
  .max(500, 'guides.check.max')
  .refine((v) => v === '' || isHttpUrl(v) || isSitePath(v), 'guides.check.image')
  .nullable()
  .optional()
  .transform((v) => (v ? v : null));

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const Slug = z.string().trim().min(2, 'guides.check.min').max(80, 'guides.check.max').regex(SLUG, 'guides.check.slug');

/** A link code (an event topic or a desk service): lower-case letters, digits and dashes. */
const LinkCode = z.string().trim().toLowerCase().max(40, 'guides.check.max').regex(SLUG, 'guides.check.code');

const unique = <T>(values: T[]) => [...new Set(values)];
/** Lists come out in one order (the vocabulary's, or alphabetical), so equal content compares equal. */
const inOrder =
  <T extends string>(order: readonly T[]) =>
  (values: T[]) =>
    unique(values).sort((a, b) => order.indexOf(a) - order.indexOf(b));
const sorted = (values: string[]) => unique(values).sort();

const Name = visibleText(text(200).refine((v) => v.length >= 3, 'guides.check.name'));
const Summary = text(1000).refine((v) => v.length >= 10, 'guides.check.summary');

export const Faq = z
  .object({
    question: text(300).refine((v) => v.length >= 3, 'guides.check.question'),
    answer: text(4000).refine((v) => v.length >= 1, 'guides.check.answer'),
  })
  .strict();
export type FaqInput = z.output<typeof Faq>;

export const Step = z
  .object({
    text: text(4000).refine((v) => v.length >= 2, 'guides.check.step'),
    imageUrl: ImageUrl,
    imageAlt: optionalText(300),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.imageUrl && !s.imageAlt) {
      ctx.addIssue({
        code: 'custom',
        path: ['imageAlt'],
        message: 'guides.check.imageAlt',
      });
    }
  })
  .transform((s) => ({ text: s.text, imageUrl: s.imageUrl, imageAlt: s.imageUrl ? s.imageAlt : null }));
export type StepInput = z.output<typeof Step>;

/** A sheet's content fields as a PATCH reads them: lists without defaults (an absent list is left as it is). */
const contentFields = {
  name: Name,
  slug: Slug.optional(),
  summary: Summary,
  audience: optionalText(2000),
  body: text(50_000),
  category: z.enum(CATEGORIES, {
    error: (issue) => (issue.input === undefined ? 'guides.check.required' : 'guides.check.category'),
  }),
  access: z
    .array(z.enum(ACCESS_METHODS, { message: 'guides.check.access' }))
    .max(ACCESS_METHODS.length)
    .transform(inOrder(ACCESS_METHODS)),
  url: HttpUrl,
  cost: optionalText(500),
  times: optionalText(500),
  lifeEvents: z
    .array(z.enum(LIFE_EVENTS, { message: 'guides.check.lifeEvent' }))
    .max(LIFE_EVENTS.length)
    .transform(inOrder(LIFE_EVENTS)),
  faqs: z.array(Faq).max(50, 'guides.check.faqs'),
  contacts: optionalText(2000),
  topics: z.array(LinkCode).max(20, 'guides.check.topics').transform(sorted),
  deskServices: z.array(LinkCode).max(20, 'guides.check.deskServices').transform(sorted),
  steps: z.array(Step).max(50, 'guides.check.steps'),
};

/** Every field of a shape made optional, with its type. */
function optionalFields<T extends Record<string, z.ZodType>>(shape: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> };
}

/** A new sheet's content: what is not given is empty. */
const sheetFields = {
  ...contentFields,
  body: contentFields.body.default(''),
  access: contentFields.access.default([]),
  lifeEvents: contentFields.lifeEvents.default([]),
  faqs: contentFields.faqs.default([]),
  topics: contentFields.topics.default([]),
  deskServices: contentFields.deskServices.default([]),
  steps: contentFields.steps.default([]),
};

export const SheetStatusField = z.enum(STATUSES, { message: 'guides.check.status' });

/** POST /api/v1/services: a new sheet in an organisation. */
export const ServiceCreate = z
  .object({
    organisation: z.string(textError).uuid('guides.check.organisation'),
    ...sheetFields,
    status: SheetStatusField.default('draft'),
  })
  .strict();
export type ServiceCreateInput = z.input<typeof ServiceCreate>;
export type ServiceCreateData = z.output<typeof ServiceCreate>;

/** The content of a sheet without its owner and status: what a version holds and what CSV rows carry. */
export const SheetContent = z.object(sheetFields).strict();
export type SheetContentData = z.output<typeof SheetContent>;

/** PATCH /api/v1/services/:serviceId: any field; `version` guards against overwriting someone else's edit. */
export const ServicePatch = z
  .object({
    ...optionalFields(contentFields),
    status: SheetStatusField.optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type ServicePatchInput = z.input<typeof ServicePatch>;

/** PUT /api/v1/services/:serviceId/steps. */
export const StepsPut = z
  .object({
    steps: z.array(Step).max(50, 'guides.check.steps'),
    version: z.number().int().min(1).optional(),
  })
  .strict();

export const ServiceQuery = z.object({
  q: z.string().trim().max(200, 'guides.check.max').optional(),
  organisation: z.string().uuid('guides.check.organisation').optional(),
  category: z.enum(CATEGORIES, { message: 'guides.check.category' }).optional(),
  lifeEvent: z.enum(LIFE_EVENTS, { message: 'guides.check.lifeEvent' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

export const ImportQuery = z.object({
  dryRun: z.enum(['true', 'false'], { message: 'guides.check.dryRun' }).default('false'),
});

// ---------- answers ----------

/** A date and time as the API gives it. */
const Instant = z.string().describe('ISO 8601, UTC');

const Owner = z.object({ id: z.string(), name: z.string() }).describe('The organisation the sheet belongs to');

const StepOut = z.object({
  text: z.string().describe('Markdown'),
  imageUrl: z.string().nullable().describe('An http(s) address or a path on this site'),
  imageAlt: z.string().nullable().describe("The image's alternative text (null without an image)"),
});

const FaqOut = z.object({ question: z.string(), answer: z.string().describe('Markdown') });

/** The content of a sheet: what a version keeps and a restore brings back. */
export const SheetContentOut = z.object({
  name: z.string(),
  slug: z.string().describe('Unique within the organisation'),
  summary: z.string(),
  audience: z.string().nullable().describe('Who can use the service'),
  body: z.string().describe('Markdown'),
  category: z.enum(CATEGORIES),
  access: z.array(z.enum(ACCESS_METHODS)).describe('How one signs in to use the service online'),
  url: z.string().nullable().describe('The online service'),
  cost: z.string().nullable(),
  times: z.string().nullable(),
  lifeEvents: z.array(z.enum(LIFE_EVENTS)),
  faqs: z.array(FaqOut),
  contacts: z.string().nullable(),
  topics: z.array(z.string()).describe('Event topic codes the sheet is linked to (e.g. spid, pagopa)'),
  deskServices: z.array(z.string()).describe('Desk service codes the sheet is linked to'),
  steps: z.array(StepOut).describe('The step-by-step guide, in order'),
});

/** A service sheet in full, as GET, PATCH, PUT /steps and a restore answer it. */
export const SheetOut = SheetContentOut.extend({
  id: z.string(),
  organisation: Owner,
  status: z.enum(STATUSES),
  version: z.number().int().describe('Number of the latest version; send it back in a change to guard against overwriting another edit'),
  publishedAt: Instant.nullable().describe('ISO 8601, UTC; null until first published'),
  createdAt: Instant,
  updatedAt: Instant,
  page: z.string().describe("The public page's path"),
});

/** A sheet in a list. */
export const SheetSummaryOut = z.object({
  id: z.string(),
  organisation: Owner,
  slug: z.string(),
  name: z.string(),
  summary: z.string(),
  category: z.enum(CATEGORIES),
  access: z.array(z.enum(ACCESS_METHODS)),
  url: z.string().nullable(),
  lifeEvents: z.array(z.enum(LIFE_EVENTS)),
  status: z.enum(STATUSES),
  updatedAt: Instant,
  page: z.string().describe("The public page's path"),
});

/** GET /api/v1/services: one page of the published sheets, searched or browsed. */
export const SheetListOut = z.object({
  items: z.array(SheetSummaryOut),
  total: z.number().int().describe('Sheets found in all'),
  corrections: z
    .array(z.object({ from: z.string(), to: z.string() }))
    .describe('Words of the query replaced by the closest indexed word (typos)'),
  mode: z
    .enum(['all', 'any', 'none', 'browse'])
    .describe("'all': every word matched; 'any': no sheet had every word, these have some; 'none': nothing to search; 'browse': no query"),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** GET /api/v1/services/:serviceId/versions: newest first. */
export const VersionListOut = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      number: z.number().int(),
      action: z.string().describe('What made the version: create, import, edit, steps, status or restore'),
      status: z.enum(STATUSES).describe("The sheet's status after the change"),
      author: z.string().nullable().describe("The author's name as it was then"),
      createdAt: Instant,
      restoredFrom: z.number().int().nullable().describe('For a restore, the number of the version brought back'),
      content: SheetContentOut,
    }),
  ),
});

/** POST /api/v1/organisations/:organisationId/services/import: the report of a dry run, or of the import. */
export const ImportReportOut = z.object({
  dryRun: z.boolean(),
  ok: z.boolean().describe('Whether the file can be (or was) imported as a whole'),
  rows: z.number().int().describe('Data rows in the file'),
  created: z.number().int().describe('Sheets written (0 on a dry run or when there are problems)'),
  ids: z.array(z.string()).describe('The new sheets, in the order of the rows'),
  problems: z.array(
    z.object({
      row: z.number().int().describe('The row as a spreadsheet numbers it: the header is row 1, the first sheet row 2'),
      column: z.string().describe('The column, or empty for the row or the file as a whole'),
      message: z.string(),
    }),
  ),
  preview: z
    .array(z.object({ row: z.number().int(), name: z.string(), slug: z.string(), status: z.enum(STATUSES) }))
    .describe('What would be (or was) created, row by row'),
});

/** Makes a slug from a name: "Carta d'identità elettronica" → "carta-d-identita-elettronica". */
export function slugify(value: string): string {
  const s = foldAccents(value)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return s.length >= 2 ? s : `scheda-${s || 'servizio'}`;
}
