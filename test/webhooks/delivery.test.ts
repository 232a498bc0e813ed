import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../src/core/jobs.js';
import { now, setClockOffset } from '../../src/core/time.js';
import { deliver } from '../../src/modules/webhooks/jobs.js';
import { createSubscription, WEBHOOK_MAX_ATTEMPTS, webhookJob } from '../../src/modules/webhooks/service.js';
import { verifySignature } from '../../src/modules/webhooks/signing.js';
import { DIALECTS } from '../helpers.js';
import { afterBackoff, type Envelope, expectSigned, type World, world } from './fixtures.js';

/** Personal data the bookings below carry: none of it may leave in a webhook. */
const PERSONAL = ['Anna', 'Rossi', 'anna@example.org', 'Bea', 'Neri', 'bea@example.org', '+39 333 123 4567', '333 123', 'Ciro'];
const expectNoPersonalData = (bodies: string[]) => {
  for (const body of bodies) for (const p of PERSONAL) expect(body, `"${p}" in ${body}`).not.toContain(p);
};

describe.each(DIALECTS)('webhook deliveries (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => {
    setClockOffset(0);
    w.rx.clear();
  });

  it('signs a request for every booking, cancellation and promotion, with ids and counts only', async () => {
    const org = await w.org();
    const { id: hook, secret } = await w.subscribe(org, '/all');
    const eventId = await w.event(org, { capacity: 2 });
    const anna = await w.book(eventId, { name: 'Anna Rossi', email: 'anna@example.org', seats: 2 });
    const bea = await w.book(eventId, { name: 'Bea Neri', phone: '+39 333 123 4567', seats: 1 });
    expect([anna.status, bea.status]).toEqual(['confirmed', 'waitlisted']);
    await w.drain();
    // Deliveries carry no order guarantee (occurredAt tells it): compare them as sets.
    const byRegistration = (x: Envelope, y: Envelope) =>
      `${x.type}${x.data.registrationId}`.localeCompare(`${y.type}${y.data.registrationId}`);
    const created = w.rx
      .at('/all')
      .map((r) => expectSigned(r, secret))
      .sort(byRegistration);
    const expected = [
      { registrationId: anna.id, eventId, status: 'confirmed', seats: 2 },
      { registrationId: bea.id, eventId, status: 'waitlisted', seats: 1 },
    ].sort((x, y) => x.registrationId.localeCompare(y.registrationId));
    expect(created.map((b) => [b.type, b.data])).toEqual(expected.map((d) => ['registration.created', d]));
    expect(created.every((b) => b.organisationId === org.id)).toBe(true);

    w.rx.clear();
    const cancel = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${anna.id}?token=${anna.manageToken}` });
    expect(cancel.statusCode, cancel.body).toBe(200);
    await w.drain();
    const after = w.rx
      .at('/all')
      .map((r) => expectSigned(r, secret))
      .sort(byRegistration);
    expect(after.map((b) => [b.type, b.data])).toEqual([
      [
        'registration.cancelled',
        { registrationId: anna.id, eventId, status: 'cancelled', previousStatus: 'confirmed', seats: 2, reason: 'cancelled' },
      ],
      ['registration.promoted', { registrationId: bea.id, eventId, status: 'confirmed', previousStatus: 'waitlisted', seats: 1 }],
    ]);
    // Each occurrence has its own id, and each delivery its own header id.
    const all = [...created, ...after];
    expect(new Set(all.map((b) => b.id)).size).toBe(4);
    expectNoPersonalData(w.rx.received.map((r) => r.body + JSON.stringify(r.headers)));

    const log = await org.admin('GET', `/api/v1/webhooks/${hook}/deliveries`);
    expect(log.statusCode).toBe(200);
    const items = log.json().items as { status: string; attempts: number; responseStatus: number; type: string }[];
    expect(items).toHaveLength(4);
    expect(items.every((d) => d.status === 'delivered' && d.attempts === 1 && d.responseStatus === 200)).toBe(true);
    expect(items.map((d) => d.type).sort()).toEqual([
      'registration.cancelled',
      'registration.created',
      'registration.created',
      'registration.promoted',
    ]);
  });

  it('in offer mode tells of each offer, a declined one and a lapsed one', async () => {
    const org = await w.org();
    const { secret } = await w.subscribe(org, '/offers', ['registration.cancelled', 'registration.promoted']);
    const eventId = await w.event(org, { capacity: 1, waitlistMode: 'offer', offerHours: 2 });
    const [a, b, c] = [
      await w.book(eventId, { name: 'Anna Rossi', email: 'anna@example.org', seats: 1 }),
      await w.book(eventId, { name: 'Bea Neri', email: 'bea@example.org', seats: 1 }),
      await w.book(eventId, { name: 'Ciro', email: 'ciro@example.org', seats: 1 }),
    ];
    const inject = (method: 'POST' | 'DELETE', url: string) => w.t.app.inject({ method, url });
    await inject('DELETE', `/api/v1/registrations/${a.id}?token=${a.manageToken}`);
    await inject('POST', `/api/v1/registrations/${b.id}/decline?token=${b.manageToken}`);
    await w.drain();
    // Nobody answers Ciro's offer: the job lapses it after two hours.
    setClockOffset(2 * 3_600_000 + 60_000);
    await w.drain();
    const seen = w.rx
      .at('/offers')
      .map((r) => expectSigned(r, secret))
      .map((x) => [x.type, x.data.registrationId, x.data.status, x.data.previousStatus ?? null, x.data.reason ?? null]);
    expect(seen.sort()).toEqual(
      [
        ['registration.cancelled', a.id, 'cancelled', 'confirmed', 'cancelled'],
        ['registration.promoted', b.id, 'offered', 'waitlisted', null],
        ['registration.cancelled', b.id, 'cancelled', 'offered', 'declined'],
        ['registration.promoted', c.id, 'offered', 'waitlisted', null],
        ['registration.cancelled', c.id, 'cancelled', 'offered', 'offer-lapsed'],
      ].sort(),
    );
  });

  it('tells of an accepted offer and of a changed number of seats, and only those who asked for updates', async () => {
    const org = await w.org();
    const { secret } = await w.subscribe(org, '/updates', ['registration.updated']);
    await w.subscribe(org, '/bookings', ['registration.created']);
    const eventId = await w.event(org, { capacity: 2, waitlistMode: 'offer', offerHours: 2 });
    const anna = await w.book(eventId, { name: 'Anna Rossi', email: 'anna@example.org', seats: 2 });
    const bea = await w.book(eventId, { name: 'Bea Neri', email: 'bea@example.org', seats: 1 });
    await w.drain();
    w.rx.clear();
    // Anna keeps one seat of two: Bea is offered the other, accepts it, then asks for it unchanged.
    const fewer = await w.t.app.inject({
      method: 'PATCH',
      url: `/api/v1/registrations/${anna.id}?token=${anna.manageToken}`,
      payload: { seats: 1 },
    });
    expect(fewer.statusCode, fewer.body).toBe(200);
    const accepted = await w.t.app.inject({ method: 'POST', url: `/api/v1/registrations/${bea.id}/accept?token=${bea.manageToken}` });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const same = await w.t.app.inject({
      method: 'PATCH',
      url: `/api/v1/registrations/${bea.id}?token=${bea.manageToken}`,
      payload: { seats: 1 },
    });
    expect(same.statusCode, same.body).toBe(200);
    await w.drain();
    const seen = w.rx.at('/updates').map((r) => expectSigned(r, secret));
    const byReason = [...seen].sort((x, y) => String(x.data.reason).localeCompare(String(y.data.reason)));
    expect(byReason.map((b) => [b.type, b.data])).toEqual([
      [
        'registration.updated',
        {
          registrationId: bea.id,
          eventId,
          status: 'confirmed',
          previousStatus: 'offered',
          seats: 1,
          previousSeats: 1,
          reason: 'offer-accepted',
        },
      ],
      [
        'registration.updated',
        {
          registrationId: anna.id,
          eventId,
          status: 'confirmed',
          previousStatus: 'confirmed',
          seats: 1,
          previousSeats: 2,
          reason: 'seats-changed',
        },
      ],
    ]);
    expect(w.rx.at('/bookings')).toEqual([]);
    expectNoPersonalData(w.rx.received.map((r) => r.body));
  });

  it('tells every live booking of a cancelled event, each to the subscriptions that want it', async () => {
    const org = await w.org();
    const everything = await w.subscribe(org, '/everything');
    await w.subscribe(org, '/checkins', ['registration.checked_in']);
    const eventId = await w.event(org, { capacity: 1 });
    const anna = await w.book(eventId, { name: 'Anna Rossi', email: 'anna@example.org', seats: 1 });
    const bea = await w.book(eventId, { name: 'Bea Neri', email: 'bea@example.org', seats: 1 });
    await w.drain();
    w.rx.clear();
    const res = await org.staff('POST', `/api/v1/events/${eventId}/cancel`, { reason: 'maltempo' });
    expect(res.statusCode, res.body).toBe(200);
    await w.drain();
    const bodies = w.rx.at('/everything').map((r) => expectSigned(r, everything.secret));
    expect(bodies.map((b) => [b.type, b.data.registrationId, b.data.previousStatus, b.data.reason]).sort()).toEqual(
      [
        ['registration.cancelled', anna.id, 'confirmed', 'event-cancelled'],
        ['registration.cancelled', bea.id, 'waitlisted', 'event-cancelled'],
      ].sort(),
    );
    expect(w.rx.at('/checkins')).toEqual([]);
    expectNoPersonalData(w.rx.received.map((r) => r.body));
  });

  it('signs a check-in at the door once, however many times the ticket is scanned', async () => {
    const org = await w.org();
    const bookings = await w.subscribe(org, '/bookings', ['registration.created']);
    const door = await w.subscribe(org, '/door', ['registration.checked_in']);
    const eventId = await w.event(org, {}, 3);
    const anna = await w.book(eventId, { name: 'Anna Rossi', email: 'anna@example.org', seats: 2 });
    await w.drain();
    expect(w.rx.at('/door')).toEqual([]);
    expect(w.rx.at('/bookings').map((r) => expectSigned(r, bookings.secret).data.registrationId)).toEqual([anna.id]);

    // At the door, as the event starts (the same day in Rome whatever the hour of the test).
    setClockOffset(3 * 86_400_000 + 1000);
    const first = await org.staff('POST', `/api/v1/events/${eventId}/checkins`, { code: anna.ticketCode });
    expect(first.statusCode, first.body).toBe(201);
    const again = await org.staff('POST', `/api/v1/events/${eventId}/checkins`, { code: anna.ticketCode });
    expect(again.statusCode, again.body).toBe(200);
    await w.drain();
    const got = w.rx.at('/door').map((r) => expectSigned(r, door.secret));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      type: 'registration.checked_in',
      organisationId: org.id,
      data: { registrationId: anna.id, eventId, sessionId: first.json().sessionId, people: 2 },
    });
    expect(w.rx.at('/bookings')).toHaveLength(1);
    expectNoPersonalData(w.rx.received.map((r) => r.body));
  });

  it('drops personal fields that an emitter put in the data by mistake', async () => {
    const org = await w.org();
    const { secret } = await w.subscribe(org, '/safe', ['registration.checked_in']);
    const job = webhookJob(org.id, 'registration.checked_in', {
      registrationId: 'r-1',
      seats: 1,
      name: 'Anna Rossi',
      email: 'anna@example.org',
      phone: '+39 333 123 4567',
      nested: { name: 'Anna' },
    });
    await enqueueJob(w.t.db.k, job.kind, job.payload);
    await w.drain();
    const [got] = w.rx.at('/safe').map((r) => expectSigned(r, secret));
    expect(got.data).toEqual({ registrationId: 'r-1', seats: 1 });
  });

  it('retries a receiver that fails, with back-off, and logs every attempt', async () => {
    const org = await w.org();
    const { id: hook, secret } = await w.subscribe(org, '/flaky', ['registration.created']);
    const eventId = await w.event(org);
    w.rx.answers = [500, 503];
    const reg = await w.book(eventId, { name: 'Anna Rossi', email: 'anna@example.org', seats: 1 });
    await w.drain();
    expect(w.rx.at('/flaky')).toHaveLength(1);
    let [d] = (await org.admin('GET', `/api/v1/webhooks/${hook}/deliveries`)).json().items;
    expect(d).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 500, lastError: 'Risposta HTTP 500' });

    // Not again before the back-off has passed.
    setClockOffset(10_000);
    await w.drain();
    expect(w.rx.at('/flaky')).toHaveLength(1);

    const offset = { ms: 0 };
    await afterBackoff(w, 1, offset);
    [d] = (await org.admin('GET', `/api/v1/webhooks/${hook}/deliveries`)).json().items;
    expect(d).toMatchObject({ status: 'pending', attempts: 2, responseStatus: 503 });
    await afterBackoff(w, 2, offset);
    [d] = (await org.admin('GET', `/api/v1/webhooks/${hook}/deliveries`)).json().items;
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, responseStatus: 200, lastError: null });
    expect(d.deliveredAt).toEqual(expect.any(String));

    const got = w.rx.at('/flaky');
    expect(got).toHaveLength(3);
    // The same delivery each time (a receiver de-duplicates on it), freshly signed at each attempt.
    expect(new Set(got.map((r) => r.headers['ponte-delivery'])).size).toBe(1);
    expect(new Set(got.map((r) => r.headers['ponte-signature'])).size).toBe(3);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    expect(expectSigned(got[2], secret).data.registrationId).toBe(reg.id);
    // Replayed six minutes later, the last request is refused by a receiver that checks the timestamp.
    const later = Math.floor(now().getTime() / 1000) + 6 * 60;
    expect(verifySignature(secret, got[2].headers['ponte-signature'] as string, got[2].body, later)).toEqual({
      ok: false,
      reason: 'too-old',
    });
  });

  it('gives up after the last attempt and marks the delivery failed', async () => {
    const org = await w.org();
    const { id: hook } = await w.subscribe(org, '/down', ['registration.created']);
    const eventId = await w.event(org);
    w.rx.fallback = 500;
    await w.book(eventId, { name: 'Anna Rossi', email: 'anna@example.org', seats: 1 });
    await w.drain();
    const offset = { ms: 0 };
    for (let attempt = 1; attempt < WEBHOOK_MAX_ATTEMPTS; attempt++) await afterBackoff(w, attempt, offset);
    expect(w.rx.at('/down')).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    const [d] = (await org.admin('GET', `/api/v1/webhooks/${hook}/deliveries`)).json().items;
    expect(d).toMatchObject({ status: 'failed', attempts: WEBHOOK_MAX_ATTEMPTS, responseStatus: 500, lastError: 'Risposta HTTP 500' });
    // Nothing is left to run, even much later.
    await afterBackoff(w, 20, offset);
    expect(w.rx.at('/down')).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    const job = await w.t.db.k
      .selectFrom('jobs')
      .select(['status', 'attempts'])
      .where('kind', '=', 'webhooks.deliver')
      .where('payload', 'like', `%${d.id}%`)
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'failed', attempts: WEBHOOK_MAX_ATTEMPTS });
  });

  it('logs a receiver that cannot be reached, and one that redirects, as failed attempts', async () => {
    const org = await w.org();
    // A port nobody listens on: opened, then closed again.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const closed = await org.admin('POST', `/api/v1/organisations/${org.id}/webhooks`, {
      url: `http://127.0.0.1:${port}/nessuno`,
      events: ['registration.created'],
    });
    const { id: redirecting } = await w.subscribe(org, '/moved', ['registration.created']);
    w.rx.answers = [302];
    await w.book(await w.event(org), { name: 'Anna Rossi', email: 'anna@example.org', seats: 1 });
    await w.drain();
    const [refused] = (await org.admin('GET', `/api/v1/webhooks/${closed.json().id}/deliveries`)).json().items;
    expect(refused).toMatchObject({
      status: 'pending',
      attempts: 1,
      responseStatus: null,
      lastError: expect.stringContaining('ECONNREFUSED'),
    });
    const [moved] = (await org.admin('GET', `/api/v1/webhooks/${redirecting}/deliveries`)).json().items;
    expect(moved).toMatchObject({
      status: 'pending',
      attempts: 1,
      responseStatus: 302,
      lastError: 'Reindirizzamento non seguito (HTTP 302)',
    });
  });

  it('sends nothing to a paused subscription, and again once resumed', async () => {
    const org = await w.org();
    const { id: hook, secret } = await w.subscribe(org, '/paused');
    const eventId = await w.event(org);
    const paused = await org.admin('PATCH', `/api/v1/webhooks/${hook}`, { active: false });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().active).toBe(false);
    await w.book(eventId, { name: 'Anna Rossi', email: 'anna@example.org', seats: 1 });
    await w.drain();
    expect(w.rx.at('/paused')).toEqual([]);
    expect((await org.admin('GET', `/api/v1/webhooks/${hook}/deliveries`)).json().items).toEqual([]);

    await org.admin('PATCH', `/api/v1/webhooks/${hook}`, { active: true });
    const bea = await w.book(eventId, { name: 'Bea Neri', email: 'bea@example.org', seats: 1 });
    await w.drain();
    const got = w.rx.at('/paused').map((r) => expectSigned(r, secret));
    expect(got.map((b) => b.data.registrationId)).toEqual([bea.id]);
  });

  it('books as before when nobody subscribed, without queueing webhook jobs for nobody', async () => {
    const org = await w.org();
    const eventId = await w.event(org, { capacity: 1 });
    const a = await w.book(eventId, { name: 'Anna Rossi', email: 'anna@example.org', seats: 1 });
    const b = await w.book(eventId, { name: 'Bea Neri', seats: 1, phone: '+39 333 123 4567' });
    expect([a.status, b.status]).toEqual(['confirmed', 'waitlisted']);
    const emits = () =>
      w.t.db.k
        .selectFrom('jobs')
        .select(['status', 'payload'])
        .where('kind', '=', 'webhooks.emit')
        .where('payload', 'like', `%${org.id}%`)
        .execute();
    expect(await emits()).toEqual([]);
    await w.drain();
    expect(await w.t.db.k.selectFrom('webhook_deliveries').select('id').where('organisation_id', '=', org.id).execute()).toEqual([]);

    // Once the organisation subscribes, the next booking is told.
    const { secret } = await w.subscribe(org, '/later');
    const c = await w.book(await w.event(org), { name: 'Carla Verdi', email: 'carla@example.org', seats: 1 });
    expect(await emits()).toHaveLength(1);
    await w.drain();
    const got = w.rx.at('/later').map((r) => expectSigned(r, secret));
    expect(got.map((x) => x.data.registrationId)).toEqual([c.id]);
    expectNoPersonalData((await emits()).map((j) => j.payload));
  });

  it('sends a signed test ping, even while paused; a new secret replaces the old at once', async () => {
    const org = await w.org();
    const { id: hook, secret } = await w.subscribe(org, '/ping');
    await org.admin('PATCH', `/api/v1/webhooks/${hook}`, { active: false });
    const ping = await org.admin('POST', `/api/v1/webhooks/${hook}/ping`);
    expect(ping.statusCode, ping.body).toBe(202);
    await w.drain();
    const [first] = w.rx.at('/ping');
    expect(expectSigned(first, secret)).toMatchObject({ type: 'ping', organisationId: org.id, data: { subscriptionId: hook } });
    expect(first.headers['ponte-delivery']).toBe(ping.json().delivery);

    const rotated = await org.admin('POST', `/api/v1/webhooks/${hook}/secret`);
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().secret as string;
    expect(fresh).not.toBe(secret);
    await org.admin('POST', `/api/v1/webhooks/${hook}/ping`);
    await w.drain();
    const second = w.rx.at('/ping')[1];
    expectSigned(second, fresh);
    const stale = verifySignature(secret, second.headers['ponte-signature'] as string, second.body, Math.floor(now().getTime() / 1000));
    expect(stale).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('deletes a subscription with its log; retries still queued stop quietly', async () => {
    const org = await w.org();
    const { id: hook } = await w.subscribe(org, '/gone');
    w.rx.fallback = 500;
    await w.book(await w.event(org), { name: 'Anna Rossi', email: 'anna@example.org', seats: 1 });
    await w.drain();
    expect(w.rx.at('/gone')).toHaveLength(1);
    const [queued] = (await org.admin('GET', `/api/v1/webhooks/${hook}/deliveries`)).json().items;
    const del = await org.admin('DELETE', `/api/v1/webhooks/${hook}`);
    expect(del.statusCode).toBe(204);
    expect((await org.admin('GET', `/api/v1/webhooks/${hook}`)).statusCode).toBe(404);
    expect(await w.t.db.k.selectFrom('webhook_deliveries').select('id').where('subscription_id', '=', hook).execute()).toEqual([]);
    await afterBackoff(w, 1, { ms: 0 });
    expect(w.rx.at('/gone')).toHaveLength(1);
    const job = await w.t.db.k
      .selectFrom('jobs')
      .select(['status', 'attempts'])
      .where('kind', '=', 'webhooks.deliver')
      .where('payload', 'like', `%${queued.id}%`)
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'done', attempts: 2 });
  });

  it('forgets finished deliveries after 30 days, when the subscription gets a new one', async () => {
    const org = await w.org();
    const { id: hook } = await w.subscribe(org, '/old', ['registration.created']);
    const eventId = await w.event(org, {}, 60);
    await w.book(eventId, { name: 'Anna Rossi', email: 'anna@example.org', seats: 1 });
    await w.drain();
    setClockOffset(31 * 86_400_000);
    const bea = await w.book(eventId, { name: 'Bea Neri', email: 'bea@example.org', seats: 1 });
    await w.drain();
    const items = (await org.admin('GET', `/api/v1/webhooks/${hook}/deliveries`)).json().items as {
      body: { data: { registrationId: string } };
    }[];
    expect(items.map((d) => d.body.data.registrationId)).toEqual([bea.id]);
  });

  it('in production refuses private addresses when subscribing and again when delivering', async () => {
    const org = await w.org();
    const strict = { ...w.t.config, webhookAllowPrivate: false };
    await expect(
      createSubscription({ db: w.t.db, config: strict }, org.id, { url: `${w.rx.url}/intranet`, events: ['registration.created'] }, null),
    ).rejects.toMatchObject({ status: 422 });
    expect(await w.t.db.k.selectFrom('webhook_subscriptions').select('id').where('organisation_id', '=', org.id).execute()).toEqual([]);

    // Saved while allowed (or a public name that now resolves to a private address): refused at delivery.
    const { id: hook } = await w.subscribe(org, '/intranet');
    await org.admin('POST', `/api/v1/webhooks/${hook}/ping`);
    const row = await w.t.db.k.selectFrom('webhook_deliveries').select('id').where('subscription_id', '=', hook).executeTakeFirstOrThrow();
    await deliver({ db: w.t.db, config: strict }, row.id, 1);
    const [d] = (await org.admin('GET', `/api/v1/webhooks/${hook}/deliveries`)).json().items;
    expect(d).toMatchObject({ status: 'failed', lastError: expect.stringContaining('rete privata') });
    await w.drain();
    expect(w.rx.at('/intranet')).toEqual([]);
  });
});
