import { defineFigure } from '../types.js';
import { BROWSER_HEADERS } from './browser.js';
import { meetingAtCoiano } from './meeting.js';

/**
 * An event's public page, the one a shared link opens: place, sessions, seats left, the booking
 * form (with its CSRF token), JSON-LD. Never cached: it reads the event and its seats every time.
 */
export default defineFigure({
  name: 'event page',
  prepare: (ctx) =>
    meetingAtCoiano(ctx, 20, {
      title: 'SPID senza segreti: incontro per il benchmark della pagina evento',
      description: 'Come attivare e usare SPID, con un facilitatore. Porta il telefono e un documento.',
      capacity: 30,
      maxSeatsPerBooking: 2,
      audiences: ['anziani', 'tutti'],
    }),
  requests: (_ctx, eventId) => ({ path: `/eventi/${eventId}`, headers: BROWSER_HEADERS }),
});
