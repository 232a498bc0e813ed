import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { hasRole, orgAccess, PUBLIC } from '../../../core/access.js';
import { apiRoute } from '../../../core/api.js';
import { audit } from '../../../core/audit.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import { badRequest, type FieldError, notFound, Problem } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { now, ZONE } from '../../../core/time.js';
import { zodErrors } from '../../../core/validation.js';
import { type Errors, type FormBody, formList as list, formText as str } from '../../../web/forms.js';
import { formlessPageContext, pageContext, sendPage } from '../../../web/layout.js';
import { PageCache } from '../../../web/page-cache.js';
import * as organisations from '../../organisations/service.js';
import * as programmes from '../../programmes/service.js';
import { eventCalendar, organisers } from '../booking/ics.js';
import { BookingReceivedPageView } from '../booking/views-received.js';
import {
  CatalogueFilters,
  CatalogueQuery,
  catalogueMunicipalities,
  type Filters,
  feedEvents,
  listCatalogue,
  monthCatalogue,
  organisationEvents,
  seriesEvents,
} from '../catalogue/catalogue.js';
import { feedIcs, type IcsEventInput } from '../catalogue/feeds.js';
import { romeFields, romeInstant } from '../catalogue/format.js';
import {
  BookingPageView,
  CancelConfirmPageView,
  CataloguePageView,
  EraseConfirmPageView,
  ErasedPageView,
  EventPageView,
  type FilterValues,
  type ManageNotice,
  ManagePageView,
  MonthPageView,
} from '../catalogue/views.js';
import * as svc from '../service.js';
import {
  type EventFormChoices,
  EventFormPage,
  type FormValues,
  RegistrationsPage,
  SeriesFormPage,
  StaffEventsPage,
} from '../views/staff.js';

/**
 * The pages of events: the public catalogue (list, month, event page, booking, the manage page
 * behind the private link), the iCalendar files and feeds, the catalogue API, and the back-office
 * pages where staff create events and series and book on behalf of callers. The rules live in
 * service.ts; this file only turns forms into calls and answers into pages.
 */

/** Runs a form action; a 4xx Problem re-renders the form with the errors instead of an error page. */
async function formAction(
  action: () => Promise<unknown>,
  rerender: (errors: Errors, status: number) => Promise<unknown>,
  mapField: (field: string) => string = (f) => f,
): Promise<unknown> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof Problem && err.status < 500) {
      const errors: Errors = {};
      for (const e of err.errors ?? []) errors[mapField(e.field)] ??= e.message;
      if (!err.errors?.length) errors._ = err.detail ?? err.title;
      return rerender(errors, err.status);
    }
    throw err;
  }
}

// ---------- catalogue filters from a query string ----------

