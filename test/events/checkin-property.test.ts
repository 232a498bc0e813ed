import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../../src/modules/events/service.js';
import { DIALECTS } from '../helpers.js';
import { type World, world } from './booking-fixtures.js';
import { booking, checkinRows, clockAt, clockReset, sessionIds } from './checkin-fixtures.js';

/**
 * Random bodies thrown at the check-in and walk-in routes on the event's day: never a 5xx, and a
 * row is written only on a 201 (one row, with what was asked); 50 phones scanning the same ticket
 * at once count it exactly once.
 */
describe.each(DIALECTS)('check-in under random input and at once (%s)', (dialect) => {
  let w: World;
  let eventId: string;
  let codes: { confirmed: string[]; cancelled: string; waiting: string; elsewhere: string };
  let sessions: { mine: string; other: string };
  let burst: { eventId: string; id: string; ticketCode: string };
  beforeAll(async () => {
    w = await world(dialect);
    eventId = await w.event({ capacity: 6, maxSeatsPerBooking: 3 }, 2);
    const other = await w.event({}, 2);
    const confirmed = [];
    for (let i = 0; i < 4; i++) confirmed.push(await booking(w, eventId, { seats: 1 + (i % 2) }));
    const cancelled = await booking(w, eventId);
    await events.cancelRegistration(w.t.app.deps, cancelled.id, events.manageToken(w.t.config, cancelled.id));
    const waiting = await booking(w, eventId, { seats: 3 });
    expect(waiting.status).toBe('waitlisted');
    const elsewhere = await booking(w, other);
    const burstEvent = await w.event({}, 2);
    burst = { eventId: burstEvent, ...(await booking(w, burstEvent, { seats: 2 })) };
    codes = {
      confirmed: confirmed.map((c) => c.ticketCode),
      cancelled: cancelled.ticketCode,
      waiting: waiting.ticketCode,
      elsewhere: elsewhere.ticketCode,
    };
    sessions = { mine: (await sessionIds(w.t, eventId))[0], other: (await sessionIds(w.t, other))[0] };
    const start = (await w.t.db.k.selectFrom('events').select('starts_at').where('id', '=', eventId).executeTakeFirstOrThrow()).starts_at;
    clockAt(start);
  });
  afterAll(async () => {
    clockReset();
    await w.close();
  });

  const anyValue = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
  const code = () =>
    fc.oneof(
      fc.constantFrom(...codes.confirmed, codes.cancelled, codes.waiting, codes.elsewhere, 'ZZZZZ-ZZZZZ', ''),
      fc.constantFrom(...codes.confirmed).map((c) => `PONTE ${c.toLowerCase()}`),
      fc.string({ maxLength: 250 }),
      anyValue,
    );
  const session = () => fc.oneof(fc.constantFrom(sessions.mine, sessions.other, 'incontro-1'), fc.uuid(), anyValue);

  const post = (path: string, payload: unknown, raw: boolean) =>
    w.staff('POST', `/api/v1/events/${eventId}/${path}`, raw && typeof payload === 'string' ? payload : JSON.stringify(payload), {
      'content-type': 'application/json',
    });

  it('answers every check-in body with a 2xx or a 4xx and writes a row only on 201', { timeout: 120_000 }, async () => {
    const seen = new Map<number, number>();
    const body = fc.oneof(
      fc.record(
        { code: code(), session: session(), people: fc.oneof(fc.integer({ min: -2, max: 4 }), anyValue), extra: anyValue },
        { requiredKeys: [] },
      ),
      fc.record({ code: code() }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (payload, raw) => {
        const before = await checkinRows(w.t, eventId);
        const res = await post('checkins', payload, raw);
        expect(res.statusCode, res.body).toBeLessThan(500);
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        const after = await checkinRows(w.t, eventId);
        if (res.statusCode === 201) {
          expect(after).toHaveLength(before.length + 1);
          const row = after.find((r) => r.id === res.json().id);
          expect(row).toMatchObject({ people: res.json().people, registration_id: res.json().registrationId, session_id: sessions.mine });
        } else {
          expect(after).toEqual(before);
          if (res.statusCode === 200) expect(res.json().already).toBe(true);
          else expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
      }),
      { numRuns: 150 },
    );
    expect(seen.get(400) ?? 0).toBeGreaterThan(0);
    expect(seen.get(404) ?? 0).toBeGreaterThan(0);
    expect((seen.get(201) ?? 0) + (seen.get(200) ?? 0)).toBeGreaterThan(0);
  });

  it('answers every walk-in body with a 201 or a 4xx and writes a row only on 201', { timeout: 120_000 }, async () => {
    const seen = new Map<number, number>();
    const body = fc.oneof(
      fc.record(
        {
          people: fc.oneof(fc.integer({ min: -1, max: 250 }), anyValue),
          name: fc.oneof(fc.constant('Lina'), fc.string({ maxLength: 150 }), anyValue),
          audience: fc.oneof(fc.constantFrom('anziani', 'tutti', 'marziani'), anyValue),
          ageBand: fc.oneof(fc.constantFrom('75+', '18-29', 'vecchio'), anyValue),
          session: session(),
          extra: anyValue,
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (payload, raw) => {
        const before = await checkinRows(w.t, eventId);
        const res = await post('walk-ins', payload, raw);
        expect(res.statusCode, res.body).toBeLessThan(500);
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        const after = await checkinRows(w.t, eventId);
        if (res.statusCode === 201) {
          expect(after).toHaveLength(before.length + 1);
          expect(after.find((r) => r.id === res.json().id)).toMatchObject({
            people: res.json().people,
            registration_id: null,
            method: 'walk-in',
          });
        } else {
          expect(after).toEqual(before);
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
      }),
      { numRuns: 150 },
    );
    expect(seen.get(201) ?? 0).toBeGreaterThan(0);
    expect(seen.get(400) ?? 0).toBeGreaterThan(0);
  });

  it('counts one ticket scanned by 50 phones at once exactly once', { timeout: 60_000 }, async () => {
    const fresh = burst;
    const row = { event_id: burst.eventId };
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        w.staff('POST', `/api/v1/events/${row.event_id}/checkins`, { code: i % 2 ? fresh.ticketCode : fresh.ticketCode.toLowerCase() }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    const ids = new Set(answers.map((a) => a.json().id));
    expect(ids.size).toBe(1);
    const rows = await checkinRows(w.t, row.event_id);
    expect(rows).toHaveLength(1);
    const hooks = await w.t.db.k.selectFrom('jobs').select('payload').where('kind', '=', 'webhooks.emit').execute();
    expect(hooks.filter((h) => h.payload.includes(fresh.id) && h.payload.includes('checked_in'))).toHaveLength(1);
  });
});
