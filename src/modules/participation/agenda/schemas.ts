import { z } from 'zod';
import { calendarFieldsExist, visibleText } from '../../../core/validation.js';

/** The zod schemas of the agenda: its actions and their dated updates (the staff forms map onto the same). */

export const ACTION_STATUSES = ['planned', 'in-progress', 'done', 'discarded'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

const text = (max: number) =>
  visibleText(z.string().trim().min(1, 'participation.agenda.check.required').max(max, 'participation.agenda.check.max'));
const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'participation.agenda.check.date')
  .refine(calendarFieldsExist, 'participation.agenda.check.date');
const progress = z
  .number({ message: 'participation.agenda.check.progress' })
  .int('participation.agenda.check.progress')
  .min(0, 'participation.agenda.check.progress')
  .max(100, 'participation.agenda.check.progress');
const ids = z.array(z.string().max(64)).max(100, 'participation.agenda.check.max');

export const ActionCreate = z.object({
  title: text(200),
  description: z.string().trim().max(5000, 'participation.agenda.check.max').nullable().optional(),
  owner: text(200),
  deadline: day.nullable().optional(),
  status: z.enum(ACTION_STATUSES, { message: 'participation.agenda.check.status' }).default('planned'),
  progress: progress.default(0),
  /** Proposals of the process the action comes from: each moves to "accepted". */
  proposals: ids.default([]),
  /** Meetings of the process where it was decided. */
  meetings: ids.default([]),
});
export type ActionCreateInput = z.output<typeof ActionCreate>;

export const ActionPatch = z.object({
  title: text(200).optional(),
  description: z.string().trim().max(5000, 'participation.agenda.check.max').nullable().optional(),
  owner: text(200).optional(),
  deadline: day.nullable().optional(),
  status: z.enum(ACTION_STATUSES, { message: 'participation.agenda.check.status' }).optional(),
  progress: progress.optional(),
  proposals: ids.optional(),
  meetings: ids.optional(),
});
export type ActionPatchInput = z.output<typeof ActionPatch>;

export const UpdateCreate = z.object({
  /** The day the update reports; today when left out. */
  day: day.optional(),
  body: text(5000),
  progress: progress.optional(),
  status: z.enum(ACTION_STATUSES, { message: 'participation.agenda.check.status' }).optional(),
});
export type UpdateCreateInput = z.output<typeof UpdateCreate>;

export const ActionParam = z.object({ actionId: z.string() });
export const ProcessParam = z.object({ processId: z.string() });

export const ActionOut = z.object({
  id: z.string(),
  processId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  owner: z.string(),
  deadline: z.string().nullable(),
  status: z.enum(ACTION_STATUSES),
  progress: z.number(),
  proposals: z.array(z.object({ id: z.string(), title: z.string() })),
  meetings: z.array(z.object({ id: z.string(), title: z.string() })),
  updates: z.array(
    z.object({ id: z.string(), day: z.string(), body: z.string(), progress: z.number().nullable(), status: z.string().nullable() }),
  ),
  updatedAt: z.string(),
});
