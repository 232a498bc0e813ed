import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookableSlot, keptBookableSlot } from '../../src/modules/desks/booking/availability.js';
import { deskSchedule } from '../../src/modules/desks/booking/schedule-cache.js';
import * as desks from '../../src/modules/desks/service.js';
import { DIALECTS } from '../helpers.js';
import { everyDay, openDate, PAGOPA, SPID, type World, world } from './fixtures.js';

/**
 * A booking on a schedule this process keeps checks its slot against the days laid out once per
 * kept schedule (desks/booking/availability.ts keptBookableSlot). Whatever the instant, that check
 * must give what the full check (bookableSlot) gives: the same slot and the same operators in each
 * of its units when the slot is bookable, nothing otherwise (the full check then says why).
 */
describe.each(DIALECTS)('the kept day of a booking agrees with the full check (%s)', (dialect) => {
  let w: World;
  let deskId: string;
  const first = openDate(2);
  const day = (n: number) => DateTime.fromISO(first).plus({ days: n }).toISODate() as string;

  beforeAll(async () => {
    w = await world(dialect);
    // Two periods a day, shifts and absences, a closure, a blocked hour and an extra opening:
    // every part of a day's plan that can differ between days.
    deskId = await w.desk({ services: [SPID, PAGOPA], openingHours: [...everyDay('09:00', '12:30', 2), ...everyDay('15:00', '17:40', 1)] });
    await desks.addOperator(w.t.db, deskId, { name: 'Anna', weekday: 2, start: '09:00', end: '11:00' });
    await desks.addOperator(w.t.db, deskId, { name: 'Bruno', weekday: 2, start: '10:00', end: '12:30' });
    await desks.addOperator(w.t.db, deskId, { name: 'Anna', date: day(3), absent: true });
    await desks.addOperator(w.t.db, deskId, { name: 'Carla', date: day(4), start: '15:00', end: '16:00' });
    await desks.addException(w.t.db, deskId, { kind: 'closed', from: day(5), to: day(6), note: 'Inventario' });
    await desks.addException(w.t.db, deskId, { kind: 'blocked', from: day(1), start: '10:00', end: '10:45' });
    await desks.addException(w.t.db, deskId, { kind: 'open', from: day(6), start: '18:00', end: '19:00', operators: 3 });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('finds the same slot and units, or none where the full check refuses', async () => {
    const kept = await deskSchedule(w.t.db, deskId);
    if (!kept) throw new Error('the desk was not kept');
    const startOfFirst = DateTime.fromISO(first, { zone: 'Europe/Rome' });
    let bookable = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 7 * 12, max: 20 * 12 }),
        fc.constantFrom(SPID, PAGOPA),
        async (dayIndex, fiveMinutes, service) => {
          const start = startOfFirst.plus({ days: dayIndex, minutes: fiveMinutes * 5 }).toISO() as string;
          const view = kept.core.services.find((s) => s.code === service.code);
          if (!view) throw new Error('service missing');
          const fast = keptBookableSlot(kept, view, start);
          const full = await bookableSlot(w.t.db, kept.core, view, start).catch(() => null);
          expect(fast).toEqual(full);
          if (full) bookable++;
        },
      ),
      { numRuns: 300 },
    );
    // Both outcomes were met, so the comparison above compared something.
    expect(bookable).toBeGreaterThan(0);
    expect(bookable).toBeLessThan(300);
  });
});
