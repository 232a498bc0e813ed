import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgAccess } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { Problem } from '../../../core/problems.js';
import { ORG_FACILITATORS, ORG_MEMBERS, ORG_STAFF } from '../../../core/roles.js';
import { nowIso } from '../../../core/time.js';
import { formAction, pageAndForm } from '../../../web/form-action.js';
import { type Errors, type FormBody, formList as list, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { orgPage, type PathForm, routesOf } from '../../../web/page-routes.js';
import { openCallbacks } from '../../callbacks/service.js';
import { formPrefillUrl } from '../../facilitation/service.js';
import { listVenues } from '../../organisations/service.js';
import type { ServiceData } from '../schemas.js';
import * as svc from '../service.js';
import { DeskAdminPage, DesksAdminPage } from '../views/admin.js';
import { DayPage } from '../views/day.js';
import { num, owners, plusDays, validDate } from './common.js';
import { movePage, moveProblem } from './pages.js';

type OrgForm = PathForm<'organisationId'>;
type DeskForm = PathForm<'deskId'>;
type AppointmentForm = PathForm<'appointmentId'>;

/** The back office: an organisation's desks, a desk's settings, the operator's day. */
export const deskAdminRoutes: RoutePlugin = routesOf(registerDeskList, registerDeskSettings, registerDayPages, registerAppointmentActions);

/** Field errors of nested inputs (openingHours.0.start) shown on the flat form field (start). */
function flatErrors(errors: Errors): Errors {
  const out: Errors = {};
  for (const [k, v] of Object.entries(errors)) {
    const key = k.startsWith('openingHours.') ? (k.split('.').pop() ?? k) : k.startsWith('services') ? 'services' : k;
    out[key] ??= v;
  }
  return out;
}

const venueOptions = (venues: { id: string; name: string }[]) => venues.map((v) => ({ id: v.id, name: v.name }));

const desksAdminPage = (deps: Deps) =>
  orgPage(deps.db, DesksAdminPage, async (req, org) => {
    const [desks, venues] = await Promise.all([
      svc.listDesks(deps.db, { organisation: org.id, includeInactive: true }),
      listVenues(deps.db, org.id),
    ]);
    return { desks, venues: venueOptions(venues), canEdit: svc.canManage(req.principal, org.id) };
  });

/** The new desk of the back-office form: its organisation, venue, default services and one weekly opening. */
function newDeskOf(organisation: string, body: FormBody) {
  return {
    organisation,
    venue: str(body, 'venue'),
    name: str(body, 'name'),
    services: list(body, 'services')
      .map((code) => svc.defaultService(code))
      .filter((s): s is ServiceData => !!s),
    openingHours: list(body, 'weekdays').map((w) => ({
      weekday: num(w),
      start: str(body, 'start'),
      end: str(body, 'end'),
      operators: num(str(body, 'operators')),
    })),
  };
}

function registerDeskList(app: FastifyInstance, deps: Deps): void {
  const owner = owners(deps);
  pageAndForm<OrgForm>(
    app,
    '/admin/organisations/:organisationId/desks',
    {
      show: orgAccess('organisationId', ORG_MEMBERS, owner.organisation),
      send: orgAccess('organisationId', ORG_STAFF, owner.organisation),
    },
    desksAdminPage(deps),
    async (req, body) => {
      const desk = await svc.createDesk(deps.db, newDeskOf(req.targetOrganisationId!, body));
      return `/admin/desks/${desk.id}?created=1`;
    },
    flatErrors,
  );
}

async function deskAdminPage(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  deskId: string,
  extra: { notice?: 'created' | 'saved'; errors?: Errors; form?: string; values?: FormBody } = {},
  status = 200,
) {
  const { db } = deps;
  const desk = await svc.getDesk(db, deskId, { includeInactive: true });
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
      venues: venueOptions(venues),
      exceptions,
      operators,
      canEdit: svc.canManage(req.principal, desk.organisation.id),
      ...extra,
    }),
    status,
  );
}

const asData = (s: svc.ServiceView): ServiceData => ({ code: s.code, name: s.name, durationMinutes: s.durationMinutes, bring: s.bring });

/** A desk's details form as a change of the desk. */
function detailsChange(desk: svc.DeskView, body: FormBody) {
  const count = str(body, 'limitCount');
  const days = str(body, 'limitDays');
  return {
    name: str(body, 'name'),
    venue: str(body, 'venue') || desk.venue.id,
    description: str(body, 'description') || null,
    patronDay: str(body, 'patronDay') || null,
    personLimit: count || days ? { count: num(count) ?? 1, days: num(days) ?? 30 } : null,
    retentionDays: num(str(body, 'retentionDays')) ?? desk.retentionDays,
    eventId: str(body, 'eventId') || null,
    active: str(body, 'active') === '1',
  };
}

