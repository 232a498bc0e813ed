import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { counters, type World, world } from './booking-fixtures.js';

/** Random bodies thrown at the booking route: never a 5xx, and the counts change only on a 201. */
describe.each(DIALECTS)('booking route under random input (%s)', (dialect) => {
  let w: World;
  let eventId: string;
  beforeAll(async () => {
    w = await world(dialect);
    // Small, so the waiting list gets exercised too.
    eventId = await w.event({ capacity: 6, maxSeatsPerBooking: 3 });
  });
  afterAll(() => w.close());

  const anyValue = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
  const body = fc.oneof(
    // Plausible bookings, each field sometimes wrong.
    fc.record(
      {
        name: fc.oneof(fc.constant('Anna Rossi'), fc.string({ maxLength: 200 }), anyValue),
        email: fc.oneof(fc.emailAddress(), fc.constant(''), fc.string({ maxLength: 60 }), anyValue),
        phone: fc.oneof(fc.constant('+39 333 123 4567'), fc.stringMatching(/^[+0-9 ]{0,20}$/), anyValue),
        seats: fc.oneof(fc.integer({ min: -3, max: 6 }), fc.double(), fc.string({ maxLength: 3 }), anyValue),
        audience: fc.oneof(fc.constantFrom('anziani', 'tutti', 'marziani'), anyValue),
        ageBand: fc.oneof(fc.constantFrom('75+', '18-29', 'vecchio'), anyValue),
        privacyAccepted: fc.oneof(fc.boolean(), anyValue),
        extra: anyValue,
      },
      { requiredKeys: [] },
    ),
    // Good bookings, so the writing paths (seats, waiting list, repeats) run too.
    fc.record({
      name: fc.constant('Bruno Bianchi'),
      email: fc.integer({ min: 1, max: 400 }).map((n) => `persona${n}@example.org`),
      seats: fc.integer({ min: 1, max: 3 }),
    }),
    // Anything at all that JSON can carry.
    fc.jsonValue(),
  );

  it('answers every body with a 2xx or a 4xx and writes only on 201', { timeout: 120_000 }, async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (payload, raw) => {
        const before = await counters(w.t, eventId);
        const res = await w.t.app.inject({
          method: 'POST',
          url: `/api/v1/events/${eventId}/registrations`,
          headers: { 'content-type': 'application/json' },
          // Now and then a body that is not even JSON.
          payload: raw && typeof payload === 'string' ? payload : JSON.stringify(payload),
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        const after = await counters(w.t, eventId);
        if (res.statusCode === 201 && after.registrations > before.registrations) {
          const seats = res.json().seats as number;
          expect(after.registrations).toBe(before.registrations + 1);
          expect(after.taken + after.waiting).toBe(before.taken + before.waiting + seats);
        } else if (res.statusCode === 201) {
          // A contact that had booked already: the answer looks new, and nothing was written.
          expect(after).toEqual(before);
        } else {
          expect(after).toEqual(before);
          if (res.statusCode !== 200) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
        expect(after.held).toBe(after.taken);
        expect(after.waitingSeats).toBe(after.waiting);
        expect(after.taken).toBeLessThanOrEqual(after.capacity);
      }),
      { numRuns: 150 },
    );
    // Not a vacuous run: some bodies were booked (confirmed or waitlisted), many were refused.
    expect(seen.get(201) ?? 0).toBeGreaterThan(0);
    expect(seen.get(400) ?? 0).toBeGreaterThan(0);
  });
});
