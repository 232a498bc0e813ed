import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/core/deps.js';
import { JobQueue } from '../../src/core/jobs.js';
import type { Db } from '../../src/db/index.js';
import * as desks from '../../src/modules/desks/service.js';
import { defineFigure } from '../types.js';

/** The services of the benchmark desk: the defaults a desk is offered. */
const SERVICES = ['spid', 'cie', 'pagopa', 'app-io', 'anpr'];

/** A Deps for preparing data through the services (queued e-mails are never sent in a benchmark). */
export function benchDeps(db: Db): Deps {
  return { db, jobs: new JobQueue(db), config: loadConfig({ LOG_LEVEL: 'silent', WORKERS: 'false', SEED_DEMO: 'false' }) } as Deps;
}

export function romeToday(offsetDays = 0): string {
  return desks.romeDate(Date.now() + offsetDays * 86_400_000);
}

/**
 * Free slots of one desk over 90 days: GET /api/v1/desks/:id/slots?service=spid&from=today&to=+89
 * on a desk with 5 services, two periods a weekday and Saturday mornings, 10 operators on duty
 * (some of them leaving early on Fridays), a summer closure and 500 appointments already booked:
 * the route computes every slot in Europe/Rome, reads the places taken and answers about 1,000 slots.
 */
export const deskSlots = defineFigure({
  name: 'desk free slots, 90 days',
  prepare: async (ctx) => {
    const deps = benchDeps(ctx.db);
    const hours = [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, start: '09:00', end: '13:00', operators: 10 },
      { weekday, start: '14:00', end: '18:00', operators: 10 },
    ]);
    const desk = await desks.createDesk(ctx.db, {
      organisation: ctx.demo.organisations.prato,
      venue: ctx.demo.venues.narnali,
      name: 'Sportello per il benchmark degli orari',
      services: SERVICES.map((code) => desks.defaultService(code)!),
      openingHours: [...hours, { weekday: 6, start: '09:00', end: '12:30', operators: 10 }],
    });
    for (let i = 0; i < 10; i++) {
      await desks.addOperator(ctx.db, desk.id, { name: `Operatore ${i + 1}`, weekday: 5, start: '09:00', end: i < 3 ? '11:00' : '18:00' });
    }
    const year = Number(romeToday().slice(0, 4));
    await desks.addException(ctx.db, desk.id, { kind: 'closed', from: `${year}-08-10`, to: `${year}-08-20`, note: 'Chiusura estiva' });
    const { items } = await desks.freeSlots(ctx.db, desk.id, { service: 'spid', from: romeToday(1), to: romeToday(80) });
    for (let i = 0; i < 500 && items.length; i++) {
      const slot = items[(i * 7) % items.length];
      await desks.bookAppointment(deps, desk.id, {
        service: 'spid',
        start: slot.start,
        name: 'Persona di prova',
        email: `slots-${i}@example.org`,
      });
    }
    return desk.id;
  },
  requests: (_ctx, deskId) => ({
    path: `/api/v1/desks/${deskId}/slots?service=spid&from=${romeToday()}&to=${romeToday(89)}`,
    headers: { accept: 'application/json' },
  }),
});
