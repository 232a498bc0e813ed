import { DateTime } from 'luxon';
import { z } from 'zod';
import { calendarFieldsExist, visibleText } from '../../core/validation.js';
import { wholeNumber } from '../../core/whole-number.js';
import type { DeskAppointmentTable } from '../../db/schema.js';
import { VenueOut } from '../organisations/service.js';
import type { AppointmentView, DeskView, ExceptionView, OpeningHourView, OperatorView, ServiceView } from './model.js';
import { localInstant } from './slots.js';

/** The services a new desk is offered, with what to bring; staff can add their own. */
export const DEFAULT_SERVICES: { code: string; name: string; durationMinutes: number; bring: string[] }[] = [
  {
    code: 'spid',
    name: 'Attivazione SPID',
    durationMinutes: 30,
    bring: ["documento d'identità valido", 'tessera sanitaria', 'il proprio telefono cellulare', 'il proprio indirizzo e-mail'],
  },
  {
    code: 'cie',
    name: "Aiuto con la Carta d'identità elettronica (CIE)",
    durationMinutes: 20,
    bring: ["documento d'identità o CIE", 'tessera sanitaria', 'il proprio telefono cellulare'],
  },
  {
    code: 'pagopa',
    name: 'Pagamenti PagoPA',
    durationMinutes: 20,
    bring: ['avviso di pagamento', 'carta o conto per pagare', 'il proprio telefono'],
  },
  { code: 'app-io', name: 'App IO', durationMinutes: 20, bring: ['il proprio telefono cellulare', 'credenziali SPID o CIE con PIN'] },
  {
    code: 'fse',
    name: 'Fascicolo Sanitario Elettronico',
    durationMinutes: 20,
    bring: ['tessera sanitaria', 'credenziali SPID o CIE con PIN', 'il proprio telefono cellulare'],
  },
  { code: 'anpr', name: 'Certificati anagrafici online (ANPR)', durationMinutes: 15, bring: ['credenziali SPID o CIE con PIN'] },
  { code: 'aiuto-digitale', name: 'Aiuto digitale generico', durationMinutes: 30, bring: ['il dispositivo con cui hai bisogno di aiuto'] },
];

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A time as people type it: "9", "9.00", "9:00" and "09.30" become "09:00" and "09:30"; anything else is left to the check. */
export function normaliseTime(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = /^\s*(\d{1,2})(?:[.:,](\d{2}))?\s*$/.exec(value);
  return m ? `${m[1].padStart(2, '0')}:${m[2] ?? '00'}` : value.trim();
}

export const Time = z.preprocess(
  normaliseTime,
  z
    .string({ message: 'desks.check.time' })
    .regex(TIME, 'desks.check.time')
    .refine((v) => minutesOf(v) % 5 === 0, 'desks.check.time.step'),
);

/**
 * A yyyy-mm-dd string that names a day of the calendar (not 2026-02-30). Checked with Date at UTC
 * midnight rather than Luxon in the Rome zone: the same answer, since every day exists in any zone,
 * for a fraction of the cost on a path (free slots) that checks its range's dates on every request.
 */
function isCalendarDay(v: string): boolean {
  const ms = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v;
}

export const DateString = z
  .string({ message: 'desks.check.date.required' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'desks.check.date.format')
  .refine(isCalendarDay, 'desks.check.date.missing')
  .refine((v) => v >= '2000-01-01' && v <= '2100-12-31', 'desks.check.date.range');

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO 8601 instant as epoch ms, or null when it is malformed or names a time that does not
 * exist (30 February, 24:00). Without an offset it is read as Rome wall-clock time.
 */
export function parseInstant(value: string): number | null {
  const m = ISO_INSTANT.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (!calendarFieldsExist(value)) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  const zone = m[8];
  if (!zone) return localInstant(`${m[1]}-${m[2]}-${m[3]}`, `${m[4]}:${m[5]}`) + sec * 1000 + ms;
  if (zone === 'Z') return wall;
  const oh = Number(zone.slice(1, 3));
  const om = Number(zone.slice(-2));
  if (oh > 14 || om > 59) return null;
  return wall - (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
}

/** A slot's start: ISO 8601, with its offset (without one it is read as Rome time). */
export const Instant = z
  .string({ message: 'desks.check.instant' })
  .trim()
  .regex(ISO_INSTANT, 'desks.check.instant')
  .refine((v) => {
    const ms = parseInstant(v);
    return ms !== null && ms >= Date.UTC(2000, 0, 1) && ms < Date.UTC(2101, 0, 1);
  }, 'desks.check.instant.missing');

export function instantMs(value: string): number {
  return parseInstant(value) ?? Number.NaN;
}

export const ServiceCode = z
  .string({ message: 'desks.check.serviceCode.required' })
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'desks.check.serviceCode');

const Bring = z
  .union([z.string().max(2000, 'desks.check.max'), z.array(z.string().trim().min(1).max(200, 'desks.check.max')).max(20)])
  .transform((v) =>
    (Array.isArray(v) ? v : v.split(/\r?\n|;/))
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 20),
  );

