import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { DIALECTS } from '../helpers.js';
import { type World, world } from './booking-fixtures.js';
import { book, footprint } from './messages-fixtures.js';

/** Random bodies thrown at the message route: never a 5xx, and a message and its jobs are written only on a 201. */
describe.each(DIALECTS)('message route under random input (%s)', (dialect) => {
  let w: World;
  const eventIds: string[] = [];
  beforeAll(async () => {
    w = await world(dialect);
    // Several events, so that the daily cap of one does not stop valid messages from being sent.
    for (let i = 0; i < 6; i++) {
      const id = await w.event({ capacity: 1 }, 3);
      await book(w, id, { name: 'Anna', email: `anna${i}.prop@example.org` });
      await book(w, id, { name: 'Bruno', phone: '0574 616161' });
      eventIds.push(id);
    }
  });
  afterAll(async () => {
    setClockOffset(0);
    await w.close();
  });

  const anyValue = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
  const status = fc.oneof(fc.constantFrom('booked', 'checked-in', 'no-show', 'waiting', 'tutti', ''), anyValue);
  const body = fc.oneof(
    fc.record(
      {
        statuses: fc.oneof(fc.array(status, { maxLength: 6 }), anyValue),
        subject: fc.oneof(fc.constant('Cambio di sala'), fc.string({ maxLength: 200 }), anyValue),
        body: fc.oneof(
          fc.constant('Ci vediamo nella sala grande.'),
          fc.string({ maxLength: 300 }),
          fc.string({ minLength: 5001, maxLength: 5100 }),
          anyValue,
        ),
        extra: anyValue,
      },
      { requiredKeys: [] },
    ),
    fc.record({
      statuses: fc.subarray(['booked', 'checked-in', 'no-show', 'waiting'], { minLength: 1 }),
      subject: fc.string({ minLength: 1, maxLength: 150 }),
      body: fc.string({ minLength: 1, maxLength: 400 }),
    }),
    fc.jsonValue(),
  );

  it('answers every body with a 201 or a 4xx and writes only on 201', { timeout: 180_000 }, async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, fc.nat({ max: eventIds.length - 1 }), fc.boolean(), async (payload, i, raw) => {
        const eventId = eventIds[i];
        const before = await footprint(w, eventId);
        const res = await w.staff(
          'POST',
          `/api/v1/events/${eventId}/messages`,
          raw && typeof payload === 'string' ? payload : JSON.stringify(payload),
          {
            'content-type': 'application/json',
          },
        );
        expect(res.statusCode, res.body).toBeLessThan(500);
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        const after = await footprint(w, eventId);
        if (res.statusCode === 201) {
          expect(res.json().recipients).toBe(1);
          expect(after.messages).toBe(before.messages + 1);
          expect(after.jobs).toBe(before.jobs + 1);
        } else {
          expect([400, 422, 429]).toContain(res.statusCode);
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 150 },
    );
    expect(seen.get(201) ?? 0).toBeGreaterThan(0);
    expect(seen.get(422) ?? 0).toBeGreaterThan(0);
    expect(seen.get(400) ?? 0).toBeGreaterThan(0);
  });
});
