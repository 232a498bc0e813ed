import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../../core/deps.js';
import { isId } from '../../../../core/ids.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { fieldError, Problem, refuse } from '../../../../core/problems.js';
import { formAction } from '../../../../web/form-action.js';
import { type Errors, formText as str } from '../../../../web/forms.js';
import { pageContext, sendPage } from '../../../../web/layout.js';
import { type PathForm, routesOf } from '../../../../web/page-routes.js';
import * as organisations from '../../../organisations/service.js';
import { eventAttendance } from '../../attendance.js';
import { attendanceCsv, CSV_TYPE, registrationsCsv } from '../../attendance-csv.js';
import { eventStaff, userOf } from '../../http-kit.js';
import { refuseTitled } from '../../refusals.js';
import * as svc from '../../service.js';
import {
  addWalkIn,
  checkInByCode,
  checkInRegistration,
  checkinSummary,
  defaultSession,
  doorList,
  doorSessions,
  undoCheckin,
} from '../checkin.js';
import { AttendancePage, type DoorNotice, DoorPage } from '../views.js';

/**
 * The door of an event in the back office, for the organiser's staff: the check-in page (typed or
 * scanned ticket code, the list to tick, walk-ins), the attendance page and the CSV files. Pages
 * post and redirect (303) so that reloading never checks anyone in twice.
 */

type EventPage = { Params: { eventId: string }; Querystring: Record<string, string | string[] | undefined> };
type EventForm = PathForm<'eventId'>;

export const doorAdminRoutes: RoutePlugin = routesOf(registerDoorPage, registerCheckinForms, registerWalkInForms, registerAttendancePages);

interface DoorPageOptions {
  session?: string;
  notice?: DoorNotice;
  errors?: Errors;
  values?: Record<string, string>;
}

async function orgOf(deps: Deps, id: string) {
  const o = await organisations.getOrganisation(deps.db, id);
  return { id: o.id, name: o.name };
}

async function doorPage(deps: Deps, req: FastifyRequest, reply: FastifyReply, eventId: string, opts: DoorPageOptions = {}, status = 200) {
  const { db } = deps;
  const ev = await svc.getEvent(db, eventId, { includeDrafts: true });
  const sessions = await doorSessions(db, eventId);
  const { session: chosen, ...shown } = opts;
  const session = sessions.find((s) => s.id === chosen) ?? defaultSession(sessions);
  const [org, list, attendance] = await Promise.all([
    orgOf(deps, ev.organisation.id),
    doorList(db, eventId, session.id),
    eventAttendance(db, eventId),
  ]);
  const figures = attendance.sessions.find((s) => s.id === session.id) ?? attendance.total;
  const page = DoorPage({
    ctx: pageContext(req, reply, org.name),
    organisation: org,
    event: ev,
    sessions,
    session,
    items: list.items,
    walkIns: list.walkIns,
    figures,
    ...shown,
  });
  return sendPage(reply, page, status);
}

/** The fields the door's forms show errors beside; any other refusal is shown on top. */
const DOOR_FIELDS = ['code', 'people', 'name', 'audience', 'ageBand'];

/** A refusal re-renders the page with the message beside its field (or on top), with its 4xx status. */
function orPage(
  deps: Deps,
  req: FastifyRequest<EventForm>,
  reply: FastifyReply,
  action: () => Promise<unknown>,
  values: Record<string, string> = {},
) {
  return formAction(
    action,
    (fieldErrors, status, problem) => {
      const errors: Errors = Object.fromEntries(Object.entries(fieldErrors).filter(([field]) => DOOR_FIELDS.includes(field)));
      if (Object.keys(errors).length === 0) errors._ = problem.detail ?? problem.title;
      return doorPage(deps, req, reply, req.params.eventId, { session: str(req.body ?? {}, 'sessione'), errors, values }, status);
    },
    req.lang,
  );
}

/** The door page again, on the session of the last action, with what happened. */
const back = (eventId: string, session: string, extra: string) =>
  `/admin/events/${eventId}/ingresso?${new URLSearchParams({ ...(isId(session) ? { sessione: session } : {}), ...Object.fromEntries(new URLSearchParams(extra)) })}`;

const text = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

function registerDoorPage(app: FastifyInstance, deps: Deps): void {
  app.get<EventPage>('/admin/events/:eventId/ingresso', { config: { access: eventStaff(deps) } }, async (req, reply) => {
    const { eventId } = req.params;
    const q = req.query;
    let notice: DoorNotice | undefined;
    const done = text(q.fatto) ?? text(q.aggiunto);
    if (done) {
      const c = await checkinSummary(deps.db, eventId, done);
      if (c) notice = { kind: q.aggiunto ? 'added' : q.gia === '1' ? 'already' : 'ok', name: c.name, people: c.people };
    } else if (q.annullato === '1') notice = { kind: 'undone' };
    return doorPage(deps, req, reply, eventId, { session: text(q.sessione), notice });
  });
}

