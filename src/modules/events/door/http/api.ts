import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccess } from '../../../../core/access.js';
import { type ApiRouter, apiRouter } from '../../../../core/api.js';
import type { Deps } from '../../../../core/deps.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import { eventAttendance } from '../../attendance.js';
import { type EventStaffRoutes, eventStaffRoutes, paramOf, userOf } from '../../http-kit.js';
import { organisationOfEvent } from '../../service.js';
import { addWalkIn, CheckinInput, checkInByCode, organisationOfCheckin, undoCheckin, WalkInInput } from '../checkin.js';

/** The door through the API, for the organiser's staff: check-ins, walk-ins, undo, attendance. */

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

export const doorApiRoutes: RoutePlugin = async (app, deps) => {
  const api = apiRouter(app, { tags: ['check-in'] });
  const eventRoutes = eventStaffRoutes(api, deps);
  registerCheckinApi(api, eventRoutes, deps);
  registerAttendanceApi(eventRoutes, deps);
};

function registerCheckinApi(api: ApiRouter, eventRoutes: EventStaffRoutes, deps: Deps): void {
  eventRoutes.post(
    '/checkins',
    {
      summary:
        "Check in a booking by its ticket code (as printed, any case, with or without dash or spaces, or the QR's full text). `session` picks a session of a course (default: today's). 201 the first time; 200 with already: true when this booking was already checked in at the session (nothing is counted twice). 404: no booking of this event has the code; 409: the booking is cancelled or not confirmed (waiting list, offer), the event is cancelled or not published, or the session's day (Rome) has not come yet; 422: the session is not one of the event's, or more people than the seats booked.",
      body: CheckinInput,
      created: { description: 'Checked in', schema: CheckinOut },
      ok: { description: 'Already checked in at this session', schema: CheckinOut },
    },
    async ({ params, body, req, reply }) => {
      const r = await checkInByCode(deps, params.eventId, body, { userId: userOf(req), method: 'api' });
      return reply.code(r.already ? 200 : 201).send(r);
    },
  );

  eventRoutes.post(
    '/walk-ins',
    {
      summary:
        'Count people who came without a booking: `people` (default 1), an optional name (personal data, erased with the bookings), audience and age band. Same refusals as check-ins (409 for a cancelled event or before the day, 422 for a session of another event).',
      body: WalkInInput,
      created: { description: 'Counted', schema: z.object({ id: z.string(), sessionId: z.string(), people: z.number().int() }) },
    },
    async ({ params, body, req }) => addWalkIn(deps, params.eventId, body, { userId: userOf(req) }),
  );

  // The check-in must belong to the event named in the path, and the event to the staff's organisation.
  const checkinOwner = async (req: FastifyRequest) => {
    const [ev, c] = await Promise.all([
      organisationOfEvent(deps.db, paramOf(req, 'eventId')),
      organisationOfCheckin(deps.db, paramOf(req, 'checkinId')),
    ]);
    return ev && c === ev ? ev : undefined;
  };
  api.delete(
    '/api/v1/events/:eventId/checkins/:checkinId',
    {
      access: orgAccess('eventId', ORG_STAFF, checkinOwner),
      summary: 'Undo a check-in or a walk-in entered by mistake.',
      params: CheckinParam,
      noContent: 'Undone',
    },
    async ({ params }) => {
      await undoCheckin(deps.db, params.eventId, params.checkinId);
    },
  );
}

function registerAttendanceApi(eventRoutes: EventStaffRoutes, deps: Deps): void {
  eventRoutes.get(
    '/attendance',
    {
      summary:
        'Attendance per session and for the whole event: confirmed bookings, checked in, no-shows (null until the session started), walk-ins, total present (people). For the whole event each booking counts once, with the most people it came with; walk-ins count at every session.',
      ok: AttendanceOut,
    },
    async ({ params }) => eventAttendance(deps.db, params.eventId),
  );
}
