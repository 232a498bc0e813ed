import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hasRole, PUBLIC, SIGNED_IN } from '../../../core/access.js';
import { type ApiRouter, apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { withIdempotency } from '../../../core/idempotency.js';
import { refuse } from '../../../core/problems.js';
import { limitedApp } from '../../../core/public-writes.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { AVAILABILITIES } from '../booking/bookable.js';
import { eventCalendar } from '../booking/ics.js';
import { CatalogueQuery, listCatalogue } from '../catalogue/catalogue.js';
import { EventParam, eventStaffRoutes } from '../http-kit.js';
import {
  ApiBooking,
  CancelEvent,
  EventCreate,
  EventPatch,
  EventReadOut,
  RegistrationListOut,
  RegistrationOut,
  Seats,
  SeriesCreate,
} from '../schemas.js';
import * as svc from '../service.js';
import { invitationContacts } from '../visibility.js';

const RegistrationParam = z.object({ registrationId: z.string() });
const TokenQuery = z.object({ token: z.string({ message: 'events.check.token' }).min(1).max(200) });

const Created = z.object({ id: z.string() });
const BookingCreated = z.object({
  id: z.string(),
  status: z.enum(['confirmed', 'waitlisted']),
  position: z.number().int().optional(),
  seats: z.number().int(),
  ticketCode: z.string(),
  manageToken: z.string(),
});

/**
 * The events API: staff create and change events and series and see registrations; anyone books
 * and manages a booking with its private token; anyone reads the catalogue.
 */
export async function registerEventApiRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const events = apiRouter(app, { tags: ['events'] });
  const registrations = apiRouter(app, { tags: ['registrations'] });
  registerStaffApi(events, deps);
  registerEventReadApi(events, deps);
  // Public writes count against RATE_LIMIT_MAX per client address (0 turns the limit off).
  registerPublicWrites(registrations.on(limitedApp(app, deps)), deps);
  registerRegistrationReadApi(registrations, deps);
  registerCatalogueApi(events, deps);
}

function registerStaffApi(api: ApiRouter, deps: Deps): void {
  const { db } = deps;

  api.post(
    '/api/v1/events',
    {
      // The organisation is in the body, not the path: any signed-in user may call, and the
      // service refuses (403) anyone who is not org-admin or staff of that organisation.
      access: SIGNED_IN,
      summary:
        'Create an event (org-admin or staff of `organisation`; 403 otherwise). Times are ISO instants with offset; the venue must belong to the organisation or a partner.',
      body: EventCreate,
      created: Created,
    },
    async ({ req }) => svc.createEvent(deps, req.principal, req.body),
  );

  api.post(
    '/api/v1/event-series',
    {
      access: SIGNED_IN,
      summary:
        'Create a series of events in one step (every week, two weeks, month or twice a month, rotating among `venues`); org-admin or staff of `organisation`.',
      body: SeriesCreate,
      created: z.object({ seriesId: z.string(), eventIds: z.array(z.string()) }),
    },
    async ({ req }) => svc.createSeries(deps, req.principal, req.body),
  );

  const eventRoutes = eventStaffRoutes(api, deps);
  eventRoutes.patch(
    '',
    {
      summary:
        'Change an event (one event of a series changes alone). `sessions` replaces every date; capacity cannot go below the seats taken, and more capacity promotes the waiting list.',
      body: EventPatch,
      ok: 'The event as changed',
    },
    async ({ params, req }) => svc.updateEvent(deps, params.eventId, req.body),
  );

  eventRoutes.post(
    '/cancel',
    {
      summary: 'Cancel an event: every booking and waiting-list entry is cancelled and told by e-mail.',
      body: CancelEvent,
      ok: 'The event as cancelled',
    },
    async ({ params, body }) => svc.cancelEvent(deps, params.eventId, body.reason),
  );

  eventRoutes.get(
    '/registrations',
    {
      summary: "An event's registrations: confirmed and offered, then the waiting list in order, then cancelled.",
      tags: ['registrations'],
      ok: RegistrationListOut,
    },
    async ({ params, req }) => {
      const list = await svc.listRegistrations(db, params.eventId);
      await svc.auditRegistrationsView(db, params.eventId, {
        userId: req.principal?.userId ?? null,
        organisationId: req.targetOrganisationId,
        via: 'api',
      });
      return list;
    },
  );
}

