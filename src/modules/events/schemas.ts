import { z } from 'zod';
import { LANGS } from '../../core/i18n.js';
import { calendarFieldsExist, IMPOSSIBLE_INSTANT_MESSAGE, visibleText } from '../../core/validation.js';
import { VenueOut } from '../organisations/service.js';
import { AnswersField, ChildField, GuardianField, QUESTION_KINDS } from './booking/answers.js';
import { AVAILABILITIES, BOOKING_CLOSED_REASONS } from './booking/bookable.js';
import {
  AGE_BANDS,
  AUDIENCES,
  EVENT_STATUSES,
  EVENT_TYPES,
  FORMATS,
  REGISTRATION_STATUSES,
  TOPICS,
  WAITLIST_MODES,
} from './catalogue/vocab.js';
import type { EventDetail, PublicEventDetail, RegistrationListItem, RegistrationView } from './service.js';
import { InvitationsField, VISIBILITIES, VisibilityField } from './visibility.js';

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

// ---------- response shapes, for the OpenAPI document ----------

const InstantOut = z.string().describe('ISO instant (UTC)');
const NamedOut = z.object({ id: z.string(), name: z.string() });

/** An event as its organiser's staff read it (service.ts `EventDetail`): after a change, a cancellation, or GET. */
export const EventOut = z.object({
  id: z.string(),
  organisation: NamedOut,
  programme: NamedOut.nullable(),
  seriesId: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  type: z.enum(EVENT_TYPES),
  format: z.enum(FORMATS),
  venue: VenueOut.nullable().describe('The full venue; null for online events'),
  municipality: VenueOut.shape.municipality.describe("Where it happens: the venue's comune, for online events the organiser's"),
  sessions: z.array(z.object({ start: InstantOut, end: InstantOut })),
  start: InstantOut.describe("The first session's start (ISO instant, UTC)"),
  end: InstantOut.describe("The last session's end (ISO instant, UTC)"),
  audiences: z.array(z.enum(AUDIENCES)),
  topics: z.array(z.enum(TOPICS)),
  partners: z.array(NamedOut).describe('Partners that accepted the partnership with the organiser'),
  partnersPending: z.array(NamedOut).describe('Partners named on the event that have not accepted (yet)'),
  capacity: z.number().int(),
  seatsLeft: z.number().int().describe('Seats not taken by confirmed or offered bookings'),
  waiting: z.number().int().describe('Seats on the waiting list'),
  availability: z.enum(AVAILABILITIES),
  full: z.boolean(),
  maxSeatsPerBooking: z.number().int(),
  bookingRequired: z.boolean(),
  bookingOpensAt: InstantOut.nullable(),
  bookingClosesAt: InstantOut.nullable(),
  bookingOpen: z.boolean(),
  bookingClosedReason: z.enum(BOOKING_CLOSED_REASONS).nullable().describe('Why booking is closed now; null while it is open'),
  status: z.enum(EVENT_STATUSES),
  cancelReason: z.string().nullable(),
  accessibility: z.string().nullable(),
  waitlistMode: z.enum(WAITLIST_MODES),
  offerHours: z.number().int().describe('Hours an offered seat waits for its answer (offer mode)'),
  askSkillsCheck: z.boolean(),
  visibility: z.enum(VISIBILITIES),
  hasOnlineLink: z.boolean().describe('Whether booked people get an online link (never shown here)'),
  createdAt: InstantOut,
  updatedAt: InstantOut,
  page: z.string().describe('The public page (relative address)'),
}) satisfies z.ZodType<EventDetail>;

/** An event as anyone reads it: no exact seat counts, no partners still to accept. */
export const PublicEventOut = EventOut.omit({
  seatsLeft: true,
  waiting: true,
  partnersPending: true,
}) satisfies z.ZodType<PublicEventDetail>;

/** GET of an event: the organiser's staff read it whole (with the list of a course by invitation), anyone else as the public does. */
export const EventReadOut = z.union([
  EventOut.extend({
    invitations: z
      .array(z.string())
      .optional()
      .describe('For an event by invitation only: who may book, e-mail addresses or phone numbers (digits)'),
  }).describe("For the organiser's staff"),
  PublicEventOut.describe('For anyone else'),
]);

/** One booking, as its private token reads and changes it (booking/service.ts `RegistrationView`). */
export const RegistrationOut = z.object({
  id: z.string(),
  eventId: z.string(),
  status: z.enum(REGISTRATION_STATUSES),
  seats: z.number().int(),
  position: z.number().int().nullable().describe('1-based place in the waiting list; null unless waitlisted'),
  name: z.string().nullable().describe('Null once the personal data are erased'),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  audience: z.enum(AUDIENCES).nullable(),
  ageBand: z.enum(AGE_BANDS).nullable(),
  ticketCode: z.string(),
  offerExpiresAt: InstantOut.nullable().describe('Until when an offered seat may be accepted (ISO instant, UTC)'),
  source: z.string().describe('How it was booked: web (the public page), api, or staff (for the person)'),
  lang: z.enum(LANGS).describe('The language the person booked in'),
  createdAt: InstantOut,
  cancelledAt: InstantOut.nullable(),
  manageUrl: z.string().describe('The private manage page, relative, with the token the caller holds'),
}) satisfies z.ZodType<RegistrationView>;

/** An event's registrations for its staff (booking/service.ts `RegistrationListItem`). */
export const RegistrationListOut = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      status: z.enum(REGISTRATION_STATUSES),
      seats: z.number().int(),
      name: z.string().nullable().describe('Null once the personal data are erased'),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      position: z.number().int().optional().describe('1-based place in the waiting list, for waitlisted entries only'),
      offerExpiresAt: InstantOut.nullable().optional().describe('For offered seats only: until when the offer may be accepted'),
      createdAt: InstantOut,
      source: z.string().describe('How it was booked: web (the public page), api, or staff (for the person)'),
      details: z
        .object({
          answers: z.array(z.object({ questionId: z.string(), label: z.string(), value: z.string(), kind: z.enum(QUESTION_KINDS) })),
          child: z.object({ name: z.string(), age: z.number().int().nullable(), guardianName: z.string().nullable() }).nullable(),
        })
        .optional()
        .describe("Only for a booking with answers to the event's questions or a child's details"),
    }),
  ),
}) satisfies z.ZodType<{ items: RegistrationListItem[] }>;

/** A booking after a staff act on it (cancel, seats, move): `eventId` is the event it is now in. */
export const StaffActOut = z.object({
  id: z.string(),
  eventId: z.string(),
  status: z.enum(REGISTRATION_STATUSES),
  seats: z.number().int(),
  ticketCode: z.string(),
});
