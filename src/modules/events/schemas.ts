import { z } from 'zod';
import { calendarFieldsExist, IMPOSSIBLE_INSTANT_MESSAGE, visibleText } from '../../core/validation.js';
import { AGE_BANDS, AUDIENCES, EVENT_TYPES, FORMATS, TOPICS, WAITLIST_MODES } from './catalogue/vocab.js';

/** Input of events and registrations, for the API and the pages alike. */

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `al massimo ${max} caratteri`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

const Id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'identificativo non valido');

/** An instant with its offset ("2025-12-04T20:30:00+01:00" or "…Z"), stored as UTC text. */
export const Instant = z
  .string()
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
    'data e ora con fuso orario, ad esempio 2025-12-04T20:30:00+01:00',
  )
  // Date.parse moves 2027-02-30 to 2 March without a word: the fields must exist as written.
  .refine((v) => calendarFieldsExist(v), IMPOSSIBLE_INSTANT_MESSAGE)
  .transform((v) => new Date(v).toISOString());

const OnlineUrl = z
  .string()
  .trim()
  .max(500, 'al massimo 500 caratteri')
  .refine((v) => v === '' || /^https:\/\/[^\s<>"]+$/i.test(v), 'deve essere un indirizzo che inizia con https://')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

export const Session = z
  .object({ start: Instant, end: Instant })
  .refine((s) => s.end > s.start, { message: "la fine deve essere dopo l'inizio", path: ['end'] });

const uniqueList = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .array(z.enum(values, { message: `${what} non valido: usa uno tra ${values.join(', ')}` }))
    .max(values.length)
    .transform((v) => [...new Set(v)]);

const eventFields = {
  organisation: Id,
  programme: Id.nullable().optional(),
  title: visibleText(z.string().trim().min(3, 'il titolo è obbligatorio (almeno 3 caratteri)').max(200, 'al massimo 200 caratteri')),
  description: optionalText(5000),
  type: z.enum(EVENT_TYPES, { message: `tipo non valido: usa uno tra ${EVENT_TYPES.join(', ')}` }),
  format: z.enum(FORMATS, { message: `formato non valido: usa uno tra ${FORMATS.join(', ')}` }),
  venue: Id.nullable().optional(),
  onlineUrl: OnlineUrl,
  capacity: z.number().int('un numero intero').min(1, 'almeno 1 posto').max(100_000, 'al massimo 100000 posti'),
  maxSeatsPerBooking: z.number().int('un numero intero').min(1, 'almeno 1').max(50, 'al massimo 50').default(4),
  bookingRequired: z.boolean().default(true),
  bookingOpensAt: Instant.nullable().optional(),
  bookingClosesAt: Instant.nullable().optional(),
  status: z.enum(['draft', 'published'], { message: 'stato non valido: draft o published' }).default('draft'),
  audiences: uniqueList(AUDIENCES, 'destinatario').default([]),
  topics: uniqueList(TOPICS, 'argomento').default([]),
  partners: z
    .array(Id)
    .max(20, 'al massimo 20 partner')
    .transform((v) => [...new Set(v)])
    .optional(),
  accessibility: optionalText(2000),
  waitlistMode: z.enum(WAITLIST_MODES, { message: 'modalità non valida: auto o offer' }).default('auto'),
  offerHours: z.number().int('un numero intero').min(1, 'almeno 1 ora').max(168, 'al massimo 168 ore (una settimana)').default(24),
  askSkillsCheck: z
    .boolean({ message: 'askSkillsCheck: true o false' })
    .default(false)
    .describe('Invite the booked people to take the digital-competence test before the event and again after it.'),
};

const sessionsField = z
  .array(Session)
  .min(1, 'indica almeno una data')
  .max(100, 'al massimo 100 date')
  .transform((v) => [...v].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)));

