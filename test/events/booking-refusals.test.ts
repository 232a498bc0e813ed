import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { bookVia, counters, expectProblem, inDays, type World, world } from './booking-fixtures.js';

/** Every bad booking gets a clear 4xx and leaves the data exactly as it was. */
describe.each(DIALECTS)('booking refusals (%s)', (dialect) => {
  let w: World;
  let open: string;
  beforeAll(async () => {
    w = await world(dialect);
    open = await w.event({ capacity: 5, maxSeatsPerBooking: 3 });
    await bookVia(w.t, open, { name: 'Già prenotata', email: 'gia@example.org', seats: 1 });
  });
  afterAll(() => w.close());

  async function snapshot(eventId: string) {
    const jobs = await w.t.db.k
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const keys = await w.t.db.k
      .selectFrom('idempotency_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const all = await w.t.db.k
      .selectFrom('events')
      .select((eb) => [eb.fn.sum<number>('taken').as('taken'), eb.fn.sum<number>('waiting').as('waiting')])
      .executeTakeFirstOrThrow();
    const regs = await w.t.db.k
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const event = (await w.t.db.k.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst())
      ? await counters(w.t, eventId)
      : null;
    return {
      event,
      taken: Number(all.taken),
      waiting: Number(all.waiting),
      registrations: Number(regs.n),
      jobs: Number(jobs.n),
      keys: Number(keys.n),
    };
  }

  /** Sends the booking, expects the status, and checks nothing was written. */
  async function refused(eventId: string, body: unknown, status: number, opts: { headers?: Record<string, string>; raw?: string } = {}) {
    const before = await snapshot(eventId);
    const res = opts.raw
      ? await w.t.app.inject({
          method: 'POST',
          url: `/api/v1/events/${eventId}/registrations`,
          payload: opts.raw,
          headers: { 'content-type': 'application/json', ...opts.headers },
        })
      : await bookVia(w.t, eventId, body, opts.headers);
    const problem = expectProblem(res, status);
    expect(await snapshot(eventId)).toEqual(before);
    return problem;
  }

  const person = { name: 'Anna Rossi', email: 'anna@example.org', seats: 1 };
  const fields = (p: { errors?: { field: string }[] }) => p.errors?.map((e) => e.field) ?? [];

  it('refuses seats that are zero, negative, fractional, text, or over the maximum', async () => {
    expect(fields(await refused(open, { ...person, seats: 0 }, 400))).toEqual(['seats']);
    expect(fields(await refused(open, { ...person, seats: -2 }, 400))).toEqual(['seats']);
    expect(fields(await refused(open, { ...person, seats: 1.5 }, 400))).toEqual(['seats']);
    expect(fields(await refused(open, { ...person, seats: '2' }, 400))).toEqual(['seats']);
    const over = await refused(open, { ...person, seats: 4 }, 422);
    expect(over.detail).toBe('Posti per ogni prenotazione: al massimo 3.');
    expect(fields(over)).toEqual(['seats']);
    // The same refusals in English for an English client.
    const en = { headers: { 'accept-language': 'en' } };
    const overEn = await refused(open, { ...person, seats: 4 }, 422, en);
    expect(overEn.detail).toBe('Seats per booking: at most 3.');
    expect(overEn.errors).toEqual([{ field: 'seats', message: 'seats per booking: at most 3' }]);
    expect((await refused(open, { ...person, seats: 0 }, 400, en)).errors).toEqual([{ field: 'seats', message: 'at least 1 seat' }]);
  });

  it('refuses a bad e-mail or phone, neither of them, no name, and a refused privacy notice', async () => {
    expect(fields(await refused(open, { ...person, email: 'anna@' }, 400))).toEqual(['email']);
    expect(fields(await refused(open, { name: 'Anna', phone: '333-abc', seats: 1 }, 400))).toEqual(['phone']);
    expect(fields(await refused(open, { name: 'Anna', phone: '12', seats: 1 }, 400))).toEqual(['phone']);
    expect(fields(await refused(open, { name: 'Anna', seats: 1 }, 400))).toEqual(['email']);
    expect(fields(await refused(open, { name: 'Anna', email: '', phone: '', seats: 1 }, 400))).toEqual(['email']);
    expect(fields(await refused(open, { ...person, name: '' }, 400))).toEqual(['name']);
    expect(fields(await refused(open, { ...person, privacyAccepted: false }, 400))).toEqual(['privacyAccepted']);
    expect(fields(await refused(open, { ...person, unexpected: 1 }, 400))).toEqual(['(body)']);
    // Italian numbers with +39 and spaces are fine.
    const ok = await bookVia(w.t, open, { name: 'Bruno', phone: '+39 0574 183 6000', seats: 1 });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses a past event, a closed or not yet open booking window, and an event without booking', async () => {
    const past = await w.event({ sessions: [{ start: inDays(-3), end: inDays(-3, 2) }] });
    expect((await refused(past, person, 409)).detail).toContain('concluso');
    const started = await w.event({ sessions: [{ start: inDays(0, -1), end: inDays(0, 1) }] });
    expect((await refused(started, person, 409)).detail).toContain('già iniziato');
    const notYet = await w.event({ bookingOpensAt: inDays(2) });
    expect((await refused(notYet, person, 409)).detail).toContain('aprono');
    const closed = await w.event({ bookingOpensAt: inDays(-5), bookingClosesAt: inDays(-1) });
    expect((await refused(closed, person, 409)).detail).toContain('chiuse');
    const free = await w.event({ bookingRequired: false });
    expect((await refused(free, person, 422)).detail).toContain('ingresso è libero');
  });

  it('refuses a cancelled event, a draft, an unknown id, and a body over 16 KiB', async () => {
    const cancelled = await w.event();
    await w.staff('POST', `/api/v1/events/${cancelled}/cancel`, { reason: 'sala non disponibile' });
    expect((await refused(cancelled, person, 409)).detail).toContain('annullato');
    const draft = await w.event({ status: 'draft' });
    await refused(draft, person, 404);
    await refused('01900000-0000-7000-8000-000000000000', person, 404);
    await refused('not-an-id', person, 404);
    await refused(open, null, 413, { raw: JSON.stringify({ ...person, name: 'x'.repeat(17 * 1024) }) });
    await refused(open, null, 400, { raw: '{"name": "Anna", ' });
  });

  it('refuses a wrong token, and a token used again after cancelling', async () => {
    const a = (await bookVia(w.t, open, { name: 'Carla', email: 'carla@example.org', seats: 1 })).json();
    const before = await snapshot(open);
    expectProblem(await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}?token=${'x'.repeat(43)}` }), 404);
    expectProblem(await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}` }), 400);
    expectProblem(await w.t.app.inject({ method: 'GET', url: `/api/v1/registrations/${a.id}?token=${a.manageToken}x` }), 404);
    expectProblem(await w.t.app.inject({ method: 'PATCH', url: `/api/v1/registrations/${a.id}?token=bad`, payload: { seats: 2 } }), 404);
    expect(await snapshot(open)).toEqual(before);
    expect((await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}?token=${a.manageToken}` })).statusCode).toBe(200);
    const after = await snapshot(open);
    expectProblem(await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}?token=${a.manageToken}` }), 410);
    expectProblem(
      await w.t.app.inject({ method: 'PATCH', url: `/api/v1/registrations/${a.id}?token=${a.manageToken}`, payload: { seats: 2 } }),
      410,
    );
    expectProblem(await w.t.app.inject({ method: 'POST', url: `/api/v1/registrations/${a.id}/accept?token=${a.manageToken}` }), 410);
    expect(await snapshot(open)).toEqual(after);
  });
});

describe.each(DIALECTS)('booking rate limit (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect, { rateLimitMax: 3 });
  });
  afterAll(() => w.close());

  it('counts public writes against RATE_LIMIT_MAX per client and answers 429 beyond it', async () => {
    const id = await w.event();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await bookVia(w.t, id, { name: 'Anna', email: `rl${i}@example.org`, seats: 1 })).statusCode);
    expect(codes).toEqual([201, 201, 201, 429]);
    const res = await bookVia(w.t, id, { name: 'Anna', email: 'rl9@example.org', seats: 1 });
    expect(expectProblem(res, 429).detail).toContain('Riprova');
    expect((await counters(w.t, id)).registrations).toBe(3);
    // Reading is not limited.
    expect((await w.t.app.inject({ method: 'GET', url: `/api/v1/events/${id}` })).statusCode).toBe(200);
  });
});
