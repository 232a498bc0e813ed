import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { hasRole, orgAccess, PUBLIC, SIGNED_IN } from '../../core/access.js';
import { apiRoute } from '../../core/api.js';
import type { Deps } from '../../core/deps.js';
import { t } from '../../core/i18n.js';
import { withIdempotency } from '../../core/idempotency.js';
import { forbidden, Problem } from '../../core/problems.js';
import { ORG_FACILITATORS, ORG_MEMBERS, ORG_STAFF } from '../../core/roles.js';
import { now, nowIso } from '../../core/time.js';
import { errorsByField } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import { formPrefillUrl } from '../facilitation/service.js';
import { getOrganisation, listVenues, organisationIdIfExists, resolveMunicipality } from '../organisations/service.js';
import { registerDeskJobs } from './jobs.js';
import {
  AgendaQuery,
  AppointmentCreate,
  DateString,
  DeskCreate,
  DeskListQuery,
  DeskPatch,
  ExceptionCreate,
  HoldCreate,
  Instant,
  MoveBody,
  OperatorCreate,
  type ServiceData,
  SlotsQuery,
  StaffCancelBody,
  StatusBody,
  TokenQuery,
  WalkInBody,
} from './schemas.js';
import * as svc from './service.js';
import {
  BookPage,
  ConfirmationPage,
  DayPage,
  DeskAdminPage,
  DeskPage,
  DeskSearchPage,
  DesksAdminPage,
  DetailsPage,
  ManagePage,
  MovePage,
} from './views.js';

const DeskParam = z.object({ deskId: z.string() });
const HoldParam = z.object({ holdId: z.string() });
const AppointmentParam = z.object({ appointmentId: z.string() });
const ExceptionParam = z.object({ exceptionId: z.string() });
const OperatorParam = z.object({ operatorId: z.string() });

const SlotItem = z.object({ start: z.string(), end: z.string(), free: z.number() });
const HoldOut = z.object({ id: z.string(), expiresAt: z.string(), start: z.string(), end: z.string(), service: z.string() });
const BookedOut = z.object({ id: z.string(), start: z.string(), end: z.string(), manageToken: z.string(), status: z.string() });

const CSS = readFileSync(resolve(import.meta.dirname, 'desks.css'), 'utf8');

/** Days shown at once by the slot picker. */
const PICKER_DAYS = 28;

type FormBody = Record<string, string | string[] | undefined>;
const str = (body: FormBody, key: string): string => {
  const v = body[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
const list = (body: FormBody, key: string): string[] => {
  const v = body[key];
  return (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean);
};
/** A number typed in a form: empty is undefined, a non-number stays text so the schema names the problem. */
const num = (v: string): number | string | undefined => (v === '' ? undefined : /^-?\d+$/.test(v) ? Number(v) : v);

const plusDays = (date: string, days: number) => DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
/** The later of two 'YYYY-MM-DD' dates (they compare as text). */
const laterDate = (a: string, b: string) => [a, b].sort()[1];
const validDate = (v: unknown): string | null => (DateString.safeParse(v).success ? (v as string) : null);

/** Runs a form action; a 4xx Problem re-renders the form with its errors instead of an error page. */
async function formAction(
  action: () => Promise<unknown>,
  rerender: (errors: Record<string, string>, status: number, problem: Problem) => Promise<unknown>,
) {
  try {
    return await action();
  } catch (err) {
    if (err instanceof Problem && err.status < 500) {
      const errors = err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
      return rerender(errors, err.status, err);
    }
    throw err;
  }
}

/** Field errors of nested inputs (openingHours.0.start) shown on the flat form field (start). */
function flatErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) {
    const key = k.startsWith('openingHours.') ? (k.split('.').pop() ?? k) : k.startsWith('services') ? 'services' : k;
    out[key] ??= v;
  }
  return out;
}