function windowCheck(v: { bookingOpensAt?: string | null; bookingClosesAt?: string | null }, ctx: z.RefinementCtx): void {
  if (v.bookingOpensAt && v.bookingClosesAt && v.bookingClosesAt <= v.bookingOpensAt) {
    ctx.addIssue({ code: 'custom', path: ['bookingClosesAt'], message: "la chiusura delle prenotazioni deve essere dopo l'apertura" });
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
    maxSeatsPerBooking: z.number().int().min(1, 'almeno 1').max(50, 'al massimo 50').optional(),
    bookingRequired: z.boolean().optional(),
    bookingOpensAt: eventFields.bookingOpensAt,
    bookingClosesAt: eventFields.bookingClosesAt,
    status: z.enum(['draft', 'published'], { message: 'stato non valido: draft o published' }).optional(),
    audiences: uniqueList(AUDIENCES, 'destinatario').optional(),
    topics: uniqueList(TOPICS, 'argomento').optional(),
    partners: eventFields.partners,
    accessibility: eventFields.accessibility,
    waitlistMode: z.enum(WAITLIST_MODES, { message: 'modalità non valida: auto o offer' }).optional(),
    offerHours: z.number().int().min(1, 'almeno 1 ora').max(168, 'al massimo 168 ore').optional(),
    askSkillsCheck: z.boolean({ message: 'askSkillsCheck: true o false' }).optional(),
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
    count: z.number().int('un numero intero').min(2, 'almeno 2 incontri').max(60, 'al massimo 60 incontri'),
    every: z.enum(SERIES_FREQUENCIES, { message: `frequenza non valida: usa uno tra ${SERIES_FREQUENCIES.join(', ')}` }),
    firstStart: Instant,
    durationMinutes: z
      .number()
      .int('un numero intero')
      .min(15, 'almeno 15 minuti')
      .max(12 * 60, 'al massimo 12 ore'),
    venues: z.array(Id).max(20, 'al massimo 20 sedi').optional(),
  })
  .strict()
  .superRefine(windowCheck);
export type SeriesCreateInput = z.input<typeof SeriesCreate>;
export type SeriesCreateData = z.output<typeof SeriesCreate>;

export const CancelEvent = z
  .object({ reason: z.string().trim().min(3, 'indica il motivo').max(1000, 'al massimo 1000 caratteri') })
  .strict();

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
  .max(254, 'al massimo 254 caratteri')
  .refine((v) => v === '' || EMAIL.safeParse(v).success, 'indirizzo e-mail non valido, ad esempio nome@esempio.it')
  .transform((v) => (v === '' ? null : v.toLowerCase()))
  .nullable()
  .optional();

const Phone = z
  .string()
  .trim()
  .max(30, 'al massimo 30 caratteri')
  .refine((v) => v === '' || (PHONE.test(v) && normalisePhone(v).length >= 6 && normalisePhone(v).length <= 13), {
    message: 'numero di telefono non valido: solo cifre e spazi, eventualmente con +39 davanti',
  })
  .transform((v) => (v === '' ? null : v.replace(/\s+/g, ' ')))
  .nullable()
  .optional();

const bookingFields = {
  name: visibleText(z.string().trim().min(2, 'il nome è obbligatorio').max(120, 'al massimo 120 caratteri')),
  email: Email,
  phone: Phone,
  seats: z
    .number({ message: 'indica il numero di posti' })
    .int('un numero intero di posti')
    .min(1, 'almeno 1 posto')
    .max(50, 'al massimo 50 posti'),
  audience: z.enum(AUDIENCES, { message: 'destinatario non valido' }).nullable().optional(),
  ageBand: z.enum(AGE_BANDS, { message: "fascia d'età non valida" }).nullable().optional(),
  privacyAccepted: z.boolean({ message: "indica se accetti l'informativa privacy" }),
};

function bookingCheck(v: { email?: string | null; phone?: string | null; privacyAccepted: boolean }, ctx: z.RefinementCtx): void {
  if (!v.email && !v.phone) {
    ctx.addIssue({ code: 'custom', path: ['email'], message: 'indica un indirizzo e-mail o un numero di telefono' });
  }
  if (v.privacyAccepted !== true) {
    ctx.addIssue({ code: 'custom', path: ['privacyAccepted'], message: "per prenotare devi accettare l'informativa privacy" });
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
    seats: z.number({ message: 'indica il numero di posti' }).int('un numero intero di posti').min(1, 'almeno 1 posto').max(50),
  })
  .strict();