/** Adds or replaces a service of the desk; errors of that entry are shown on the add form's fields. */
function saveService(deps: Deps, desk: svc.DeskView, body: FormBody) {
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
  return svc.updateDesk(deps.db, desk.id, { services } as never).catch((err) => {
    if (err instanceof Problem && err.errors) {
      const index = existing >= 0 ? existing : services.length - 1;
      const prefix = new RegExp(`^services\\.${index}\\.`);
      const errors = err.errors.map((e) => ({ ...e, field: e.field.replace(prefix, '') }));
      const moved = new Problem(err.status, err.title, err.detail, errors, err.extra);
      moved.keys = err.keys;
      throw moved;
    }
    throw err;
  });
}

function registerDeskSettings(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);
  const staffDesk = { config: { access: orgAccess('deskId', ORG_STAFF, owner.desk) } };

  app.get<{ Params: { deskId: string }; Querystring: { created?: string; saved?: string } }>(
    '/admin/desks/:deskId',
    { config: { access: orgAccess('deskId', ORG_FACILITATORS, owner.desk) } },
    async (req, reply) => {
      const q = req.query;
      return deskAdminPage(deps, req, reply, req.params.deskId, {
        notice: q.created === '1' ? 'created' : q.saved === '1' ? 'saved' : undefined,
      });
    },
  );

  /** A back-office desk form: run the change, then back to the desk page; errors re-render the page at that form. */
  function deskForm(path: string, form: string, change: (desk: svc.DeskView, body: FormBody) => Promise<unknown>) {
    app.post<DeskForm>(path, staffDesk, async (req, reply) => {
      const body = req.body ?? {};
      return formAction(
        async () => {
          const desk = await svc.getDesk(db, req.params.deskId, { includeInactive: true });
          await change(desk, body);
          return reply.redirect(`/admin/desks/${desk.id}?saved=1`, 303);
        },
        (errors, status) => deskAdminPage(deps, req, reply, req.params.deskId, { errors: flatErrors(errors), form, values: body }, status),
        req.lang,
      );
    });
  }

  deskForm('/admin/desks/:deskId', 'details', (desk, body) => svc.updateDesk(db, desk.id, detailsChange(desk, body) as never));
  deskForm('/admin/desks/:deskId/servizi', 'service', (desk, body) => saveService(deps, desk, body));
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

  /** Removes an exception or a shift, then back to its desk's page. */
  function removeForm(path: string, param: 'exceptionId' | 'operatorId', remove: (id: string) => Promise<{ deskId: string }>) {
    const access = orgAccess(param, ORG_STAFF, param === 'exceptionId' ? owner.exception : owner.operator);
    app.post<{ Params: Record<typeof param, string> }>(path, { config: { access } }, async (req, reply) => {
      const { deskId } = await remove(req.params[param]);
      return reply.redirect(`/admin/desks/${deskId}?saved=1`, 303);
    });
  }
  removeForm('/admin/desk-exceptions/:exceptionId/rimuovi', 'exceptionId', (id) => svc.removeException(db, id));
  removeForm('/admin/desk-operators/:operatorId/rimuovi', 'operatorId', (id) => svc.removeOperator(db, id));
}

async function dayPage(
  app: FastifyInstance,
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  deskId: string,
  date: string | undefined,
  extra: { errors?: Errors; walkInValues?: FormBody } = {},
  status = 200,
) {
  const agenda = await svc.agenda(deps, req.principal!, deskId, date);
  const callbacks = await deskCallbacks(deps, agenda.desk);
  // The facilitation form, pre-filled, for each served appointment (when that module is there).
  const facilitationUrls = app.hasRoute({ method: 'GET', url: '/admin/facilitazioni/nuova' })
    ? Object.fromEntries(
        agenda.items.filter((a) => a.status === 'served').map((a) => [a.id, formPrefillUrl(svc.facilitationPrefill(agenda.desk, a))]),
      )
    : {};
  return sendPage(
    reply,
    DayPage({
      ctx: pageContext(req, reply, agenda.desk.organisation.name),
      agenda,
      prev: plusDays(agenda.date, -1),
      next: plusDays(agenda.date, 1),
      canManage: svc.canManage(req.principal, agenda.desk.organisation.id),
      now: nowIso(),
      facilitationUrls,
      callbacks,
      ticked: (req.query as { avvisata?: unknown }).avvisata === '1',
      ...extra,
    }),
    status,
  );
}

