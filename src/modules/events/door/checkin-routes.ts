import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccess } from '../../../core/access.js';
import { apiRoute } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { isId } from '../../../core/ids.js';
import { badRequest, type FieldError, Problem } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { type Errors, type FormBody, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import * as organisations from '../../organisations/service.js';
import { eventAttendance } from '../attendance.js';
import { attendanceCsv, CSV_TYPE, registrationsCsv } from '../attendance-csv.js';
import {
  addWalkIn,
  CheckinInput,
  checkInByCode,
  checkInRegistration,
  checkinSummary,
  defaultSession,
  doorList,
  doorSessions,
  organisationOfCheckin,
  undoCheckin,
  WalkInInput,
} from './checkin.js';
import * as svc from '../service.js';
import { AttendancePage, type DoorNotice, DoorPage } from './views-door.js';

/**
 * The door of an event, for the organiser's staff: the check-in page (typed or scanned ticket code,
 * the list to tick, walk-ins), the attendance page, the CSV files, and the same through the API.
 * Pages post and redirect (303) so that reloading never checks anyone in twice.
 */

const EventParam = z.object({ eventId: z.string() });
const CheckinParam = z.object({ eventId: z.string(), checkinId: z.string() });

const CheckinOut = z.object({
  id: z.string(),
  registrationId: z.string(),
  sessionId: z.string(),
  people: z.number().int(),
  already: z.boolean(),
  name: z.string().nullable().optional(),
});
const Count = z.object({ entries: z.number().int(), people: z.number().int() });
const Figures = z.object({ booked: Count, checkedIn: Count, noShows: Count.nullable(), walkIns: Count, present: z.number().int() });
const AttendanceOut = z.object({
  eventId: z.string(),
  sessions: z.array(Figures.extend({ id: z.string(), number: z.number().int(), start: z.string(), end: z.string(), started: z.boolean() })),
  total: Figures,
});

export async function registerCheckinRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;
  const eventOwner = (req: FastifyRequest) => svc.organisationOfEvent(db, (req.params as { eventId?: string }).eventId);
  const checkinOwner = async (req: FastifyRequest) => {
    const { eventId, checkinId } = req.params as { eventId?: string; checkinId?: string };
    const [ev, c] = await Promise.all([svc.organisationOfEvent(db, eventId), organisationOfCheckin(db, checkinId)]);
    return ev && c === ev ? ev : undefined;
  };
  const staff = { config: { access: orgAccess('eventId', ORG_STAFF, eventOwner) } };
  const userOf = (req: FastifyRequest) => req.principal?.userId ?? null;

  // ---------------- API ----------------

  apiRoute(
    app,
    'POST',
    '/api/v1/events/:eventId/checkins',
    {
      access: orgAccess('eventId', ORG_STAFF, eventOwner),
      summary:
        "Check in a booking by its ticket code (as printed, any case, with or without dash or spaces, or the QR's full text). `session` picks a session of a course (default: today's). 201 the first time; 200 with already: true when this booking was already checked in at the session (nothing is counted twice). 404: no booking of this event has the code; 409: the booking is cancelled or not confirmed (waiting list, offer), the event is cancelled or not published, or the session's day (Rome) has not come yet; 422: the session is not one of the event's, or more people than the seats booked.",
      tags: ['check-in'],
      params: EventParam,
      body: CheckinInput,
      responses: {
        201: { description: 'Checked in', schema: CheckinOut },
        200: { description: 'Already checked in at this session', schema: CheckinOut },
      },
    },
    async ({ params, body, req, reply }) => {
      const r = await checkInByCode(deps, params.eventId, body, { userId: userOf(req), method: 'api' });
      return reply.code(r.already ? 200 : 201).send(r);
    },
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/events/:eventId/walk-ins',
    {
      access: orgAccess('eventId', ORG_STAFF, eventOwner),
      summary:
        'Count people who came without a booking: `people` (default 1), an optional name (personal data, erased with the bookings), audience and age band. Same refusals as check-ins (409 for a cancelled event or before the day, 422 for a session of another event).',
      tags: ['check-in'],
      params: EventParam,
      body: WalkInInput,
      responses: {
        201: { description: 'Counted', schema: z.object({ id: z.string(), sessionId: z.string(), people: z.number().int() }) },
      },
    },
    async ({ params, body, req, reply }) => reply.code(201).send(await addWalkIn(deps, params.eventId, body, { userId: userOf(req) })),
  );

  apiRoute(
    app,
    'DELETE',
    '/api/v1/events/:eventId/checkins/:checkinId',
    {
      access: orgAccess('eventId', ORG_STAFF, checkinOwner),
      summary: 'Undo a check-in or a walk-in entered by mistake.',
      tags: ['check-in'],
      params: CheckinParam,
      responses: { 204: { description: 'Undone' } },
    },
    async ({ params, reply }) => {
      await undoCheckin(db, params.eventId, params.checkinId);
      return reply.code(204).send();
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/events/:eventId/attendance',
    {
      access: orgAccess('eventId', ORG_STAFF, eventOwner),
      summary:
        'Attendance per session and for the whole event: confirmed bookings, checked in, no-shows (null until the session started), walk-ins, total present (people). For the whole event each booking counts once, with the most people it came with; walk-ins count at every session.',
      tags: ['check-in'],
      params: EventParam,
      responses: { 200: { description: 'OK', schema: AttendanceOut } },
    },
    async ({ params }) => eventAttendance(db, params.eventId),
  );

  // ---------------- pages ----------------

  async function orgOf(id: string) {
    const o = await organisations.getOrganisation(db, id);
    return { id: o.id, name: o.name };
  }

  async function doorPage(
    req: FastifyRequest,
    reply: FastifyReply,
    opts: { session?: string; notice?: DoorNotice; errors?: Errors; values?: Record<string, string> } = {},
    status = 200,
  ) {
    const eventId = (req.params as { eventId: string }).eventId;
    const ev = await svc.getEvent(db, eventId, { includeDrafts: true });
    const sessions = await doorSessions(db, eventId);
    const session = sessions.find((s) => s.id === opts.session) ?? defaultSession(sessions);
    const [org, list, attendance] = await Promise.all([
      orgOf(ev.organisation.id),
      doorList(db, eventId, session.id),
      eventAttendance(db, eventId),
    ]);
    const figures = attendance.sessions.find((s) => s.id === session.id) ?? attendance.total;
    return sendPage(
      reply,
      DoorPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        event: ev,
        sessions,
        session,
        items: list.items,
        walkIns: list.walkIns,
        figures,
        notice: opts.notice,
        errors: opts.errors,
        values: opts.values,
      }),
      status,
    );
  }

  /** A refusal re-renders the page with the message beside its field (or on top), with its 4xx status. */
  async function orPage(req: FastifyRequest, reply: FastifyReply, action: () => Promise<unknown>, values: Record<string, string> = {}) {
    try {
      return await action();
    } catch (err) {
      if (!(err instanceof Problem) || err.status >= 500) throw err;
      const errors: Errors = {};
      for (const e of err.errors ?? [])
        if (['code', 'people', 'name', 'audience', 'ageBand'].includes(e.field)) errors[e.field] ??= e.message;
      if (Object.keys(errors).length === 0) errors._ = err.detail ?? err.title;
      return doorPage(req, reply, { session: str((req.body ?? {}) as FormBody, 'sessione'), errors, values }, err.status);
    }
  }

  const back = (eventId: string, session: string, extra: string) =>
    `/admin/events/${eventId}/ingresso?${new URLSearchParams({ ...(isId(session) ? { sessione: session } : {}), ...Object.fromEntries(new URLSearchParams(extra)) })}`;

  app.get('/admin/events/:eventId/ingresso', staff, async (req, reply) => {
    const eventId = (req.params as { eventId: string }).eventId;
    const q = req.query as Record<string, string | undefined>;
    let notice: DoorNotice | undefined;
    const done = typeof q.fatto === 'string' ? q.fatto : typeof q.aggiunto === 'string' ? q.aggiunto : undefined;
    if (done) {
      const c = await checkinSummary(db, eventId, done);
      if (c) notice = { kind: q.aggiunto ? 'added' : q.gia === '1' ? 'already' : 'ok', name: c.name, people: c.people };
    } else if (q.annullato === '1') notice = { kind: 'undone' };
    return doorPage(req, reply, { session: typeof q.sessione === 'string' ? q.sessione : undefined, notice });
  });

  app.post('/admin/events/:eventId/ingresso/codice', staff, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const eventId = (req.params as { eventId: string }).eventId;
    const session = str(body, 'sessione');
    return orPage(
      req,
      reply,
      async () => {
        const code = str(body, 'code');
        if (!code) throw badRequest('Indica il codice.', [{ field: 'code', message: 'scrivi il codice del biglietto o scansiona il QR' }]);
        const r = await checkInByCode(deps, eventId, { code, session: session || undefined }, { userId: userOf(req), method: 'code' });
        return reply.redirect(back(eventId, r.sessionId, `fatto=${r.id}${r.already ? '&gia=1' : ''}`), 303);
      },
      { code: str(body, 'code') },
    );
  });

  app.post('/admin/events/:eventId/ingresso/lista', staff, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const eventId = (req.params as { eventId: string }).eventId;
    return orPage(req, reply, async () => {
      const registration = str(body, 'registration');
      if (!registration) throw badRequest('Scegli una persona della lista.');
      const r = await checkInRegistration(deps, eventId, registration, str(body, 'sessione') || undefined, { userId: userOf(req) });
      return reply.redirect(back(eventId, r.sessionId, `fatto=${r.id}${r.already ? '&gia=1' : ''}`), 303);
    });
  });

  app.post('/admin/events/:eventId/ingresso/senza-prenotazione', staff, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const eventId = (req.params as { eventId: string }).eventId;
    const values = { people: str(body, 'people'), name: str(body, 'name'), audience: str(body, 'audience'), ageBand: str(body, 'ageBand') };
    return orPage(
      req,
      reply,
      async () => {
        const errors: FieldError[] = [];
        if (values.people && !/^\d{1,4}$/.test(values.people))
          errors.push({ field: 'people', message: 'indica un numero intero, ad esempio 1' });
        if (errors.length) throw badRequest('Il modulo contiene errori.', errors);
        const r = await addWalkIn(
          deps,
          eventId,
          {
            people: values.people ? Number(values.people) : 1,
            name: values.name || null,
            audience: values.audience || null,
            ageBand: values.ageBand || null,
            session: str(body, 'sessione') || undefined,
          },
          { userId: userOf(req) },
        );
        return reply.redirect(back(eventId, r.sessionId, `aggiunto=${r.id}`), 303);
      },
      values,
    );
  });

  app.post('/admin/events/:eventId/ingresso/annulla', staff, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const eventId = (req.params as { eventId: string }).eventId;
    return orPage(req, reply, async () => {
      const checkin = str(body, 'checkin');
      if (!isId(checkin)) throw badRequest('Scegli un ingresso da annullare.');
      try {
        await undoCheckin(db, eventId, checkin);
      } catch (err) {
        // Already undone (a second click): the page says so instead of a missing page.
        if (err instanceof Problem && err.status === 404) throw new Problem(409, 'Già annullato', 'Questo ingresso non è più registrato.');
        throw err;
      }
      return reply.redirect(back(eventId, str(body, 'sessione'), 'annullato=1'), 303);
    });
  });

  app.get('/admin/events/:eventId/presenze', staff, async (req, reply) => {
    const eventId = (req.params as { eventId: string }).eventId;
    const ev = await svc.getEvent(db, eventId, { includeDrafts: true });
    const [org, attendance] = await Promise.all([orgOf(ev.organisation.id), eventAttendance(db, eventId)]);
    return sendPage(reply, AttendancePage({ ctx: pageContext(req, reply, org.name), organisation: org, event: ev, attendance }));
  });

  const sendCsv = (reply: FastifyReply, body: string, filename: string) =>
    reply
      .type(CSV_TYPE)
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'private, no-store')
      .send(body);

  app.get('/admin/events/:eventId/presenze.csv', staff, async (req, reply) => {
    const eventId = (req.params as { eventId: string }).eventId;
    return sendCsv(reply, attendanceCsv(await eventAttendance(db, eventId)), `presenze-${eventId}.csv`);
  });

  app.get('/admin/events/:eventId/iscritti.csv', staff, async (req, reply) => {
    const eventId = (req.params as { eventId: string }).eventId;
    const csv = await registrationsCsv(db, eventId);
    // Personal data leaves the system: the download is on the audit trail like a view of the list.
    await svc.auditRegistrationsView(db, eventId, { userId: userOf(req), organisationId: req.targetOrganisationId, via: 'csv' });
    return sendCsv(reply, csv, `iscritti-${eventId}.csv`);
  });
}
