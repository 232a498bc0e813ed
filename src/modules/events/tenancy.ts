import { DateTime } from 'luxon';
import { newId } from '../../core/ids.js';
import type { TenancyFixture, TenancyFixtures, TenancyOrg, TenancyWorld } from '../../core/module.js';
import { proposalTenancy } from './proposals/tenancy.js';
import { book, createEvent } from './service.js';

const eventId: TenancyFixture = async (w, org, _ids, route) => {
  const start = new Date(Date.now() + 20 * 86_400_000).toISOString();
  const { id } = await createEvent(w.deps, null, {
    organisation: w.org[org],
    title: `Incontro sullo SPID ${w.next()}`,
    description: 'Come attivare e usare SPID, passo per passo.',
    type: 'incontro',
    format: 'in_presenza',
    venue: w.venue[org],
    capacity: 20,
    bookingRequired: true,
    status: 'published',
    sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }],
  });
  // Someone to write to, so that a message route that wrongly let a caller through would write.
  if (route && /\/(messages|messaggi)$/.test(route.url)) {
    await book(
      w.deps,
      id,
      { name: 'Mario Rossi', email: `mario${w.next()}@esempio.it`, seats: 1, privacyAccepted: true },
      { source: 'staff' },
    );
  }
  return id;
};

/** The staff event form (Rome dates and times, as a person types them), for one of the organisation's venues. */
function eventForm(w: TenancyWorld, org: TenancyOrg): Record<string, unknown> {
  const day = DateTime.now().setZone('Europe/Rome').plus({ days: 25 }).toISODate() as string;
  return {
    title: `Incontro dal modulo ${w.next()}`,
    type: 'incontro',
    format: 'in_presenza',
    status: 'published',
    venue: w.venue[org],
    capacity: '20',
    maxSeatsPerBooking: '2',
    bookingRequired: '1',
    'sessions.0.date': day,
    'sessions.0.start': '17:00',
    'sessions.0.end': '19:00',
  };
}

/** The tenancy matrix's records of events: an event, a walk-in counted at it. */
export const tenancy: TenancyFixtures = {
  fixtures: {
    eventId,
    // A booking of the organisation's event, for the staff acts on one booking (cancel, seats, move).
    registrationId: async (w, org) => {
      const event = await eventId(w, org, {});
      const booked = await book(
        w.deps,
        event,
        { name: 'Mario Rossi', email: `mario${w.next()}@esempio.it`, seats: 1, privacyAccepted: true },
        { source: 'staff' },
      );
      return booked.registration.id;
    },
    checkinId: async (w, org, ids) => {
      // A walk-in counted at the event named before it in the path (written directly: the fixture
      // event is weeks ahead, and check-ins are taken only from the event's day).
      const event = ids.eventId ?? (await eventId(w, org, {}));
      const session = await w.db.k.selectFrom('event_sessions').select('id').where('event_id', '=', event).executeTakeFirstOrThrow();
      const id = newId();
      await w.db.k
        .insertInto('event_checkins')
        .values({
          id,
          organisation_id: w.org[org],
          event_id: event,
          session_id: session.id,
          registration_id: null,
          people: 1,
          name: null,
          audience: null,
          age_band: null,
          method: 'walk-in',
          checked_in_by: null,
          created_at: new Date().toISOString(),
        })
        .execute();
      return id;
    },
    ...proposalTenancy.fixtures,
  },
  bodies: {
    ...proposalTenancy.bodies,
    'PATCH /api/v1/events/:eventId': () => ({ title: 'Incontro rinominato' }),
    'POST /api/v1/events/:eventId/cancel': () => ({ reason: 'Sala non disponibile' }),
    'POST /admin/organisations/:organisationId/events/new': (w, org) => eventForm(w, org),
    'POST /admin/events/:eventId': (w, org) => eventForm(w, org),
    'POST /admin/events/:eventId/cancel': () => ({ reason: 'Sala non disponibile' }),
    'POST /admin/organisations/:organisationId/series/new': (w, org) => {
      const { venue, 'sessions.0.date': firstDate, ...fields } = eventForm(w, org);
      return { ...fields, venues: venue, firstDate, time: '17:00', durationMinutes: '90', every: 'week', count: '2' };
    },
    'POST /api/v1/events/:eventId/messages': () => ({
      statuses: ['booked'],
      subject: 'Cambio di sala',
      body: 'Ci vediamo nella sala grande.',
    }),
    'POST /admin/events/:eventId/messaggi': () => ({
      statuses: 'booked',
      subject: 'Cambio di sala',
      body: 'Ci vediamo nella sala grande.',
    }),
    'POST /admin/registrations/:registrationId/posti': () => ({ seats: '2' }),
    'POST /admin/events/:eventId/registrations': () => ({ name: 'Mario Rossi', phone: '0574 123456', seats: '1', privacyAccepted: '1' }),
  },
};
