import * as desks from '../../src/modules/desks/service.js';
import { defineFigure } from '../types.js';
import { romeToday } from './desk-slots.js';

/**
 * Appointment bookings: POST /api/v1/desks/:id/appointments, each request a different person on
 * the next free 30-minute SPID slot (round robin over three months of slots of a desk with 50
 * operators, so no run fills it). Each booking is the whole engine: the slot checked against the
 * opening hours, holidays and operators (the desk's schedule kept by the server while its
 * schedule_version, read each time, is unchanged), expired holds released, one conditional upsert
 * taking a place in every 5-minute unit, the appointment row and its job (one statement on
 * PostgreSQL), in one transaction.
 */
export const deskBookings = defineFigure({
  name: 'desk appointment bookings',
  writes: true,
  prepare: async (ctx) => {
    const desk = await desks.createDesk(ctx.db, {
      organisation: ctx.demo.organisations.prato,
      venue: ctx.demo.venues.galciana,
      name: 'Sportello per il benchmark delle prenotazioni',
      services: [desks.defaultService('spid')!],
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '07:00', end: '21:00', operators: 50 })),
    });
    const { items } = await desks.freeSlots(ctx.db, desk.id, { service: 'spid', from: romeToday(1), to: romeToday(92) });
    return { deskId: desk.id, starts: items.map((s) => s.start) };
  },
  requests: (_ctx, { deskId, starts }) => {
    let n = 0;
    return {
      method: 'POST',
      path: `/api/v1/desks/${deskId}/appointments`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const i = n++;
            return {
              ...req,
              body: JSON.stringify({
                service: 'spid',
                start: starts[i % starts.length],
                name: 'Persona di prova',
                email: `desk-${i}@example.org`,
              }),
            };
          },
        },
      ],
      // Each request is built on the fly; the harness's single probe would book a place of its own.
      probe: false,
    };
  },
});
