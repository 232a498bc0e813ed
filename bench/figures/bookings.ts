import type { Deps } from '../../src/core/deps.js';
import * as events from '../../src/modules/events/service.js';
import { defineFigure } from '../types.js';

/**
 * Bookings: POST /api/v1/events/:id/registrations, each request a different person (autocannon
 * puts a fresh id into the e-mail), on one published event with a capacity no run fills. Each
 * booking is the whole engine: the repeat check, the conditional UPDATE of the seats, the
 * registration row and its confirmation and reminder jobs, in one transaction.
 */
export default defineFigure({
  name: 'bookings',
  writes: true,
  prepare: async (ctx) => {
    const start = new Date(Date.now() + 30 * 86_400_000);
    const { id } = await events.createEvent({ db: ctx.db } as Deps, null, {
      organisation: ctx.demo.organisations.prato,
      title: 'Incontro per il benchmark delle prenotazioni',
      type: 'incontro',
      format: 'in_presenza',
      venue: ctx.demo.venues.coiano,
      capacity: 100_000,
      maxSeatsPerBooking: 4,
      status: 'published',
      audiences: ['tutti'],
      topics: ['spid'],
      sessions: [{ start: start.toISOString(), end: new Date(start.getTime() + 2 * 3_600_000).toISOString() }],
    });
    return id;
  },
  requests: (_ctx, eventId) => ({
    method: 'POST',
    path: `/api/v1/events/${eventId}/registrations`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ name: 'Persona di prova', email: 'persona-[<id>]@example.org', seats: 1 }),
    idReplacement: true,
    // The literal template is not a valid address; the measurement counts any non-2xx answer.
    probe: false,
  }),
});