/** The desk's phone-only people to call, with their appointments (read here: desks own them). */
async function deskCallbacks(deps: Deps, desk: { id: string; organisation: { id: string } }) {
  const open = await openCallbacks(deps.db, desk.organisation.id, desk.id);
  const rows = await Promise.all(
    open.map(async (c) => {
      const { appointment } = await svc.staffAppointmentView(deps.db, c.subjectId).catch(() => ({ appointment: null }));
      return appointment?.phone ? [{ id: c.id, reason: c.reason, appointment }] : [];
    }),
  );
  return rows.flat();
}

const dayUrl = (a: { deskId: string; start: string }) => `/admin/desks/${a.deskId}/giornata?data=${a.start.slice(0, 10)}`;

function registerDayPages(app: FastifyInstance, deps: Deps): void {
  const facilitators = { config: { access: orgAccess('deskId', ORG_FACILITATORS, owners(deps).desk) } };

  app.get<{ Params: { deskId: string }; Querystring: { data?: unknown } }>(
    '/admin/desks/:deskId/giornata',
    facilitators,
    async (req, reply) => {
      const raw = req.query.data;
      if (raw !== undefined && raw !== '' && !validDate(raw)) {
        const errors = { _: t(req.lang, 'desks.error.date') };
        return dayPage(app, deps, req, reply, req.params.deskId, undefined, { errors }, 400);
      }
      return dayPage(app, deps, req, reply, req.params.deskId, validDate(raw) ?? undefined);
    },
  );

  app.post<DeskForm>('/admin/desks/:deskId/walk-in', facilitators, async (req, reply) => {
    const body = req.body ?? {};
    return formAction(
      async () => {
        const input = { service: str(body, 'service'), name: str(body, 'name') };
        const a = await svc.recordWalkIn(deps, req.principal!, req.params.deskId, input);
        return reply.redirect(dayUrl(a), 303);
      },
      (errors, status) => dayPage(app, deps, req, reply, req.params.deskId, undefined, { errors, walkInValues: body }, status),
      req.lang,
    );
  });
}

function registerAppointmentActions(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);
  const apptAccess = (roles: typeof ORG_STAFF) => ({ config: { access: orgAccess('appointmentId', roles, owner.appointment) } });

  /** A refused change of an appointment: its day again, with the problem on top. */
  const dayAgain = async (req: FastifyRequest, reply: FastifyReply, id: string, errors: Errors, status: number) => {
    const { appointment } = await svc.staffAppointmentView(db, id);
    const problem = { _: errors._ ?? Object.values(errors)[0] };
    return dayPage(app, deps, req, reply, appointment.deskId, appointment.start.slice(0, 10), { errors: problem }, status);
  };

  app.post<AppointmentForm>('/admin/desk-appointments/:appointmentId/stato', apptAccess(ORG_FACILITATORS), async (req, reply) => {
    const id = req.params.appointmentId;
    return formAction(
      async () => {
        await svc.setAppointmentStatus(deps, req.principal!, id, { status: str(req.body ?? {}, 'status') });
        const { appointment } = await svc.staffAppointmentView(db, id);
        return reply.redirect(dayUrl(appointment), 303);
      },
      (errors, status) => dayAgain(req, reply, id, errors, status),
      req.lang,
    );
  });

  app.post<AppointmentForm>('/admin/desk-appointments/:appointmentId/annulla', apptAccess(ORG_STAFF), async (req, reply) => {
    const id = req.params.appointmentId;
    return formAction(
      async () => {
        const { appointment } = await svc.staffAppointmentView(db, id);
        await svc.cancelByStaff(deps, req.principal!, id, { reason: str(req.body ?? {}, 'reason') || undefined });
        return reply.redirect(dayUrl(appointment), 303);
      },
      (errors, status) => dayAgain(req, reply, id, errors, status),
      req.lang,
    );
  });

  app.get<{ Params: { appointmentId: string }; Querystring: Record<string, unknown> }>(
    '/admin/desk-appointments/:appointmentId/sposta',
    apptAccess(ORG_STAFF),
    async (req, reply) => movePage(deps, req, reply, req.params.appointmentId, req.query, { staff: true }),
  );

  app.post<AppointmentForm>('/admin/desk-appointments/:appointmentId/sposta', apptAccess(ORG_STAFF), async (req, reply) => {
    const id = req.params.appointmentId;
    const start = str(req.body ?? {}, 'start');
    return formAction(
      async () => {
        const a = await svc.moveByStaff(deps, req.principal!, id, { start });
        return reply.redirect(dayUrl(a), 303);
      },
      (errors, status, p) =>
        movePage(deps, req, reply, id, { giorno: start.slice(0, 10) }, { staff: true }, moveProblem(req, errors, p), status),
      req.lang,
    );
  });
}