export const ServiceInput = z
  .object({
    code: ServiceCode,
    name: visibleText(z.string().trim().min(2, 'desks.check.serviceName').max(120, 'desks.check.max')),
    durationMinutes: wholeNumber(5, 240, {
      number: 'desks.check.duration',
      integer: 'desks.check.duration.integer',
      min: 'desks.check.minutes.min',
      max: 'desks.check.minutes.max',
    }).refine((v) => v % 5 === 0, 'desks.check.duration.step'),
    bring: Bring.optional(),
  })
  .strict();
export type ServiceData = z.output<typeof ServiceInput>;

const Weekday = wholeNumber(1, 7, 'desks.check.weekday');

/** A count's refusals: not a number, not whole. */
const NUMBER = { number: 'desks.check.number', integer: 'desks.check.integer' };
const DAYS = { ...NUMBER, min: 'desks.check.days.min', max: 'desks.check.days.max' };

export const OpeningHour = z
  .object({
    weekday: Weekday,
    start: Time,
    end: Time,
    operators: wholeNumber(1, 50, {
      number: 'desks.check.operators',
      integer: 'desks.check.integer',
      min: 'desks.check.operators.min',
      max: 'desks.check.atMost',
    }),
  })
  .strict()
  .refine((h) => minutesOf(h.start) < minutesOf(h.end), { message: 'desks.check.endAfterStart', path: ['end'] });
export type OpeningHourData = z.output<typeof OpeningHour>;

const services = z
  .array(ServiceInput)
  .min(1, 'desks.check.services.min')
  .max(20, 'desks.check.services.max')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((s, i) => {
      if (seen.has(s.code)) ctx.addIssue({ code: 'custom', message: 'desks.check.services.repeated', path: [i, 'code'] });
      seen.add(s.code);
    });
  });

const openingHours = z
  .array(OpeningHour)
  .max(50, 'desks.check.hours.max')
  .superRefine((list, ctx) => {
    list.forEach((a, i) => {
      for (let j = 0; j < i; j++) {
        const b = list[j];
        if (a.weekday === b.weekday && minutesOf(a.start) < minutesOf(b.end) && minutesOf(b.start) < minutesOf(a.end)) {
          ctx.addIssue({ code: 'custom', message: 'desks.check.hours.overlap', path: [i, 'start'] });
        }
      }
    });
  });

const PatronDay = z
  .string()
  .trim()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'desks.check.patronDay')
  .refine((v) => DateTime.fromISO(`2024-${v}`).isValid, 'desks.check.patronDay.missing');

const PersonLimit = z
  .object({
    count: wholeNumber(1, 20, { ...NUMBER, min: 'desks.check.atLeast', max: 'desks.check.atMost' }),
    days: wholeNumber(1, 365, DAYS),
  })
  .strict();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EventId = z.string().trim().regex(UUID, 'desks.check.eventId');

const deskFields = {
  name: visibleText(z.string().trim().min(2, 'desks.check.deskName').max(200, 'desks.check.max')),
  description: z.string().trim().max(4000, 'desks.check.max').nullish(),
  services,
  openingHours,
  eventId: EventId.nullish(),
  patronDay: PatronDay.nullish(),
  personLimit: PersonLimit.nullish(),
  retentionDays: wholeNumber(1, 3650, DAYS).optional(),
  active: z.boolean().optional(),
};

