import { DateTime } from 'luxon';
import { z } from 'zod';
import { ZONE } from '../../core/time.js';
import { calendarFieldsExist, visibleText } from '../../core/validation.js';
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

export const Time = z
  .string({ message: 'indica un orario nel formato HH:MM, ad esempio 09:30' })
  .trim()
  .regex(TIME, 'indica un orario nel formato HH:MM, ad esempio 09:30')
  .refine((v) => minutesOf(v) % 5 === 0, 'gli orari vanno indicati a multipli di 5 minuti, ad esempio 09:05');

export const DateString = z
  .string({ message: 'indica una data nel formato AAAA-MM-GG' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'indica una data nel formato AAAA-MM-GG, ad esempio 2026-12-03')
  .refine((v) => DateTime.fromISO(v, { zone: ZONE }).isValid, 'questa data non esiste')
  .refine((v) => v >= '2000-01-01' && v <= '2100-12-31', 'la data è fuori dagli anni ammessi');

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
  .string({ message: "indica l'inizio nel formato ISO 8601, ad esempio 2026-12-03T09:30:00+01:00" })
  .trim()
  .regex(ISO_INSTANT, "indica l'inizio nel formato ISO 8601, ad esempio 2026-12-03T09:30:00+01:00")
  .refine((v) => {
    const ms = parseInstant(v);
    return ms !== null && ms >= Date.UTC(2000, 0, 1) && ms < Date.UTC(2101, 0, 1);
  }, 'questa data o ora non esiste, o è fuori dagli anni ammessi');

export function instantMs(value: string): number {
  return parseInstant(value) ?? Number.NaN;
}

export const ServiceCode = z
  .string({ message: 'indica il codice del servizio' })
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'il codice usa lettere minuscole, cifre e trattini (al massimo 40), ad esempio "spid"');

const Bring = z
  .union([
    z.string().max(2000, 'al massimo 2000 caratteri'),
    z.array(z.string().trim().min(1).max(200, 'al massimo 200 caratteri')).max(20),
  ])
  .transform((v) =>
    (Array.isArray(v) ? v : v.split(/\r?\n|;/))
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 20),
  );

export const ServiceInput = z
  .object({
    code: ServiceCode,
    name: visibleText(z.string().trim().min(2, 'indica il nome del servizio').max(120, 'al massimo 120 caratteri')),
    durationMinutes: z
      .number({ message: 'indica la durata in minuti' })
      .int('la durata è un numero intero di minuti')
      .min(5, 'almeno 5 minuti')
      .max(240, 'al massimo 240 minuti')
      .refine((v) => v % 5 === 0, 'la durata è un multiplo di 5 minuti'),
    bring: Bring.optional(),
  })
  .strict();
export type ServiceData = z.output<typeof ServiceInput>;

export const OpeningHour = z
  .object({
    weekday: z.number({ message: 'indica il giorno (1 = lunedì … 7 = domenica)' }).int().min(1, 'da 1 (lunedì)').max(7, 'a 7 (domenica)'),
    start: Time,
    end: Time,
    operators: z
      .number({ message: 'indica quanti operatori' })
      .int('un numero intero')
      .min(1, 'almeno un operatore')
      .max(50, 'al massimo 50'),
  })
  .strict()
  .refine((h) => minutesOf(h.start) < minutesOf(h.end), { message: "l'orario di fine viene dopo quello di inizio", path: ['end'] });
export type OpeningHourData = z.output<typeof OpeningHour>;

const services = z
  .array(ServiceInput)
  .min(1, 'indica almeno un servizio')
  .max(20, 'al massimo 20 servizi')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((s, i) => {
      if (seen.has(s.code)) ctx.addIssue({ code: 'custom', message: `il codice "${s.code}" è ripetuto`, path: [i, 'code'] });
      seen.add(s.code);
    });
  });

const openingHours = z
  .array(OpeningHour)
  .max(50, 'al massimo 50 fasce orarie')
  .superRefine((list, ctx) => {
    list.forEach((a, i) => {
      for (let j = 0; j < i; j++) {
        const b = list[j];
        if (a.weekday === b.weekday && minutesOf(a.start) < minutesOf(b.end) && minutesOf(b.start) < minutesOf(a.end)) {
          ctx.addIssue({
            code: 'custom',
            message: `si sovrappone alla fascia ${b.start}–${b.end} dello stesso giorno`,
            path: [i, 'start'],
          });
        }
      }
    });
  });

const PatronDay = z
  .string()
  .trim()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'indica il giorno del santo patrono nel formato MM-GG, ad esempio 06-24')
  .refine((v) => DateTime.fromISO(`2024-${v}`).isValid, 'questo giorno non esiste');

const PersonLimit = z
  .object({
    count: z.number().int().min(1, 'almeno 1').max(20, 'al massimo 20'),
    days: z.number().int().min(1, 'almeno 1 giorno').max(365, 'al massimo 365 giorni'),
  })
  .strict();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EventId = z.string().trim().regex(UUID, "l'identificativo dell'evento non è valido");

const deskFields = {
  name: visibleText(z.string().trim().min(2, 'indica il nome dello sportello').max(200, 'al massimo 200 caratteri')),
  description: z.string().trim().max(4000, 'al massimo 4000 caratteri').nullish(),
  services,
  openingHours,
  eventId: EventId.nullish(),
  patronDay: PatronDay.nullish(),
  personLimit: PersonLimit.nullish(),
  retentionDays: z.number().int().min(1, 'almeno 1 giorno').max(3650, 'al massimo 3650 giorni').optional(),
  active: z.boolean().optional(),
};

