import type { FastifyReply } from 'fastify';
import { DateTime } from 'luxon';
import { type FieldError, fieldError } from '../../../core/problems.js';
import { ZONE } from '../../../core/time.js';
import { zodErrors } from '../../../core/validation.js';
import { type Errors, type FormBody, formTexts, formList as list, formText as str } from '../../../web/forms.js';
import type { ManageNotice } from '../booking/views-manage.js';
import { CatalogueFilters, type Filters } from '../catalogue/catalogue.js';
import { romeFields, romeInstant } from '../catalogue/format.js';
import type { FilterValues } from '../catalogue/views.js';
import type * as svc from '../service.js';
import type { FormValues } from '../views/staff.js';
import { invitationLines } from '../visibility.js';

/**
 * What the event pages share: turning forms into the service's input (and the service's field
 * names back into the form's), the catalogue's filters from a query string, sending an .ics file.
 */

// ---------- catalogue filters from a query string ----------

/** Filters typed in the page's form: valid ones apply, invalid ones are reported beside their field. */
export function readFilters(query: Record<string, unknown>): { filters: Filters; values: FilterValues; errors: Errors } {
  const values: FilterValues = {};
  for (const k of ['q', 'municipality', 'organisation', 'programme', 'audience', 'topic', 'format', 'from', 'to', 'available', 'cursor']) {
    const v = query[k];
    const s = Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '';
    if (s) values[k] = s.slice(0, 300);
  }
  if (values.available && values.available !== '0' && values.available !== 'false') values.available = '1';
  const input = { ...values };
  delete input.cursor;
  const errors: Errors = {};
  let parsed = CatalogueFilters.safeParse(input);
  if (!parsed.success) {
    for (const e of zodErrors(parsed.error)) {
      errors[e.field] ??= e.message;
      delete input[e.field];
    }
    parsed = CatalogueFilters.safeParse(input);
  }
  return { filters: parsed.success ? parsed.data : {}, values, errors };
}

// ---------- event form ----------

const SESSION_ROWS = 100;

export function intField(body: FormBody, key: string, errors: FieldError[], required = true): number | undefined {
  const raw = str(body, key);
  if (raw === '') {
    if (required) errors.push(fieldError(key, 'events.form.number.required'));
    return undefined;
  }
  if (!/^\d{1,7}$/.test(raw)) {
    errors.push(fieldError(key, 'events.form.number'));
    return undefined;
  }
  return Number(raw);
}

/** A date and a time typed in the form (Rome) as an instant; both empty means none. */
export function instantField(body: FormBody, dateKey: string, timeKey: string, errors: FieldError[]): string | null | undefined {
  const date = str(body, dateKey);
  const time = str(body, timeKey);
  if (!date && !time) return null;
  if (!date) {
    errors.push(fieldError(dateKey, 'events.form.day.missing'));
    return undefined;
  }
  const at = romeInstant(date, time || '00:00');
  if (!at) {
    errors.push(
      /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date, { zone: ZONE }).isValid
        ? fieldError(timeKey, 'events.form.time')
        : fieldError(dateKey, 'events.check.date'),
    );
    return undefined;
  }
  return at;
}

interface EventFormResult {
  input: Record<string, unknown>;
  /** Index of each session sent to the service → its row in the form. */
  rows: number[];
  errors: FieldError[];
}

/** The fields every event and series form shares, typed for the service's schemas. */
export function sharedInput(body: FormBody, errors: FieldError[]): Record<string, unknown> {
  return {
    programme: str(body, 'programme') || null,
    title: str(body, 'title'),
    description: str(body, 'description'),
    type: str(body, 'type'),
    format: str(body, 'format'),
    onlineUrl: str(body, 'onlineUrl'),
    capacity: intField(body, 'capacity', errors),
    maxSeatsPerBooking: intField(body, 'maxSeatsPerBooking', errors),
    bookingRequired: str(body, 'bookingRequired') === '1',
    bookingOpensAt: instantField(body, 'bookingOpensDate', 'bookingOpensTime', errors),
    bookingClosesAt: instantField(body, 'bookingClosesDate', 'bookingClosesTime', errors),
    status: str(body, 'status'),
    audiences: list(body, 'audiences'),
    topics: list(body, 'topics'),
    partners: list(body, 'partners'),
    accessibility: str(body, 'accessibility'),
    waitlistMode: str(body, 'waitlistMode') || 'auto',
    offerHours: intField(body, 'offerHours', errors, false) ?? 24,
    askSkillsCheck: str(body, 'askSkillsCheck') === '1',
    visibility: str(body, 'visibility') || 'public',
    invitations: invitationLines(body.invitations),
  };
}