export const DeskCreate = z
  .object({
    organisation: z.string({ message: 'desks.check.organisation' }).trim().min(1, 'desks.check.organisation').max(100, 'desks.check.max'),
    venue: z.string({ message: 'desks.check.venue' }).trim().min(1, 'desks.check.venue').max(100, 'desks.check.max'),
    ...deskFields,
    openingHours: openingHours.default([]),
  })
  .strict();
export type DeskCreateInput = z.input<typeof DeskCreate>;
export type DeskCreateData = z.output<typeof DeskCreate>;

export const DeskPatch = z
  .object({
    venue: z.string().trim().min(1).max(100).optional(),
    name: deskFields.name.optional(),
    description: deskFields.description,
    services: services.optional(),
    openingHours: openingHours.optional(),
    eventId: deskFields.eventId,
    patronDay: deskFields.patronDay,
    personLimit: deskFields.personLimit,
    retentionDays: deskFields.retentionDays,
    active: deskFields.active,
  })
  .strict();
export type DeskPatchInput = z.input<typeof DeskPatch>;

export const EXCEPTION_KINDS = ['closed', 'open', 'blocked'] as const;

export const ExceptionCreate = z
  .object({
    kind: z.enum(EXCEPTION_KINDS, { message: 'desks.check.kind' }),
    from: DateString,
    to: DateString.optional(),
    start: Time.nullish(),
    end: Time.nullish(),
    operators: z.number().int().min(1, 'desks.check.operators.min').max(50, 'desks.check.atMost').nullish(),
    note: z.string().trim().max(500, 'desks.check.max').nullish(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const to = e.to ?? e.from;
    if (to < e.from) ctx.addIssue({ code: 'custom', message: 'desks.check.dateOrder', path: ['to'] });
    const days = DateTime.fromISO(to).diff(DateTime.fromISO(e.from), 'days').days;
    if (days > 366) ctx.addIssue({ code: 'custom', message: 'desks.check.year', path: ['to'] });
    const timed = e.start || e.end;
    if (e.kind === 'closed' && timed) {
      ctx.addIssue({
        code: 'custom',
        message: 'desks.check.closedTimed',
        path: ['start'],
      });
    }
    if (e.kind !== 'closed') {
      if (!e.start) ctx.addIssue({ code: 'custom', message: 'desks.check.start', path: ['start'] });
      if (!e.end) ctx.addIssue({ code: 'custom', message: 'desks.check.end', path: ['end'] });
      if (e.start && e.end && minutesOf(e.start) >= minutesOf(e.end)) {
        ctx.addIssue({ code: 'custom', message: 'desks.check.endAfterStart', path: ['end'] });
      }
    }
    if (e.kind === 'open' && !e.operators) ctx.addIssue({ code: 'custom', message: 'desks.check.operators', path: ['operators'] });
  });
export type ExceptionCreateInput = z.input<typeof ExceptionCreate>;

export const OperatorCreate = z
  .object({
    name: visibleText(z.string().trim().min(2, 'desks.check.operatorName').max(120, 'desks.check.max')),
    userId: z.string().trim().regex(UUID, 'desks.check.userId').nullish(),
    weekday: Weekday.nullish(),
    date: DateString.nullish(),
    start: Time.optional(),
    end: Time.optional(),
    absent: z.boolean().optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (!o.weekday === !o.date) {
      ctx.addIssue({
        code: 'custom',
        message: 'desks.check.weekdayOrDate',
        path: ['weekday'],
      });
    }
    if (o.absent) {
      if (!o.date) ctx.addIssue({ code: 'custom', message: 'desks.check.absence', path: ['date'] });
      return;
    }
    if (!o.start) ctx.addIssue({ code: 'custom', message: 'desks.check.start', path: ['start'] });
    if (!o.end) ctx.addIssue({ code: 'custom', message: 'desks.check.end', path: ['end'] });
    if (o.start && o.end && minutesOf(o.start) >= minutesOf(o.end)) {
      ctx.addIssue({ code: 'custom', message: 'desks.check.endAfterStart', path: ['end'] });
    }
  });
export type OperatorCreateInput = z.input<typeof OperatorCreate>;

/** Italian numbers: digits and spaces, optionally +39 or 0039 first. */
export const PHONE = /^(?:\+39|0039)?\s*[0-9](?:[0-9 ]{4,16})[0-9]$/;

export function normalisePhone(phone: string): string {
  return phone.replace(/\s+/g, '').replace(/^(\+39|0039)/, '');
}
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const AppointmentCreate = z
  .object({
    service: ServiceCode,
    start: Instant,
    name: visibleText(z.string({ message: 'desks.check.yourName' }).trim().min(2, 'desks.check.yourName').max(120, 'desks.check.max')),
    email: z.preprocess(emptyToUndefined, z.email('desks.check.email').max(254, 'desks.check.max').optional()),
    phone: z.preprocess(emptyToUndefined, z.string().trim().regex(PHONE, 'desks.check.phone').optional()),
    hold: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional()),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (!a.email && !a.phone) {
      ctx.addIssue({ code: 'custom', message: 'desks.check.contact', path: ['email'] });
    }
  });
