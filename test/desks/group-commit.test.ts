import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { at, openDate, type World, world } from './fixtures.js';

/**
 * Bookings that arrive together (on SQLite one transaction with a savepoint each): each answer is
 * its own, a refused booking leaves nothing behind, and the others are kept with their places and
 * their follow-up job.
 */
describe.each(DIALECTS)('desk bookings arriving together (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());

  it('books every free slot of a burst, refuses the second person on a one-operator slot, and writes nothing for them', async () => {
    const deskId = await w.desk();
    const date = openDate(3);
    const starts = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((h) => at(date, h));
    // Six people on six slots, and a seventh on the first slot, which has one operator.
    const bodies = [...starts, starts[0]].map((start, i) => ({
      service: 'spid',
      start,
      name: `Persona ${i}`,
      email: `persona.${i}@example.org`,
    }));
    const answers = await Promise.all(
      bodies.map((payload) =>
        w.t.app.inject({
          method: 'POST',
          url: `/api/v1/desks/${deskId}/appointments`,
          headers: { accept: 'application/json' },
          payload,
        }),
      ),
    );
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(6);
    expect(statuses.filter((s) => s === 409)).toHaveLength(1);
    const refused = answers.find((r) => r.statusCode === 409);
    expect(refused?.headers['content-type']).toContain('application/problem+json');

    const booked = await w.t.db.k
      .selectFrom('desk_appointments')
      .select(['id', 'email', 'start_at'])
      .where('desk_id', '=', deskId)
      .where('status', '=', 'booked')
      .execute();
    expect(booked).toHaveLength(6);
    expect(new Set(booked.map((b) => b.start_at)).size).toBe(6);
    const refusedEmail = bodies[answers.indexOf(refused as (typeof answers)[number])].email;
    expect(booked.map((b) => b.email)).not.toContain(refusedEmail);
    for (const b of booked) {
      const jobs = await w.t.db.k.selectFrom('jobs').select('kind').where('dedupe_key', '=', `desk-booked:${b.id}`).execute();
      expect(jobs).toHaveLength(1);
    }
    // Each of the six slots holds one place in each of its six 5-minute units, never two.
    const usage = await w.t.db.k.selectFrom('desk_slot_usage').select(['used']).where('desk_id', '=', deskId).execute();
    expect(usage).toHaveLength(36);
    expect(usage.every((u) => Number(u.used) === 1)).toBe(true);
  });

  it('refuses a slot whose first units are full and its last free, and leaves the free units as they were', async () => {
    const deskId = await w.desk();
    const date = openDate(4);
    const book = (service: string, hhmm: string, i: number) =>
      w.t.app.inject({
        method: 'POST',
        url: `/api/v1/desks/${deskId}/appointments`,
        headers: { accept: 'application/json' },
        payload: { service, start: at(date, hhmm), name: `Persona ${i}`, email: `parziale.${i}@example.org` },
      });
    // SPID 09:00–09:30 takes the one operator's place in 09:20 and 09:25; PagoPA 09:20–09:40 then
    // finds those two units full and 09:30 and 09:35 free.
    expect((await book('spid', '09:00', 1)).statusCode).toBe(201);
    const refused = await book('pagopa', '09:20', 2);
    expect(refused.statusCode).toBe(409);
    const usage = await w.t.db.k.selectFrom('desk_slot_usage').select(['unit_start', 'used']).where('desk_id', '=', deskId).execute();
    expect(usage.map((u) => Number(u.used))).toEqual([1, 1, 1, 1, 1, 1]);
    const booked = await w.t.db.k.selectFrom('desk_appointments').select('email').where('desk_id', '=', deskId).execute();
    expect(booked.map((b) => b.email)).toEqual(['parziale.1@example.org']);
    // The free units are still bookable.
    expect((await book('pagopa', '09:40', 3)).statusCode).toBe(201);
  });
});