/** Filters typed in the page's form: valid ones apply, invalid ones are reported beside their field. */
function readFilters(query: Record<string, unknown>): { filters: Filters; values: FilterValues; errors: Errors } {
  const values: FilterValues = {};
  for (const k of ['q', 'municipality', 'organisation', 'audience', 'topic', 'format', 'from', 'to', 'available', 'cursor']) {
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

function intField(body: FormBody, key: string, errors: FieldError[], required = true): number | undefined {
  const raw = str(body, key);
  if (raw === '') {
    if (required) errors.push({ field: key, message: 'campo obbligatorio: indica un numero' });
    return undefined;
  }
  if (!/^\d{1,7}$/.test(raw)) {
    errors.push({ field: key, message: 'indica un numero intero, ad esempio 30' });
    return undefined;
  }
  return Number(raw);
}

/** A date and a time typed in the form (Rome) as an instant; both empty means none. */
function instantField(body: FormBody, dateKey: string, timeKey: string, errors: FieldError[]): string | null | undefined {
  const date = str(body, dateKey);
  const time = str(body, timeKey);
  if (!date && !time) return null;
  if (!date) {
    errors.push({ field: dateKey, message: 'indica anche il giorno' });
    return undefined;
  }
  const at = romeInstant(date, time || '00:00');
  if (!at) {
    errors.push(
      /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date, { zone: ZONE }).isValid
        ? { field: timeKey, message: 'ora non valida: usa il formato HH:MM, ad esempio 20:30' }
        : { field: dateKey, message: 'data non valida: usa il formato AAAA-MM-GG' },
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
function sharedInput(body: FormBody, errors: FieldError[]): Record<string, unknown> {
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
  };
}

function eventInput(body: FormBody): EventFormResult {
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
      errors.push({ field: `sessions.${i}.date`, message: date ? 'data non valida: usa il formato AAAA-MM-GG' : 'indica il giorno' });
      continue;
    }
    const s = romeInstant(date, start);
    const e = romeInstant(date, end);
    if (!s)
      errors.push({ field: `sessions.${i}.start`, message: start ? 'ora non valida: usa il formato HH:MM' : "indica l'ora di inizio" });
    if (!e) errors.push({ field: `sessions.${i}.end`, message: end ? 'ora non valida: usa il formato HH:MM' : "indica l'ora di fine" });
    if (s && e) {
      sessions.push({ start: s, end: e });
      rows.push(i);
    }
  }
  if (sessions.length === 0 && !errors.some((e) => e.field.startsWith('sessions.'))) {
    errors.push({ field: 'sessions.0.date', message: 'indica almeno una data' });
  }
  const input: Record<string, unknown> = { ...sharedInput(body, errors), venue: str(body, 'venue') || null, sessions };
  return { input, rows, errors };
}

/** Maps the service's field names to the form's (sessions by row, booking window to its date field). */
function eventFieldMapper(rows: number[]): (field: string) => string {
  return (field) => {
    const m = /^sessions\.(\d+)\.(start|end)$/.exec(field);
    if (m) return `sessions.${rows[Number(m[1])] ?? Number(m[1])}.${m[2]}`;
    if (/^sessions(\.|$)/.test(field)) return 'sessions.0.date';
    if (field === 'bookingOpensAt') return 'bookingOpensDate';
    if (field === 'bookingClosesAt') return 'bookingClosesDate';
    if (field === 'firstStart') return 'firstDate';
    if (/^venues\.\d+$/.test(field)) return 'venues';
    if (field === 'organisation') return '_';
    return field;
  };
}

/** The form's values for an existing event. */
function eventValues(ev: svc.EventDetail): FormValues {
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
    audiences: ev.audiences,
    topics: ev.topics,
    partners: ev.partners.map((p) => p.id),
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

function bookingInput(body: FormBody) {
  const seats = str(body, 'seats');
  return {
    name: str(body, 'name'),
    email: str(body, 'email'),
    phone: str(body, 'phone'),
    seats: /^\d{1,3}$/.test(seats) ? Number(seats) : Number.NaN,
    audience: str(body, 'audience') || null,
    ageBand: str(body, 'ageBand') || null,
    privacyAccepted: str(body, 'privacyAccepted') === '1',
  };
}

/** Form values safe to show again (strings only, bounded). */
function echo(body: FormBody): FilterValues {
  const out: FilterValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf' || k === 'token') continue;
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string') out[k] = s.slice(0, 500);
  }
  return out;
}

function sendIcs(reply: FastifyReply, body: string, filename: string): FastifyReply {
  return reply
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-cache')
    .send(body);
}

const MANAGE_NOTICES: Record<string, ManageNotice> = {
  nuova: 'new',
  salvata: 'saved',
  annullata: 'cancelled',
  accettata: 'accepted',
  rifiutata: 'declined',
};

export async function registerEventPageRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;
  const orgParam = (req: FastifyRequest) =>
    organisations.organisationIdIfExists(db, (req.params as { organisationId?: string }).organisationId);
  const eventOwner = (req: FastifyRequest) => svc.organisationOfEvent(db, (req.params as { eventId?: string }).eventId);
  const publicWrite = {
    access: PUBLIC,
    publicWrite: true,
    ...(config.rateLimitMax > 0 ? { rateLimit: { max: config.rateLimitMax, timeWindow: '1 minute' } } : {}),
  };
  const staff = (target: string, owner: (req: FastifyRequest) => Promise<string | undefined>) => ({
    config: { access: orgAccess(target, ORG_STAFF, owner) },
  });

  // ---------------- API: the catalogue ----------------

  const CatalogueItemSchema = z.object({
    id: z.string(),
    title: z.string(),
    type: z.string(),
    format: z.string(),
    start: z.string(),
    end: z.string(),
    organisation: z.object({ id: z.string(), name: z.string() }),
    municipality: z.object({ code: z.string(), name: z.string(), provinceCode: z.string() }).nullable(),
    venue: z.object({ id: z.string(), name: z.string(), address: z.string(), stepFree: z.boolean() }).nullable(),
    capacity: z.number(),
    seatsLeft: z.number(),
    waiting: z.number(),
    full: z.boolean(),
    bookingRequired: z.boolean(),
    audiences: z.array(z.string()),
    topics: z.array(z.string()),
    page: z.string(),
  });

  apiRoute(
    app,
    'GET',
    '/api/v1/events',
    {
      access: PUBLIC,
      summary:
        'The public catalogue: published events with a session ahead, by start time. Filters: municipality (ISTAT code), organisation (organiser or partner), audience, topic, format (online and in_presenza include ibrido), from/to (YYYY-MM-DD, Rome), q (every word, accents ignored), available. Pass `next` back as `cursor` for the following page.',
      tags: ['events'],
      query: CatalogueQuery,
      responses: {
        200: { description: 'A page of events', schema: z.object({ items: z.array(CatalogueItemSchema), next: z.string().nullable() }) },
      },
    },
    async ({ query }) => {
      const { cursor, limit, ...filters } = query;
      return listCatalogue(db, filters, { cursor, limit });
    },
  );

  // ---------------- public pages ----------------

  // The catalogue as anonymous visitors see it, kept a few seconds per address: the busiest page
  // of the portal, the same for everyone (see web/page-cache.ts).
  const catalogueCache = new PageCache();

  app.get('/eventi', { config: { access: PUBLIC } }, async (req, reply) => {
    const cached = catalogueCache.serve(req, reply);
    if (cached) return cached;
    const { filters, values, errors } = readFilters(req.query as Record<string, unknown>);
    let result: Awaited<ReturnType<typeof listCatalogue>> = { items: [], next: null };
    try {
      result = await listCatalogue(db, filters, { cursor: values.cursor });
    } catch (err) {
      if (!(err instanceof Problem) || err.status >= 500) throw err;
      errors.cursor = err.errors?.[0]?.message ?? err.detail ?? err.title;
      delete values.cursor;
      result = await listCatalogue(db, filters);
    }
    const municipalities = await catalogueMunicipalities(db);
    const chosen = filters.municipality ? municipalities.find((m) => m.code === filters.municipality) : undefined;
    const ctx = formlessPageContext(req, reply);
    const page = CataloguePageView({
      ctx,
      values,
      errors,
      result,
      municipalities,
      feed: chosen ? { href: `/calendario/comuni/${chosen.code}.ics`, name: chosen.name } : undefined,
    });
    const status = Object.keys(errors).length ? 400 : 200;
    if (status !== 200) return sendPage(reply, page, status);
    return catalogueCache.keepAndSend(req, reply, page);
  });

  app.get('/eventi/mese', { config: { access: PUBLIC } }, async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const { filters, values, errors } = readFilters(query);
    const today = DateTime.fromJSDate(now()).setZone(ZONE);
    let year = today.year;
    let month = today.month;
    const y = String(query.anno ?? '');
    const m = String(query.mese ?? '');
    if (y || m) {
      if (/^\d{4}$/.test(y) && /^\d{1,2}$/.test(m) && Number(m) >= 1 && Number(m) <= 12 && Number(y) >= 2000 && Number(y) <= 2100) {
        year = Number(y);
        month = Number(m);
      } else {
        errors.mese = 'mese non valido: usa anno=AAAA e mese=1…12';
      }
    }
    const [view, municipalities] = await Promise.all([monthCatalogue(db, year, month, filters), catalogueMunicipalities(db)]);
    return sendPage(
      reply,
      MonthPageView({ ctx: pageContext(req, reply), month: view, values, errors, municipalities }),
      Object.keys(errors).length ? 400 : 200,
    );
  });

  /** Drafts are shown only to the organisation's staff (a preview); everyone else gets a 404. */
  async function eventForPage(req: FastifyRequest, eventId: string): Promise<svc.EventDetail> {
    const ev = await svc.getEvent(db, eventId, { includeDrafts: true });
    if (ev.status === 'draft' && !hasRole(req.principal, ev.organisation.id, ORG_STAFF)) throw notFound('Evento non trovato.');
    return ev;
  }

  app.get('/eventi/:eventId', { config: { access: PUBLIC } }, async (req, reply) => {
    const ev = await eventForPage(req, (req.params as { eventId: string }).eventId);
    const { website } = await organisations.getOrganisation(db, ev.organisation.id);
    const organiser = { url: website ?? `${config.baseUrl}/eventi?organisation=${ev.organisation.id}` };
    return sendPage(reply, EventPageView({ ctx: pageContext(req, reply), event: ev, baseUrl: config.baseUrl, organiser }));
  });

  app.get('/eventi/:eventId.ics', { config: { access: PUBLIC } }, async (req, reply) => {
    const ev = await eventForPage(req, (req.params as { eventId: string }).eventId);
    return sendIcs(reply, await eventCalendar(deps, ev, { baseUrl: config.baseUrl }), `evento-${ev.id}.ics`);
  });

  app.get('/eventi/:eventId/prenota', { config: { access: PUBLIC } }, async (req, reply) => {
    const ev = await eventForPage(req, (req.params as { eventId: string }).eventId);
    return sendPage(reply, BookingPageView({ ctx: pageContext(req, reply), event: ev }));
  });

  app.post('/eventi/:eventId/prenota', { config: publicWrite }, async (req, reply) => {
    const eventId = (req.params as { eventId: string }).eventId;
    const body = (req.body ?? {}) as FormBody;
    return formAction(
      async () => {
        const input = bookingInput(body);
        const result = await svc.book(deps, eventId, input, { source: 'web', lang: req.lang });
        // The answer must not tell whether this contact had booked already: the same page either
        // way, with the status a new booking gets now; the manage link goes to the mailbox only.
        const status = result.existing
          ? (await svc.lookalikeBooking(deps, eventId, input.seats)).registration.status
          : result.registration.status;
        const ev = await svc.getEvent(db, eventId);
        const received = {
          name: input.name.trim(),
          email: input.email.trim() || null,
          phone: input.phone.trim() || null,
          seats: input.seats,
          status: status === 'confirmed' ? ('confirmed' as const) : ('waitlisted' as const),
        };
        return sendPage(reply, BookingReceivedPageView({ ctx: pageContext(req, reply), event: ev, received }));
      },
      async (errors, status) => {
        const ev = await eventForPage(req, eventId);
        return sendPage(reply, BookingPageView({ ctx: pageContext(req, reply), event: ev, values: echo(body), errors }), status);
      },
    );
  });

  // ---------------- the manage page (private link) ----------------

  const tokenOf = (req: FastifyRequest): string => {
    const fromBody = (req.body as FormBody | undefined)?.token;
    const fromQuery = (req.query as { token?: unknown }).token;
    const v = typeof fromBody === 'string' ? fromBody : typeof fromQuery === 'string' ? fromQuery : '';
    return v;
  };
  const regId = (req: FastifyRequest) => (req.params as { registrationId: string }).registrationId;

  async function managePage(req: FastifyRequest, reply: FastifyReply, notice?: ManageNotice, errors?: Errors, status = 200) {
    const token = tokenOf(req);
    const { registration, event } = await svc.getByManageToken(deps, regId(req), token);
    const onlineUrl = registration.status === 'confirmed' && event.hasOnlineLink ? await svc.onlineUrlFor(db, registration.id) : null;
    return sendPage(reply, ManagePageView({ ctx: pageContext(req, reply), registration, event, token, notice, onlineUrl, errors }), status);
  }

  app.get('/prenotazioni/:registrationId', { config: { access: PUBLIC } }, async (req, reply) => {
    const esito = String((req.query as { esito?: unknown }).esito ?? '');
    return managePage(req, reply, MANAGE_NOTICES[esito]);
  });

  app.get('/prenotazioni/:registrationId.ics', { config: { access: PUBLIC } }, async (req, reply) => {
    const { registration, event } = await svc.getByManageToken(deps, regId(req), tokenOf(req));
    const onlineUrl = registration.status === 'confirmed' && event.hasOnlineLink ? await svc.onlineUrlFor(db, registration.id) : null;
    const ics = await eventCalendar(deps, event, { baseUrl: config.baseUrl, onlineUrl, registrationId: registration.id });
    return sendIcs(reply, ics, `prenotazione-${registration.id}.ics`);
  });

  app.get('/prenotazioni/:registrationId/annulla', { config: { access: PUBLIC } }, async (req, reply) => {
    const token = tokenOf(req);
    const { registration, event } = await svc.getByManageToken(deps, regId(req), token);
    if (registration.status === 'cancelled') {
      return reply.redirect(`/prenotazioni/${registration.id}?token=${encodeURIComponent(token)}`, 303);
    }
    return sendPage(reply, CancelConfirmPageView({ ctx: pageContext(req, reply), registration, event, token }));
  });

  const manageAction = (path: string, esito: string, run: (id: string, token: string, body: FormBody) => Promise<unknown>) =>
    app.post(`/prenotazioni/:registrationId/${path}`, { config: publicWrite }, async (req, reply) => {
      const token = tokenOf(req);
      const id = regId(req);
      // A wrong link is a 404 page, not a form error.
      await svc.getByManageToken(deps, id, token);
      return formAction(
        async () => {
          await run(id, token, (req.body ?? {}) as FormBody);
          return reply.redirect(`/prenotazioni/${id}?token=${encodeURIComponent(token)}&esito=${esito}`, 303);
        },
        (errors, status) => managePage(req, reply, undefined, errors, status),
      );
    });

  manageAction('annulla', 'annullata', (id, token) => svc.cancelRegistration(deps, id, token));
  manageAction('posti', 'salvata', (id, token, body) => {
    const seats = str(body, 'seats');
    return svc.changeSeats(deps, id, token, /^\d{1,3}$/.test(seats) ? Number(seats) : Number.NaN);
  });
  app.get('/prenotazioni/:registrationId/cancella-dati', { config: { access: PUBLIC } }, async (req, reply) => {
    const token = tokenOf(req);
    const { registration, event } = await svc.getByManageToken(deps, regId(req), token);
    return sendPage(reply, EraseConfirmPageView({ ctx: pageContext(req, reply), registration, event, token }));
  });

  app.post('/prenotazioni/:registrationId/cancella-dati', { config: publicWrite }, async (req, reply) => {
    const token = tokenOf(req);
    const { event } = await svc.getByManageToken(deps, regId(req), token);
    await svc.eraseOwnData(deps, regId(req), token);
    return sendPage(reply, ErasedPageView({ ctx: pageContext(req, reply), event }));
  });

  manageAction('accetta', 'accettata', (id, token) => svc.acceptOffer(deps, id, token));
  manageAction('rifiuta', 'rifiutata', (id, token) => svc.declineOffer(deps, id, token));

  // ---------------- iCalendar feeds ----------------

  const feedEntries = async (filters: Pick<Filters, 'organisation' | 'municipality'>): Promise<IcsEventInput[]> => {
    const entries = await feedEvents(db, filters);
    const by = await organisers(
      deps,
      entries.map((f) => f.event.organisation.id),
    );
    return entries.map((f) => ({
      id: f.event.id,
      title: f.event.title,
      description: f.description,
      status: 'published',
      format: f.event.format,
      organisation: f.event.organisation,
      venue: f.event.venue,
      municipality: f.event.municipality,
      sessions: f.sessions,
      sequence: f.sequence,
      organiser: by.get(f.event.organisation.id),
    }));
  };

  app.get('/calendario/organizzazioni/:organisationId.ics', { config: { access: PUBLIC } }, async (req, reply) => {
    const id = (req.params as { organisationId: string }).organisationId;
    const orgId = await organisations.organisationIdIfExists(db, id);
    if (!orgId) throw notFound('Organizzazione non trovata.');
    const org = await organisations.getOrganisation(db, orgId);
    return sendIcs(
      reply,
      feedIcs(await feedEntries({ organisation: orgId }), config.baseUrl, `${org.name} – eventi`),
      `eventi-${orgId}.ics`,
    );
  });

  app.get('/calendario/comuni/:code.ics', { config: { access: PUBLIC } }, async (req, reply) => {
    const code = (req.params as { code: string }).code;
    const m = /^\d{6}$/.test(code) ? await organisations.getMunicipality(db, code) : undefined;
    if (!m) throw notFound('Comune non trovato.');
    return sendIcs(reply, feedIcs(await feedEntries({ municipality: code }), config.baseUrl, `Eventi a ${m.name}`), `eventi-${code}.ics`);
  });

  // ---------------- back office ----------------

  async function orgOf(id: string): Promise<{ id: string; name: string }> {
    const o = await organisations.getOrganisation(db, id);
    return { id: o.id, name: o.name };
  }

  /**
   * Venues the organisation can use (its own and those of partners that accepted the partnership),
   * partner organisations and programmes.
   */
  async function choicesFor(organisationId: string, event?: svc.EventDetail): Promise<EventFormChoices> {
    const [own, accepted, progs] = await Promise.all([
      organisations.listVenues(db, organisationId),
      organisations.acceptedPartners(db, organisationId),
      programmes.listProgrammes(db, organisationId).catch(() => []),
    ]);
    const partners = new Map<string, string>();
    for (const p of accepted) partners.set(p.id, p.name);
    const partnerVenues = (await Promise.all([...partners.keys()].map((id) => organisations.listVenues(db, id)))).flat();
    // Partners the event already names stay on the list, so that saving the form keeps them.
    for (const p of event?.partners ?? []) partners.set(p.id, p.name);
    const venues = [...own, ...partnerVenues];
    if (event?.venue && !venues.some((v) => v.id === event.venue?.id)) venues.push(event.venue);
    const orgName = (id: string) => (id === organisationId ? '' : ` – ${partners.get(id) ?? ''}`);
    return {
      venues: venues.map((v) => ({
        id: v.id,
        label: `${v.name}, ${v.address}${v.municipality ? `, ${v.municipality.name}` : ''}${orgName(v.organisation)}`,
      })),
      partners: [...partners].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'it')),
      programmes: progs.map((p) => ({ id: p.id, name: p.name })),
    };
  }

  app.get('/admin/organisations/:organisationId/events', staff('organisationId', orgParam), async (req, reply) => {
    const org = await orgOf(req.targetOrganisationId!);
    const { upcoming, past } = await organisationEvents(db, org.id);
    return sendPage(reply, StaffEventsPage({ ctx: pageContext(req, reply, org.name), organisation: org, upcoming, past }));
  });

  async function newEventPage(req: FastifyRequest, reply: FastifyReply, values: FormValues, errors?: Errors, status = 200) {
    const org = await orgOf(req.targetOrganisationId!);
    return sendPage(
      reply,
      EventFormPage({ ctx: pageContext(req, reply, org.name), organisation: org, values, errors, choices: await choicesFor(org.id) }),
      status,
    );
  }

  app.get('/admin/organisations/:organisationId/events/new', staff('organisationId', orgParam), async (req, reply) =>
    newEventPage(req, reply, { bookingRequired: '1', status: 'published', maxSeatsPerBooking: '4' }),
  );

  app.post('/admin/organisations/:organisationId/events/new', staff('organisationId', orgParam), async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const form = eventInput(body);
    return formAction(
      async () => {
        if (form.errors.length) throw badRequest('Il modulo contiene errori.', form.errors);
        const { id } = await svc.createEvent(deps, req.principal, { organisation: req.targetOrganisationId, ...form.input });
        return reply.redirect(`/admin/events/${id}?esito=creato`, 303);
      },
      (errors, status) => newEventPage(req, reply, body, errors, status),
      eventFieldMapper(form.rows),
    );
  });

  async function editEventPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: Errors,
    status = 200,
    notice?: string,
  ) {
    const ev = await svc.getEvent(db, (req.params as { eventId: string }).eventId, { includeDrafts: true });
    const org = await orgOf(ev.organisation.id);
    const [choices, series] = await Promise.all([choicesFor(org.id, ev), ev.seriesId ? seriesEvents(db, ev.seriesId) : []]);
    return sendPage(
      reply,
      EventFormPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        event: ev,
        values: values ?? eventValues(ev),
        errors,
        choices,
        notice,
        series,
      }),
      status,
    );
  }

  const NOTICES: Record<string, string> = { creato: 'sev.created', salvato: 'sev.saved', annullato: 'sev.cancelled' };

  app.get('/admin/events/:eventId', staff('eventId', eventOwner), async (req, reply) => {
    const q = req.query as { esito?: string; serie?: string };
    const key = NOTICES[q.esito ?? ''];
    const notice =
      q.esito === 'serie' && /^\d{1,3}$/.test(q.serie ?? '')
        ? t(req.lang, 'sev.seriesCreated', { n: q.serie! })
        : key
          ? t(req.lang, key)
          : undefined;
    return editEventPage(req, reply, undefined, undefined, 200, notice);
  });

  app.post('/admin/events/:eventId', staff('eventId', eventOwner), async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const eventId = (req.params as { eventId: string }).eventId;
    const form = eventInput(body);
    return formAction(
      async () => {
        if (form.errors.length) throw badRequest('Il modulo contiene errori.', form.errors);
        const patch = { ...form.input };
        // The form never shows the online link back (it is private): an empty field keeps it.
        if (!patch.onlineUrl) delete patch.onlineUrl;
        await svc.updateEvent(deps, eventId, patch);
        return reply.redirect(`/admin/events/${eventId}?esito=salvato`, 303);
      },
      (errors, status) => editEventPage(req, reply, body, errors, status),
      eventFieldMapper(form.rows),
    );
  });

  app.post('/admin/events/:eventId/cancel', staff('eventId', eventOwner), async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const eventId = (req.params as { eventId: string }).eventId;
    return formAction(
      async () => {
        const reason = str(body, 'reason');
        if (reason.length < 3) throw badRequest('Indica il motivo.', [{ field: 'reason', message: "indica il motivo dell'annullamento" }]);
        await svc.cancelEvent(deps, eventId, reason);
        return reply.redirect(`/admin/events/${eventId}?esito=annullato`, 303);
      },
      (errors, status) => editEventPage(req, reply, undefined, errors, status),
    );
  });

  async function seriesPage(req: FastifyRequest, reply: FastifyReply, values: FormValues, errors?: Errors, status = 200) {
    const org = await orgOf(req.targetOrganisationId!);
    return sendPage(
      reply,
      SeriesFormPage({ ctx: pageContext(req, reply, org.name), organisation: org, values, errors, choices: await choicesFor(org.id) }),
      status,
    );
  }

  app.get('/admin/organisations/:organisationId/series/new', staff('organisationId', orgParam), async (req, reply) =>
    seriesPage(req, reply, { bookingRequired: '1', status: 'published', maxSeatsPerBooking: '4', every: 'twice-a-month', count: '10' }),
  );

  app.post('/admin/organisations/:organisationId/series/new', staff('organisationId', orgParam), async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const errors: FieldError[] = [];
    const input: Record<string, unknown> = { organisation: req.targetOrganisationId, ...sharedInput(body, errors) };
    const date = str(body, 'firstDate');
    const time = str(body, 'time');
    const dateOk = /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date, { zone: ZONE }).isValid;
    if (!dateOk)
      errors.push({
        field: 'firstDate',
        message: date ? 'data non valida: usa il formato AAAA-MM-GG' : 'indica il giorno del primo incontro',
      });
    const firstStart = dateOk ? romeInstant(date, time) : null;
    if (dateOk && !firstStart)
      errors.push({ field: 'time', message: time ? 'ora non valida: usa il formato HH:MM' : "indica l'ora di inizio" });
    input.firstStart = firstStart;
    input.durationMinutes = intField(body, 'durationMinutes', errors);
    input.count = intField(body, 'count', errors);
    input.every = str(body, 'every');
    input.venues = list(body, 'venues');
    input.venue = null;
    return formAction(
      async () => {
        if (errors.length) throw badRequest('Il modulo contiene errori.', errors);
        const { eventIds } = await svc.createSeries(deps, req.principal, input);
        return reply.redirect(`/admin/events/${eventIds[0]}?esito=serie&serie=${eventIds.length}`, 303);
      },
      (errs, status) => seriesPage(req, reply, body, errs, status),
      eventFieldMapper([]),
    );
  });

  async function registrationsPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: FormValues; errors?: Errors; bookedId?: string } = {},
    status = 200,
  ) {
    const eventId = (req.params as { eventId: string }).eventId;
    const ev = await svc.getEvent(db, eventId, { includeDrafts: true });
    const org = await orgOf(ev.organisation.id);
    const { items } = await svc.listRegistrations(db, eventId);
    // Staff access to personal data is audited: one row per view of the list.
    await audit(db.k, {
      action: 'view-registrations',
      entity: 'event',
      entityId: eventId,
      userId: req.principal?.userId ?? null,
      organisationId: org.id,
    });
    const booked = extra.bookedId ? items.find((i) => i.id === extra.bookedId) : undefined;
    return sendPage(
      reply,
      RegistrationsPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        event: ev,
        items,
        values: extra.values,
        errors: extra.errors,
        booked,
      }),
      status,
    );
  }

  app.get('/admin/events/:eventId/registrations', staff('eventId', eventOwner), async (req, reply) => {
    const q = req.query as { prenotata?: string };
    return registrationsPage(req, reply, { bookedId: typeof q.prenotata === 'string' ? q.prenotata : undefined });
  });

  app.post('/admin/events/:eventId/registrations', staff('eventId', eventOwner), async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const eventId = (req.params as { eventId: string }).eventId;
    return formAction(
      async () => {
        const result = await svc.book(deps, eventId, bookingInput(body), {
          source: 'staff',
          bookedBy: req.principal?.userId ?? null,
          lang: 'it',
        });
        return reply.redirect(`/admin/events/${eventId}/registrations?prenotata=${result.registration.id}`, 303);
      },
      (errors, status) => registrationsPage(req, reply, { values: body, errors }, status),
    );
  });
}