export const DeskCreate = z
  .object({
    organisation: z.string({ message: "indica l'organizzazione" }).trim().min(1, "indica l'organizzazione").max(100),
    venue: z.string({ message: 'indica la sede' }).trim().min(1, 'indica la sede').max(100),
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
    kind: z.enum(EXCEPTION_KINDS, { message: 'scegli: chiusura (closed), apertura straordinaria (open) o periodo bloccato (blocked)' }),
    from: DateString,
    to: DateString.optional(),
    start: Time.nullish(),
    end: Time.nullish(),
    operators: z.number().int().min(1, 'almeno un operatore').max(50, 'al massimo 50').nullish(),
    note: z.string().trim().max(500, 'al massimo 500 caratteri').nullish(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const to = e.to ?? e.from;
    if (to < e.from) ctx.addIssue({ code: 'custom', message: 'la data di fine viene dopo quella di inizio', path: ['to'] });
    const days = DateTime.fromISO(to).diff(DateTime.fromISO(e.from), 'days').days;
    if (days > 366) ctx.addIssue({ code: 'custom', message: 'al massimo un anno', path: ['to'] });
    const timed = e.start || e.end;
    if (e.kind === 'closed' && timed) {
      ctx.addIssue({
        code: 'custom',
        message: 'una chiusura vale per giorni interi: per poche ore usa un periodo bloccato',
        path: ['start'],
      });
    }
    if (e.kind !== 'closed') {
      if (!e.start) ctx.addIssue({ code: 'custom', message: "indica l'orario di inizio", path: ['start'] });
      if (!e.end) ctx.addIssue({ code: 'custom', message: "indica l'orario di fine", path: ['end'] });
      if (e.start && e.end && minutesOf(e.start) >= minutesOf(e.end)) {
        ctx.addIssue({ code: 'custom', message: "l'orario di fine viene dopo quello di inizio", path: ['end'] });
      }
    }
    if (e.kind === 'open' && !e.operators) ctx.addIssue({ code: 'custom', message: 'indica quanti operatori', path: ['operators'] });
  });
export type ExceptionCreateInput = z.input<typeof ExceptionCreate>;

export const OperatorCreate = z
  .object({
    name: visibleText(z.string().trim().min(2, "indica il nome dell'operatore").max(120, 'al massimo 120 caratteri')),
    userId: z.string().trim().regex(UUID, "l'identificativo dell'utente non è valido").nullish(),
    weekday: z.number().int().min(1).max(7).nullish(),
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
        message: 'indica un giorno della settimana (turno fisso) oppure una data (turno di un giorno)',
        path: ['weekday'],
      });
    }
    if (o.absent) {
      if (!o.date) ctx.addIssue({ code: 'custom', message: "un'assenza vale per una data", path: ['date'] });
      return;
    }
    if (!o.start) ctx.addIssue({ code: 'custom', message: "indica l'orario di inizio", path: ['start'] });
    if (!o.end) ctx.addIssue({ code: 'custom', message: "indica l'orario di fine", path: ['end'] });
    if (o.start && o.end && minutesOf(o.start) >= minutesOf(o.end)) {
      ctx.addIssue({ code: 'custom', message: "l'orario di fine viene dopo quello di inizio", path: ['end'] });
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
    name: visibleText(z.string({ message: 'indica il tuo nome' }).trim().min(2, 'indica il tuo nome').max(120, 'al massimo 120 caratteri')),
    email: z.preprocess(emptyToUndefined, z.email('indica un indirizzo e-mail valido, ad esempio nome@esempio.it').max(254).optional()),
    phone: z.preprocess(
      emptyToUndefined,
      z.string().trim().regex(PHONE, 'indica un numero di telefono valido, ad esempio 333 1234567').optional(),
    ),
    hold: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional()),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (!a.email && !a.phone) {
      ctx.addIssue({ code: 'custom', message: 'indica un indirizzo e-mail o un numero di telefono', path: ['email'] });
    }
  });
export type AppointmentCreateInput = z.input<typeof AppointmentCreate>;

export const HoldCreate = z.object({ service: ServiceCode, start: Instant }).strict();
export const MoveBody = z.object({ start: Instant }).strict();
export const StatusBody = z
  .object({ status: z.enum(['served', 'no-show', 'booked'], { message: 'lo stato è served, no-show oppure booked' }) })
  .strict();
export const StaffCancelBody = z.object({ reason: z.string().trim().max(500, 'al massimo 500 caratteri').optional() }).strict();
export const WalkInBody = z
  .object({
    service: ServiceCode,
    name: z.preprocess(emptyToUndefined, visibleText(z.string().trim().max(120, 'al massimo 120 caratteri')).optional()),
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
    .regex(/^\d{6}$/, 'il codice ISTAT del comune ha 6 cifre')
    .optional(),
  near: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'il codice ISTAT del comune ha 6 cifre')
    .optional(),
  service: ServiceCode.optional(),
});

export const TokenQuery = z.object({ token: z.string({ message: 'manca il codice del link privato' }).min(1).max(200) });
export const AgendaQuery = z.object({ date: DateString.optional() });

/** Longest range of the slots route, in days. */
export const MAX_SLOT_DAYS = 92;
