import { z } from 'zod';
import { CONTROL_OR_NEWLINE, visibleText } from '../../../core/validation.js';
import { AUDIENCES } from '../../events/service.js';
import { optionalText } from '../schemas.js';

/** The most items a plan holds: Gussago's has 11; a year of a large programme stays well below. */
export const PLAN_ITEMS_MAX = 60;

/** YYYY-MM of a month that exists, between 1990 and 2100. */
const Month = z
  .string({ message: 'programme.plan.check.month' })
  .trim()
  .refine((v) => v === '' || (/^\d{4}-(0[1-9]|1[0-2])$/.test(v) && v >= '1990-01' && v <= '2100-12'), 'programme.plan.check.month')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

const EventRef = z
  .string({ message: 'programme.plan.check.event' })
  .trim()
  .refine((v) => v === '' || z.uuid().safeParse(v).success, 'programme.plan.check.event')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

/** One planned course, as the API and the admin form send it. */
export const PlanItemInput = z.object({
  title: visibleText(
    z
      .string({ message: 'programme.plan.check.title' })
      .trim()
      .min(2, 'programme.plan.check.title')
      .max(200, 'programme.check.max')
      .refine((v) => !CONTROL_OR_NEWLINE.test(v), 'programme.check.control'),
  ),
  audience: z.enum(AUDIENCES, { message: 'programme.plan.check.audience' }),
  description: optionalText(1000, true),
  /** In words: "da febbraio", "in primavera". */
  expected: optionalText(80),
  expectedMonth: Month,
  /** The event it became, once dated; its series (if any) comes with it. */
  eventId: EventRef,
});
export type PlanItemData = z.output<typeof PlanItemInput>;

/** An edit of an item's words: what the PATCH sends is changed, what it leaves out stays. */
export const PlanEditInput = PlanItemInput.pick({ title: true, audience: true, description: true, expected: true, expectedMonth: true })
  .partial()
  .strict();
export const PlanItemParams = z.object({ programmeId: z.string(), planItemId: z.string() });

/** A change to an item's link to its event. */
export const PlanLinkInput = z.object({ eventId: EventRef });

// ---------- response shapes, for the OpenAPI document ----------

const DatedEvent = z.object({ id: z.string(), title: z.string(), start: z.string(), page: z.string() });
export const PlanItemOut = z.object({
  id: z.string(),
  position: z.number().int(),
  title: z.string(),
  audience: z.enum(AUDIENCES),
  description: z.string().nullable(),
  expected: z.string().nullable(),
  expectedMonth: z.string().nullable(),
  eventId: z.string().nullable(),
  seriesId: z.string().nullable(),
  /** The item's published events, in date order: empty while it has no date. */
  events: z.array(DatedEvent),
});
export const PlanOut = z.object({ items: z.array(PlanItemOut) });

/** A "users" target and what it counts: people of each source, each once within it (programmes/plan/users.ts). */
export const UsersTargetOut = z.object({
  metric: z.enum(['users_facilitated', 'users_attended', 'users_assessed', 'users_any']),
  value: z.number().int(),
  deadline: z.string(),
  label: z.string().nullable(),
  sources: z.array(z.object({ source: z.enum(['facilitated', 'attended', 'assessed']), count: z.number().int() })),
  current: z.number().int(),
  progress: z.number(),
  upTo: z.string(),
  reached: z.boolean(),
  /** True when several sources are summed: they share no identifier, so a person may count once in each. */
  acrossSources: z.boolean(),
});
export const UsersTargetsOut = z.object({ targets: z.array(UsersTargetOut) });
