import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { bookVia, expectProblem, inDays, type World, world } from './booking-fixtures.js';

const hours = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3_600_000).toISOString();

describe.each(DIALECTS)('events API (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());

  const base = () => {
    const start = inDays(20);
    return {
      organisation: w.prato,
      title: 'Sicurezza informatica per le imprese',
      description: 'Un’ora di consigli pratici: password, truffe via e-mail, backup. Più perché.',
      type: 'webinar',
      format: 'in_presenza',
      venue: w.coiano,
      capacity: 30,
      maxSeatsPerBooking: 2,
      bookingRequired: true,
      status: 'published',
      audiences: ['imprese-artigiani', 'commercianti'],
      topics: ['sicurezza-informatica'],
      sessions: [{ start, end: hours(start, 1) }],
    };
  };

  it('lets the staff of the organisation create an event, and nobody else', async () => {
    const created = await w.staff('POST', '/api/v1/events', base());
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expectProblem(await w.outsider('POST', '/api/v1/events', base()), 403);
    expectProblem(await w.t.app.inject({ method: 'POST', url: '/api/v1/events', payload: base() }), 401);
    const got = await w.t.app.inject({ method: 'GET', url: `/api/v1/events/${id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      id,
      organisation: { id: w.prato, name: 'Comune di Prato' },
      title: 'Sicurezza informatica per le imprese',
      format: 'in_presenza',
      venue: { id: w.coiano, name: 'Circolo di Coiano', stepFree: true, mapUrl: expect.stringContaining('openstreetmap.org') },
      municipality: { code: '100005', name: 'Prato' },
      audiences: ['commercianti', 'imprese-artigiani'],
      topics: ['sicurezza-informatica'],
      capacity: 30,
      availability: 'available',
      bookingOpen: true,
      page: `/eventi/${id}`,
    });
    // Anyone sees the seats as a band; the organiser's staff see the counts.
    expect(got.json().seatsLeft).toBeUndefined();
    expect(got.json().waiting).toBeUndefined();
    const asStaff = await w.staff('GET', `/api/v1/events/${id}`);
    expect(asStaff.json()).toMatchObject({ availability: 'available', seatsLeft: 30, waiting: 0, partnersPending: [] });
    const row = await w.t.db.k
      .selectFrom('events')
      .select(['search_text', 'municipality_code'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.municipality_code).toBe('100005');
    expect(row.search_text).toContain('piu perche');
    expect(row.search_text).toContain('circolo di coiano');
    expect(row.search_text).toContain('prato');
  });

  it('checks where an event happens: venue of the organisation or a partner, a link for online', async () => {
    const partnerVenue = await w.staff('POST', '/api/v1/events', { ...base(), venue: w.arciVenue });
    expect(partnerVenue.statusCode, partnerVenue.body).toBe(201);
    const foreign = expectProblem(await w.staff('POST', '/api/v1/events', { ...base(), venue: w.murate }), 422);
    expect(foreign.errors?.map((e) => e.field)).toEqual(['venue']);
    const noVenue = expectProblem(await w.staff('POST', '/api/v1/events', { ...base(), venue: null }), 422);
    expect(noVenue.errors?.map((e) => e.field)).toEqual(['venue']);
    const noLink = expectProblem(await w.staff('POST', '/api/v1/events', { ...base(), format: 'online', venue: null }), 422);
    expect(noLink.errors?.map((e) => e.field)).toEqual(['onlineUrl']);
    const hybrid = expectProblem(await w.staff('POST', '/api/v1/events', { ...base(), format: 'ibrido' }), 422);
    expect(hybrid.errors?.map((e) => e.field)).toEqual(['onlineUrl']);
    const online = await w.staff('POST', '/api/v1/events', {
      ...base(),
      format: 'online',
      venue: null,
      onlineUrl: 'https://meet.example.org/x',
    });
    expect(online.statusCode, online.body).toBe(201);
    const ev = (await w.t.app.inject({ method: 'GET', url: `/api/v1/events/${online.json().id}` })).json();
    expect(ev).toMatchObject({ venue: null, municipality: { code: '100005' }, hasOnlineLink: true });
    expect(JSON.stringify(ev)).not.toContain('meet.example.org');
  });

  it('refuses bad events with the fields named, and writes nothing', async () => {
    const before = await w.t.db.k
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, string][] = [
      [{ sessions: [] }, 'sessions'],
      [{ sessions: [{ start: inDays(3), end: inDays(2) }] }, 'sessions.0.end'],
      [{ sessions: [{ start: '2025-12-04 20:30', end: inDays(2) }] }, 'sessions.0.start'],
      [{ capacity: 0 }, 'capacity'],
      [{ type: 'festa' }, 'type'],
      [{ audiences: ['marziani'] }, 'audiences.0'],
      [{ title: '' }, 'title'],
      [{ bookingOpensAt: inDays(5), bookingClosesAt: inDays(4) }, 'bookingClosesAt'],
    ];
    for (const [change, field] of cases) {
      const res = expectProblem(await w.staff('POST', '/api/v1/events', { ...base(), ...change }), 400);
      expect(res.errors?.map((e) => e.field)).toContain(field);
    }
    const after = await w.t.db.k
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('shows drafts to the staff only, and lets only the staff change or cancel', async () => {
    const id = (await w.staff('POST', '/api/v1/events', { ...base(), status: 'draft' })).json().id;
    expectProblem(await w.t.app.inject({ method: 'GET', url: `/api/v1/events/${id}` }), 404);
    expectProblem(await w.outsider('GET', `/api/v1/events/${id}`), 404);
    expect((await w.staff('GET', `/api/v1/events/${id}`)).json().status).toBe('draft');
    expectProblem(await bookVia(w.t, id, { name: 'Anna', email: 'anna@example.org', seats: 1 }), 404);
    expectProblem(await w.outsider('PATCH', `/api/v1/events/${id}`, { status: 'published' }), 403);
    expectProblem(await w.t.app.inject({ method: 'PATCH', url: `/api/v1/events/${id}`, payload: { status: 'published' } }), 401);
    const published = await w.staff('PATCH', `/api/v1/events/${id}`, { status: 'published', title: 'Nuovo titolo' });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', title: 'Nuovo titolo' });
    expect((await w.t.app.inject({ method: 'GET', url: `/api/v1/events/${id}` })).statusCode).toBe(200);
    expectProblem(await w.outsider('POST', `/api/v1/events/${id}/cancel`, { reason: 'nessuno' }), 403);
    expectProblem(await w.outsider('GET', `/api/v1/events/${id}/registrations`), 403);
    expectProblem(await w.t.app.inject({ method: 'GET', url: `/api/v1/events/${id}/registrations` }), 401);
    expectProblem(await w.staff('GET', '/api/v1/events/not-an-id'), 404);
    expectProblem(await w.staff('GET', '/api/v1/events/01900000-0000-7000-8000-000000000000'), 404);
  });

  it('lists the registrations for the staff, and records a booking on behalf of a caller', async () => {
    const id = (await w.staff('POST', '/api/v1/events', { ...base(), capacity: 1, maxSeatsPerBooking: 1 })).json().id;
    const own = await w.staff('POST', `/api/v1/events/${id}/registrations`, { name: 'Signora Maria', phone: '0574 123456', seats: 1 });
    expect(own.statusCode, own.body).toBe(201);
    await bookVia(w.t, id, { name: 'Bea', email: 'bea@example.org', seats: 1 });
    const list = await w.staff('GET', `/api/v1/events/${id}/registrations`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ status: 'confirmed', name: 'Signora Maria', phone: '0574 123456', source: 'staff', seats: 1 }),
      expect.objectContaining({ status: 'waitlisted', name: 'Bea', email: 'bea@example.org', position: 1, source: 'api' }),
    ]);
    const row = await w.t.db.k.selectFrom('registrations').select('booked_by').where('id', '=', own.json().id).executeTakeFirstOrThrow();
    expect(row.booked_by).toBe(w.staffUserId);
    // Reading the list of personal data leaves a trace.
    const audit = await w.t.db.k.selectFrom('audit_log').selectAll().where('entity_id', '=', id).execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'view-registrations', user_id: w.staffUserId, organisation_id: w.prato })]);
  });

  it('creates a series twice a month, rotating the venues, at the same Rome hour; one date changes alone', async () => {
    // First Tuesday of next month, 21:00 in Rome.
    let first = DateTime.now().setZone('Europe/Rome').plus({ months: 1 }).startOf('month');
    while (first.weekday !== 2) first = first.plus({ days: 1 });
    first = first.set({ hour: 21 });
    const { sessions: _s, venue: _v, ...rest } = base();
    const res = await w.staff('POST', '/api/v1/event-series', {
      ...rest,
      title: 'Agenda digitale nei circoli',
      type: 'incontro',
      count: 10,
      every: 'twice-a-month',
      firstStart: first.toISO(),
      durationMinutes: 120,
      venues: [w.coiano, w.arciVenue, w.coiano],
    });
    expect(res.statusCode, res.body).toBe(201);
    const { seriesId, eventIds } = res.json();
    expect(eventIds).toHaveLength(10);
    const got = await Promise.all(eventIds.map((id: string) => w.t.app.inject({ method: 'GET', url: `/api/v1/events/${id}` })));
    const evs = got.map((g) => g.json());
    expect(new Set(evs.map((e) => e.seriesId))).toEqual(new Set([seriesId]));
    const local = evs.map((e) => DateTime.fromISO(e.start, { zone: 'Europe/Rome' }));
    for (const d of local) {
      expect(d.weekday).toBe(2);
      expect(d.toFormat('HH:mm')).toBe('21:00');
      expect([1, 3]).toContain(Math.ceil(d.day / 7));
    }
    for (let i = 1; i < local.length; i++) expect(local[i] > local[i - 1]).toBe(true);
    expect(evs.map((e) => e.venue.id)).toEqual(eventIds.map((_: string, i: number) => [w.coiano, w.arciVenue, w.coiano][i % 3]));
    // Move the third meeting by a day: only it changes.
    const moved = local[2].plus({ days: 1 });
    const patch = await w.staff('PATCH', `/api/v1/events/${eventIds[2]}`, {
      sessions: [{ start: moved.toISO(), end: moved.plus({ hours: 2 }).toISO() }],
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const after = await Promise.all(eventIds.map((id: string) => w.t.app.inject({ method: 'GET', url: `/api/v1/events/${id}` })));
    const starts = after.map((g) => g.json().start);
    expect(starts[2]).toBe(moved.toUTC().toISO());
    expect(starts.filter((_, i) => i !== 2)).toEqual(evs.map((e) => e.start).filter((_, i) => i !== 2));
    expectProblem(
      await w.outsider('POST', '/api/v1/event-series', {
        ...rest,
        count: 2,
        every: 'week',
        firstStart: first.toISO(),
        durationMinutes: 60,
      }),
      403,
    );
  });

  it('describes its routes in the OpenAPI document', async () => {
    const doc = (await w.t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const booking = doc.paths['/api/v1/events/{eventId}/registrations'].post;
    expect(booking.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
    expect(booking.summary).toMatch(/privacy/);
    for (const path of [
      '/api/v1/events',
      '/api/v1/event-series',
      '/api/v1/events/{eventId}',
      '/api/v1/events/{eventId}/cancel',
      '/api/v1/registrations/{registrationId}',
      '/api/v1/registrations/{registrationId}/accept',
      '/api/v1/registrations/{registrationId}/decline',
      '/api/v1/registrations/{registrationId}/ics',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
