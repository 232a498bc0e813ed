import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole, PUBLIC, SIGNED_IN } from '../../../core/access.js';
import { type ApiRouter, apiRoute, apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { withIdempotency } from '../../../core/idempotency.js';
import type { RoutePlugin } from '../../../core/module.js';
import { refuse } from '../../../core/problems.js';
import { limitedApp, publicWriteConfig } from '../../../core/public-writes.js';
import { ORG_FACILITATORS, ORG_MEMBERS, ORG_STAFF, type Role } from '../../../core/roles.js';
import { chosenEncoding } from '../../../web/static-files.js';
import {
  AgendaOut,
  AgendaQuery,
  APPOINTMENT_STATUSES,
  AppointmentCreate,
  AppointmentOut,
  DeskCreate,
  DeskDetailOut,
  DeskListOut,
  DeskListQuery,
  DeskOut,
  DeskPatch,
  ExceptionCreate,
  ExceptionOut,
  HoldCreate,
  LinkedAppointmentOut,
  MoveBody,
  OperatorCreate,
  OperatorOut,
  SlotsQuery,
  StaffCancelBody,
  StatusBody,
  TokenQuery,
  WalkInBody,
} from '../schemas.js';
import * as svc from '../service.js';
import { owners } from './common.js';

const DeskParam = z.object({ deskId: z.string() });
const HoldParam = z.object({ holdId: z.string() });
const AppointmentParam = z.object({ appointmentId: z.string() });

const SlotItem = z.object({ start: z.string(), end: z.string(), free: z.number() });
const HoldOut = z.object({ id: z.string(), expiresAt: z.string(), start: z.string(), end: z.string(), service: z.string() });
const BookedOut = z.object({
  id: z.string(),
  start: z.string(),
  end: z.string(),
  manageToken: z.string(),
  status: z.enum(APPOINTMENT_STATUSES),
  service: z.string().describe("The service's code"),
});

/** The JSON API under /api/v1: desks and free slots for anyone, bookings by private link, the rest for staff. */
export const deskApiRoutes: RoutePlugin = async (app, deps) => {
  const api = apiRouter(app, { tags: ['desks'] });
  registerDeskReads(app, api, deps);
  registerBookingApi(app, api, deps);
  registerDeskSetupApi(api, deps);
  registerAgendaApi(api, deps);
};

/** Desks, their closures and free slots (public). */
function registerDeskReads(app: FastifyInstance, api: ApiRouter, { db }: Deps): void {
  api.get(
    '/api/v1/desks',
    {
      access: PUBLIC,
      summary: 'Help desks (public); near=<ISTAT code> orders them by nearness and adds `nearness` (0 same comune … 3 elsewhere)',
      query: DeskListQuery,
      ok: DeskListOut,
    },
    async ({ query }) => {
      const desks = await svc.listDesks(db, { organisation: query.organisation, municipality: query.municipality, service: query.service });
      if (!query.near) return { items: desks };
      const ranked = await svc.desksNear(db, query.near, desks);
      return { items: ranked.map((r) => ({ ...r.desk, nearness: r.nearness })) };
    },
  );

  api.get(
    '/api/v1/desks/:deskId',
    {
      access: PUBLIC,
      summary: 'A help desk: services, opening hours, upcoming closures and extra openings',
      params: DeskParam,
      ok: DeskDetailOut,
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
    async ({ params, query, req, reply }) => {
      // The answer's bytes are kept between requests, compressed copies included (booking/free-places.ts).
      const body = await svc.freeSlotsBody(db, params.deskId, query);
      const asked = req.headers['x-no-compression'] === undefined ? chosenEncoding(req.headers['accept-encoding']) : null;
      const { bytes, encoding } = svc.encodedBody(body, asked);
      reply.type('application/json; charset=utf-8').header('vary', 'Accept-Encoding');
      if (encoding) reply.header('content-encoding', encoding);
      return reply.send(bytes);
    },
  );
}

/** Holds and appointments: public writes, rate-limited; an appointment through its private link token. */
function registerBookingApi(app: FastifyInstance, appApi: ApiRouter, deps: Deps): void {
  const { db } = deps;
  const publicWrite = publicWriteConfig(deps);
  const limitedApi = appApi.on(limitedApp(app, deps));
  limitedApi.post(
    '/api/v1/desks/:deskId/holds',
    {
      ...publicWrite,
      summary: 'Hold a slot for 5 minutes while the citizen fills in the form (counts against capacity)',
      params: DeskParam,
      body: HoldCreate,
      created: { description: 'Held', schema: HoldOut },
      responses: { 409: { description: 'The slot is full' } },
    },
    async ({ params, body }) => {
      const hold = await svc.createHold(deps, params.deskId, body);
      return { id: hold.id, expiresAt: hold.expiresAt, start: hold.start, end: hold.end, service: hold.service };
    },
  );

  limitedApi.delete(
    '/api/v1/holds/:holdId',
    { ...publicWrite, summary: 'Release a hold (the citizen leaves)', params: HoldParam, noContent: 'Released' },
    async ({ params }) => {
      await svc.releaseHold(deps, params.holdId);
    },
  );

  limitedApi.post(
    '/api/v1/holds/:holdId/extension',
    {
      ...publicWrite,
      summary: 'Five more minutes for a hold in force (the citizen needs more time; up to 20 minutes in all)',
      params: HoldParam,
      ok: { description: 'Extended: the new expiresAt', schema: HoldOut },
      responses: {
        404: { description: 'The hold is gone (confirmed, released or expired)' },
        409: { description: 'The hold cannot be kept any longer' },
      },
    },
    async ({ params, reply }) => {
      const hold = await svc.extendHold(deps, params.holdId);
      return reply.send({ id: hold.id, expiresAt: hold.expiresAt, start: hold.start, end: hold.end, service: hold.service });
    },
  );

  limitedApi.post(
    '/api/v1/desks/:deskId/appointments',
    {
      ...publicWrite,
      summary: 'Book an appointment (name and e-mail or phone); pass `hold` to turn a hold into the appointment',
      params: DeskParam,
      body: AppointmentCreate,
      idempotent: true,
      created: { description: 'Booked', schema: BookedOut },
      responses: {
        409: { description: 'The slot was just taken' },
        422: {
          description:
            'Not a bookable slot; or the per-person limit is reached, said only to staff and to phone-only requests (with an e-mail the answer is 201 as for a booking, nothing is booked and the address is written to)',
        },
      },
    },
    async ({ req, reply, params, body }) =>
      withIdempotency(db, req, reply, `desk-appointment:${params.deskId}`, async () => {
        const orgId = req.principal ? await svc.organisationOfDesk(db, params.deskId) : undefined;
        const staff = orgId && req.principal && hasRole(req.principal, orgId, ORG_FACILITATORS) ? req.principal : null;
        const r = await svc.bookValidAppointment(deps, params.deskId, body, {
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

  appApi.get(
    '/api/v1/appointments/:appointmentId',
    {
      access: PUBLIC,
      summary: 'An appointment, through its private link token',
      params: AppointmentParam,
      query: TokenQuery,
      ok: LinkedAppointmentOut,
    },
    async ({ params, query }) => {
      const { appointment, desk } = await svc.appointmentByToken(deps, params.appointmentId, query.token);
      return { ...appointment, desk: { id: desk.id, name: desk.name, venue: desk.venue } };
    },
  );

  limitedApi.delete(
    '/api/v1/appointments/:appointmentId',
    {
      ...publicWrite,
      summary: 'Cancel an appointment through its private link token',
      params: AppointmentParam,
      query: TokenQuery,
      noContent: 'Cancelled',
    },
    async ({ params, query }) => {
      await svc.cancelByCitizen(deps, params.appointmentId, query.token);
    },
  );

  limitedApi.patch(
    '/api/v1/appointments/:appointmentId',
    {
      ...publicWrite,
      summary: 'Move an appointment to another free slot, through its private link token',
      params: AppointmentParam,
      query: TokenQuery,
      body: MoveBody,
      ok: { description: 'Moved', schema: AppointmentOut },
      responses: { 409: { description: 'The new slot is full' } },
    },
    async ({ params, query, body }) => svc.moveByCitizen(deps, params.appointmentId, query.token, body),
  );
}

/** Desks, exceptions and operators (staff of the desk's organisation). */
function registerDeskSetupApi(api: ApiRouter, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);
  api.post(
    '/api/v1/desks',
    {
      access: SIGNED_IN,
      summary: "Create a help desk at one of the organisation's venues (staff of that organisation)",
      body: DeskCreate,
      created: { description: 'Created', schema: DeskOut },
    },
    async ({ req, body }) => {
      if (!svc.canManage(req.principal, body.organisation)) throw refuse(403, 'desks.error.createForbidden');
      const desk = await svc.createDesk(db, body);
      return desk;
    },
  );

  const desk = deskRoutes(api, deps);
  desk.patch(
    '',
    {
      roles: ORG_STAFF,
      summary: 'Change a desk: details, services, weekly opening hours (lists are replaced whole)',
      body: DeskPatch,
      ok: DeskOut,
    },
    async ({ params, body }) => svc.updateDesk(db, params.deskId, body),
  );

  deskEntryRoutes(api, desk, {
    path: 'exceptions',
    readers: ORG_MEMBERS,
    item: { url: '/api/v1/desk-exceptions', param: 'exceptionId', owner: owner.exception },
    summaries: {
      list: "A desk's exceptions, with notes",
      add: 'Add a closure (whole days), an extra opening or a blocked period',
      remove: 'Remove an exception',
    },
    body: ExceptionCreate,
    out: ExceptionOut,
    added: 'Added',
    list: (deskId) => svc.listExceptions(db, deskId),
    add: (deskId, body) => svc.addException(db, deskId, body),
    remove: (id) => svc.removeException(db, id),
  });
  deskEntryRoutes(api, desk, {
    path: 'operators',
    readers: ORG_FACILITATORS,
    item: { url: '/api/v1/desk-operators', param: 'operatorId', owner: owner.operator },
    summaries: {
      list: "A desk's operators and shifts",
      add: 'Assign an operator: a weekly shift, a one-day shift replacing it, or an absence',
      remove: "Remove an operator's shift",
    },
    body: OperatorCreate,
    out: OperatorOut,
    added: 'Assigned',
    list: (deskId) => svc.listOperators(db, deskId),
    add: (deskId, body) => svc.addOperator(db, deskId, body),
    remove: (id) => svc.removeOperator(db, id),
  });
}

/** The routes of one desk, each open to its own roles in the desk's organisation. */
const deskRoutes = (api: ApiRouter, deps: Deps) => api.owned('/api/v1/desks/:deskId', { params: DeskParam, owner: owners(deps).desk });

/**
 * One list a desk keeps (its exceptions, its operators' shifts): read by `readers` of the desk's
 * organisation, added to by its staff under the desk, each entry removed by its staff at its own url.
 */
function deskEntryRoutes<B extends z.ZodType, O extends z.ZodType>(
  api: ApiRouter,
  desk: ReturnType<typeof deskRoutes>,
  entries: {
    path: string;
    readers: Role[];
    item: { url: string; param: string; owner: (req: FastifyRequest) => Promise<string | undefined> };
    summaries: { list: string; add: string; remove: string };
    body: B;
    /** An entry as the routes answer it. */
    out: O;
    added: string;
    list: (deskId: string) => Promise<z.output<O>[]>;
    add: (deskId: string, body: z.output<B>) => Promise<z.output<O>>;
    remove: (id: string) => Promise<unknown>;
  },
): void {
  const { item, summaries } = entries;
  desk.get(
    `/${entries.path}`,
    { roles: entries.readers, summary: summaries.list, ok: z.object({ items: z.array(entries.out) }) },
    async ({ params }) => ({ items: await entries.list(params.deskId) }),
  );

  desk.post(
    `/${entries.path}`,
    { roles: ORG_STAFF, summary: summaries.add, body: entries.body, created: { description: entries.added, schema: entries.out } },
    async ({ params, body }) => entries.add(params.deskId, body),
  );

  const entry = api.owned(`${item.url}/:${item.param}`, { params: z.object({ [item.param]: z.string() }), owner: item.owner });
  entry.delete('', { roles: ORG_STAFF, summary: summaries.remove, noContent: 'Removed' }, async ({ params }) => {
    await entries.remove(params[item.param]);
  });
}

/** The operator's day: agenda, status, moves, cancellations and walk-ins. */
function registerAgendaApi(api: ApiRouter, deps: Deps): void {
  const desk = deskRoutes(api, deps);
  const appointment = api.owned('/api/v1/desk-appointments/:appointmentId', { params: AppointmentParam, owner: owners(deps).appointment });
  desk.get(
    '/agenda',
    {
      roles: ORG_FACILITATORS,
      summary: "The operator's day: every appointment of a Rome date (default today), with contacts",
      query: AgendaQuery,
      ok: AgendaOut,
    },
    async ({ req, params, query }) => {
      const a = await svc.agenda(deps, req.principal!, params.deskId, query.date);
      return { date: a.date, plan: a.plan, items: a.items };
    },
  );

  appointment.post(
    '/status',
    { roles: ORG_FACILITATORS, summary: 'Mark an appointment served or no-show (or back to booked)', body: StatusBody, ok: AppointmentOut },
    async ({ req, params, body }) => svc.setAppointmentStatus(deps, req.principal!, params.appointmentId, body),
  );

  appointment.patch(
    '',
    {
      roles: ORG_STAFF,
      summary: 'Move an appointment (staff); the citizen is told by e-mail',
      body: MoveBody,
      ok: { description: 'Moved', schema: AppointmentOut },
      responses: { 409: { description: 'The new slot is full' } },
    },
    async ({ req, params, body }) => svc.moveByStaff(deps, req.principal!, params.appointmentId, body),
  );

  appointment.post(
    '/cancel',
    {
      roles: ORG_STAFF,
      summary: 'Cancel an appointment (staff); the citizen is told by e-mail, with the reason',
      body: StaffCancelBody,
      noContent: 'Cancelled',
    },
    async ({ req, params, body }) => {
      await svc.cancelByStaff(deps, req.principal!, params.appointmentId, body);
    },
  );

  desk.post(
    '/walk-ins',
    {
      roles: ORG_FACILITATORS,
      summary: 'Record a walk-in: someone served without an appointment (takes no bookable place)',
      body: WalkInBody,
      created: { description: 'Recorded', schema: AppointmentOut },
    },
    async ({ req, params, body }) => svc.recordWalkIn(deps, req.principal!, params.deskId, body),
  );
}
