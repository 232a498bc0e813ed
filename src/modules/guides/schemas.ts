import { z } from 'zod';
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

type Labels<K extends string> = Record<K, { it: string; en: string }>;

export const CATEGORY_LABELS: Labels<Category> = {
  anagrafe: { it: 'Anagrafe e stato civile', en: 'Registry and civil status' },
  tributi: { it: 'Tributi', en: 'Local taxes' },
  scuola: { it: 'Scuola e istruzione', en: 'School and education' },
  salute: { it: 'Salute', en: 'Health' },
  mobilita: { it: 'Mobilità e trasporti', en: 'Mobility and transport' },
  sociale: { it: 'Servizi sociali', en: 'Social services' },
  lavoro: { it: 'Lavoro e previdenza', en: 'Work and social security' },
  imprese: { it: 'Imprese e commercio', en: 'Businesses and trade' },
  ambiente: { it: 'Ambiente e rifiuti', en: 'Environment and waste' },
  'identita-digitale': { it: 'Identità digitale', en: 'Digital identity' },
  pagamenti: { it: 'Pagamenti', en: 'Payments' },
};

export const ACCESS_LABELS: Labels<AccessMethod> = {
  spid: { it: 'SPID', en: 'SPID' },
  cie: { it: "CIE (Carta d'identità elettronica)", en: 'CIE (electronic identity card)' },
  cns: { it: 'CNS (Carta nazionale dei servizi)', en: 'CNS (national services card)' },
  eidas: { it: 'eIDAS (identità digitale europea)', en: 'eIDAS (European digital identity)' },
  none: { it: 'Senza credenziali', en: 'No login needed' },
};

export const LIFE_EVENT_LABELS: Labels<LifeEvent> = {
  figlio: { it: 'Ho avuto un figlio', en: 'I had a child' },
  casa: { it: 'Ho cambiato casa', en: 'I moved house' },
  scuola: { it: 'Devo iscrivere un figlio a scuola', en: 'I am enrolling a child at school' },
  salute: { it: 'Devo curarmi o prenotare una visita', en: 'I need care or a medical appointment' },
  lavoro: { it: 'Cerco lavoro o ho perso il lavoro', en: 'I am looking for work or lost my job' },
  pensione: { it: 'Vado in pensione', en: 'I am retiring' },
  auto: { it: "Ho un'auto o una moto", en: 'I own a car or a motorbike' },
  tasse: { it: 'Devo pagare tasse e tributi', en: 'I have taxes to pay' },
  documenti: { it: 'Devo rinnovare un documento', en: 'I need to renew a document' },
  impresa: { it: "Apro un'attività", en: 'I am starting a business' },
  assistenza: { it: 'Assisto una persona anziana o con disabilità', en: 'I care for an older or disabled person' },
  maggiorenne: { it: 'Ho compiuto 18 anni', en: 'I have turned 18' },
};

export const STATUS_LABELS: Labels<SheetStatus> = {
  draft: { it: 'Bozza', en: 'Draft' },
  review: { it: 'In revisione', en: 'In review' },
  published: { it: 'Pubblicata', en: 'Published' },
};

export function label<K extends string>(labels: Labels<K>, code: string, lang: 'it' | 'en' = 'it'): string {
  return (labels as Record<string, { it: string; en: string }>)[code]?.[lang] ?? code;
}

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

const sheetFields = {
  name: Name,
  slug: Slug.optional(),
  summary: Summary,
  audience: optionalText(2000),
  body: text(50_000).default(''),
  category: z.enum(CATEGORIES, {
    error: (issue) => (issue.input === undefined ? 'guides.check.required' : 'guides.check.category'),
  }),
  access: z
    .array(z.enum(ACCESS_METHODS, { message: 'guides.check.access' }))
    .max(ACCESS_METHODS.length)
    .default([])
    .transform(inOrder(ACCESS_METHODS)),
  url: HttpUrl,
  cost: optionalText(500),
  times: optionalText(500),
  lifeEvents: z
    .array(z.enum(LIFE_EVENTS, { message: 'guides.check.lifeEvent' }))
    .max(LIFE_EVENTS.length)
    .default([])
    .transform(inOrder(LIFE_EVENTS)),
  faqs: z.array(Faq).max(50, 'guides.check.faqs').default([]),
  contacts: optionalText(2000),
  topics: z.array(LinkCode).max(20, 'guides.check.topics').default([]).transform(sorted),
  deskServices: z.array(LinkCode).max(20, 'guides.check.deskServices').default([]).transform(sorted),
  steps: z.array(Step).max(50, 'guides.check.steps').default([]),
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
    name: sheetFields.name.optional(),
    slug: Slug.optional(),
    summary: sheetFields.summary.optional(),
    audience: optionalText(2000),
    body: text(50_000).optional(),
    category: sheetFields.category.optional(),
    access: z
      .array(z.enum(ACCESS_METHODS, { message: 'guides.check.access' }))
      .max(ACCESS_METHODS.length)
      .transform(inOrder(ACCESS_METHODS))
      .optional(),
    url: HttpUrl,
    cost: optionalText(500),
    times: optionalText(500),
    lifeEvents: z
      .array(z.enum(LIFE_EVENTS, { message: 'guides.check.lifeEvent' }))
      .max(LIFE_EVENTS.length)
      .transform(inOrder(LIFE_EVENTS))
      .optional(),
    faqs: z.array(Faq).max(50, 'guides.check.faqs').optional(),
    contacts: optionalText(2000),
    topics: z.array(LinkCode).max(20, 'guides.check.topics').transform(sorted).optional(),
    deskServices: z.array(LinkCode).max(20, 'guides.check.deskServices').transform(sorted).optional(),
    steps: z.array(Step).max(50, 'guides.check.steps').optional(),
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

/** Makes a slug from a name: "Carta d'identità elettronica" → "carta-d-identita-elettronica". */
export function slugify(value: string): string {
  const s = value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return s.length >= 2 ? s : `scheda-${s || 'servizio'}`;
}
