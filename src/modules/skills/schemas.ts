import { z } from 'zod';
import { AGE_BANDS, AREAS, BANDS, COMPETENCE_CODES, MAX_LEVEL, MIN_LEVEL } from './digcomp.js';

export const VARIANTS = ['short', 'full'] as const;
export type Variant = (typeof VARIANTS)[number];

/** The page addresses of the two versions. */
export const VARIANT_SLUGS: Record<Variant, string> = { short: 'breve', full: 'completo' };

export const PHASES = ['prima', 'dopo'] as const;
export type Phase = (typeof PHASES)[number];

// Messages are keys of messages.ts ('skills.check.*'); `{maximum}` and `{minimum}` come from the check.
const phase = z
  .enum(['prima', 'dopo', 'before', 'after'], { message: 'skills.check.phase' })
  .transform((v): Phase => (v === 'before' ? 'prima' : v === 'after' ? 'dopo' : v));

export const VariantParam = z.object({
  variant: z.enum(VARIANTS, { message: 'skills.check.variant' }),
});

export const AssessmentQuery = z.object({
  organisation: z.string().max(64, 'skills.check.id').optional(),
  lang: z.enum(['it', 'en']).optional(),
});

/** An identifier; the messages name the field ('skills.check.item.type', …). */
export const ID_FIELDS = ['item', 'organisation', 'event', 'previous'] as const;
const id = (field: (typeof ID_FIELDS)[number]) =>
  z
    .string({ message: `skills.check.${field}.type` })
    .min(1, `skills.check.${field}.required`)
    .max(64, `skills.check.${field}.invalid`);

export const AgeBandSchema = z.enum(AGE_BANDS, { message: 'skills.check.ageBand' });

export const ResponseBody = z
  .object({
    answers: z
      .array(
        z
          .object({
            item: id('item'),
            value: z.number({ message: 'skills.check.value' }).int('skills.check.value'),
          })
          .strict(),
        { message: 'skills.check.answers' },
      )
      .min(1, 'skills.check.answers.min')
      .max(200, 'skills.check.answers.max'),
    municipality: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'skills.check.municipality')
      .optional(),
    ageBand: AgeBandSchema.optional(),
    organisation: id('organisation').optional(),
    event: id('event').optional(),
    phase: phase.optional(),
    previous: z
      .object({ id: id('previous'), token: z.string().min(1).max(200) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => !b.phase || b.event, { message: 'skills.check.phase.event', path: ['phase'] });
export type ResponseInput = z.output<typeof ResponseBody>;

export const ResultParam = z.object({ resultId: z.string().max(64) });
export const TokenQuery = z.object({ token: z.string().max(200).optional() });

export const EmailBody = z
  .object({
    token: z.string().min(1, 'skills.check.token').max(200),
    email: z.string().trim().max(254, 'skills.check.email.long').email('skills.check.email'),
  })
  .strict();

/** An item of the bank as staff edit it. Options are the lines of a text box. */
export const ItemInput = z
  .object({
    competence: z.enum(COMPETENCE_CODES as [string, ...string[]], { message: 'skills.check.competence' }),
    level: z.coerce
      .number({ message: 'skills.check.level' })
      .int('skills.check.level')
      .min(MIN_LEVEL, 'skills.check.level.min')
      .max(MAX_LEVEL, 'skills.check.level.max'),
    kind: z.enum(['self', 'knowledge'], { message: 'skills.check.kind' }),
    textIt: z.string().trim().min(5, 'skills.check.text').max(600, 'skills.check.max'),
    textEn: z.string().trim().max(600, 'skills.check.max').optional(),
    options: z.array(z.string().trim().min(1).max(200, 'skills.check.option.max')).max(6, 'skills.check.answers.max'),
    optionsEn: z.array(z.string().trim().max(200, 'skills.check.option.max')).max(6, 'skills.check.answers.max'),
    correct: z.coerce.number().int().min(0).optional(),
    short: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'knowledge') return;
    if (v.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'skills.check.options' });
    if (v.correct === undefined || v.correct >= v.options.length) {
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'skills.check.correct' });
    }
    if (v.optionsEn.length > 0 && v.optionsEn.length !== v.options.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['optionsEn'],
        message: 'skills.check.optionsEn',
      });
    }
  });
export type ItemInputData = z.output<typeof ItemInput>;

// ---------- answers ----------

/** An object with the same schema under each of a constant list of keys. */
const keyed = <K extends string | number, T extends z.ZodType>(keys: readonly K[], value: T) =>
  z.object(Object.fromEntries(keys.map((k) => [String(k), value])) as Record<`${K}`, T>);

/** One value per DigComp area, keyed by the area's number ("1" to "5"). */
const perArea = <T extends z.ZodType>(value: T) => keyed(AREAS, value);

const GroupAggregateOut = z.object({
  key: z.string().nullable().describe('The age band, the ISTAT code of the municipality, or null for everyone'),
  label: z.string(),
  n: z.number().int().describe('Results in the group'),
  means: perArea(z.number()).describe('Mean level (1–8) per area, to one decimal'),
  bands: perArea(keyed(BANDS, z.number().int().nullable())).describe(
    'Results per level band of each area; a count under 5 is null (shown as "fewer than 5")',
  ),
});

const Means = z.object({ n: z.number().int(), means: perArea(z.number()).describe('Mean level per area, to one decimal') });

const ChangeRowOut = z.object({
  key: z.string().describe('The event or programme id'),
  label: z.string(),
  page: z.string().nullable().describe("The event's public page; null for a programme"),
  before: Means.nullable().describe('Results before the course; null under 5'),
  after: Means.nullable().describe('Results after the course; null under 5'),
  change: perArea(z.number()).nullable().describe('Mean after minus mean before, per area (both groups at least 5)'),
  paired: z
    .object({ n: z.number().int(), change: perArea(z.number()) })
    .nullable()
    .describe('The same people before and after (retakes): how many pairs and their mean change; null under 5 pairs'),
  suppressed: z.boolean().describe('Whether some figure was left out because a group is under 5'),
});

/** GET /api/v1/organisations/:organisationId/assessment-aggregates. */
export const AssessmentAggregatesOut = z.object({
  aggregates: z.object({
    total: GroupAggregateOut.nullable().describe('Every result; null under 5'),
    byAgeBand: z.array(GroupAggregateOut),
    byMunicipality: z.array(GroupAggregateOut),
    hidden: z
      .object({ byAgeBand: z.number().int(), byMunicipality: z.number().int() })
      .describe('Groups left out because they have fewer than 5 results'),
  }),
  change: z
    .object({ events: z.array(ChangeRowOut), programmes: z.array(ChangeRowOut) })
    .describe('Before/after change per event and per programme'),
});

/** POST /api/v1/assessment-results/:resultId/email. */
export const EmailQueuedOut = z.object({ queued: z.literal(true) });