export async function registerDeskRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;
  registerDeskJobs(deps);
  const rateLimit = config.rateLimitMax > 0 ? { max: config.rateLimitMax, timeWindow: '1 minute' } : undefined;
  /** Public write routes count against RATE_LIMIT_MAX (apiRoute has no rate-limit option, so it goes in here). */
  const limited = {
    route: (opts: RouteOptions) => app.route({ ...opts, config: { ...opts.config, ...(rateLimit ? { rateLimit } : {}) } }),
  } as unknown as FastifyInstance;
  const publicWrite = { access: PUBLIC, publicWrite: true, ...(rateLimit ? { rateLimit } : {}) };

  const deskOwner = (req: FastifyRequest) => svc.organisationOfDesk(db, (req.params as { deskId?: string }).deskId);
  const appointmentOwner = (req: FastifyRequest) =>
    svc.organisationOfAppointment(db, (req.params as { appointmentId?: string }).appointmentId);
  const exceptionOwner = (req: FastifyRequest) => svc.organisationOfException(db, (req.params as { exceptionId?: string }).exceptionId);
  const operatorOwner = (req: FastifyRequest) => svc.organisationOfOperator(db, (req.params as { operatorId?: string }).operatorId);
  const orgParam = (req: FastifyRequest) => organisationIdIfExists(db, (req.params as { organisationId?: string }).organisationId);

  app.get('/sportelli/stile.css', { config: { access: PUBLIC } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );

  // ---------------- API: public ----------------

  apiRoute(
    app,
    'GET',
    '/api/v1/desks',
    {
      access: PUBLIC,
      summary: 'Help desks (public); near=<ISTAT code> orders them by nearness and adds `nearness` (0 same comune … 3 elsewhere)',
      tags: ['desks'],
      query: DeskListQuery,
    },
    async ({ query }) => {
      const desks = await svc.listDesks(db, { organisation: query.organisation, municipality: query.municipality, service: query.service });
      if (!query.near) return { items: desks };
      const ranked = await svc.desksNear(db, query.near, desks);
      return { items: ranked.map((r) => ({ ...r.desk, nearness: r.nearness })) };
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/desks/:deskId',
    {
      access: PUBLIC,
      summary: 'A help desk: services, opening hours, upcoming closures and extra openings',
      tags: ['desks'],
      params: DeskParam,
    },
    async ({ params }) => {
      const desk = await svc.getDesk(db, params.deskId);
      const exceptions = (await svc.listExceptions(db, desk.id, svc.todayInRome())).filter((e) => e.kind !== 'blocked');
      return { ...desk, closures: exceptions.map(({ note: _note, ...e }) => e) };
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/desks/:deskId/slots',
    {
      access: PUBLIC,
      summary: `Free slots of a service between two dates (Rome; at most ${svc.MAX_SLOT_DAYS} days), ISO 8601 with the Europe/Rome offset`,
      tags: ['desks'],
      params: DeskParam,
      query: SlotsQuery,
      responses: { 200: { description: 'Free slots', schema: z.object({ items: z.array(SlotItem) }) } },
    },
    async ({ params, query }) => ({ items: (await svc.freeSlots(db, params.deskId, query)).items }),
  );

  apiRoute(
    limited,
    'POST',
    '/api/v1/desks/:deskId/holds',
    {
      ...publicWrite,
      summary: 'Hold a slot for 5 minutes while the citizen fills in the form (counts against capacity)',
      tags: ['desks'],
      params: DeskParam,
      body: HoldCreate,
      responses: { 201: { description: 'Held', schema: HoldOut }, 409: { description: 'The slot is full' } },
    },
    async ({ params, body, reply }) => {
      const hold = await svc.createHold(deps, params.deskId, body);
      return reply.code(201).send({ id: hold.id, expiresAt: hold.expiresAt, start: hold.start, end: hold.end, service: hold.service });
    },
  );

  apiRoute(
    limited,
    'DELETE',
    '/api/v1/holds/:holdId',
    {
      ...publicWrite,
      summary: 'Release a hold (the citizen leaves)',
      tags: ['desks'],
      params: HoldParam,
      responses: { 204: { description: 'Released' } },
    },
    async ({ params, reply }) => {
      await svc.releaseHold(deps, params.holdId);
      return reply.code(204).send();
    },
  );

  apiRoute(
    limited,
    'POST',
    '/api/v1/desks/:deskId/appointments',
    {
      ...publicWrite,
      summary: 'Book an appointment (name and e-mail or phone); pass `hold` to turn a hold into the appointment',
      tags: ['desks'],
      params: DeskParam,
      body: AppointmentCreate,
      idempotent: true,
      responses: {
        201: { description: 'Booked', schema: BookedOut },
        409: { description: 'The slot was just taken' },
        422: { description: 'Not a bookable slot, or the per-person limit is reached' },
      },
    },
    async ({ req, reply, params, body }) =>
      withIdempotency(db, req, reply, `desk-appointment:${params.deskId}`, async () => {
        const orgId = req.principal ? await svc.organisationOfDesk(db, params.deskId) : undefined;
        const staff = orgId && req.principal && hasRole(req.principal, orgId, ORG_FACILITATORS) ? req.principal : null;
        const r = await svc.bookAppointment(deps, params.deskId, body, {
          lang: req.lang,
          source: staff ? 'staff' : 'online',
          bookedBy: staff?.userId ?? null,
        });
        const a = r.appointment;
        return {
          status: 201,
          body: { id: a.id, start: a.start, end: a.end, manageToken: r.manageToken, status: a.status, service: a.service.code },
        };
      }),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/appointments/:appointmentId',
    {
      access: PUBLIC,
      summary: 'An appointment, through its private link token',
      tags: ['desks'],
      params: AppointmentParam,
      query: TokenQuery,
    },
    async ({ params, query }) => {
      const { appointment, desk } = await svc.appointmentByToken(db, params.appointmentId, query.token);
      return { ...appointment, desk: { id: desk.id, name: desk.name, venue: desk.venue } };
    },
  );

  apiRoute(
    limited,
    'DELETE',
    '/api/v1/appointments/:appointmentId',
    {
      ...publicWrite,
      summary: 'Cancel an appointment through its private link token',
      tags: ['desks'],
      params: AppointmentParam,
      query: TokenQuery,
      responses: { 204: { description: 'Cancelled' } },
    },
    async ({ params, query, reply }) => {
      await svc.cancelByCitizen(deps, params.appointmentId, query.token);
      return reply.code(204).send();
    },
  );

  apiRoute(
    limited,
    'PATCH',
    '/api/v1/appointments/:appointmentId',
    {
      ...publicWrite,
      summary: 'Move an appointment to another free slot, through its private link token',
      tags: ['desks'],
      params: AppointmentParam,
      query: TokenQuery,
      body: MoveBody,
      responses: { 200: { description: 'Moved' }, 409: { description: 'The new slot is full' } },
    },
    async ({ params, query, body }) => svc.moveByCitizen(deps, params.appointmentId, query.token, body),
  );

  // ---------------- API: staff ----------------

  apiRoute(
    app,
    'POST',
    '/api/v1/desks',
    {
      access: SIGNED_IN,
      summary: "Create a help desk at one of the organisation's venues (staff of that organisation)",
      tags: ['desks'],
      body: DeskCreate,
      responses: { 201: { description: 'Created' } },
    },
    async ({ req, body, reply }) => {
      if (!svc.canManage(req.principal, body.organisation)) throw forbidden('Non puoi creare sportelli per questa organizzazione.');
      const desk = await svc.createDesk(db, body);
      return reply.code(201).send(desk);
    },
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/desks/:deskId',
    {
      access: orgAccess('deskId', ORG_STAFF, deskOwner),
      summary: 'Change a desk: details, services, weekly opening hours (lists are replaced whole)',
      tags: ['desks'],
      params: DeskParam,
      body: DeskPatch,
    },
    async ({ params, body }) => svc.updateDesk(db, params.deskId, body),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/desks/:deskId/exceptions',
    { access: orgAccess('deskId', ORG_MEMBERS, deskOwner), summary: "A desk's exceptions, with notes", tags: ['desks'], params: DeskParam },
    async ({ params }) => ({ items: await svc.listExceptions(db, params.deskId) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/desks/:deskId/exceptions',
    {
      access: orgAccess('deskId', ORG_STAFF, deskOwner),
      summary: 'Add a closure (whole days), an extra opening or a blocked period',
      tags: ['desks'],
      params: DeskParam,
      body: ExceptionCreate,
      responses: { 201: { description: 'Added' } },
    },
    async ({ params, body, reply }) => reply.code(201).send(await svc.addException(db, params.deskId, body)),
  );

  apiRoute(
    app,
    'DELETE',
    '/api/v1/desk-exceptions/:exceptionId',
    {
      access: orgAccess('exceptionId', ORG_STAFF, exceptionOwner),
      summary: 'Remove an exception',
      tags: ['desks'],
      params: ExceptionParam,
      responses: { 204: { description: 'Removed' } },
    },
    async ({ params, reply }) => {
      await svc.removeException(db, params.exceptionId);
      return reply.code(204).send();
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/desks/:deskId/operators',
    {
      access: orgAccess('deskId', ORG_FACILITATORS, deskOwner),
      summary: "A desk's operators and shifts",
      tags: ['desks'],
      params: DeskParam,
    },
    async ({ params }) => ({ items: await svc.listOperators(db, params.deskId) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/desks/:deskId/operators',
    {
      access: orgAccess('deskId', ORG_STAFF, deskOwner),
      summary: 'Assign an operator: a weekly shift, a one-day shift replacing it, or an absence',
      tags: ['desks'],
      params: DeskParam,
      body: OperatorCreate,
      responses: { 201: { description: 'Assigned' } },
    },
    async ({ params, body, reply }) => reply.code(201).send(await svc.addOperator(db, params.deskId, body)),
  );

  apiRoute(
    app,
    'DELETE',
    '/api/v1/desk-operators/:operatorId',
    {
      access: orgAccess('operatorId', ORG_STAFF, operatorOwner),
      summary: "Remove an operator's shift",
      tags: ['desks'],
      params: OperatorParam,
      responses: { 204: { description: 'Removed' } },
    },
    async ({ params, reply }) => {
      await svc.removeOperator(db, params.operatorId);
      return reply.code(204).send();
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/desks/:deskId/agenda',
    {
      access: orgAccess('deskId', ORG_FACILITATORS, deskOwner),
      summary: "The operator's day: every appointment of a Rome date (default today), with contacts",
      tags: ['desks'],
      params: DeskParam,
      query: AgendaQuery,
    },
    async ({ req, params, query }) => {
      const a = await svc.agenda(deps, req.principal!, params.deskId, query.date);
      return { date: a.date, plan: a.plan, items: a.items };
    },
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/desk-appointments/:appointmentId/status',
    {
      access: orgAccess('appointmentId', ORG_FACILITATORS, appointmentOwner),
      summary: 'Mark an appointment served or no-show (or back to booked)',
      tags: ['desks'],
      params: AppointmentParam,
      body: StatusBody,
    },
    async ({ req, params, body }) => svc.setAppointmentStatus(deps, req.principal!, params.appointmentId, body),
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/desk-appointments/:appointmentId',
    {
      access: orgAccess('appointmentId', ORG_STAFF, appointmentOwner),
      summary: 'Move an appointment (staff); the citizen is told by e-mail',
      tags: ['desks'],
      params: AppointmentParam,
      body: MoveBody,
      responses: { 200: { description: 'Moved' }, 409: { description: 'The new slot is full' } },
    },
    async ({ req, params, body }) => svc.moveByStaff(deps, req.principal!, params.appointmentId, body),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/desk-appointments/:appointmentId/cancel',
    {
      access: orgAccess('appointmentId', ORG_STAFF, appointmentOwner),
      summary: 'Cancel an appointment (staff); the citizen is told by e-mail, with the reason',
      tags: ['desks'],
      params: AppointmentParam,
      body: StaffCancelBody,
      responses: { 204: { description: 'Cancelled' } },
    },
    async ({ req, params, body, reply }) => {
      await svc.cancelByStaff(deps, req.principal!, params.appointmentId, body);
      return reply.code(204).send();
    },
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/desks/:deskId/walk-ins',
    {
      access: orgAccess('deskId', ORG_FACILITATORS, deskOwner),
      summary: 'Record a walk-in: someone served without an appointment (takes no bookable place)',
      tags: ['desks'],
      params: DeskParam,
      body: WalkInBody,
      responses: { 201: { description: 'Recorded' } },
    },
    async ({ req, params, body, reply }) => reply.code(201).send(await svc.recordWalkIn(deps, req.principal!, params.deskId, body)),
  );

  // ---------------- public pages ----------------

  app.get('/sportelli', { config: { access: PUBLIC } }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const values = {
      servizio: typeof q.servizio === 'string' ? q.servizio.trim() : '',
      comune: typeof q.comune === 'string' ? q.comune.trim().slice(0, 100) : '',
    };
    const all = await svc.listDesks(db);
    const services = new Map<string, string>(svc.DEFAULT_SERVICES.map((s) => [s.code, s.name]));
    for (const d of all) for (const s of d.services) if (!services.has(s.code)) services.set(s.code, s.name);
    const serviceList = [...services].map(([code, name]) => ({ code, name }));
    const desks = values.servizio ? all.filter((d) => d.services.some((s) => s.code === values.servizio)) : all;
    const errors: Record<string, string> = {};
    let ranked: svc.RankedDesk[] = desks.map((desk) => ({ desk, nearness: 3 }));
    if (values.comune) {
      const found = await resolveMunicipality(db, values.comune);
      if ('code' in found) ranked = await svc.desksNear(db, found.code, desks);
      else {
        errors.comune = found.candidates.length
          ? `forse intendevi: ${found.candidates.map((c) => `${c.name} (${c.provinceCode})`).join(', ')}`
          : 'comune non trovato: scrivi il nome del comune, ad esempio "Prato"';
      }
    }
    return sendPage(
      reply,
      DeskSearchPage({ ctx: pageContext(req, reply), services: serviceList, values, ranked, errors }),
      errors.comune ? 400 : 200,
    );
  });

  app.get('/sportelli/:deskId', { config: { access: PUBLIC } }, async (req, reply) => {
    const desk = await svc.getDesk(db, (req.params as { deskId: string }).deskId);
    const exceptions = await svc.listExceptions(db, desk.id, svc.todayInRome());
    return sendPage(reply, DeskPage({ ctx: pageContext(req, reply, desk.organisation.name), desk, exceptions }));
  });

  /** The picker's window: `da` (default today) and 4 weeks on; a chosen day outside it moves the window. */
  function pickerWindow(q: Record<string, unknown>): { from: string; day: string | null } {
    const today = svc.todayInRome();
    let from = validDate(q.da) ?? today;
    if (from < today) from = today;
    const day = validDate(q.giorno);
    if (day && (day < from || day > plusDays(from, PICKER_DAYS - 1))) from = laterDate(day, today);
    return { from, day: day && day >= today ? day : null };
  }

  async function pickerProps(
    desk: svc.DeskView,
    service: svc.ServiceView,
    q: Record<string, unknown>,
    opts: { baseHref: string; action: string; hidden: Record<string, string> },
  ) {
    const { from, day } = pickerWindow(q);
    const days = await svc.freeDays(db, desk, service.code, from, plusDays(from, PICKER_DAYS - 1));
    const today = svc.todayInRome();
    return {
      ...opts,
      days,
      day,
      from,
      previousFrom: from > today ? laterDate(plusDays(from, -PICKER_DAYS), today) : null,
      nextFrom: plusDays(from, PICKER_DAYS),
    };
  }

  async function bookPage(req: FastifyRequest, reply: FastifyReply, q: Record<string, unknown>, problem?: string, status = 200) {
    const desk = await svc.getDesk(db, (req.params as { deskId: string }).deskId);
    const code = typeof q.servizio === 'string' ? q.servizio : desk.services.length === 1 ? desk.services[0].code : '';
    const service = desk.services.find((s) => s.code === code) ?? null;
    const picker = service
      ? await pickerProps(desk, service, q, {
          baseHref: `/sportelli/${desk.id}/prenota?servizio=${encodeURIComponent(service.code)}`,
          action: `/sportelli/${desk.id}/prenota`,
          hidden: { servizio: service.code },
        })
      : null;
    return sendPage(reply, BookPage({ ctx: pageContext(req, reply, desk.organisation.name), desk, service, picker, problem }), status);
  }

  app.get('/sportelli/:deskId/prenota', { config: { access: PUBLIC } }, async (req, reply) =>
    bookPage(req, reply, req.query as Record<string, unknown>),
  );

  app.post('/sportelli/:deskId/prenota', { config: publicWrite }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const deskId = (req.params as { deskId: string }).deskId;
    const servizio = str(body, 'servizio');
    const start = str(body, 'start');
    const giorno = start.slice(0, 10);
    return formAction(
      async () => {
        const hold = await svc.createHold(deps, deskId, { service: servizio, start });
        const q = new URLSearchParams({ hold: hold.id, servizio: hold.service, start: hold.start });
        return reply.redirect(`/sportelli/${deskId}/prenota/dati?${q}`, 303);
      },
      (errors, status, p) =>
        bookPage(
          req,
          reply,
          { servizio, giorno },
          p.status === 409 ? svc.slotTakenMessage(req.lang) : (errors.start ?? errors.service ?? errors._ ?? p.detail),
          status,
        ),
    );
  });

  async function detailsPage(req: FastifyRequest, reply: FastifyReply, input: FormBody, errors?: Record<string, string>, status = 200) {
    const desk = await svc.getDesk(db, (req.params as { deskId: string }).deskId);
    const service = desk.services.find((s) => s.code === str(input, 'servizio'));
    const start = str(input, 'start');
    if (!service || !Instant.safeParse(start).success) return reply.redirect(`/sportelli/${desk.id}/prenota`, 303);
    const startMs = Date.parse(DateTime.fromISO(start, { zone: 'Europe/Rome' }).toISO()!);
    const holdId = str(input, 'hold');
    const hold = holdId ? await svc.getHold(db, holdId) : undefined;
    return sendPage(
      reply,
      DetailsPage({
        ctx: pageContext(req, reply, desk.organisation.name),
        desk,
        service,
        start: svc.romeIso(startMs),
        end: svc.romeIso(startMs + service.durationMinutes * 60_000),
        hold: hold && hold.deskId === desk.id ? hold : undefined,
        holdId,
        values: { name: str(input, 'name'), email: str(input, 'email'), phone: str(input, 'phone') },
        errors,
      }),
      status,
    );
  }

  app.get('/sportelli/:deskId/prenota/dati', { config: { access: PUBLIC } }, async (req, reply) =>
    detailsPage(req, reply, req.query as FormBody),
  );

  app.post('/sportelli/:deskId/prenota/dati', { config: publicWrite }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const deskId = (req.params as { deskId: string }).deskId;
    return formAction(
      async () => {
        const r = await svc.bookAppointment(
          deps,
          deskId,
          {
            service: str(body, 'servizio'),
            start: str(body, 'start'),
            name: str(body, 'name'),
            email: str(body, 'email'),
            phone: str(body, 'phone'),
            hold: str(body, 'hold'),
          },
          { lang: req.lang },
        );
        return reply.redirect(`/appuntamenti/${r.appointment.id}/confermato?token=${encodeURIComponent(r.manageToken)}`, 303);
      },
      (errors, status, p) => {
        if (p.status === 409 && p.extra?.reason === 'taken') {
          return bookPage(
            req,
            reply,
            { servizio: str(body, 'servizio'), giorno: str(body, 'start').slice(0, 10) },
            svc.slotTakenMessage(req.lang),
            409,
          );
        }
        const fieldErrors = { ...errors };
        if (fieldErrors.service) {
          fieldErrors._ = fieldErrors.service;
          delete fieldErrors.service;
        }
        if (fieldErrors.start) {
          fieldErrors._ = fieldErrors.start;
          delete fieldErrors.start;
        }
        if (fieldErrors.hold) delete fieldErrors.hold;
        return detailsPage(req, reply, body, Object.keys(fieldErrors).length ? fieldErrors : { _: p.detail ?? p.title }, status);
      },
    );
  });

  app.post('/sportelli/:deskId/prenota/rilascia', { config: publicWrite }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const deskId = (req.params as { deskId: string }).deskId;
    try {
      await svc.releaseHold(deps, str(body, 'hold'));
    } catch (err) {
      // Already confirmed or expired: nothing is held, the citizen simply chooses again.
      if (!(err instanceof Problem && err.status === 404)) throw err;
    }
    const q = new URLSearchParams({ servizio: str(body, 'servizio') });
    const giorno = validDate(str(body, 'giorno'));
    if (giorno) q.set('giorno', giorno);
    return reply.redirect(`/sportelli/${deskId}/prenota?${q}`, 303);
  });

  const tokenOf = (req: FastifyRequest) => {
    const q = req.query as { token?: unknown };
    return typeof q.token === 'string' ? q.token : undefined;
  };
  const idOf = (req: FastifyRequest) => (req.params as { appointmentId: string }).appointmentId;

  app.get('/appuntamenti/:appointmentId/confermato', { config: { access: PUBLIC } }, async (req, reply) => {
    const token = tokenOf(req);
    const { appointment, desk } = await svc.appointmentByToken(db, idOf(req), token);
    return sendPage(
      reply,
      ConfirmationPage({
        ctx: pageContext(req, reply, desk.organisation.name),
        desk,
        appointment,
        token: token!,
        manageUrl: svc.manageUrl(deps, appointment.id),
      }),
    );
  });

  async function managePage(
    req: FastifyRequest,
    reply: FastifyReply,
    token: string | undefined,
    extra: { notice?: 'cancelled' | 'moved'; problem?: string } = {},
    status = 200,
  ) {
    const { appointment, desk } = await svc.appointmentByToken(db, idOf(req), token);
    return sendPage(
      reply,
      ManagePage({
        ctx: pageContext(req, reply, desk.organisation.name),
        desk,
        appointment,
        token: token!,
        future: Date.parse(appointment.start) > now().getTime(),
        ...extra,
      }),
      status,
    );
  }

  app.get('/appuntamenti/:appointmentId', { config: { access: PUBLIC } }, async (req, reply) => {
    const esito = (req.query as { esito?: string }).esito;
    return managePage(req, reply, tokenOf(req), {
      notice: esito === 'annullato' ? 'cancelled' : esito === 'spostato' ? 'moved' : undefined,
    });
  });

  app.get('/appuntamenti/:appointmentId/calendario.ics', { config: { access: PUBLIC } }, async (req, reply) => {
    const ics = await svc.appointmentCalendar(deps, idOf(req), tokenOf(req));
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="appuntamento.ics"')
      .header('cache-control', 'private, no-store')
      .send(ics);
  });

  app.post('/appuntamenti/:appointmentId/annulla', { config: publicWrite }, async (req, reply) => {
    const token = str((req.body ?? {}) as FormBody, 'token');
    return formAction(
      async () => {
        await svc.cancelByCitizen(deps, idOf(req), token);
        return reply.redirect(`/appuntamenti/${idOf(req)}?token=${encodeURIComponent(token)}&esito=annullato`, 303);
      },
      async (errors, status, p) => {
        if (p.status === 403 || p.status === 404) throw p;
        return managePage(req, reply, token, { problem: errors._ ?? p.detail }, status);
      },
    );
  });

  async function movePage(
    req: FastifyRequest,
    reply: FastifyReply,
    q: Record<string, unknown>,
    who: { token: string } | { staff: true },
    problem?: string,
    status = 200,
  ) {
    const { appointment, desk } =
      'token' in who ? await svc.appointmentByToken(db, idOf(req), who.token) : await svc.staffAppointmentView(db, idOf(req));
    const service = desk.services.find((s) => s.code === appointment.service.code);
    if (!service || appointment.status !== 'booked') {
      if ('token' in who) return managePage(req, reply, who.token, { problem: t(req.lang, 'desks.appt.notMovable') }, 409);
      throw new Problem(409, 'Conflitto', "L'appuntamento non si può più spostare.");
    }
    const base =
      'token' in who
        ? `/appuntamenti/${appointment.id}/sposta?token=${encodeURIComponent(who.token)}`
        : `/admin/desk-appointments/${appointment.id}/sposta`;
    const picker = await pickerProps(desk, service, q, {
      baseHref: base,
      action: 'token' in who ? `/appuntamenti/${appointment.id}/sposta` : `/admin/desk-appointments/${appointment.id}/sposta`,
      hidden: 'token' in who ? { token: who.token } : {},
    });
    const l = req.lang;
    const title = 'token' in who ? t(l, 'desks.appt.moveTitle') : t(l, 'desks.staffMove.title', { name: appointment.name ?? '' });
    const crumbs =
      'token' in who
        ? [
            { href: '/sportelli', label: t(l, 'desks.title') },
            { href: `/appuntamenti/${appointment.id}?token=${encodeURIComponent(who.token)}`, label: t(l, 'desks.appt.title') },
            { label: title },
          ]
        : [
            { href: '/admin', label: t(l, 'nav.backoffice') },
            { href: `/admin/desks/${desk.id}`, label: desk.name },
            { href: `/admin/desks/${desk.id}/giornata?data=${appointment.start.slice(0, 10)}`, label: t(l, 'desks.admin.desk.day') },
            { label: title },
          ];
    return sendPage(
      reply,
      MovePage({ ctx: pageContext(req, reply, desk.organisation.name), desk, appointment, picker, title, crumbs, problem }),
      status,
    );
  }

  app.get('/appuntamenti/:appointmentId/sposta', { config: { access: PUBLIC } }, async (req, reply) =>
    movePage(req, reply, req.query as Record<string, unknown>, { token: tokenOf(req) ?? '' }),
  );

  app.post('/appuntamenti/:appointmentId/sposta', { config: publicWrite }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const token = str(body, 'token');
    const start = str(body, 'start');
    return formAction(
      async () => {
        await svc.moveByCitizen(deps, idOf(req), token, { start });
        return reply.redirect(`/appuntamenti/${idOf(req)}?token=${encodeURIComponent(token)}&esito=spostato`, 303);
      },
      async (errors, status, p) => {
        if (p.status === 403 || p.status === 404) throw p;
        const problem =
          p.status === 409 && p.extra?.reason === 'taken' ? svc.slotTakenMessage(req.lang) : (errors.start ?? errors._ ?? p.detail);
        return movePage(req, reply, { giorno: start.slice(0, 10) }, { token }, problem, status);
      },
    );
  });

  // ---------------- back office ----------------

  async function desksAdminPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: FormBody } = {},
    status = 200,
  ) {
    const org = await getOrganisation(db, req.targetOrganisationId!);
    const [desks, venues] = await Promise.all([svc.listDesks(db, { organisation: org.id, includeInactive: true }), listVenues(db, org.id)]);
    return sendPage(
      reply,
      DesksAdminPage({
        ctx: pageContext(req, reply, org.name),
        organisation: { id: org.id, name: org.name },
        desks,
        venues: venues.map((v) => ({ id: v.id, name: v.name })),
        canEdit: svc.canManage(req.principal, org.id),
        ...extra,
      }),
      status,
    );
  }

  app.get(
    '/admin/organisations/:organisationId/desks',
    { config: { access: orgAccess('organisationId', ORG_MEMBERS, orgParam) } },
    async (req, reply) => desksAdminPage(req, reply),
  );

  app.post(
    '/admin/organisations/:organisationId/desks',
    { config: { access: orgAccess('organisationId', ORG_STAFF, orgParam) } },
    async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      return formAction(
        async () => {
          const services = list(body, 'services')
            .map((code) => svc.defaultService(code))
            .filter((s): s is ServiceData => !!s);
          const desk = await svc.createDesk(db, {
            organisation: req.targetOrganisationId!,
            venue: str(body, 'venue'),
            name: str(body, 'name'),
            services,
            openingHours: list(body, 'weekdays').map((w) => ({
              weekday: num(w),
              start: str(body, 'start'),
              end: str(body, 'end'),
              operators: num(str(body, 'operators')),
            })),
          });
          return reply.redirect(`/admin/desks/${desk.id}?created=1`, 303);
        },
        (errors, status) => desksAdminPage(req, reply, { errors: flatErrors(errors), values: body }, status),
      );
    },
  );

  const deskIdOf = (req: FastifyRequest) => (req.params as { deskId: string }).deskId;

  async function deskAdminPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { notice?: 'created' | 'saved'; errors?: Record<string, string>; form?: string; values?: FormBody } = {},
    status = 200,
  ) {
    const desk = await svc.getDesk(db, deskIdOf(req), { includeInactive: true });
    const [exceptions, operators, venues] = await Promise.all([
      svc.listExceptions(db, desk.id),
      svc.listOperators(db, desk.id),
      listVenues(db, desk.organisation.id),
    ]);
    return sendPage(
      reply,
      DeskAdminPage({
        ctx: pageContext(req, reply, desk.organisation.name),
        desk,
        venues: venues.map((v) => ({ id: v.id, name: v.name })),
        exceptions,
        operators,
        canEdit: svc.canManage(req.principal, desk.organisation.id),
        ...extra,
      }),
      status,
    );
  }

  const staffDesk = { config: { access: orgAccess('deskId', ORG_STAFF, deskOwner) } };

  app.get('/admin/desks/:deskId', { config: { access: orgAccess('deskId', ORG_FACILITATORS, deskOwner) } }, async (req, reply) => {
    const q = req.query as { created?: string; saved?: string };
    return deskAdminPage(req, reply, { notice: q.created === '1' ? 'created' : q.saved === '1' ? 'saved' : undefined });
  });

  /** A back-office desk form: run the change, then back to the desk page; errors re-render the page at that form. */
  function deskForm(path: string, form: string, change: (desk: svc.DeskView, body: FormBody) => Promise<unknown>) {
    app.post(path, staffDesk, async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      return formAction(
        async () => {
          const desk = await svc.getDesk(db, deskIdOf(req), { includeInactive: true });
          await change(desk, body);
          return reply.redirect(`/admin/desks/${desk.id}?saved=1`, 303);
        },
        (errors, status) => deskAdminPage(req, reply, { errors: flatErrors(errors), form, values: body }, status),
      );
    });
  }

  const asData = (s: svc.ServiceView): ServiceData => ({ code: s.code, name: s.name, durationMinutes: s.durationMinutes, bring: s.bring });

  deskForm('/admin/desks/:deskId', 'details', (desk, body) => {
    const count = str(body, 'limitCount');
    const days = str(body, 'limitDays');
    return svc.updateDesk(db, desk.id, {
      name: str(body, 'name'),
      venue: str(body, 'venue') || desk.venue.id,
      description: str(body, 'description') || null,
      patronDay: str(body, 'patronDay') || null,
      personLimit: count || days ? { count: num(count) ?? 1, days: num(days) ?? 30 } : null,
      retentionDays: num(str(body, 'retentionDays')) ?? desk.retentionDays,
      eventId: str(body, 'eventId') || null,
      active: str(body, 'active') === '1',
    } as never);
  });

  deskForm('/admin/desks/:deskId/servizi', 'service', (desk, body) => {
    const code = str(body, 'code');
    const preset = svc.defaultService(code) ?? desk.services.find((s) => s.code === code);
    const bring = str(body, 'bring');
    const service = {
      code,
      name: str(body, 'name') || preset?.name || '',
      durationMinutes: num(str(body, 'durationMinutes')) ?? preset?.durationMinutes,
      bring: bring ? bring : (preset?.bring ?? []),
    };
    const others = desk.services.filter((s) => s.code !== code).map(asData);
    const existing = desk.services.findIndex((s) => s.code === code);
    const services = existing >= 0 ? desk.services.map((s) => (s.code === code ? service : asData(s))) : [...others, service];
    return svc.updateDesk(db, desk.id, { services } as never).catch((err) => {
      // Errors of the new entry are shown on the add form's fields.
      if (err instanceof Problem && err.errors) {
        const index = existing >= 0 ? existing : services.length - 1;
        throw new Problem(
          err.status,
          err.title,
          err.detail,
          err.errors.map((e) => ({ ...e, field: e.field.replace(new RegExp(`^services\\.${index}\\.`), '') })),
        );
      }
      throw err;
    });
  });

  deskForm('/admin/desks/:deskId/servizi/rimuovi', 'service', (desk, body) =>
    svc.updateDesk(db, desk.id, { services: desk.services.filter((s) => s.code !== str(body, 'code')).map(asData) }),
  );

  deskForm('/admin/desks/:deskId/orari', 'hours', (desk, body) =>
    svc.updateDesk(db, desk.id, {
      openingHours: [
        ...desk.openingHours,
        { weekday: num(str(body, 'weekday')), start: str(body, 'start'), end: str(body, 'end'), operators: num(str(body, 'operators')) },
      ],
    } as never),
  );

  deskForm('/admin/desks/:deskId/orari/rimuovi', 'hours', (desk, body) =>
    svc.updateDesk(db, desk.id, { openingHours: desk.openingHours.filter((_h, i) => String(i) !== str(body, 'index')) }),
  );

  deskForm('/admin/desks/:deskId/eccezioni', 'exception', (desk, body) =>
    svc.addException(db, desk.id, {
      kind: str(body, 'kind'),
      from: str(body, 'from'),
      to: str(body, 'to') || undefined,
      start: str(body, 'start') || null,
      end: str(body, 'end') || null,
      operators: num(str(body, 'operators')) ?? null,
      note: str(body, 'note') || null,
    }),
  );

  deskForm('/admin/desks/:deskId/operatori', 'operator', (desk, body) =>
    svc.addOperator(db, desk.id, {
      name: str(body, 'name'),
      weekday: num(str(body, 'weekday')) ?? null,
      date: str(body, 'date') || null,
      start: str(body, 'start') || undefined,
      end: str(body, 'end') || undefined,
      absent: str(body, 'absent') === '1',
    }),
  );

  app.post(
    '/admin/desk-exceptions/:exceptionId/rimuovi',
    { config: { access: orgAccess('exceptionId', ORG_STAFF, exceptionOwner) } },
    async (req, reply) => {
      const { deskId } = await svc.removeException(db, (req.params as { exceptionId: string }).exceptionId);
      return reply.redirect(`/admin/desks/${deskId}?saved=1`, 303);
    },
  );

  app.post(
    '/admin/desk-operators/:operatorId/rimuovi',
    { config: { access: orgAccess('operatorId', ORG_STAFF, operatorOwner) } },
    async (req, reply) => {
      const { deskId } = await svc.removeOperator(db, (req.params as { operatorId: string }).operatorId);
      return reply.redirect(`/admin/desks/${deskId}?saved=1`, 303);
    },
  );

  // ---------------- the operator's day ----------------

  async function dayPage(
    req: FastifyRequest,
    reply: FastifyReply,
    deskId: string,
    date: string | undefined,
    extra: { errors?: Record<string, string>; walkInValues?: FormBody } = {},
    status = 200,
  ) {
    const agenda = await svc.agenda(deps, req.principal!, deskId, date);
    return sendPage(
      reply,
      DayPage({
        ctx: pageContext(req, reply, agenda.desk.organisation.name),
        agenda,
        prev: plusDays(agenda.date, -1),
        next: plusDays(agenda.date, 1),
        canManage: svc.canManage(req.principal, agenda.desk.organisation.id),
        now: nowIso(),
        // The facilitation form, pre-filled, for each served appointment (when that module is there).
        facilitationUrls: app.hasRoute({ method: 'GET', url: '/admin/facilitazioni/nuova' })
          ? Object.fromEntries(
              agenda.items.filter((a) => a.status === 'served').map((a) => [a.id, formPrefillUrl(svc.facilitationPrefill(agenda.desk, a))]),
            )
          : {},
        ...extra,
      }),
      status,
    );
  }

  app.get('/admin/desks/:deskId/giornata', { config: { access: orgAccess('deskId', ORG_FACILITATORS, deskOwner) } }, async (req, reply) => {
    const raw = (req.query as { data?: unknown }).data;
    if (raw !== undefined && raw !== '' && !validDate(raw)) {
      return dayPage(
        req,
        reply,
        deskIdOf(req),
        undefined,
        { errors: { _: 'La data non è valida: usa il formato AAAA-MM-GG, ad esempio 2026-12-03.' } },
        400,
      );
    }
    return dayPage(req, reply, deskIdOf(req), validDate(raw) ?? undefined);
  });

  app.post('/admin/desks/:deskId/walk-in', { config: { access: orgAccess('deskId', ORG_FACILITATORS, deskOwner) } }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    return formAction(
      async () => {
        const a = await svc.recordWalkIn(deps, req.principal!, deskIdOf(req), { service: str(body, 'service'), name: str(body, 'name') });
        return reply.redirect(`/admin/desks/${a.deskId}/giornata?data=${a.start.slice(0, 10)}`, 303);
      },
      (errors, status) => dayPage(req, reply, deskIdOf(req), undefined, { errors, walkInValues: body }, status),
    );
  });

  const apptAccess = (roles: typeof ORG_STAFF) => ({ config: { access: orgAccess('appointmentId', roles, appointmentOwner) } });

  async function backToDay(reply: FastifyReply, appointmentId: string) {
    const { appointment } = await svc.staffAppointmentView(db, appointmentId);
    return reply.redirect(`/admin/desks/${appointment.deskId}/giornata?data=${appointment.start.slice(0, 10)}`, 303);
  }

  app.post('/admin/desk-appointments/:appointmentId/stato', apptAccess(ORG_FACILITATORS), async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    return formAction(
      async () => {
        await svc.setAppointmentStatus(deps, req.principal!, idOf(req), { status: str(body, 'status') });
        return backToDay(reply, idOf(req));
      },
      async (errors, status) => {
        const { appointment } = await svc.staffAppointmentView(db, idOf(req));
        return dayPage(
          req,
          reply,
          appointment.deskId,
          appointment.start.slice(0, 10),
          { errors: { _: errors._ ?? Object.values(errors)[0] } },
          status,
        );
      },
    );
  });

  app.post('/admin/desk-appointments/:appointmentId/annulla', apptAccess(ORG_STAFF), async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    return formAction(
      async () => {
        const { appointment } = await svc.staffAppointmentView(db, idOf(req));
        await svc.cancelByStaff(deps, req.principal!, idOf(req), { reason: str(body, 'reason') || undefined });
        return reply.redirect(`/admin/desks/${appointment.deskId}/giornata?data=${appointment.start.slice(0, 10)}`, 303);
      },
      async (errors, status) => {
        const { appointment } = await svc.staffAppointmentView(db, idOf(req));
        return dayPage(
          req,
          reply,
          appointment.deskId,
          appointment.start.slice(0, 10),
          { errors: { _: errors._ ?? Object.values(errors)[0] } },
          status,
        );
      },
    );
  });

  app.get('/admin/desk-appointments/:appointmentId/sposta', apptAccess(ORG_STAFF), async (req, reply) =>
    movePage(req, reply, req.query as Record<string, unknown>, { staff: true }),
  );

  app.post('/admin/desk-appointments/:appointmentId/sposta', apptAccess(ORG_STAFF), async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const start = str(body, 'start');
    return formAction(
      async () => {
        const a = await svc.moveByStaff(deps, req.principal!, idOf(req), { start });
        return reply.redirect(`/admin/desks/${a.deskId}/giornata?data=${a.start.slice(0, 10)}`, 303);
      },
      async (errors, status, p) => {
        const problem =
          p.status === 409 && p.extra?.reason === 'taken' ? svc.slotTakenMessage(req.lang) : (errors.start ?? errors._ ?? p.detail);
        return movePage(req, reply, { giorno: start.slice(0, 10) }, { staff: true }, problem, status);
      },
    );
  });
}
