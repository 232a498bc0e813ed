import { z } from 'zod';
import { calendarFieldsExist, visibleText } from '../../../core/validation.js';

/** The zod schemas of processes and phases: the API's bodies (the admin form maps onto the same). */

export const PROCESS_STATUSES = ['draft', 'published', 'closed'] as const;

/** The categories a process offers when staff name none. */
export const DEFAULT_CATEGORIES = ['Servizi online', 'Connettività', 'Competenze digitali', 'Scuola', 'Altro'];

const text = (max: number) =>
  visibleText(
    z.string({ message: 'participation.check.required' }).trim().min(1, 'participation.check.required').max(max, 'participation.check.max'),
  );

const day = z
  .string({ message: 'participation.check.date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'participation.check.date')
  .refine(calendarFieldsExist, 'participation.check.date');

export const PhaseInput = z.object({
  name: text(120),
  description: z.string().trim().max(2000, 'participation.check.max').optional().nullable(),
  start: day,
  end: day,
});
export type PhaseInput = z.output<typeof PhaseInput>;

/** A whole number from 0 to `max`; anything else is refused with the one message. */
const wholeNumber = (max: number) =>
  z
    .number({ message: 'participation.check.number' })
    .int('participation.check.number')
    .min(0, 'participation.check.number')
    .max(max, 'participation.check.number');

/** The fields a process's change may name; absent ones stay as they are (no defaults here). */
const processFields = {
  title: text(200),
  description: z.string().trim().max(10000, 'participation.check.max').optional().nullable(),
  municipalities: z
    .array(z.string().regex(/^\d{6}$/, 'participation.check.municipality'))
    .max(500)
    .optional(),
  categories: z.array(text(60)).min(1, 'participation.check.required').max(30).optional(),
  status: z.enum(PROCESS_STATUSES, { message: 'participation.check.status' }),
  retentionDays: wholeNumber(3650),
  supportThreshold: wholeNumber(1_000_000),
  phases: z.array(PhaseInput, { message: 'participation.check.phases' }).min(1, 'participation.check.phases').max(20),
};

export const ProcessCreate = z.object({
  ...processFields,
  organisation: z.string({ message: 'participation.check.organisation' }).uuid('participation.check.organisation'),
  status: processFields.status.default('published'),
  retentionDays: processFields.retentionDays.default(180),
  supportThreshold: processFields.supportThreshold.default(0),
});
export type ProcessInput = z.output<typeof ProcessCreate>;

export const ProcessPatch = z.object(processFields).partial();
export type ProcessPatchInput = z.output<typeof ProcessPatch>;

export const PhaseOut = z.object({
  id: z.string(),
  position: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  current: z.boolean(),
});

export const ProcessOut = z.object({
  id: z.string(),
  organisation: z.string(),
  title: z.string(),
  description: z.string(),
  municipalities: z.array(z.string()),
  categories: z.array(z.string()),
  status: z.enum(PROCESS_STATUSES),
  retentionDays: z.number(),
  supportThreshold: z.number(),
  phases: z.array(PhaseOut),
  createdAt: z.string(),
});
export type ProcessView = z.output<typeof ProcessOut>;
export type PhaseView = z.output<typeof PhaseOut>;
