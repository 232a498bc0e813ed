import { defineFigure } from '../types.js';
import { meetingAtCoiano } from './meeting.js';

/**
 * Bookings: POST /api/v1/events/:id/registrations, each request a different person (autocannon
 * puts a fresh id into the e-mail), on one published event with a capacity no run fills. Each
 * booking is the whole engine: the repeat check, the conditional UPDATE of the seats, the
 * registration row and its confirmation and reminder jobs, in one transaction.
 */
export default defineFigure({
  name: 'bookings',
  writes: true,
  prepare: (ctx) =>
    meetingAtCoiano(ctx, 30, { title: 'Incontro per il benchmark delle prenotazioni', capacity: 100_000, maxSeatsPerBooking: 4 }),
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
