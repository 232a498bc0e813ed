import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/core/deps.js';
import { JobQueue } from '../../src/core/jobs.js';
import * as desks from '../../src/modules/desks/service.js';
import { DIALECTS } from '../helpers.js';
import { openDate, type World, world } from './fixtures.js';

/**
 * The slots of a schedule are laid out once and kept (desks/booking/planned-slots.ts), keyed by the
 * schedule as read on each request: a closure, a new shift or a booking shows in the next answer.
 */
describe.each(DIALECTS)('free slots after a change of schedule (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('drops a closed day, follows a second operator and a booking, each at once', async () => {
    const deskId = await w.desk();
    const day = openDate(3);
    const from = openDate(2);
    const to = openDate(6);
    const slots = async () => (await desks.freeSlots(w.t.db, deskId, { service: 'spid', from, to })).items;
    const onDay = <T extends { start: string }>(items: T[]) => items.filter((s) => s.start.startsWith(day));

    const before = await slots();
    expect(onDay(before).length).toBeGreaterThan(0);
    expect(onDay(before).every((s) => s.free === 1)).toBe(true);

    await desks.addOperator(w.t.db, deskId, { name: 'Prima', date: day, start: '09:00', end: '12:30' });
    await desks.addOperator(w.t.db, deskId, { name: 'Seconda', date: day, start: '09:00', end: '12:30' });
    expect(onDay(await slots()).every((s) => s.free === 2)).toBe(true);

    const first = onDay(await slots())[0];
    const deps = { db: w.t.db, jobs: new JobQueue(w.t.db), config: w.t.config } as Deps;
    await desks.bookAppointment(deps, deskId, { service: 'spid', start: first.start, name: 'Persona di prova', email: 'kept@example.org' });
    expect(onDay(await slots()).find((s) => s.start === first.start)?.free).toBe(1);

    await desks.addException(w.t.db, deskId, { kind: 'closed', from: day, to: day, note: 'Chiuso per inventario' });
    const after = await slots();
    expect(onDay(after)).toEqual([]);
    expect(after.length).toBe(before.length - onDay(before).length);
  });
});
