import { z } from 'zod';
import { calendarFieldsExist, IMPOSSIBLE_INSTANT_MESSAGE, visibleText } from '../../core/validation.js';
import { AnswersField, ChildField, GuardianField } from './booking/answers.js';
import { AGE_BANDS, AUDIENCES, EVENT_TYPES, FORMATS, TOPICS, WAITLIST_MODES } from './catalogue/vocab.js';
import { InvitationsField, VisibilityField } from './visibility.js';

/** Input of events and registrations, for the API and the pages alike. */

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'events.check.max')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

const Id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'events.check.id');

/** An instant with its offset ("2025-12-04T20:30:00+01:00" or "…Z"), stored as UTC text. */
export const Instant = z
  .string()
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
    'events.check.instant',
  )
  // Date.parse moves 2027-02-30 to 2 March without a word: the fields must exist as written.
  .refine((v) => calendarFieldsExist(v), IMPOSSIBLE_INSTANT_MESSAGE)
  .transform((v) => new Date(v).toISOString());

const OnlineUrl = z
  .string()
  .trim()
  .max(500, 'events.check.max')
  .refine((v) => v === '' || /^https:\/\/[^\s<>"]+$/i.test(v), 'events.check.https')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

export const Session = z
  .object({ start: Instant, end: Instant })
  .refine((s) => s.end > s.start, { message: 'events.check.sessionEnd', path: ['end'] });

/** A list of codes without repeats; `key`: the dictionary key naming the allowed codes. */
const uniqueList = <T extends readonly [string, ...string[]]>(values: T, key: string) =>
  z
    .array(z.enum(values, { message: key }))
    .max(values.length)
    .transform((v) => [...new Set(v)]);

const INTEGER = 'events.check.integer';

const maxSeats = z.number().int(INTEGER).min(1, 'events.check.maxSeatsPerBooking.min').max(50, 'events.check.maxSeatsPerBooking.max');
const Status = z.enum(['draft', 'published'], { message: 'events.check.status' });
const WaitlistMode = z.enum(WAITLIST_MODES, { message: 'events.check.waitlistMode' });
const OfferHours = z.number().int(INTEGER).min(1, 'events.check.offerHours.min').max(168, 'events.check.offerHours.max');

const eventFields = {
  organisation: Id,
  programme: Id.nullable().optional(),
  title: visibleText(z.string().trim().min(3, 'events.check.title').max(200, 'events.check.max')),
  description: optionalText(5000),
  type: z.enum(EVENT_TYPES, { message: 'events.check.type' }),
  format: z.enum(FORMATS, { message: 'events.check.format' }),
  venue: Id.nullable().optional(),
  onlineUrl: OnlineUrl,
  capacity: z.number().int(INTEGER).min(1, 'events.check.capacity.min').max(100_000, 'events.check.capacity.max'),
  maxSeatsPerBooking: maxSeats.default(4),
  bookingRequired: z.boolean().default(true),
  bookingOpensAt: Instant.nullable().optional(),
  bookingClosesAt: Instant.nullable().optional(),
  status: Status.default('draft'),
  audiences: uniqueList(AUDIENCES, 'events.check.audiences').default([]),
  topics: uniqueList(TOPICS, 'events.check.topics').default([]),
  partners: z
    .array(Id)
    .max(20, 'events.check.partners.max')
    .transform((v) => [...new Set(v)])
    .optional(),
  accessibility: optionalText(2000),
  waitlistMode: WaitlistMode.default('auto'),
  offerHours: OfferHours.default(24),
  askSkillsCheck: z
    .boolean({ message: 'events.check.askSkillsCheck' })
    .default(false)
    .describe('Invite the booked people to take the digital-competence test before the event and again after it.'),
  visibility: VisibilityField.default('public'),
  invitations: InvitationsField.optional(),
};

const sessionsField = z
  .array(Session)
  .min(1, 'events.check.sessions.min')
  .max(100, 'events.check.sessions.max')
  .transform((v) => [...v].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)));

function windowCheck(v: { bookingOpensAt?: string | null; bookingClosesAt?: string | null }, ctx: z.RefinementCtx): void {
  if (v.bookingOpensAt && v.bookingClosesAt && v.bookingClosesAt <= v.bookingOpensAt) {
    ctx.addIssue({ code: 'custom', path: ['bookingClosesAt'], message: 'events.check.bookingWindow' });
  }
}

export const EventCreate = z
  .object({ ...eventFields, sessions: sessionsField })
  .strict()
  .superRefine(windowCheck);
export type EventCreateInput = z.input<typeof EventCreate>;
export type EventCreateData = z.output<typeof EventCreate>;