function registerCheckinForms(app: FastifyInstance, deps: Deps): void {
  const staff = { config: { access: eventStaff(deps) } };
  const checkedIn = (eventId: string, r: { id: string; sessionId: string; already: boolean }) =>
    back(eventId, r.sessionId, `fatto=${r.id}${r.already ? '&gia=1' : ''}`);

  app.post<EventForm>('/admin/events/:eventId/ingresso/codice', staff, async (req, reply) => {
    const body = req.body ?? {};
    const { eventId } = req.params;
    const session = str(body, 'sessione');
    const code = str(body, 'code');
    const action = async () => {
      if (!code) throw refuse(400, 'door.problem.code', undefined, [fieldError('code', 'door.field.code.missing')]);
      const r = await checkInByCode(deps, eventId, { code, session: session || undefined }, { userId: userOf(req), method: 'code' });
      return reply.redirect(checkedIn(eventId, r), 303);
    };
    return orPage(deps, req, reply, action, { code });
  });

  app.post<EventForm>('/admin/events/:eventId/ingresso/lista', staff, async (req, reply) => {
    const body = req.body ?? {};
    const { eventId } = req.params;
    return orPage(deps, req, reply, async () => {
      const registration = str(body, 'registration');
      if (!registration) throw refuse(400, 'door.problem.pick');
      const r = await checkInRegistration(deps, eventId, registration, str(body, 'sessione') || undefined, { userId: userOf(req) });
      return reply.redirect(checkedIn(eventId, r), 303);
    });
  });

  app.post<EventForm>('/admin/events/:eventId/ingresso/annulla', staff, async (req, reply) => {
    const body = req.body ?? {};
    const { eventId } = req.params;
    return orPage(deps, req, reply, async () => {
      const checkin = str(body, 'checkin');
      if (!isId(checkin)) throw refuse(400, 'door.problem.pickUndo');
      try {
        await undoCheckin(deps.db, eventId, checkin);
      } catch (err) {
        // Already undone (a second click): the page says so instead of a missing page.
        if (err instanceof Problem && err.status === 404) throw refuseTitled(409, 'door.problem.undone.title', 'door.problem.undone');
        throw err;
      }
      return reply.redirect(back(eventId, str(body, 'sessione'), 'annullato=1'), 303);
    });
  });
}

function registerWalkInForms(app: FastifyInstance, deps: Deps): void {
  app.post<EventForm>(
    '/admin/events/:eventId/ingresso/senza-prenotazione',
    { config: { access: eventStaff(deps) } },
    async (req, reply) => {
      const body = req.body ?? {};
      const { eventId } = req.params;
      const values = {
        people: str(body, 'people'),
        name: str(body, 'name'),
        audience: str(body, 'audience'),
        ageBand: str(body, 'ageBand'),
      };
      const action = async () => {
        if (values.people && !/^\d{1,4}$/.test(values.people)) {
          throw refuse(400, 'door.problem.form', undefined, [fieldError('people', 'door.field.people.whole')]);
        }
        const input = {
          people: values.people ? Number(values.people) : 1,
          name: values.name || null,
          audience: values.audience || null,
          ageBand: values.ageBand || null,
          session: str(body, 'sessione') || undefined,
        };
        const r = await addWalkIn(deps, eventId, input, { userId: userOf(req) });
        return reply.redirect(back(eventId, r.sessionId, `aggiunto=${r.id}`), 303);
      };
      return orPage(deps, req, reply, action, values);
    },
  );
}

const sendCsv = (reply: FastifyReply, body: string, filename: string) =>
  reply
    .type(CSV_TYPE)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .send(body);

function registerAttendancePages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const staff = { config: { access: eventStaff(deps) } };
  type EventRoute = { Params: { eventId: string } };

  app.get<EventRoute>('/admin/events/:eventId/presenze', staff, async (req, reply) => {
    const ev = await svc.getEvent(db, req.params.eventId, { includeDrafts: true });
    const [org, attendance] = await Promise.all([orgOf(deps, ev.organisation.id), eventAttendance(db, req.params.eventId)]);
    return sendPage(reply, AttendancePage({ ctx: pageContext(req, reply, org.name), organisation: org, event: ev, attendance }));
  });

  app.get<EventRoute>('/admin/events/:eventId/presenze.csv', staff, async (req, reply) => {
    const { eventId } = req.params;
    return sendCsv(reply, attendanceCsv(await eventAttendance(db, eventId)), `presenze-${eventId}.csv`);
  });

  app.get<EventRoute>('/admin/events/:eventId/iscritti.csv', staff, async (req, reply) => {
    const { eventId } = req.params;
    const csv = await registrationsCsv(db, eventId);
    // Personal data leaves the system: the download is on the audit trail like a view of the list.
    await svc.auditRegistrationsView(db, eventId, { userId: userOf(req), organisationId: req.targetOrganisationId, via: 'csv' });
    return sendCsv(reply, csv, `iscritti-${eventId}.csv`);
  });
}
