import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import * as desks from '../../src/modules/desks/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { createTestApp, createTestDb, type TestApp, type TestDb } from '../helpers.js';
import { freePort, ponteEnv, startPonte, stopPonte } from '../ops/processes.js';
import { at, everyDay, openDate, SPID } from './fixtures.js';

/**
 * No double booking, proved over real HTTP: 100 requests for one slot at once give exactly as
 * many 201s as operators on duty, on SQLite, on PostgreSQL, and with two server processes
 * sharing one PostgreSQL schema.
 */

const REQUESTS = 100;

async function deskWith(db: Db, operators: number): Promise<string> {
  const org = await createOrganisation(db, { name: `Comune ${operators}`, type: 'comune', municipality: '100005' });
  const venue = await createVenue(db, org.id, { name: 'Circolo', address: 'Via Roma 1', municipality: '100005' });
  const desk = await desks.createDesk(db, {
    organisation: org.id,
    venue: venue.id,
    name: 'Sportello',
    services: [SPID],
    openingHours: everyDay('09:00', '12:30', operators),
  });
  return desk.id;
}

/** Fires all requests at once (spread over the given servers) and counts the answers by status. */
async function race(baseUrls: string[], path: string, body: (i: number) => unknown): Promise<Record<number, number>> {
  const results = await Promise.all(
    Array.from({ length: REQUESTS }, async (_, i) => {
      const res = await fetch(`${baseUrls[i % baseUrls.length]}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body(i)),
      });
      await res.arrayBuffer();
      return res.status;
    }),
  );
  const counts: Record<number, number> = {};
  for (const s of results) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

async function rowsFor(db: Db, deskId: string) {
  const appointments = await db.k
    .selectFrom('desk_appointments')
    .select('id')
    .where('desk_id', '=', deskId)
    .where('status', '=', 'booked')
    .execute();
  const holds = await db.k.selectFrom('desk_holds').select('id').where('desk_id', '=', deskId).execute();
  const usage = await db.k.selectFrom('desk_slot_usage').select(['used']).where('desk_id', '=', deskId).execute();
  return { appointments: appointments.length, holds: holds.length, maxUsed: Math.max(0, ...usage.map((u) => Number(u.used))) };
}

function scenarios(name: string, setup: () => Promise<{ db: Db; baseUrls: string[]; close(): Promise<void> }>) {
  describe(name, () => {
    let env: { db: Db; baseUrls: string[]; close(): Promise<void> };
    beforeAll(async () => {
      env = await setup();
    }, 120_000);
    afterAll(() => env?.close());

    for (const operators of [1, 3]) {
      it(`${REQUESTS} concurrent bookings of one slot with ${operators} operator(s): exactly ${operators} × 201`, async () => {
        const deskId = await deskWith(env.db, operators);
        const start = at(openDate(2), '10:00');
        const counts = await race(env.baseUrls, `/api/v1/desks/${deskId}/appointments`, (i) => ({
          service: 'spid',
          start,
          name: `Persona ${i}`,
          email: `p${i}@example.org`,
        }));
        expect(counts).toEqual({ 201: operators, 409: REQUESTS - operators });
        expect(await rowsFor(env.db, deskId)).toEqual({ appointments: operators, holds: 0, maxUsed: operators });
      });
    }

    it(`${REQUESTS} concurrent holds and bookings of one slot with 3 operators: 3 places in all`, async () => {
      const deskId = await deskWith(env.db, 3);
      const start = at(openDate(2), '11:00');
      const holds = race(env.baseUrls, `/api/v1/desks/${deskId}/holds`, () => ({ service: 'spid', start }));
      const bookings = race(env.baseUrls, `/api/v1/desks/${deskId}/appointments`, (i) => ({
        service: 'spid',
        start,
        name: `Persona ${i}`,
        phone: `333${String(i).padStart(7, '0')}`,
      }));
      const [h, b] = await Promise.all([holds, bookings]);
      expect((h[201] ?? 0) + (b[201] ?? 0)).toBe(3);
      expect((h[409] ?? 0) + (b[409] ?? 0)).toBe(2 * REQUESTS - 3);
      const rows = await rowsFor(env.db, deskId);
      expect(rows.appointments + rows.holds).toBe(3);
      expect(rows.maxUsed).toBe(3);
    });
  });
}

async function listening(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

scenarios('no double booking on SQLite, over HTTP', async () => {
  const t = await createTestApp('sqlite', { rateLimitMax: 0 });
  return { db: t.db, baseUrls: [await listening(t)], close: () => t.close() };
});

const PG = process.env.PG_TEST_URL;

if (PG) {
  scenarios('no double booking on PostgreSQL, over HTTP', async () => {
    const t = await createTestApp('postgres', { rateLimitMax: 0 });
    return { db: t.db, baseUrls: [await listening(t)], close: () => t.close() };
  });

  scenarios('no double booking with two server processes over one PostgreSQL schema', async () => {
    const tdb: TestDb = await createTestDb('postgres');
    const servers: ServerProcess[] = [];
    try {
      for (let i = 0; i < 2; i++) servers.push(await serve(tdb.url));
    } catch (err) {
      for (const s of servers) await s.stop();
      await tdb.cleanup();
      throw err;
    }
    return {
      db: tdb.db,
      baseUrls: servers.map((s) => s.baseUrl),
      close: async () => {
        for (const s of servers) await s.stop();
        await tdb.cleanup();
      },
    };
  });
}

interface ServerProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

/** `ponte serve` on a free port, as production runs it; resolves once it listens. */
async function serve(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const running = await startPonte(['serve'], ponteEnv(databaseUrl, port));
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => stopPonte(running) };
}
