import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../../src/modules/events/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { createTestDb, DIALECTS, type TestDb, testConfig } from '../helpers.js';
import { freePort, ponteEnv, type Running, startPonte, stopPonte } from '../ops/processes.js';
import { inDays, type World, world } from './booking-fixtures.js';
import { type Answer, expectBurst, expectPromotions, people } from './concurrency-check.js';

/**
 * The key requirement: 200 people asking at once for 1–3 seats of an event with 50 end
 * with at most 50 seats confirmed (exactly `taken`), the rest waiting in the order they were
 * accepted; cancellations then promote the head of the line and keep the invariant.
 */

type Send = (method: 'POST' | 'DELETE', path: string, body?: unknown) => Promise<Answer>;

function httpSender(...bases: string[]): Send {
  let turn = 0;
  return async (method, path, body) => {
    const base = bases[turn++ % bases.length];
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  };
}

async function burstAndCancel(db: TestDb['db'], eventId: string, send: Send, tag: string) {
  const asked = people(200, tag);
  const answers = await Promise.all(asked.map((p) => send('POST', `/api/v1/events/${eventId}/registrations`, p)));
  const s = await expectBurst(db, eventId, answers, asked);
  const waitingBefore = s.regs.filter((r) => r.status === 'waitlisted').map((r) => r.id);
  // Ten confirmed people cancel at the same moment (every other one, so seats of all sizes free up).
  const confirmed = answers
    .filter((a) => a.body.status === 'confirmed')
    .filter((_, i) => i % 2 === 0)
    .slice(0, 10);
  const cancelled = await Promise.all(
    confirmed.map((a) => send('DELETE', `/api/v1/registrations/${a.body.id}?token=${encodeURIComponent(a.body.manageToken)}`)),
  );
  for (const c of cancelled) expect(c.status, JSON.stringify(c.body)).toBe(200);
  const after = await expectPromotions(
    db,
    eventId,
    waitingBefore,
    confirmed.map((a) => a.body.id),
  );
  return { taken: s.taken, waiting: waitingBefore.length, promoted: after.promoted.length, takenAfter: after.taken };
}

const bigEvent = (w: World) => w.event({ capacity: 50, maxSeatsPerBooking: 3 });

describe.each(DIALECTS)('concurrent bookings (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());

  it('never confirms one seat more than the capacity: 200 people over real HTTP', { timeout: 60_000 }, async () => {
    const address = await w.t.app.listen({ port: 0, host: '127.0.0.1' });
    const id = await bigEvent(w);
    const r = await burstAndCancel(w.t.db, id, httpSender(address), 'http');
    expect(r.taken).toBeLessThanOrEqual(50);
    expect(r.takenAfter).toBeLessThanOrEqual(50);
  });

  it('holds the same through inject in parallel', { timeout: 60_000 }, async () => {
    const id = await bigEvent(w);
    const send: Send = async (method, url, body) => {
      const res = await w.t.app.inject({ method, url, payload: body as object });
      return { status: res.statusCode, body: res.json() };
    };
    await burstAndCancel(w.t.db, id, send, 'inject');
  });
});

// Declared only where PostgreSQL is configured (CI and `npm test` on a machine with the local server).
if (DIALECTS.includes('postgres'))
  describe('concurrent bookings across two server processes (postgres)', () => {
    let t: TestDb;
    let children: Running[] = [];
    beforeAll(async () => {
      t = await createTestDb('postgres');
    });
    afterAll(async () => {
      await Promise.all(children.map(stopPonte));
      children = [];
      await t.cleanup();
    });

    it('two processes over one schema never overbook either', { timeout: 120_000 }, async () => {
      const org = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
      const venue = (await createVenue(t.db, org, { name: 'Circolo', address: 'Via 1', municipality: '100005' })).id;
      // The services need a Deps only for the database here.
      const deps = { db: t.db, config: testConfig({ databaseUrl: t.url }) } as Parameters<typeof events.createEvent>[0];
      const start = inDays(10);
      const { id } = await events.createEvent(deps, null, {
        organisation: org,
        title: 'Incontro affollato',
        type: 'incontro',
        format: 'in_presenza',
        venue,
        capacity: 50,
        maxSeatsPerBooking: 3,
        status: 'published',
        sessions: [{ start, end: new Date(Date.parse(start) + 3_600_000).toISOString() }],
      });
      const ports = [await freePort(), await freePort()];
      children = await Promise.all(ports.map((p) => startPonte(['serve'], ponteEnv(t.url, p))));
      const r = await burstAndCancel(t.db, id, httpSender(...ports.map((p) => `http://127.0.0.1:${p}`)), 'two');
      expect(r.taken).toBeLessThanOrEqual(50);
    });
  });