export type AppointmentCreateInput = z.input<typeof AppointmentCreate>;
export type AppointmentCreateOutput = z.output<typeof AppointmentCreate>;

export const HoldCreate = z.object({ service: ServiceCode, start: Instant }).strict();
export const MoveBody = z.object({ start: Instant }).strict();
export const StatusBody = z.object({ status: z.enum(['served', 'no-show', 'booked'], { message: 'desks.check.status' }) }).strict();
export const StaffCancelBody = z.object({ reason: z.string().trim().max(500, 'desks.check.max').optional() }).strict();
export const WalkInBody = z
  .object({
    service: ServiceCode,
    name: z.preprocess(emptyToUndefined, visibleText(z.string().trim().max(120, 'desks.check.max')).optional()),
  })
  .strict();

export const SlotsQuery = z.object({
  service: ServiceCode,
  from: DateString.optional(),
  to: DateString.optional(),
});

export const DeskListQuery = z.object({
  organisation: z.string().trim().max(100).optional(),
  municipality: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'desks.check.istat')
    .optional(),
  near: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'desks.check.istat')
    .optional(),
  service: ServiceCode.optional(),
});

export const TokenQuery = z.object({
  token: z.string({ message: 'desks.check.token' }).min(1, 'desks.check.token').max(200, 'desks.check.token'),
});
export const AgendaQuery = z.object({ date: DateString.optional() });

/** Longest range of the slots route, in days. */
export const MAX_SLOT_DAYS = 92;

// ---------- answers, for the OpenAPI document ----------

export const APPOINTMENT_STATUSES = [
  'booked',
  'served',
  'no-show',
  'cancelled',
] as const satisfies readonly DeskAppointmentTable['status'][];
export const APPOINTMENT_SOURCES = ['online', 'staff', 'walk-in'] as const satisfies readonly DeskAppointmentTable['source'][];

const day = (what = 'YYYY-MM-DD') => z.string().describe(what);
const clock = (what = 'HH:MM, Rome time') => z.string().describe(what);
const romeInstant = (what = 'ISO 8601 with the Europe/Rome offset') => z.string().describe(what);

export const ServiceOut = z.object({
  code: z.string(),
  name: z.string(),
  durationMinutes: z.number().int().describe('Length of an appointment, in minutes'),
  bring: z.array(z.string()).describe('What to bring to the appointment'),
}) satisfies z.ZodType<ServiceView>;

export const OpeningHourOut = z.object({
  weekday: z.number().int().describe('1 = Monday … 7 = Sunday'),
  start: clock(),
  end: clock(),
  operators: z.number().int().describe('Operators on duty: appointments served at the same time'),
}) satisfies z.ZodType<OpeningHourView>;

/** A help desk as its routes answer it (DeskView). */
export const DeskOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  organisation: z.object({ id: z.string(), name: z.string() }),
  venue: VenueOut.pick({ id: true, name: true, address: true, municipality: true, mapUrl: true, stepFree: true, accessibility: true }),
  eventId: z.string().nullable().describe('The event a pop-up desk belongs to'),
  event: z
    .object({
      id: z.string(),
      title: z.string(),
      page: z.string(),
      start: z.string().describe("ISO 8601 instant: the first session's start"),
      end: z.string().describe("ISO 8601 instant: the last session's end"),
    })
    .nullable()
    .describe('That event, while it is published'),
  services: z.array(ServiceOut),
  openingHours: z.array(OpeningHourOut).describe('The weekly opening hours'),
  patronDay: z.string().nullable().describe("MM-DD: the local patron saint's day, closed like a holiday"),
  personLimit: z
    .object({ count: z.number().int(), days: z.number().int() })
    .nullable()
    .describe('At most `count` appointments for one service per person (same e-mail or phone) within `days` days'),
  retentionDays: z.number().int().describe("Days after an appointment's end when its personal data is erased"),
  active: z.boolean(),
  page: z.string().describe('Path of its public page'),
}) satisfies z.ZodType<DeskView>;

