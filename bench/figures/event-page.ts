import type { Deps } from '../../src/core/deps.js';
import * as events from '../../src/modules/events/service.js';
import { defineFigure } from '../types.js';
import { BROWSER_HEADERS } from './browser.js';

/**
 * An event's public page, the one a shared link opens: place, sessions, seats left, the booking
 * form (with its CSRF token), JSON-LD. Never cached: it reads the event and its seats every time.
 */
export default defineFigure({
  name: 'event page',
  prepare: async (ctx) => {
    const start = new Date(Date.now() + 20 * 86_400_000);
    const { id } = await events.createEvent({ db: ctx.db } as Deps, null, {
      organisation: ctx.demo.organisations.prato,
      title: 'SPID senza segreti: incontro per il benchmark della pagina evento',
      description: 'Come attivare e usare SPID, con un facilitatore. Porta il telefono e un documento.',
      type: 'incontro',
      format: 'in_presenza',
      venue: ctx.demo.venues.coiano,
      capacity: 30,
      maxSeatsPerBooking: 2,
      status: 'published',
      audiences: ['anziani', 'tutti'],
      topics: ['spid'],
      sessions: [{ start: start.toISOString(), end: new Date(start.getTime() + 2 * 3_600_000).toISOString() }],
    });
    return id;
  },
  requests: (_ctx, eventId) => ({ path: `/eventi/${eventId}`, headers: BROWSER_HEADERS }),
});