export function eventInput(body: FormBody): EventFormResult {
  const errors: FieldError[] = [];
  const sessions: { start: string; end: string }[] = [];
  const rows: number[] = [];
  for (let i = 0; i < SESSION_ROWS; i++) {
    const date = str(body, `sessions.${i}.date`);
    const start = str(body, `sessions.${i}.start`);
    const end = str(body, `sessions.${i}.end`);
    if (!date && !start && !end) continue;
    const dateOk = /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date, { zone: ZONE }).isValid;
    if (!dateOk) {
      errors.push(fieldError(`sessions.${i}.date`, date ? 'events.check.date' : 'events.form.day'));
      continue;
    }
    const s = romeInstant(date, start);
    const e = romeInstant(date, end);
    if (!s) errors.push(fieldError(`sessions.${i}.start`, start ? 'events.form.sessionTime' : 'events.form.start'));
    if (!e) errors.push(fieldError(`sessions.${i}.end`, end ? 'events.form.sessionTime' : 'events.form.end'));
    if (s && e) {
      sessions.push({ start: s, end: e });
      rows.push(i);
    }
  }
  if (sessions.length === 0 && !errors.some((e) => e.field.startsWith('sessions.'))) {
    errors.push(fieldError('sessions.0.date', 'events.check.sessions.min'));
  }
  const input: Record<string, unknown> = { ...sharedInput(body, errors), venue: str(body, 'venue') || null, sessions };
  return { input, rows, errors };
}

/** Maps the service's field names to the form's (sessions by row, booking window to its date field). */
export function eventFieldMapper(rows: number[]): (field: string) => string {
  return (field) => {
    const m = /^sessions\.(\d+)\.(start|end)$/.exec(field);
    if (m) return `sessions.${rows[Number(m[1])] ?? Number(m[1])}.${m[2]}`;
    if (/^sessions(\.|$)/.test(field)) return 'sessions.0.date';
    if (field === 'bookingOpensAt') return 'bookingOpensDate';
    if (field === 'bookingClosesAt') return 'bookingClosesDate';
    if (field === 'firstStart') return 'firstDate';
    if (/^venues\.\d+$/.test(field)) return 'venues';
    if (field === 'organisation') return '_';
    // Each bad line of the invitation list is named in its message ("riga 4: …"), under the one field.
    if (/^invitations\.\d+$/.test(field)) return 'invitations';
    return field;
  };
}

/** The form's values for an existing event. */
export function eventValues(ev: svc.EventDetail): FormValues {
  const v: FormValues = {
    title: ev.title,
    description: ev.description ?? '',
    type: ev.type,
    format: ev.format,
    status: ev.status === 'cancelled' ? 'published' : ev.status,
    programme: ev.programme?.id ?? '',
    venue: ev.venue?.id ?? '',
    onlineUrl: '',
    accessibility: ev.accessibility ?? '',
    capacity: String(ev.capacity),
    maxSeatsPerBooking: String(ev.maxSeatsPerBooking),
    bookingRequired: ev.bookingRequired ? '1' : '',
    waitlistMode: ev.waitlistMode,
    offerHours: String(ev.offerHours),
    askSkillsCheck: ev.askSkillsCheck ? '1' : '',
    visibility: ev.visibility,
    audiences: ev.audiences,
    topics: ev.topics,
    partners: [...ev.partners, ...ev.partnersPending].map((p) => p.id),
  };
  if (ev.bookingOpensAt) {
    const f = romeFields(ev.bookingOpensAt);
    v.bookingOpensDate = f.date;
    v.bookingOpensTime = f.time;
  }
  if (ev.bookingClosesAt) {
    const f = romeFields(ev.bookingClosesAt);
    v.bookingClosesDate = f.date;
    v.bookingClosesTime = f.time;
  }
  ev.sessions.forEach((s, i) => {
    const a = romeFields(s.start);
    const b = romeFields(s.end);
    v[`sessions.${i}.date`] = a.date;
    v[`sessions.${i}.start`] = a.time;
    v[`sessions.${i}.end`] = b.time;
  });
  return v;
}

export function bookingInput(body: FormBody) {
  const seats = str(body, 'seats');
  return {
    ...formTexts(body, ['name', 'email', 'phone']),
    seats: /^\d{1,3}$/.test(seats) ? Number(seats) : Number.NaN,
    audience: str(body, 'audience') || null,
    ageBand: str(body, 'ageBand') || null,
    privacyAccepted: str(body, 'privacyAccepted') === '1',
    ...bookingExtrasInput(body),
  };
}

/** The answers to an event's questions (`answers.<id>`) and a child's booking (`child.*`, `guardian.consent`), as sent. */
function bookingExtrasInput(body: FormBody) {
  const answers: Record<string, string> = {};
  for (const key of Object.keys(body).slice(0, 200)) {
    if (key.startsWith('answers.')) answers[key.slice(8)] = str(body, key);
  }
  const forMinors = 'child.name' in body || 'child.age' in body;
  const age = str(body, 'child.age');
  return {
    ...(Object.keys(answers).length ? { answers } : {}),
    ...(forMinors
      ? {
          child: { name: str(body, 'child.name'), age: age === '' ? null : /^\d{1,2}$/.test(age) ? Number(age) : Number.NaN },
          guardian: { consent: str(body, 'guardian.consent') === '1' },
        }
      : {}),
  };
}

/** Form values safe to show again (strings only, bounded). */
export function echo(body: FormBody): FilterValues {
  const out: FilterValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf' || k === 'token') continue;
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string') out[k] = s.slice(0, 500);
  }
  return out;
}

export function sendIcs(reply: FastifyReply, body: string, filename: string): FastifyReply {
  return reply
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-cache')
    .send(body);
}

export const MANAGE_NOTICES: Record<string, ManageNotice> = {
  nuova: 'new',
  salvata: 'saved',
  annullata: 'cancelled',
  accettata: 'accepted',
  rifiutata: 'declined',
};