/** A change of an event: any field but the organisation; `sessions` replaces every date. */
export const EventPatch = z
  .object({
    programme: eventFields.programme,
    title: eventFields.title.optional(),
    description: eventFields.description,
    type: eventFields.type.optional(),
    format: eventFields.format.optional(),
    venue: eventFields.venue,
    onlineUrl: eventFields.onlineUrl,
    capacity: eventFields.capacity.optional(),
    maxSeatsPerBooking: maxSeats.optional(),
    bookingRequired: z.boolean().optional(),
    bookingOpensAt: eventFields.bookingOpensAt,
    bookingClosesAt: eventFields.bookingClosesAt,
    status: Status.optional(),
    audiences: uniqueList(AUDIENCES, 'events.check.audiences').optional(),
    topics: uniqueList(TOPICS, 'events.check.topics').optional(),
    partners: eventFields.partners,
    accessibility: eventFields.accessibility,
    waitlistMode: WaitlistMode.optional(),
    offerHours: OfferHours.optional(),
    askSkillsCheck: z.boolean({ message: 'events.check.askSkillsCheck' }).optional(),
    visibility: VisibilityField.optional(),
    invitations: InvitationsField.optional(),
    sessions: sessionsField.optional(),
  })
  .strict()
  .superRefine(windowCheck);
export type EventPatchInput = z.input<typeof EventPatch>;
export type EventPatchData = z.output<typeof EventPatch>;

export const SERIES_FREQUENCIES = ['week', 'two-weeks', 'month', 'twice-a-month'] as const;
export type SeriesFrequency = (typeof SERIES_FREQUENCIES)[number];

/** A series: the event's fields without dates, plus how to generate them. */
export const SeriesCreate = z
  .object({
    ...eventFields,
    count: z.number().int(INTEGER).min(2, 'events.check.count.min').max(60, 'events.check.count.max'),
    every: z.enum(SERIES_FREQUENCIES, { message: 'events.check.every' }),
    firstStart: Instant,
    durationMinutes: z
      .number()
      .int(INTEGER)
      .min(15, 'events.check.durationMinutes.min')
      .max(12 * 60, 'events.check.durationMinutes.max'),
    venues: z.array(Id).max(20, 'events.check.venues.max').optional(),
  })
  .strict()
  .superRefine(windowCheck);
export type SeriesCreateInput = z.input<typeof SeriesCreate>;
export type SeriesCreateData = z.output<typeof SeriesCreate>;

export const CancelEvent = z.object({ reason: z.string().trim().min(3, 'events.check.reason').max(1000, 'events.check.max') }).strict();

// ---------- registrations ----------

/** Italian numbers: digits and spaces, optionally +39 or 0039 first; 6 to 13 digits after the prefix. */
export const PHONE = /^(?:\+39|0039)?\s*[0-9](?:[0-9 ]{4,16})[0-9]$/;

export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  return digits.replace(/^(\+39|0039)/, '');
}

export function normaliseEmailAddress(email: string): string {
  return email.trim().toLowerCase();
}

/** Built once: making a zod schema costs far more than using it. */
const EMAIL = z.email();

const Email = z
  .string()
  .trim()
  .max(254, 'events.check.max')
  .refine((v) => v === '' || EMAIL.safeParse(v).success, 'events.check.email')
  .transform((v) => (v === '' ? null : v.toLowerCase()))
  .nullable()
  .optional();

const Phone = z
  .string()
  .trim()
  .max(30, 'events.check.max')
  .refine((v) => v === '' || (PHONE.test(v) && normalisePhone(v).length >= 6 && normalisePhone(v).length <= 13), {
    message: 'events.check.phone',
  })
  .transform((v) => (v === '' ? null : v.replace(/\s+/g, ' ')))
  .nullable()
  .optional();

const SeatCount = z
  .number({ message: 'events.check.seats' })
  .int('events.check.seats.integer')
  .min(1, 'events.check.seats.min')
  .max(50, 'events.check.seats.max');

const bookingFields = {
  name: visibleText(z.string().trim().min(2, 'events.check.name').max(120, 'events.check.max')),
  email: Email,
  phone: Phone,
  seats: SeatCount,
  audience: z.enum(AUDIENCES, { message: 'events.check.audience' }).nullable().optional(),
  ageBand: z.enum(AGE_BANDS, { message: 'events.check.ageBand' }).nullable().optional(),
  privacyAccepted: z.boolean({ message: 'events.check.privacyAccepted' }),
  // Checked against the event's own questions and "for minors" flag by booking/answers.ts.
  answers: AnswersField,
  child: ChildField,
  guardian: GuardianField,
};

function bookingCheck(v: { email?: string | null; phone?: string | null; privacyAccepted: boolean }, ctx: z.RefinementCtx): void {
  if (!v.email && !v.phone) {
    ctx.addIssue({ code: 'custom', path: ['email'], message: 'events.check.contact' });
  }
  if (v.privacyAccepted !== true) {
    ctx.addIssue({ code: 'custom', path: ['privacyAccepted'], message: 'events.check.privacy' });
  }
}

/** A booking as the service takes it (pages, staff, API). */
export const Booking = z.object(bookingFields).strict().superRefine(bookingCheck);
export type BookingInput = z.input<typeof Booking>;
export type BookingData = z.output<typeof Booking>;

/**
 * The API's body: the same, except that the call itself stands for the acceptance of the privacy
 * notice the client application showed; `privacyAccepted: false` is still refused.
 */
export const ApiBooking = z
  .object({ ...bookingFields, privacyAccepted: bookingFields.privacyAccepted.default(true) })
  .strict()
  .superRefine(bookingCheck);

export const Seats = z
  .object({
    seats: SeatCount,
  })
  .strict();