function registerEventReadApi(api: ApiRouter, { db }: Deps): void {
  api.get(
    '/api/v1/events/:eventId',
    {
      access: PUBLIC,
      summary:
        "An event (public; drafts only for the organisation's staff). The online link is never shown here. Anyone sees the seats as `availability` (available, limited, full) and the partners that accepted the partnership; the organisation's staff also see `seatsLeft`, `waiting` and `partnersPending`, and for a course by invitation its list (`invitations`).",
      params: EventParam,
      ok: { description: "The event: whole for the organiser's staff, as the public sees it for anyone else", schema: EventReadOut },
    },
    async ({ params, req }) => {
      const owner = await svc.organisationOfEvent(db, params.eventId);
      if (!owner) throw refuse(404, 'events.error.notFound');
      const staff = hasRole(req.principal, owner, ORG_STAFF);
      const ev = await svc.getEvent(db, params.eventId, { includeDrafts: staff });
      // Staff see the exact counts, the partners still to accept and a closed course's list; anyone else, what the public page shows.
      if (!staff) return svc.publicEvent(ev);
      return ev.visibility === 'invitation' ? { ...ev, invitations: await invitationContacts(db, ev.id) } : ev;
    },
  );
}

/** Booking and changing a booking with its private token. */
function registerPublicWrites(api: ApiRouter, deps: Deps): void {
  const { db } = deps;
  api.post(
    '/api/v1/events/:eventId/registrations',
    {
      access: PUBLIC,
      publicWrite: true,
      idempotent: true,
      summary:
        'Book seats, or join the waiting list when the event is full. Calling this endpoint is the acceptance of the privacy notice the client application has shown (send privacyAccepted: false and the booking is refused). One of email or phone is required; a contact that already has a booking gets an answer of the same shape that opens nothing (the owner of the contact gets their own link by e-mail again), so the answer never tells whether someone has booked. Staff of the organiser booking on behalf of a caller are recorded as such. The extra questions of the event (GET /api/v1/events/{id}/questions) are answered in `answers` as {questionId: value}; for an activity for minors `child` {name, age} and `guardian` {name, consent: true} are required. A required question left unanswered, an answer not offered, or a booking for a child without the declaration of the guardian: 422 naming the field, nothing written.',
      params: EventParam,
      body: ApiBooking,
      created: { description: 'Booked or waitlisted; keep manageToken: it is shown only once', schema: BookingCreated },
    },
    async ({ params, req, reply, body }) =>
      withIdempotency(db, req, reply, `registrations:${params.eventId}`, async () => {
        // Staff of the organiser booking on behalf of a caller are recorded as such.
        const owner = req.principal ? await svc.organisationOfEvent(db, params.eventId) : undefined;
        const staff = !!owner && hasRole(req.principal, owner, ORG_STAFF);
        const result = await svc.bookValid(deps, params.eventId, body, {
          source: staff ? 'staff' : 'api',
          bookedBy: staff ? req.principal?.userId : null,
          lang: req.lang,
        });
        const r = result.registration;
        const common = { id: r.id, status: r.status, ...(r.position !== undefined ? { position: r.position } : {}), seats: r.seats };
        if (result.existing) {
          // Answered as a new booking, so the reply never tells whether this contact has booked.
          const look = await svc.lookalikeBooking(deps, params.eventId, body.seats);
          const l = look.registration;
          const same = { id: l.id, status: l.status, ...(l.position !== undefined ? { position: l.position } : {}), seats: l.seats };
          return { status: 201, body: { ...same, ticketCode: l.ticketCode, manageToken: look.manageToken } };
        }
        return { status: 201, body: { ...common, ticketCode: r.ticketCode, manageToken: result.manageToken } };
      }),
  );

  const registrationRoutes = api.under('/api/v1/registrations/:registrationId', {
    access: PUBLIC,
    params: RegistrationParam,
    out: RegistrationOut,
  });
  registrationRoutes.delete(
    '',
    {
      publicWrite: true,
      summary: 'Cancel a booking or leave the waiting list, with the private token; freed seats go to the first in line.',
      query: TokenQuery,
      ok: 'The booking as cancelled',
    },
    async ({ params, query }) => svc.cancelRegistration(deps, params.registrationId, query.token),
  );

  registrationRoutes.delete(
    '/personal-data',
    {
      publicWrite: true,
      summary:
        'Erase the name, e-mail and phone of a booking, with the private token. A booking of an event still to come is cancelled too; afterwards the token answers 410.',
      query: TokenQuery,
      noContent: 'Erased',
    },
    async ({ params, query }) => {
      await svc.eraseOwnData(deps, params.registrationId, query.token);
    },
  );

  registrationRoutes.patch(
    '',
    {
      publicWrite: true,
      summary: 'Change the number of seats, with the private token (more seats only if they are free and nobody waits).',
      query: TokenQuery,
      body: Seats,
      ok: 'The booking as changed',
    },
    async ({ params, query, body }) => svc.changeSeats(deps, params.registrationId, query.token, body.seats),
  );

  registrationRoutes.post(
    '/accept',
    {
      publicWrite: true,
      summary: 'Accept the seat offered from the waiting list (offer mode), before it lapses.',
      query: TokenQuery,
      ok: 'The booking, confirmed',
    },
    async ({ params, query }) => svc.acceptOffer(deps, params.registrationId, query.token),
  );

  registrationRoutes.post(
    '/decline',
    {
      publicWrite: true,
      summary: 'Decline the seat offered from the waiting list: it goes to the next in line.',
      query: TokenQuery,
      ok: 'The booking, declined',
    },
    async ({ params, query }) => svc.declineOffer(deps, params.registrationId, query.token),
  );
}

