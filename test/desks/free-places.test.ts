import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { setClockOffset } from '../../src/core/time.js';
import { createDb } from '../../src/db/index.js';
import * as desks from '../../src/modules/desks/service.js';
import { DIALECTS } from '../helpers.js';
import { at, openDate, type World, world } from './fixtures.js';

/**
 * The free places of a week of slots are kept between requests (desks/booking/free-places.ts). Read
 * over the same week each time, as a citizen's page does: every booking, cancellation, move and hold
 * of this server shows in the very next answer, a hold stops counting at its expiry without any
 * write, and a booking made by another server process on the same database shows within a second.
 */
describe.each(DIALECTS)('free places kept between requests (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(async () => {
    await w?.close();
  });
  afterEach(() => setClockOffset(0));

  const from = () => openDate(2);
  const to = () => openDate(8);
  async function week(app: World['t']['app'], deskId: string): Promise<Map<string, number>> {
    const res = await app.inject({ url: `/api/v1/desks/${deskId}/slots?service=spid&from=${from()}&to=${to()}` });
    expect(res.statusCode, res.body).toBe(200);
    return new Map((res.json().items as { start: string; free: number }[]).map((s) => [s.start, s.free]));
  }
  const book = (app: World['t']['app'], deskId: string, start: string, email: string) =>
    app.inject({ method: 'POST', url: `/api/v1/desks/${deskId}/appointments`, payload: { service: 'spid', start, name: 'Anna', email } });

  it('shows a booking, a cancellation and a move in the next answer', async () => {
    const deskId = await w.desk({
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '12:30', operators: 2 })),
    });
    const date = openDate(3);
    const nine = at(date, '09:00');
    const ten = at(date, '10:00');
    const before = await week(w.t.app, deskId);
    expect(before.get(nine)).toBe(2);
    expect(before.get(ten)).toBe(2);

    const booked = await book(w.t.app, deskId, nine, 'kept-1@example.org');
    expect(booked.statusCode, booked.body).toBe(201);
    expect((await week(w.t.app, deskId)).get(nine)).toBe(1);
    const second = await book(w.t.app, deskId, nine, 'kept-2@example.org');
    expect(second.statusCode, second.body).toBe(201);
    // Full: no longer listed.
    expect((await week(w.t.app, deskId)).has(nine)).toBe(false);

    const { id, manageToken } = booked.json();
    const token = encodeURIComponent(manageToken);
    const moved = await w.t.app.inject({ method: 'PATCH', url: `/api/v1/appointments/${id}?token=${token}`, payload: { start: ten } });
    expect(moved.statusCode, moved.body).toBe(200);
    let now = await week(w.t.app, deskId);
    expect(now.get(nine)).toBe(1);
    expect(now.get(ten)).toBe(1);

    const cancelled = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/appointments/${id}?token=${token}` });
    expect(cancelled.statusCode).toBe(204);
    now = await week(w.t.app, deskId);
    expect(now.get(nine)).toBe(1);
    expect(now.get(ten)).toBe(2);
  });

  it('counts a hold until it is released or expires, with no write at its expiry', async () => {
    const deskId = await w.desk();
    const start = at(openDate(4), '11:00');
    const later = at(openDate(4), '11:30');
    expect((await week(w.t.app, deskId)).get(start)).toBe(1);

    const hold = await w.t.app.inject({ method: 'POST', url: `/api/v1/desks/${deskId}/holds`, payload: { service: 'spid', start } });
    expect(hold.statusCode, hold.body).toBe(201);
    expect((await week(w.t.app, deskId)).has(start)).toBe(false);
    expect((await w.t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${hold.json().id}` })).statusCode).toBe(204);
    expect((await week(w.t.app, deskId)).get(start)).toBe(1);

    const again = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/desks/${deskId}/holds`,
      payload: { service: 'spid', start: later },
    });
    expect(again.statusCode, again.body).toBe(201);
    expect((await week(w.t.app, deskId)).has(later)).toBe(false);
    setClockOffset(Date.parse(again.json().expiresAt) - Date.now() + 1);
    expect((await week(w.t.app, deskId)).get(later)).toBe(1);
  });

  it('answers the same bytes as the slots serialised, plain or compressed as the client accepts', async () => {
    const deskId = await w.desk({
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '18:00', operators: 3 })),
    });
    const url = `/api/v1/desks/${deskId}/slots?service=spid&from=${from()}&to=${to()}`;
    const { items } = await desks.freeSlots(w.t.db, deskId, { service: 'spid', from: from(), to: to() });
    const expected = JSON.stringify({ items });
    expect(items.length).toBeGreaterThan(50);
    // Twice each: the first makes the kept bytes, the second is answered from them.
    for (let i = 0; i < 2; i++) {
      const plain = await w.t.app.inject({ url });
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(expected);
      const br = await w.t.app.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(expected);
      const gzip = await w.t.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.rawPayload).toString()).toBe(expected);
      const refused = await w.t.app.inject({ url, headers: { 'accept-encoding': 'gzip', 'x-no-compression': '1' } });
      expect(refused.headers['content-encoding']).toBeUndefined();
      expect(refused.body).toBe(expected);
    }
    // A booking changes the bytes, and their compressed copies with them.
    const first = items[0].start;
    expect((await book(w.t.app, deskId, first, 'bytes@example.org')).statusCode).toBe(201);
    const after = JSON.stringify({ items: (await desks.freeSlots(w.t.db, deskId, { service: 'spid', from: from(), to: to() })).items });
    expect(after).not.toBe(expected);
    expect((await w.t.app.inject({ url })).body).toBe(after);
    const br = await w.t.app.inject({ url, headers: { 'accept-encoding': 'br' } });
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(after);
  });

  it('follows a change of hours, closures and shifts at once, made here or by another process', async () => {
    const deskId = await w.desk();
    const day = openDate(4);
    const onDay = async (app: World['t']['app']) => [...(await week(app, deskId))].filter(([start]) => start.startsWith(day));
    expect((await onDay(w.t.app)).length).toBeGreaterThan(0);
    expect((await onDay(w.t.app)).every(([, free]) => free === 1)).toBe(true);

    // Made here: a second operator that day.
    await desks.addOperator(w.t.db, deskId, { name: 'Prima', date: day, start: '09:00', end: '12:30' });
    await desks.addOperator(w.t.db, deskId, { name: 'Seconda', date: day, start: '09:00', end: '12:30' });
    expect((await onDay(w.t.app)).every(([, free]) => free === 2)).toBe(true);

    // Made by another process on the same database: the day closed, seen by this one's next answer.
    const otherDb = createDb(w.t.url);
    try {
      await desks.addException(otherDb, deskId, { kind: 'closed', from: day, to: day, note: 'Chiuso per inventario' });
    } finally {
      await otherDb.destroy();
    }
    expect(await onDay(w.t.app)).toEqual([]);
    const found = await w.t.app.inject({ url: `/api/v1/desks/${deskId}/slots?service=nope&from=${from()}&to=${to()}` });
    expect(found.statusCode).toBe(422);
  });

  it('shows within a second what another server process on the same database booked', async () => {
    const deskId = await w.desk();
    const start = at(openDate(5), '09:30');
    expect((await week(w.t.app, deskId)).get(start)).toBe(1);

    const otherDb = createDb(w.t.url);
    const other = await buildApp({ config: w.t.config, db: otherDb, logger: false });
    try {
      await other.ready();
      expect((await week(other, deskId)).get(start)).toBe(1);
      const res = await book(other, deskId, start, 'other-process@example.org');
      expect(res.statusCode, res.body).toBe(201);
      // The process that booked sees it at once; this one, a second later at most.
      expect((await week(other, deskId)).has(start)).toBe(false);
      setClockOffset(1000);
      expect((await week(w.t.app, deskId)).has(start)).toBe(false);
      // And a booking of the slot here is refused by the database, whatever the list showed.
      expect((await book(w.t.app, deskId, start, 'late@example.org')).statusCode).toBe(409);
    } finally {
      await other.close();
      await otherDb.destroy();
    }
  });
});
