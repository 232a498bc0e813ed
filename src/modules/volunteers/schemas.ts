import { z } from 'zod';
import { visibleText } from '../../core/validation.js';

/** The volunteers' zod schemas: the API's bodies and answers (the public form maps onto the same). */

export const SKILLS = ['smartphone', 'spid-cie', 'pagopa', 'app-io', 'coding', 'languages'] as const;
export type Skill = (typeof SKILLS)[number];
export const AGE_BANDS = ['under-18', '18-29', '30-64', '65-plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const DAY_PARTS = ['morning', 'afternoon', 'evening'] as const;
/** 'mon:morning' … 'sun:evening'. */
export const SLOTS = WEEKDAYS.flatMap((d) => DAY_PARTS.map((p) => `${d}:${p}`));

const text = (max: number) => visibleText(z.string().trim().min(1, 'volunteers.check.required').max(max, 'volunteers.check.max'));
const optionalText = (max: number) => z.string().trim().max(max, 'volunteers.check.max').optional().nullable();

/**
 * An application. Rules across fields (a contact, the guardian's consent under 18, the code of
 * conduct) are the service's, so they answer 422 naming the field rather than a schema's 400.
 */
export const ApplicationCreate = z.object({
  organisation: z.string().uuid('volunteers.check.organisation'),
  name: text(120),
  email: z.string().trim().toLowerCase().max(254).email('volunteers.check.email').optional().nullable().or(z.literal('')),
  phone: z.string().trim().max(30, 'volunteers.check.max').optional().nullable(),
  municipality: z.string().trim().min(1, 'volunteers.check.municipality').max(100),
  ageBand: z.enum(AGE_BANDS, { message: 'volunteers.check.ageBand' }),
  guardian: z
    .object({ name: optionalText(120), consent: z.boolean().optional() })
    .optional()
    .nullable(),
  school: optionalText(200),
  skills: z
    .array(z.enum(SKILLS, { message: 'volunteers.check.skill' }))
    .max(SKILLS.length)
    .default([]),
  languages: optionalText(200),
  availability: z
    .array(z.string().refine((s) => SLOTS.includes(s), 'volunteers.check.availability'))
    .max(SLOTS.length)
    .default([]),
  codeOfConduct: z.boolean().optional(),
  /** The reminders of shifts by SMS to `phone`, instead of e-mail. */
  sms: z.boolean({ message: 'volunteers.check.sms' }).optional(),
});
export type ApplicationInput = z.output<typeof ApplicationCreate>;

export const ApplicationOut = z.object({
  id: z.string(),
  organisation: z.string(),
  status: z.enum(['pending', 'approved', 'declined']),
  createdAt: z.string(),
});

export const DecisionOut = z.object({ id: z.string(), status: z.string(), userId: z.string().nullable() });
export const DeclineBody = z.object({ message: optionalText(1000) });
export const ApplicationParam = z.object({ applicationId: z.string() });
export const ShiftParam = z.object({ shiftId: z.string() });

const instant = z.string().datetime({ offset: true, message: 'volunteers.check.instant' });

export const ShiftCreate = z.object({
  organisation: z.string().uuid('volunteers.check.organisation'),
  programme: z.string().uuid('volunteers.check.programme').optional().nullable(),
  desk: z.string().uuid('volunteers.check.desk').optional().nullable(),
  event: z.string().uuid('volunteers.check.event').optional().nullable(),
  title: text(200),
  municipality: z
    .string()
    .regex(/^\d{6}$/, 'volunteers.check.municipality')
    .optional()
    .nullable(),
  start: instant,
  end: instant,
  needed: z.number().int('volunteers.check.needed').min(1, 'volunteers.check.needed').max(500, 'volunteers.check.needed'),
  skills: z
    .array(z.enum(SKILLS, { message: 'volunteers.check.skill' }))
    .max(SKILLS.length)
    .default([]),
  publish: z.boolean().default(true),
});
export type ShiftInput = z.output<typeof ShiftCreate>;

export const ShiftOut = z.object({
  id: z.string(),
  organisation: z.string(),
  programme: z.string().nullable(),
  desk: z.string().nullable(),
  event: z.string().nullable(),
  title: z.string(),
  municipality: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  needed: z.number(),
  taken: z.number(),
  skills: z.array(z.string()),
  published: z.boolean(),
});
export type ShiftView = z.output<typeof ShiftOut>;

/** "I miei turni" (service.ts MyShifts). */
export const MyShiftsOut = z.object({
  signedUp: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      start: z.string(),
      end: z.string(),
      attended: z.boolean().nullable().describe('null until staff mark the shift'),
      status: z.enum(['confirmed', 'pending', 'refused']),
    }),
  ),
  open: z.array(ShiftOut),
  pairing: z
    .record(z.string(), z.enum(['with', 'without']))
    .describe('Per open shift where the caller is in affiancamento: whether an experienced volunteer is already on it'),
  messages: z.array(z.object({ id: z.string(), subject: z.string(), body: z.string(), sentAt: z.string() })),
});

export const SignupOut = z.object({ id: z.string(), shift: z.string(), volunteer: z.string() });
export const AttendanceBody = z.object({ signup: z.string(), present: z.boolean() });
