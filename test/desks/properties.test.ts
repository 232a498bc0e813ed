import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { at, openDate, type World, world } from './fixtures.js';

/** Bad input never yields a 5xx, and a refused request leaves the data as it was. */

const OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe.each(DIALECTS)('help desk routes under arbitrary input (%s)', (dialect) => {
  let w: World;
  let deskId: string;
  const days = [openDate(2), openDate(3), openDate(9)];
  beforeAll(async () => {
    w = await world(dialect);
    deskId = await w.desk({ personLimit: { count: 1, days: 30 } });
  });
  afterAll(() => w.close());

  const date = fc.oneof(
    fc.constantFrom(...days, '2026-02-30', '2026-13-01', '1999-12-31', '2101-01-01', '', '2026-1-1', '2026-04-25'),
    fc.string({ maxLength: 12 }),
    fc.date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  );
  const time = fc.constantFrom('09:00', '09:30', '09:10', '12:30', '12:00', '08:59', '23:59', '00:00', '02:30', '24:00');
  const start = fc.oneof(
    fc.tuple(fc.constantFrom(...days), time).map(([d, t]) => at(d, t)),
    fc
      .tuple(date, time, fc.constantFrom('', 'Z', '+01:00', '+02:00', '-05:00', '+0100', '+25:00', ':00.123+01:00'))
      .map(([d, t, z]) => `${d}T${t}${z}`),
    fc.string({ maxLength: 40 }),
    fc.anything(),
  );
  const service = fc.oneof(fc.constantFrom('spid', 'pagopa', 'cie', 'SPID', '', 'spid '), fc.string({ maxLength: 50 }), fc.anything());
  const id = fc.oneof(
    fc.constant('DESK'),
    fc.uuid(),
    fc.constantFrom('', 'x', '%00', '..', '00000000-0000-0000-0000-000000000000'),
    fc.string({ maxLength: 40 }).filter((s) => !s.includes('/') && !s.includes('?') && !s.includes('#')),
  );
  const deskPath = (d: string) => (d === 'DESK' ? deskId : encodeURIComponent(d));

  it('slots route: never a 5xx; a 200 lists only well-formed slots inside the range', async () => {
    await fc.assert(
      fc.asyncProperty(id, fc.record({ service, from: date, to: date }, { requiredKeys: [] }), async (desk, query) => {
        const q = new URLSearchParams();
        for (const [k, v] of Object.entries(query)) q.set(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
        const res = await w.t.app.inject({ url: `/api/v1/desks/${deskPath(desk)}/slots?${q}` });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode === 200) {
          for (const s of res.json().items as { start: string; end: string; free: number }[]) {
            expect(s.start).toMatch(OFFSET);
            expect(s.end).toMatch(OFFSET);
            expect(s.free).toBeGreaterThan(0);
            if (typeof query.from === 'string') expect(s.start.slice(0, 10) >= query.from).toBe(true);
            if (typeof query.to === 'string') expect(s.start.slice(0, 10) <= query.to).toBe(true);
          }
        } else {
          expect(res.headers['content-type']).toMatch(/problem\+json/);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('booking route: never a 5xx; a 4xx writes nothing, a 201 writes one appointment', async () => {
    const body = fc.record(
      {
        service,
        start,
        name: fc.oneof(fc.constantFrom('Anna Bianchi', '', 'A'), fc.string({ maxLength: 130 }), fc.anything()),
        email: fc.oneof(fc.constantFrom('anna@example.org', 'ANNA@example.org ', 'anna@', ''), fc.emailAddress(), fc.anything()),
        phone: fc.oneof(fc.constantFrom('333 1234567', '+39 3331234567', '12', ''), fc.string({ maxLength: 20 })),
        hold: fc.oneof(fc.uuid(), fc.string({ maxLength: 10 })),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(id, body, async (desk, payload) => {
        const before = await w.counts();
        const res = await w.t.app.inject({
          method: 'POST',
          url: `/api/v1/desks/${deskPath(desk)}/appointments`,
          payload: payload as object,
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        const after = await w.counts();
        if (res.statusCode >= 400) {
          expect(after, res.body).toEqual(before);
        } else {
          expect(res.statusCode).toBe(201);
          expect(after.appointments).toBe(before.appointments + 1);
          // Free it again, so later runs find places.
          const { id: appointment, manageToken } = res.json();
          const del = await w.t.app.inject({
            method: 'DELETE',
            url: `/api/v1/appointments/${appointment}?token=${encodeURIComponent(manageToken)}`,
          });
          expect(del.statusCode).toBe(204);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('hold, move and cancel routes: never a 5xx, and a 4xx writes nothing', async () => {
    const booked = (
      await w.t.app.inject({
        method: 'POST',
        url: `/api/v1/desks/${deskId}/appointments`,
        payload: { service: 'pagopa', start: at(days[2], '12:00'), name: 'Fisso', phone: '3339998877' },
      })
    ).json();
    const token = fc.oneof(fc.constant(booked.manageToken as string), fc.string({ maxLength: 60 }));
    const call = fc.oneof(
      fc.record({
        kind: fc.constant('hold' as const),
        desk: id,
        body: fc.record({ service, start, extra: fc.anything() }, { requiredKeys: [] }),
      }),
      fc.record({ kind: fc.constant('move' as const), token, body: fc.record({ start, extra: fc.anything() }, { requiredKeys: [] }) }),
      fc.record({ kind: fc.constant('cancel' as const), token: fc.string({ maxLength: 60 }) }),
      fc.record({ kind: fc.constant('release' as const), hold: id }),
    );
    await fc.assert(
      fc.asyncProperty(call, async (c) => {
        const before = await w.counts();
        const res =
          c.kind === 'hold'
            ? await w.t.app.inject({ method: 'POST', url: `/api/v1/desks/${deskPath(c.desk)}/holds`, payload: c.body as object })
            : c.kind === 'move'
              ? await w.t.app.inject({
                  method: 'PATCH',
                  url: `/api/v1/appointments/${booked.id}?token=${encodeURIComponent(c.token)}`,
                  payload: c.body as object,
                })
              : c.kind === 'cancel'
                ? await w.t.app.inject({ method: 'DELETE', url: `/api/v1/appointments/${booked.id}?token=${encodeURIComponent(c.token)}` })
                : await w.t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${deskPath(c.hold)}` });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await w.counts(), `${c.kind}: ${res.body}`).toEqual(before);
        if (c.kind === 'hold' && res.statusCode === 201) {
          expect((await w.t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${res.json().id}` })).statusCode).toBe(204);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('booking page form: never a 5xx, and a refused form books nothing', async () => {
    const form = fc.record(
      {
        servizio: fc.oneof(fc.constantFrom('spid', 'cie'), fc.string({ maxLength: 20 })),
        start: fc.oneof(
          fc.tuple(fc.constantFrom(...days), time).map(([d, t]) => at(d, t)),
          fc.string({ maxLength: 30 }),
        ),
        name: fc.string({ maxLength: 20 }),
        email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 20 })),
        phone: fc.string({ maxLength: 15 }),
        hold: fc.string({ maxLength: 40 }),
      },
      { requiredKeys: [] },
    );
    const { Browser } = await import('../helpers.js');
    const b = new Browser(w.t.app);
    const csrf = await b.csrf();
    await fc.assert(
      fc.asyncProperty(form, async (f) => {
        const before = await w.counts();
        const res = await b.post(`/sportelli/${deskId}/prenota/dati`, f as Record<string, string>, { csrf });
        expect(res.statusCode, res.body.slice(0, 500)).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await w.counts()).toEqual(before);
        if (res.statusCode === 303 && /\/appuntamenti\/([^/]+)\/confermato\?token=(.+)$/.test(res.headers.location as string)) {
          const [, appointment, token] = /\/appuntamenti\/([^/]+)\/confermato\?token=(.+)$/.exec(res.headers.location as string)!;
          await w.t.app.inject({ method: 'DELETE', url: `/api/v1/appointments/${appointment}?token=${token}` });
        }
      }),
      { numRuns: 100 },
    );
  });
});
