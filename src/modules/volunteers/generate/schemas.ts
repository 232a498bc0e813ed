import { z } from 'zod';
import { visibleText } from '../../../core/validation.js';
import { ShiftOut, SKILLS } from '../schemas.js';

/** Shifts generated from a desk's opening hours or an event's sessions: the API's body and answer. */

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'volunteers.generate.check.day')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    message: 'volunteers.generate.check.day',
  });

/** At most this many days at once: a season of openings, not years of them. */
export const MAX_GENERATE_DAYS = 184;

export const GenerateShifts = z.object({
  desk: z.string().uuid('volunteers.generate.check.desk').optional().nullable(),
  event: z.string().uuid('volunteers.generate.check.event').optional().nullable(),
  /** The first and last day; required for a desk, optional for an event (its sessions in the range). */
  from: Day.optional().nullable(),
  to: Day.optional().nullable(),
  role: visibleText(z.string().trim().min(1, 'volunteers.check.required').max(120, 'volunteers.check.max')),
  needed: z.number().int('volunteers.check.needed').min(1, 'volunteers.check.needed').max(500, 'volunteers.check.needed'),
  skills: z
    .array(z.enum(SKILLS, { message: 'volunteers.check.skill' }))
    .max(SKILLS.length)
    .default([]),
});
export type GenerateInput = z.output<typeof GenerateShifts>;

export const GenerateOut = z.object({
  /** The shifts made by this call. */
  items: z.array(ShiftOut),
  /** Openings or sessions that already had their shift (generated before): left as they were. */
  skipped: z.number(),
});
export type GenerateResult = z.output<typeof GenerateOut>;
