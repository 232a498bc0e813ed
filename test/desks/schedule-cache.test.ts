import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/index.js';
import * as desks from '../../src/modules/desks/service.js';
import { DIALECTS } from '../helpers.js';
import { at, openDate, type World, world } from './fixtures.js';

/**
 * A desk's schedule is kept per process beside its schedule_version (desks/booking/schedule-cache.ts),
 * which the database's triggers move with every change of the desk, its services, hours, exceptions
 * and shifts. Whoever writes, and however (another process through the services, or plain SQL), a
 * booking here follows the change at once.
 */
describe.each(DIALECTS)('the kept schedule follows every change (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(async () => {
    await w?.close();
  });

  const book = (deskId: string, start: string, email: string, service = 'spid') =>
    w.t.app.inject({ method: 'POST', url: `/api/v1/desks/${deskId}/appointments`, payload: { service, start, name: 'Anna', email } });
  const version = async (deskId: string) =>
    Number(
      (await w.t.db.k.selectFrom('desks').select('schedule_version').where('id', '=', deskId).executeTakeFirstOrThrow()).schedule_version,
    );

  /** A second connection to the same database, as another server process has. */
  async function elsewhere(fn: (db: ReturnType<typeof createDb>) => Promise<unknown>): Promise<void> {
    const other = createDb(w.t.url);
    try {
      await fn(other);
    } finally {
      await other.destroy();
    }
  }

  it('moves the version with each change of the desk and its rows, and with nothing else', async () => {
    const deskId = await w.desk();
    const v0 = await version(deskId);
    expect((await book(deskId, at(openDate(3), '09:00'), 'v@example.org')).statusCode).toBe(201);
    expect(await version(deskId)).toBe(v0);
    await desks.addOperator(w.t.db, deskId, { name: 'Prima', weekday: 1, start: '09:00', end: '12:30' });
    const v1 = await version(deskId);
    expect(v1).toBeGreaterThan(v0);
    await desks.addException(w.t.db, deskId, { kind: 'closed', from: openDate(20), to: openDate(20) });
    const v2 = await version(deskId);
    expect(v2).toBeGreaterThan(v1);
    await desks.updateDesk(w.t.db, deskId, { name: 'Sportello rinominato' });
    expect(await version(deskId)).toBeGreaterThan(v2);
  });

  it('refuses at once a booking of a day another process closed, or of hours it removed by plain SQL', async () => {
    const deskId = await w.desk();
    const day = openDate(4);
    const other = openDate(5);
    // Kept here by a first booking.
    expect((await book(deskId, at(day, '09:00'), 'first@example.org')).statusCode).toBe(201);

    await elsewhere((db) => desks.addException(db, deskId, { kind: 'closed', from: day, to: day, note: 'Inventario' }));
    const closed = await book(deskId, at(day, '10:00'), 'closed@example.org');
    expect(closed.statusCode, closed.body).toBe(422);

    expect((await book(deskId, at(other, '09:00'), 'before@example.org')).statusCode).toBe(201);
    await elsewhere((db) => db.k.updateTable('desk_hours').set({ end_time: '10:00' }).where('desk_id', '=', deskId).execute());
    const late = await book(deskId, at(other, '11:00'), 'late@example.org');
    expect(late.statusCode, late.body).toBe(422);
    expect((await book(deskId, at(other, '09:30'), 'early@example.org')).statusCode).toBe(201);
  });

  it('follows a service and the desk itself changed by another process', async () => {
    const deskId = await w.desk();
    const start = at(openDate(6), '09:00');
    expect((await book(deskId, start, 'a@example.org', 'pagopa')).statusCode).toBe(201);
    await elsewhere((db) => db.k.deleteFrom('desk_services').where('desk_id', '=', deskId).where('code', '=', 'pagopa').execute());
    expect((await book(deskId, at(openDate(6), '10:00'), 'b@example.org', 'pagopa')).statusCode).toBe(422);

    await elsewhere((db) => db.k.updateTable('desks').set({ active: 0 }).where('id', '=', deskId).execute());
    expect((await book(deskId, at(openDate(6), '10:30'), 'c@example.org')).statusCode).toBe(404);
    const slots = await w.t.app.inject({ url: `/api/v1/desks/${deskId}/slots?service=spid&from=${openDate(6)}&to=${openDate(7)}` });
    expect(slots.statusCode).toBe(404);
  });
});