/** The desks list; with `near`, each desk says how near it is. */
export const DeskListOut = z.object({
  items: z.array(
    DeskOut.extend({
      nearness: z
        .number()
        .int()
        .min(0)
        .max(3)
        .optional()
        .describe(
          'Only with `near`: 0 same comune, 1 another comune of an organisation the comune belongs to, 2 same province, 3 elsewhere',
        ),
    }),
  ),
});

/** A closure, extra opening or blocked period of a desk (ExceptionView). */
export const ExceptionOut = z.object({
  id: z.string(),
  kind: z.enum(EXCEPTION_KINDS).describe('closed: whole days; open: an extra opening; blocked: a period without bookings'),
  from: day('YYYY-MM-DD: the first day'),
  to: day('YYYY-MM-DD: the last day (the same as `from` for one day)'),
  start: clock('HH:MM, Rome time; null for a closure').nullable(),
  end: clock('HH:MM, Rome time; null for a closure').nullable(),
  operators: z.number().int().nullable().describe('Operators on duty during an extra opening; null for the other kinds'),
  note: z.string().nullable().describe("Staff's note"),
}) satisfies z.ZodType<ExceptionView>;

/** A desk with its upcoming closures and extra openings, as anyone sees it (no blocked periods, no notes). */
export const DeskDetailOut = DeskOut.extend({
  closures: z
    .array(ExceptionOut.omit({ note: true }).extend({ kind: z.enum(EXCEPTION_KINDS).exclude(['blocked']) }))
    .describe('Closures and extra openings not over yet'),
});

/** An operator's shift or absence (OperatorView). */
export const OperatorOut = z.object({
  id: z.string(),
  name: z.string(),
  userId: z.string().nullable().describe("The operator's account, a member of the organisation"),
  weekday: z.number().int().nullable().describe('A weekly shift: 1 = Monday … 7 = Sunday; null for one day'),
  date: day('YYYY-MM-DD: a shift or absence of one day; null for a weekly shift').nullable(),
  start: clock('HH:MM, Rome time (00:00 for an absence)'),
  end: clock('HH:MM, Rome time (00:00 for an absence)'),
  absent: z.boolean().describe('Absent that day, not on duty'),
}) satisfies z.ZodType<OperatorView>;

/** An appointment (AppointmentView); its personal data is null once erased. */
export const AppointmentOut = z.object({
  id: z.string(),
  deskId: z.string(),
  service: z.object({ code: z.string(), name: z.string() }),
  start: romeInstant(),
  end: romeInstant(),
  status: z.enum(APPOINTMENT_STATUSES),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  source: z.enum(APPOINTMENT_SOURCES).describe('online: booked by the citizen; staff: booked by the desk; walk-in: served without one'),
  createdAt: z.string().describe('ISO 8601 instant'),
  code: z
    .string()
    .nullable()
    .describe('The short code that, with the phone or e-mail, opens the appointment at /gestisci; null for walk-ins and older ones'),
}) satisfies z.ZodType<AppointmentView>;

/** An appointment through its private link, with its desk. */
export const LinkedAppointmentOut = AppointmentOut.extend({
  desk: DeskOut.pick({ id: true, name: true, venue: true }),
});

/** The operator's day. */
export const AgendaOut = z.object({
  date: day(),
  plan: z.object({
    holiday: z.string().nullable().describe("The holiday's name, when the day is one (the desk is closed)"),
    closed: z.boolean().describe('Closed all day by a closure or a blocked day'),
    periods: z.array(z.object({ start: romeInstant(), end: romeInstant(), operators: z.number().int() })).describe('The opening periods'),
  }),
  items: z.array(AppointmentOut).describe('Every appointment of the day, cancelled ones included'),
});
