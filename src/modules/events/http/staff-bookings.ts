import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccessTo } from '../../../core/access.js';
import { apiRouter } from '../../../core/api.js';
import { auditLog } from '../../../core/audit.js';
import { t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { nowIso } from '../../../core/time.js';
import { formAction } from '../../../web/form-action.js';
import { type Errors, type FormBody, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import * as organisations from '../../organisations/service.js';
import { organisationEvents } from '../catalogue/catalogue.js';
import { Seats, StaffActOut } from '../schemas.js';
import * as svc from '../service.js';
import { type StaffBooking, StaffBookingPage, StaffCancelPage } from '../views/staff-booking.js';

type RegParams = { registrationId: string };
type RegForm = { Params: RegParams; Body: FormBody | undefined };

/** What the registrations page says after each act, by the `fatto` of its address. */
export const DONE_NOTICES: Record<string, string> = {
  annullata: 'staffActs.done.cancelled',
  posti: 'staffActs.done.seats',
  spostata: 'staffActs.done.moved',
};

/**
 * Staff act on one booking for the person (on the phone, at the desk): its page with the code to
 * read out, change of seats, a move to another event of the organisation, and a cancellation that
 * asks first. Each act is audited in the engine's transaction (booking/staff-acts.ts).
 */
export const staffBookingRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const staff = {
    config: {
      access: orgAccessTo(db, 'registrationId', ORG_STAFF, svc.organisationOfRegistration),
    },
  };

  async function loaded(id: string) {
    const row = await svc.staffRegistration(db, id);
    const event = await svc.getEvent(db, row.event_id, { includeDrafts: true });
    const org = await organisations.getOrganisation(db, event.organisation.id);
    const booking: StaffBooking = {
      id: row.id,
      name: row.name,
      phone: row.phone,
      email: row.email,
      seats: Number(row.seats),
      status: row.status,
      ticketCode: row.ticket_code,
    };
    return { event, booking, organisation: { id: org.id, name: org.name } };
  }

  async function bookingPage(req: FastifyRequest<{ Params: RegParams }>, reply: FastifyReply, errors?: Errors, status = 200) {
    const { event, booking, organisation } = await loaded(req.params.registrationId);
    // Staff access to personal data is audited, as for the list of bookings.
    await auditLog('registration')(db.k, 'view-registration', { id: booking.id, organisationId: organisation.id }, req.principal);
    // Other events of the organisation still to come that take bookings: where a move may go.
    const now = nowIso();
    const { upcoming } = await organisationEvents(db, organisation.id);
    const targets = upcoming.filter((e) => e.id !== event.id && e.status === 'published' && e.bookingRequired && e.start > now);
    const page = StaffBookingPage({ ctx: pageContext(req, reply, organisation.name), organisation, event, booking, targets, errors });
    return sendPage(reply, page, status);
  }

  const done = (reply: FastifyReply, eventId: string, what: keyof typeof DONE_NOTICES) =>
    reply.redirect(`/admin/events/${eventId}/registrations?fatto=${what}`, 303);

  app.get<{ Params: RegParams }>('/admin/registrations/:registrationId', staff, async (req, reply) => bookingPage(req, reply));

  app.post<RegForm>('/admin/registrations/:registrationId/posti', staff, async (req, reply) =>
    formAction(
      async () => {
        const raw = str(req.body ?? {}, 'seats');
        const row = await svc.staffRegistration(db, req.params.registrationId);
        await svc.changeSeatsForPerson(db, req.principal, row.id, /^\d{1,3}$/.test(raw) ? Number(raw) : raw);
        return done(reply, row.event_id, 'posti');
      },
      (errors, status) => bookingPage(req, reply, errors, status),
      req.lang,
    ),
  );

  app.post<RegForm>('/admin/registrations/:registrationId/sposta', staff, async (req, reply) =>
    formAction(
      async () => {
        const moved = await svc.moveForPerson(db, req.principal, req.params.registrationId, str(req.body ?? {}, 'to'));
        return done(reply, moved.to, 'spostata');
      },
      (errors, status) => bookingPage(req, reply, errors, status),
      req.lang,
    ),
  );

  async function cancelPage(req: FastifyRequest<{ Params: RegParams }>, reply: FastifyReply, errors?: Errors, status = 200) {
    const { event, booking, organisation } = await loaded(req.params.registrationId);
    return sendPage(
      reply,
      StaffCancelPage({ ctx: pageContext(req, reply, organisation.name), organisation, event, booking, errors }),
      status,
    );
  }

  app.get<{ Params: RegParams }>('/admin/registrations/:registrationId/annulla', staff, async (req, reply) => cancelPage(req, reply));

  app.post<RegForm>('/admin/registrations/:registrationId/annulla', staff, async (req, reply) =>
    formAction(
      async () => {
        const row = await svc.staffRegistration(db, req.params.registrationId);
        await svc.cancelForPerson(db, req.principal, row.id);
        return done(reply, row.event_id, 'annullata');
      },
      (errors, status) => cancelPage(req, reply, errors, status),
      req.lang,
    ),
  );
};

/** The notice for the registrations page's `fatto`, in the page's language. */
export function doneNotice(lang: Parameters<typeof t>[0], fatto: unknown, ticked: unknown): string | undefined {
  if (ticked === '1') return t(lang, 'callbacks.done.notice');
  const key = typeof fatto === 'string' ? DONE_NOTICES[fatto] : undefined;
  return key ? t(lang, key) : undefined;
}

const RegistrationParam = z.object({ registrationId: z.string() });
const MoveTo = z.object({ eventId: z.string().max(64) }).strict();

/** The same acts for the organisation's own systems: `/api/v1/event-registrations/{id}/…` (staff of the event's organisation). */
export const staffBookingApiRoutes: RoutePlugin = async (app, deps) => {
  const api = apiRouter(app, { tags: ['registrations'] });

  const { db } = deps;
  const access = orgAccessTo(db, 'registrationId', ORG_STAFF, svc.organisationOfRegistration);
  const after = async (id: string) => {
    const row = await svc.staffRegistration(db, id);
    return { id: row.id, eventId: row.event_id, status: row.status, seats: Number(row.seats), ticketCode: row.ticket_code };
  };

  const registration = api.under('/api/v1/event-registrations/:registrationId', { access, params: RegistrationParam, out: StaffActOut });
  registration.post(
    '/cancel',
    {
      summary:
        'Cancel a booking for the person (staff): they are told by e-mail or SMS, or listed to call when they left a phone only; the first in line gets the seats. Audited.',
      ok: 'The booking as cancelled',
    },
    async ({ req, params }) => {
      await svc.cancelForPerson(db, req.principal, params.registrationId);
      return after(params.registrationId);
    },
  );

  registration.put(
    '/seats',
    {
      summary: 'Change the seats of a booking (staff): more only if they are free and nobody waits (409 otherwise). Audited.',
      body: Seats,
      ok: 'The booking with its new seats',
    },
    async ({ req, params, body }) => {
      await svc.changeSeatsForPerson(db, req.principal, params.registrationId, body.seats);
      return after(params.registrationId);
    },
  );

  registration.post(
    '/move',
    {
      summary:
        'Move a booking to another upcoming event of the same organisation (staff), as confirmed: 409 when its seats are not free there, 404 for an event of another organisation. Audited.',
      body: MoveTo,
      ok: 'The booking, now confirmed in the other event',
    },
    async ({ req, params, body }) => {
      await svc.moveForPerson(db, req.principal, params.registrationId, body.eventId);
      return after(params.registrationId);
    },
  );
};