function registerRegistrationReadApi(api: ApiRouter, deps: Deps): void {
  const { db, config } = deps;
  const registrationRoutes = api.under('/api/v1/registrations/:registrationId', {
    access: PUBLIC,
    params: RegistrationParam,
    out: RegistrationOut,
  });
  registrationRoutes.get(
    '',
    {
      summary: 'A booking, with the private token (status, seats, place in the waiting list, ticket code).',
      query: TokenQuery,
      ok: RegistrationOut,
    },
    async ({ params, query }) => {
      const { registration } = await svc.getByManageToken(deps, params.registrationId, query.token);
      return registration;
    },
  );

  registrationRoutes.get(
    '/ics',
    {
      summary: 'The booked event as an .ics calendar file, with the private token (with the online link once confirmed).',
      query: TokenQuery,
      ok: { description: 'The booking as an iCalendar file', mediaType: 'text/calendar' },
    },
    async ({ params, query, reply }) => {
      const { registration, event } = await svc.getByManageToken(deps, params.registrationId, query.token);
      const onlineUrl = registration.status === 'confirmed' ? await svc.onlineUrlFor(db, registration.id) : null;
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="evento.ics"')
        .header('cache-control', 'private, no-store')
        .send(await eventCalendar(deps, event, { baseUrl: config.baseUrl, onlineUrl, registrationId: registration.id }));
    },
  );
}

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
  availability: z.enum(AVAILABILITIES),
  full: z.boolean(),
  bookingRequired: z.boolean(),
  audiences: z.array(z.string()),
  topics: z.array(z.string()),
  page: z.string(),
});

function registerCatalogueApi(api: ApiRouter, { db }: Deps): void {
  api.get(
    '/api/v1/events',
    {
      access: PUBLIC,
      summary:
        'The public catalogue: published events with a session ahead, by start time. Filters: municipality (ISTAT code), organisation (organiser or partner), audience, topic, format (online and in_presenza include ibrido), from/to (YYYY-MM-DD, Rome), q (every word, accents ignored), available. Pass `next` back as `cursor` for the following page.',
      query: CatalogueQuery,
      ok: { description: 'A page of events', schema: z.object({ items: z.array(CatalogueItemSchema), next: z.string().nullable() }) },
    },
    async ({ query }) => {
      const { cursor, limit, ...filters } = query;
      return listCatalogue(db, filters, { cursor, limit });
    },
  );
}
