import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { holidayName } from '../../src/modules/desks/service.js';
import { createEvent } from '../../src/modules/events/service.js';
import { DIALECTS } from '../helpers.js';
import { at, deliver, everyDay, freeAt, openDate, PAGOPA, SPID, type World, world } from './fixtures.js';

const OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe.each(DIALECTS)('help desks API (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => {
    setClockOffset(0);
    w.smtp.clear();
  });

  const book = (deskId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    w.t.app.inject({ method: 'POST', url: `/api/v1/desks/${deskId}/appointments`, payload: body, headers });

  describe('desks', () => {
    it('lets staff create a desk with the contract body and reads it back publicly', async () => {
      const res = await w.staff('POST', '/api/v1/desks', {
        organisation: w.prato,
        venue: w.galciana,
        name: 'Sportello SPID di Galciana',
        services: [{ code: 'spid', name: 'Attivazione SPID', durationMinutes: 30, bring: "documento d'identità\ntessera sanitaria" }],
        openingHours: [{ weekday: 2, start: '09:00', end: '12:30', operators: 2 }],
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id as string;
      const got = await w.t.app.inject({ url: `/api/v1/desks/${id}` });
      expect(got.statusCode).toBe(200);
      const desk = got.json();
      expect(desk.services).toEqual([
        { code: 'spid', name: 'Attivazione SPID', durationMinutes: 30, bring: ["documento d'identità", 'tessera sanitaria'] },
      ]);
      expect(desk.openingHours).toEqual([{ weekday: 2, start: '09:00', end: '12:30', operators: 2 }]);
      expect(desk.venue.name).toBe('Circolo Acli di Galciana');
      expect(desk.organisation).toEqual({ id: w.prato, name: 'Comune di Prato' });
      const openapi = (await w.t.app.inject({ url: '/api/v1/openapi.json' })).json();
      for (const path of [
        '/api/v1/desks',
        '/api/v1/desks/{deskId}/slots',
        '/api/v1/desks/{deskId}/holds',
        '/api/v1/desks/{deskId}/appointments',
        '/api/v1/desks/{deskId}/agenda',
      ]) {
        expect(openapi.paths[path], path).toBeDefined();
      }
      expect(openapi.paths['/api/v1/desks/{deskId}/appointments'].post.parameters.map((p: { name: string }) => p.name)).toContain(
        'Idempotency-Key',
      );
    });

    it('takes times as people type them (9, 9.00, 9:00) and says what is wrong in the request language', async () => {
      const body = {
        organisation: w.prato,
        venue: w.galciana,
        name: 'Sportello orari liberi',
        services: [SPID],
        openingHours: [
          { weekday: 1, start: '9', end: '12.30', operators: 1 },
          { weekday: 2, start: '9:00', end: '13', operators: 1 },
        ],
      };
      const res = await w.staff('POST', '/api/v1/desks', body);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().openingHours).toEqual([
        { weekday: 1, start: '09:00', end: '12:30', operators: 1 },
        { weekday: 2, start: '09:00', end: '13:00', operators: 1 },
      ]);
      const bad = { ...body, name: 'X', openingHours: [{ weekday: 8, start: '9.07', end: 'mezzogiorno', operators: 1 }] };
      const fields = async (headers: Record<string, string> = {}) => {
        const r = await w.staff('POST', '/api/v1/desks', bad, headers);
        expect(r.statusCode).toBe(400);
        return (r.json().errors as { field: string; message: string }[]).map((e) => `${e.field}: ${e.message}`);
      };
      expect(await fields()).toEqual(
        expect.arrayContaining([
          'name: indica il nome dello sportello',
          'openingHours.0.weekday: indica il giorno da 1 (lunedì) a 7 (domenica)',
          'openingHours.0.start: gli orari vanno indicati a multipli di 5 minuti, ad esempio 09:05',
          'openingHours.0.end: indica un orario, ad esempio 9, 9.30 o 09:30',
        ]),
      );
      expect(await fields({ 'accept-language': 'en' })).toEqual(
        expect.arrayContaining([
          'name: give the name of the help desk',
          'openingHours.0.weekday: give the day from 1 (Monday) to 7 (Sunday)',
          'openingHours.0.start: times are multiples of 5 minutes, for example 09:05',
          'openingHours.0.end: give a time, for example 9, 9.30 or 09:30',
        ]),
      );
    });

    it('refuses staff of another organisation, anonymous callers and bad bodies, writing nothing', async () => {
      const before = await w.counts();
      const body = {
        organisation: w.prato,
        venue: w.coiano,
        name: 'Intruso',
        services: [SPID],
        openingHours: everyDay(),
      };
      expect((await w.outsider('POST', '/api/v1/desks', body)).statusCode).toBe(403);
      expect((await w.t.app.inject({ method: 'POST', url: '/api/v1/desks', payload: body })).statusCode).toBe(401);
      expect((await w.facilitator('POST', '/api/v1/desks', body)).statusCode).toBe(403);
      const bad: [Record<string, unknown>, number, string][] = [
        [{ ...body, venue: w.murate }, 422, 'venue'],
        [{ ...body, services: [] }, 400, 'services'],
        [{ ...body, services: [{ ...SPID, durationMinutes: 7 }] }, 400, 'services.0.durationMinutes'],
        [{ ...body, services: [SPID, SPID] }, 400, 'services.1.code'],
        [{ ...body, openingHours: [{ weekday: 8, start: '09:00', end: '12:00', operators: 1 }] }, 400, 'openingHours.0.weekday'],
        [{ ...body, openingHours: [{ weekday: 1, start: '12:00', end: '09:00', operators: 1 }] }, 400, 'openingHours.0.end'],
        [{ ...body, openingHours: [{ weekday: 1, start: 'nove', end: '12:00', operators: 1 }] }, 400, 'openingHours.0.start'],
        [{ ...body, openingHours: [{ weekday: 1, start: '09:00', end: '12:00', operators: 0 }] }, 400, 'openingHours.0.operators'],
        [
          {
            ...body,
            openingHours: [
              { weekday: 1, start: '09:00', end: '12:00', operators: 1 },
              { weekday: 1, start: '11:00', end: '13:00', operators: 1 },
            ],
          },
          400,
          'openingHours.1.start',
        ],
        [{ ...body, patronDay: '02-30' }, 400, 'patronDay'],
        [{ ...body, unknown: 1 }, 400, '(body)'],
      ];
      for (const [input, status, field] of bad) {
        const res = await w.staff('POST', '/api/v1/desks', input);
        expect(res.statusCode, `${field}: ${res.body}`).toBe(status);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect(JSON.stringify(res.json().errors ?? []), field).toContain(field);
      }
      expect(await w.counts()).toEqual(before);
    });

    it('lists desks with filters, and orders them by nearness to a comune', async () => {
      const prato = await w.desk({ name: 'Sportello di Prato' });
      const crema = await w.desk({
        organisation: w.consorzio,
        venue: w.crema,
        name: 'Sportello di Crema',
        services: [SPID, { code: 'cie', name: 'CIE', durationMinutes: 20 }],
      });
      const pandino = await w.desk({ organisation: w.consorzio, venue: w.pandino, name: 'Sportello di Pandino', services: [PAGOPA] });
      const list = async (q: string) =>
        ((await w.t.app.inject({ url: `/api/v1/desks?${q}` })).json().items as { id: string; nearness?: number }[]).map((d) => d.id);
      expect(await list(`organisation=${w.consorzio}`)).toEqual(expect.arrayContaining([crema, pandino]));
      expect(await list(`organisation=${w.consorzio}`)).not.toContain(prato);
      expect(await list('municipality=019067')).toEqual([pandino]);
      expect(await list('service=cie')).toEqual([crema]);
      // Pandino's citizens: their own comune first, then the consortium's other comuni, then the rest.
      const near = (await w.t.app.inject({ url: '/api/v1/desks?near=019067' })).json().items as { id: string; nearness: number }[];
      const rank = (id: string) => near.findIndex((d) => d.id === id);
      expect(near.find((d) => d.id === pandino)?.nearness).toBe(0);
      expect(near.find((d) => d.id === crema)?.nearness).toBe(1);
      expect(near.find((d) => d.id === prato)?.nearness).toBe(3);
      expect(rank(pandino)).toBeLessThan(rank(crema));
      expect(rank(crema)).toBeLessThan(rank(prato));
      expect((await w.t.app.inject({ url: '/api/v1/desks?municipality=12' })).statusCode).toBe(400);
      expect((await w.t.app.inject({ url: '/api/v1/desks/00000000-0000-7000-8000-000000000000' })).statusCode).toBe(404);
      expect((await w.t.app.inject({ url: '/api/v1/desks/not-an-id' })).statusCode).toBe(404);
    });

    it('attaches a pop-up desk to an event of the organisation, and refuses unknown or foreign events', async () => {
      const start = new Date(Date.now() + 20 * 86_400_000).toISOString();
      const event = (organisation: string, venue: string) =>
        createEvent(w.t.app.deps, null, {
          organisation,
          title: 'Incontro sullo SPID al circolo',
          type: 'incontro',
          format: 'in_presenza',
          venue,
          capacity: 30,
          status: 'published',
          sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }],
        });
      const own = (await event(w.prato, w.coiano)).id;
      const foreign = (await event(w.firenze, w.murate)).id;
      const body = { organisation: w.prato, venue: w.coiano, name: 'Sportello SPID all’incontro', services: [SPID], openingHours: [] };
      const res = await w.staff('POST', '/api/v1/desks', { ...body, eventId: own });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().event).toMatchObject({ id: own, title: 'Incontro sullo SPID al circolo', page: `/eventi/${own}` });
      expect((await w.t.app.inject({ url: `/sportelli/${res.json().id}` })).body).toContain(`href="/eventi/${own}"`);
      const before = await w.counts();
      const unknown = await w.staff('POST', '/api/v1/desks', { ...body, eventId: '00000000-0000-7000-8000-000000000000' });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().detail).toMatch(/non esiste/);
      expect((await w.staff('POST', '/api/v1/desks', { ...body, eventId: foreign })).statusCode).toBe(422);
      expect((await w.staff('POST', '/api/v1/desks', { ...body, eventId: 'evento-1' })).statusCode).toBe(400);
      expect(await w.counts()).toEqual(before);
    });

    it('changes a desk through PATCH (staff of its organisation only)', async () => {
      const id = await w.desk();
      expect((await w.outsider('PATCH', `/api/v1/desks/${id}`, { name: 'X' })).statusCode).toBe(403);
      const res = await w.staff('PATCH', `/api/v1/desks/${id}`, {
        openingHours: [{ weekday: 3, start: '15:00', end: '18:00', operators: 2 }],
        patronDay: '12-26',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().openingHours).toEqual([{ weekday: 3, start: '15:00', end: '18:00', operators: 2 }]);
      expect((await w.staff('PATCH', `/api/v1/desks/${id}`, { venue: w.murate })).statusCode).toBe(422);
    });
  });

  describe('slots', () => {
    it('answers ISO 8601 instants with the Europe/Rome offset, +01:00 in winter and +02:00 in summer', async () => {
      const id = await w.desk();
      const winter = DateTime.now().setZone('Europe/Rome').month >= 4 && DateTime.now().month <= 9 ? openDate(120) : openDate(3);
      const res = await w.t.app.inject({ url: `/api/v1/desks/${id}/slots?service=spid&from=${winter}&to=${winter}` });
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { start: string; end: string; free: number }[];
      expect(items).toHaveLength(7);
      for (const s of items) {
        expect(s.start).toMatch(OFFSET);
        expect(s.free).toBe(1);
      }
      const offset = DateTime.fromISO(`${winter}T09:00`, { zone: 'Europe/Rome' }).toFormat('ZZ');
      expect(items[0]).toEqual({ start: `${winter}T09:00:00${offset}`, end: `${winter}T09:30:00${offset}`, free: 1 });
      // Both offsets within one request: a range over the autumn change.
      const year = DateTime.now().year + 1;
      const from = `${year}-10-20`;
      const to = `${year}-11-05`;
      const range = (await w.t.app.inject({ url: `/api/v1/desks/${id}/slots?service=pagopa&from=${from}&to=${to}` })).json().items as {
        start: string;
      }[];
      const offsets = new Set(range.map((s) => s.start.slice(-6)));
      expect([...offsets].sort()).toEqual(['+01:00', '+02:00']);
      expect(range.find((s) => s.start.startsWith(`${year}-10-20T09:00`))?.start).toBe(`${year}-10-20T09:00:00+02:00`);
      expect(range.find((s) => s.start.startsWith(`${year}-11-04T09:00`))?.start).toBe(`${year}-11-04T09:00:00+01:00`);
      // 1 November is a holiday: no slot that day.
      expect(range.some((s) => s.start.startsWith(`${year}-11-01`))).toBe(false);
      // PagoPA: 20-minute slots from 9:00 to 12:20 (10 of them).
      expect(range.filter((s) => s.start.startsWith(`${year}-10-20`))).toHaveLength(10);
    });

    it('leaves holidays and closures out of the slot list', async () => {
      const id = await w.desk({ patronDay: '06-24' });
      const year = DateTime.now().year + 1;
      const slots = async (from: string, to: string) =>
        (
          (await w.t.app.inject({ url: `/api/v1/desks/${id}/slots?service=spid&from=${from}&to=${to}` })).json().items as {
            start: string;
          }[]
        ).map((s) => s.start.slice(0, 10));
      const april = await slots(`${year}-04-01`, `${year}-04-30`);
      expect(april).not.toContain(`${year}-04-25`);
      const easterMonday = DateTime.fromISO(`${year}-03-01`).plus({
        days: [...Array(61).keys()].find((d) =>
          holidayName(DateTime.fromISO(`${year}-03-01`).plus({ days: d }).toISODate()!)?.includes('Pasquetta'),
        ),
      });
      expect(await slots(easterMonday.toISODate()!, easterMonday.toISODate()!)).toEqual([]);
      expect(await slots(`${year}-06-24`, `${year}-06-24`)).toEqual([]);
      expect(await slots(`${year}-06-25`, `${year}-06-25`)).toHaveLength(7);
      const close = await w.staff('POST', `/api/v1/desks/${id}/exceptions`, {
        kind: 'closed',
        from: `${year}-06-25`,
        to: `${year}-06-26`,
        note: 'Ferie',
      });
      expect(close.statusCode, close.body).toBe(201);
      expect(await slots(`${year}-06-25`, `${year}-06-26`)).toEqual([]);
      const open = await w.staff('POST', `/api/v1/desks/${id}/exceptions`, {
        kind: 'open',
        from: `${year}-06-24`,
        start: '15:00',
        end: '16:00',
        operators: 1,
      });
      expect(open.statusCode, open.body).toBe(201);
      expect(await slots(`${year}-06-24`, `${year}-06-24`)).toHaveLength(2);
      expect((await w.staff('DELETE', `/api/v1/desk-exceptions/${close.json().id}`)).statusCode).toBe(204);
      expect(await slots(`${year}-06-25`, `${year}-06-26`)).toHaveLength(14);
      expect((await w.outsider('DELETE', `/api/v1/desk-exceptions/${open.json().id}`)).statusCode).toBe(403);
    });

    it('refuses malformed queries with 400, an unknown service with 422 and an unknown desk with 404', async () => {
      const id = await w.desk();
      const cases: [string, number][] = [
        [`/api/v1/desks/${id}/slots`, 400],
        [`/api/v1/desks/${id}/slots?service=spid&from=2026-13-01`, 400],
        [`/api/v1/desks/${id}/slots?service=spid&from=2026-02-30`, 400],
        [`/api/v1/desks/${id}/slots?service=spid&from=01/12/2026`, 400],
        [`/api/v1/desks/${id}/slots?service=spid&from=2026-12-10&to=2026-12-01`, 400],
        [`/api/v1/desks/${id}/slots?service=spid&from=2026-01-01&to=2026-04-03`, 400],
        [`/api/v1/desks/${id}/slots?service=SPID!`, 400],
        [`/api/v1/desks/${id}/slots?service=cie`, 422],
        ['/api/v1/desks/00000000-0000-7000-8000-000000000000/slots?service=spid', 404],
      ];
      for (const [url, status] of cases) {
        const res = await w.t.app.inject({ url });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
        expect(res.json().detail, url).toBeTruthy();
      }
      // 92 days is the longest range.
      expect((await w.t.app.inject({ url: `/api/v1/desks/${id}/slots?service=spid&from=2026-01-01&to=2026-04-02` })).statusCode).toBe(200);
    });
  });

  describe('appointments', () => {
    it('books a slot: 201 with id, start, end and manage token; the same slot again is 409', async () => {
      const id = await w.desk();
      const date = openDate();
      const start = at(date, '09:30');
      const res = await book(id, { service: 'spid', start, name: 'Anna Bianchi', email: 'anna@example.org' });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ start, end: at(date, '10:00'), status: 'booked' });
      expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.manageToken.length).toBeGreaterThan(20);
      const row = await w.t.db.k.selectFrom('desk_appointments').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
      expect(row.manage_token_hash).not.toBe(body.manageToken);
      expect(row.email_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await freeAt(w, id, 'spid', start)).toBe(0);
      const again = await book(id, { service: 'spid', start, name: 'Bruno Verdi', phone: '333 1234567' });
      expect(again.statusCode).toBe(409);
      expect(again.json().detail).toMatch(/appena stato preso/);
      // A 20-minute PagoPA slot overlapping the booked half hour shares the one operator.
      expect(await freeAt(w, id, 'pagopa', at(date, '09:40'))).toBe(0);
      expect(await freeAt(w, id, 'pagopa', at(date, '10:00'))).toBe(1);
      expect((await book(id, { service: 'pagopa', start: at(date, '09:20'), name: 'Carla', phone: '3331234567' })).statusCode).toBe(409);
    });

    it('honours Idempotency-Key: a retry gets the same answer and books nothing more', async () => {
      const id = await w.desk();
      const start = at(openDate(), '10:00');
      const payload = { service: 'spid', start, name: 'Anna', email: 'idem@example.org' };
      const first = await book(id, payload, { 'idempotency-key': 'k-1' });
      const second = await book(id, payload, { 'idempotency-key': 'k-1' });
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.json()).toEqual(first.json());
      const n = await w.t.db.k.selectFrom('desk_appointments').select('id').where('desk_id', '=', id).execute();
      expect(n).toHaveLength(1);
      expect((await book(id, { ...payload, name: 'Altro' }, { 'idempotency-key': 'k-1' })).statusCode).toBe(422);
    });

    it('refuses every bad booking with a clear message and the right status, writing nothing', async () => {
      const id = await w.desk({ services: [SPID] });
      const date = openDate();
      const year = DateTime.now().year + 1;
      const yesterday = DateTime.now().setZone('Europe/Rome').minus({ days: 1 }).toISODate()!;
      const ok = { service: 'spid', start: at(date, '09:00'), name: 'Anna', email: 'anna@example.org' };
      const cases: [string, Record<string, unknown>, number, RegExp][] = [
        ['outside hours', { ...ok, start: at(date, '14:00') }, 422, /non è aperto/],
        ['after the last slot', { ...ok, start: at(date, '12:30') }, 422, /non è aperto/],
        ['in the past', { ...ok, start: at(yesterday, '09:00') }, 422, /già passato/],
        ['not aligned', { ...ok, start: at(date, '09:10') }, 422, /ogni 30 minuti/],
        ['on 25 April', { ...ok, start: at(nextOccurrence('04-25'), '09:00') }, 422, /festivo \(Festa della Liberazione\)/],
        ['on Christmas', { ...ok, start: at(nextOccurrence('12-25'), '09:00') }, 422, /festivo \(Natale\)/],
        ['a service not offered', { ...ok, service: 'pagopa' }, 422, /non offre il servizio/],
        ['an unknown service code', { ...ok, service: 'Nope!' }, 400, /non sono validi/],
        ['a malformed start', { ...ok, start: 'domani alle 9' }, 400, /non sono validi/],
        ['an impossible date', { ...ok, start: '2026-02-30T09:00:00+01:00' }, 400, /non sono validi/],
        ['no contact', { service: 'spid', start: ok.start, name: 'Anna' }, 400, /non sono validi/],
        ['a bad e-mail', { ...ok, email: 'anna@' }, 400, /non sono validi/],
        ['a bad phone', { ...ok, email: undefined, phone: '12ab' }, 400, /non sono validi/],
        ['no name', { ...ok, name: '' }, 400, /non sono validi/],
        ['two years ahead', { ...ok, start: at(`${year + 1}-06-03`, '09:00') }, 422, /al massimo/],
        ['an extra field', { ...ok, admin: true }, 400, /non sono validi/],
      ];
      const before = await w.counts();
      for (const [label, body, status, message] of cases) {
        const res = await book(id, body);
        expect(res.statusCode, `${label}: ${res.body}`).toBe(status);
        expect(res.headers['content-type'], label).toMatch(/application\/problem\+json/);
        expect(res.json().detail, label).toMatch(message);
      }
      const unknown = await book('00000000-0000-7000-8000-000000000000', ok);
      expect(unknown.statusCode).toBe(404);
      expect(
        (
          await w.t.app.inject({
            method: 'POST',
            url: `/api/v1/desks/${id}/appointments`,
            payload: '{"service":',
            headers: { 'content-type': 'application/json' },
          })
        ).statusCode,
      ).toBe(400);
      expect(await w.counts()).toEqual(before);
    });

    it('cancels through the private link: a wrong token is refused, the place is given back', async () => {
      const id = await w.desk();
      const start = at(openDate(), '11:00');
      const { id: apptId, manageToken } = (await book(id, { service: 'spid', start, name: 'Anna', email: 'cancel@example.org' })).json();
      const before = await w.counts();
      expect((await w.t.app.inject({ method: 'DELETE', url: `/api/v1/appointments/${apptId}?token=wrong` })).statusCode).toBe(403);
      expect((await w.t.app.inject({ method: 'DELETE', url: `/api/v1/appointments/${apptId}` })).statusCode).toBe(400);
      expect(
        (await w.t.app.inject({ method: 'DELETE', url: `/api/v1/appointments/00000000-0000-7000-8000-000000000000?token=${manageToken}` }))
          .statusCode,
      ).toBe(404);
      expect((await w.t.app.inject({ url: `/api/v1/appointments/${apptId}?token=wrong` })).statusCode).toBe(403);
      expect(await w.counts()).toEqual(before);
      const view = await w.t.app.inject({ url: `/api/v1/appointments/${apptId}?token=${manageToken}` });
      expect(view.json()).toMatchObject({ id: apptId, status: 'booked', start });
      const res = await w.t.app.inject({
        method: 'DELETE',
        url: `/api/v1/appointments/${apptId}?token=${encodeURIComponent(manageToken)}`,
      });
      expect(res.statusCode).toBe(204);
      expect(await freeAt(w, id, 'spid', start)).toBe(1);
      expect(
        (await w.t.app.inject({ method: 'DELETE', url: `/api/v1/appointments/${apptId}?token=${encodeURIComponent(manageToken)}` }))
          .statusCode,
      ).toBe(409);
      expect((await book(id, { service: 'spid', start, name: 'Bruno', phone: '3331112222' })).statusCode).toBe(201);
    });

    it('moves through the private link to a free slot; a full one is 409 and changes nothing', async () => {
      const id = await w.desk();
      const date = openDate();
      const a = (await book(id, { service: 'spid', start: at(date, '09:00'), name: 'Anna', email: 'move@example.org' })).json();
      await book(id, { service: 'spid', start: at(date, '10:00'), name: 'Bruno', email: 'b@example.org' });
      const patch = (body: unknown, token = a.manageToken) =>
        w.t.app.inject({
          method: 'PATCH',
          url: `/api/v1/appointments/${a.id}?token=${encodeURIComponent(token)}`,
          payload: body as object,
        });
      expect((await patch({ start: at(date, '10:00') })).statusCode).toBe(409);
      expect((await patch({ start: at(date, '10:10') })).statusCode).toBe(422);
      expect((await patch({ start: at(date, '10:30') }, 'wrong')).statusCode).toBe(403);
      expect(await freeAt(w, id, 'spid', at(date, '09:00'))).toBe(0);
      const moved = await patch({ start: at(date, '09:30') });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ start: at(date, '09:30'), end: at(date, '10:00') });
      expect(await freeAt(w, id, 'spid', at(date, '09:00'))).toBe(1);
      expect(await freeAt(w, id, 'spid', at(date, '09:30'))).toBe(0);
      await deliver(w);
      expect(w.smtp.to('move@example.org').map((m) => m.subject)).toContain(
        `Appuntamento spostato: Attivazione SPID, ${DateTime.fromISO(date).setLocale('it').toFormat('cccc d LLLL yyyy')}, 9:30–10:00`,
      );
    });
  });

  describe('holds', () => {
    it('count against capacity, expire after five minutes and are released when the citizen leaves', async () => {
      const id = await w.desk();
      const start = at(openDate(), '09:00');
      const hold = await w.t.app.inject({ method: 'POST', url: `/api/v1/desks/${id}/holds`, payload: { service: 'spid', start } });
      expect(hold.statusCode, hold.body).toBe(201);
      const h = hold.json();
      expect(Date.parse(h.expiresAt) - Date.now()).toBeGreaterThan(4.5 * 60_000);
      expect(Date.parse(h.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
      expect(await freeAt(w, id, 'spid', start)).toBe(0);
      expect(
        (await w.t.app.inject({ method: 'POST', url: `/api/v1/desks/${id}/holds`, payload: { service: 'spid', start } })).statusCode,
      ).toBe(409);
      expect((await book(id, { service: 'spid', start, name: 'Altro', phone: '3330000000' })).statusCode).toBe(409);
      // Five minutes later the hold no longer counts: the slot is free, and someone else books it.
      setClockOffset(5 * 60_000 + 1000);
      expect(await freeAt(w, id, 'spid', start)).toBe(1);
      const other = await book(id, { service: 'spid', start, name: 'Altro', phone: '3330000000' });
      expect(other.statusCode, other.body).toBe(201);
      expect(await w.t.db.k.selectFrom('desk_holds').select('id').where('id', '=', h.id).executeTakeFirst()).toBeUndefined();
      // Booking with the expired hold now finds the slot taken.
      expect((await book(id, { service: 'spid', start, name: 'Anna', email: 'late@example.org', hold: h.id })).statusCode).toBe(409);
      setClockOffset(0);
      const start2 = at(openDate(), '09:30');
      const h2 = (
        await w.t.app.inject({ method: 'POST', url: `/api/v1/desks/${id}/holds`, payload: { service: 'spid', start: start2 } })
      ).json();
      expect((await w.t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${h2.id}` })).statusCode).toBe(204);
      expect(await freeAt(w, id, 'spid', start2)).toBe(1);
      expect((await w.t.app.inject({ method: 'DELETE', url: `/api/v1/holds/${h2.id}` })).statusCode).toBe(404);
      expect((await w.t.app.inject({ method: 'DELETE', url: '/api/v1/holds/nope' })).statusCode).toBe(404);
    });

    it('turns the citizen’s hold into the appointment without needing a second place', async () => {
      const id = await w.desk();
      const start = at(openDate(), '12:00');
      const h = (await w.t.app.inject({ method: 'POST', url: `/api/v1/desks/${id}/holds`, payload: { service: 'spid', start } })).json();
      const usedBefore = (await w.counts()).used;
      const res = await book(id, { service: 'spid', start, name: 'Anna', email: 'hold@example.org', hold: h.id });
      expect(res.statusCode, res.body).toBe(201);
      expect((await w.counts()).used).toBe(usedBefore);
      expect(await w.t.db.k.selectFrom('desk_holds').select('id').where('id', '=', h.id).executeTakeFirst()).toBeUndefined();
      // The same form sent twice: the hold was already used, nothing more is booked.
      const twice = await book(id, { service: 'spid', start, name: 'Anna', email: 'hold@example.org', hold: h.id });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().detail).toMatch(/già stato confermato/);
    });
  });

  describe('per-person limit', () => {
    /** What the database holds of places and appointments (the limit's e-mail is a job). */
    const places = async () => {
      const { jobs: _jobs, ...rest } = await w.counts();
      return rest;
    };
    it('allows one SPID appointment per e-mail or phone in 30 days, counted per service', async () => {
      const id = await w.desk({ personLimit: { count: 1, days: 30 } });
      const d1 = openDate(2);
      const d2 = openDate(5);
      const first = await book(id, {
        service: 'spid',
        start: at(d1, '09:00'),
        name: 'Anna',
        email: 'Limit@Example.org',
        phone: '+39 333 7654321',
      });
      expect(first.statusCode).toBe(201);
      const before = await places();
      // Past the limit with the e-mail: answered as a booking, but nothing is booked.
      const sameMail = await book(id, { service: 'spid', start: at(d2, '09:00'), name: 'Anna', email: 'limit@example.org' });
      expect(sameMail.statusCode).toBe(201);
      // Phone only: there is nobody to write to, so the reason is given.
      const samePhone = await book(id, { service: 'spid', start: at(d2, '09:00'), name: 'Anna', phone: '3337654321' });
      expect(samePhone.statusCode).toBe(422);
      expect(samePhone.json().detail).toMatch(/entro 30 giorni/);
      // Staff booking for a caller are told why.
      const byStaff = await w.staff('POST', `/api/v1/desks/${id}/appointments`, {
        service: 'spid',
        start: at(d2, '09:00'),
        name: 'Anna',
        email: 'limit@example.org',
      });
      expect(byStaff.statusCode).toBe(422);
      expect(byStaff.json().detail).toMatch(/entro 30 giorni/);
      expect(await places()).toEqual(before);
      expect((await book(id, { service: 'pagopa', start: at(d2, '09:00'), name: 'Anna', email: 'limit@example.org' })).statusCode).toBe(
        201,
      );
      expect((await book(id, { service: 'spid', start: at(d2, '09:30'), name: 'Bruno', email: 'other@example.org' })).statusCode).toBe(201);
      // Cancelling the first frees the allowance.
      await w.t.app.inject({
        method: 'DELETE',
        url: `/api/v1/appointments/${first.json().id}?token=${encodeURIComponent(first.json().manageToken)}`,
      });
      expect((await book(id, { service: 'spid', start: at(d2, '10:00'), name: 'Anna', email: 'limit@example.org' })).statusCode).toBe(201);
    });

    it('answers a stranger the same whether or not the address has reached the limit, and tells the owner by e-mail', async () => {
      const id = await w.desk({ personLimit: { count: 1, days: 30 } });
      const d1 = openDate(2);
      const d2 = openDate(4);
      const owner = await book(id, { service: 'spid', start: at(d1, '09:00'), name: 'Carla Verdi', email: 'carla.limite@example.org' });
      expect(owner.statusCode).toBe(201);
      await deliver(w);
      w.smtp.clear();
      const before = await places();
      const asked = { service: 'spid', start: at(d2, '10:00'), name: 'Uno Sconosciuto' };
      const limited = await book(id, { ...asked, email: 'carla.limite@example.org' });
      const shape = (r: typeof limited) => {
        const body = r.json();
        return {
          status: r.statusCode,
          keys: Object.keys(body).sort(),
          start: body.start,
          end: body.end,
          state: body.status,
          service: body.service,
        };
      };
      expect(await places()).toEqual(before);
      // Nothing is sent to anyone but the owner; the answer holds none of the owner's ids.
      expect(limited.json().id).not.toBe(owner.json().id);
      expect(limited.body).not.toContain(owner.json().id);
      expect(limited.body).not.toContain(owner.json().manageToken);
      const fresh = await book(id, { ...asked, start: at(d2, '10:00'), email: 'nuovo.indirizzo@example.org' });
      expect(shape(limited)).toEqual(shape(fresh));
      expect(shape(limited).status).toBe(201);
      // The link of the answer opens nothing.
      const look = await w.t.app.inject({
        url: `/api/v1/appointments/${limited.json().id}?token=${encodeURIComponent(limited.json().manageToken)}`,
      });
      expect(look.statusCode).toBe(404);

      await deliver(w);
      const mails = w.smtp.to('carla.limite@example.org');
      expect(mails.map((m) => m.subject)).toEqual(['Richiesta di appuntamento non registrata: Attivazione SPID']);
      const text = mails[0].text ?? '';
      expect(text).toContain('Buongiorno Carla Verdi');
      // One appointment allowed: no '1 appuntamenti'.
      expect(text).toContain('un massimo di appuntamenti per persona: 1 in 30 giorni');
      expect(text).not.toContain('1 appuntamenti');
      expect(text).toContain(`/appuntamenti/${owner.json().id}?token=${owner.json().manageToken}`);
      expect(text).not.toContain('Uno Sconosciuto');
      // Sent again the same day, the form writes no second e-mail.
      expect((await book(id, { ...asked, email: 'carla.limite@example.org' })).statusCode).toBe(201);
      await deliver(w);
      expect(w.smtp.to('carla.limite@example.org')).toHaveLength(1);
    });
  });

  describe('staff', () => {
    it('assigns operators: a second operator doubles the places, one leaving mid-day takes a place away from then', async () => {
      const id = await w.desk();
      const date = openDate(3);
      const weekday = DateTime.fromISO(date).weekday;
      const add = (body: Record<string, unknown>) => w.staff('POST', `/api/v1/desks/${id}/operators`, body);
      expect((await add({ name: 'Anna', weekday, start: '09:00', end: '12:30' })).statusCode).toBe(201);
      const bruno = await add({ name: 'Bruno', weekday, start: '09:00', end: '12:30' });
      expect(bruno.statusCode).toBe(201);
      expect(await freeAt(w, id, 'spid', at(date, '11:30'))).toBe(2);
      const leaves = await add({ name: 'Bruno', date, start: '09:00', end: '11:00' });
      expect(leaves.statusCode, leaves.body).toBe(201);
      expect(await freeAt(w, id, 'spid', at(date, '10:30'))).toBe(2);
      expect(await freeAt(w, id, 'spid', at(date, '11:00'))).toBe(1);
      expect(await freeAt(w, id, 'pagopa', at(date, '10:40'))).toBe(2);
      expect(await freeAt(w, id, 'pagopa', at(date, '11:00'))).toBe(1);
      expect((await add({ name: 'X', weekday, date, start: '09:00', end: '10:00' })).statusCode).toBe(400);
      expect((await add({ name: 'X', weekday, start: '10:00', end: '09:00' })).statusCode).toBe(400);
      expect(
        (await w.outsider('POST', `/api/v1/desks/${id}/operators`, { name: 'X', weekday, start: '09:00', end: '10:00' })).statusCode,
      ).toBe(403);
      const listed = await w.facilitator('GET', `/api/v1/desks/${id}/operators`);
      expect(listed.json().items).toHaveLength(3);
      expect((await w.staff('DELETE', `/api/v1/desk-operators/${leaves.json().id}`)).statusCode).toBe(204);
      expect(await freeAt(w, id, 'spid', at(date, '11:00'))).toBe(2);
    });

    it("shows the operator's day, marks served and no-show, records a walk-in", async () => {
      const id = await w.desk();
      const date = openDate();
      const a = (await book(id, { service: 'spid', start: at(date, '09:00'), name: 'Anna', email: 'day@example.org' })).json();
      const b = (await book(id, { service: 'spid', start: at(date, '09:30'), name: 'Bruno', phone: '3331231234' })).json();
      const agenda = await w.facilitator('GET', `/api/v1/desks/${id}/agenda?date=${date}`);
      expect(agenda.statusCode).toBe(200);
      expect(agenda.json().items.map((i: { name: string }) => i.name)).toEqual(['Anna', 'Bruno']);
      expect((await w.outsider('GET', `/api/v1/desks/${id}/agenda?date=${date}`)).statusCode).toBe(403);
      expect((await w.t.app.inject({ url: `/api/v1/desks/${id}/agenda?date=${date}` })).statusCode).toBe(401);
      expect((await w.facilitator('GET', `/api/v1/desks/${id}/agenda?date=2026-99-01`)).statusCode).toBe(400);
      const audited = await w.t.db.k
        .selectFrom('audit_log')
        .select('action')
        .where('entity', '=', 'desk-agenda')
        .where('entity_id', '=', id)
        .execute();
      expect(audited.length).toBeGreaterThan(0);
      // The day has come: Anna's appointment has begun.
      setClockOffset(Date.parse(a.start) - Date.now() + 60_000);
      const served = await w.facilitator('POST', `/api/v1/desk-appointments/${a.id}/status`, { status: 'served' });
      expect(served.statusCode, served.body).toBe(200);
      expect(served.json().status).toBe('served');
      expect((await w.facilitator('POST', `/api/v1/desk-appointments/${b.id}/status`, { status: 'no-show' })).json().status).toBe(
        'no-show',
      );
      expect((await w.facilitator('POST', `/api/v1/desk-appointments/${b.id}/status`, { status: 'gone' })).statusCode).toBe(400);
      expect((await w.outsider('POST', `/api/v1/desk-appointments/${b.id}/status`, { status: 'served' })).statusCode).toBe(403);
      // A served appointment cannot be cancelled by its link any more.
      expect(
        (await w.t.app.inject({ method: 'DELETE', url: `/api/v1/appointments/${a.id}?token=${encodeURIComponent(a.manageToken)}` }))
          .statusCode,
      ).toBe(409);
      const walkIn = await w.facilitator('POST', `/api/v1/desks/${id}/walk-ins`, { service: 'pagopa', name: 'Carla' });
      expect(walkIn.statusCode, walkIn.body).toBe(201);
      expect(walkIn.json()).toMatchObject({ status: 'served', source: 'walk-in', name: 'Carla' });
      expect((await w.facilitator('POST', `/api/v1/desks/${id}/walk-ins`, { service: 'cie' })).statusCode).toBe(422);
    });

    it('refuses to mark served an appointment that has not begun, and leaves it as it was', async () => {
      const id = await w.desk();
      const date = openDate();
      const a = (await book(id, { service: 'spid', start: at(date, '10:00'), name: 'Dario', phone: '3330001111' })).json();
      const row = () => w.t.db.k.selectFrom('desk_appointments').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      const audit = async () =>
        (
          await w.t.db.k
            .selectFrom('audit_log')
            .select('action')
            .where('entity', '=', 'desk-appointment')
            .where('entity_id', '=', a.id)
            .execute()
        ).length;
      const before = await row();
      const early = await w.facilitator('POST', `/api/v1/desk-appointments/${a.id}/status`, { status: 'served' });
      expect(early.statusCode, early.body).toBe(409);
      expect(early.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(early.json().detail).toContain('non è ancora iniziato');
      expect(await row()).toEqual(before);
      expect(await audit()).toBe(0);
      // A minute before it begins: still too early.
      const start = Date.parse(a.start);
      setClockOffset(start - Date.now() - 60_000);
      expect((await w.staff('POST', `/api/v1/desk-appointments/${a.id}/status`, { status: 'served' })).statusCode).toBe(409);
      expect(await row()).toEqual(before);
      // Marking a no-show, or undoing it, is not held back.
      expect((await w.staff('POST', `/api/v1/desk-appointments/${a.id}/status`, { status: 'no-show' })).json().status).toBe('no-show');
      expect((await w.staff('POST', `/api/v1/desk-appointments/${a.id}/status`, { status: 'booked' })).json().status).toBe('booked');
      // From its start on, it can be marked served.
      setClockOffset(start - Date.now() + 1000);
      const served = await w.facilitator('POST', `/api/v1/desk-appointments/${a.id}/status`, { status: 'served' });
      expect(served.statusCode, served.body).toBe(200);
      expect(served.json().status).toBe('served');
      expect((await row()).served_at).not.toBeNull();
    });

    it('moves and cancels for the citizen, who is told by e-mail', async () => {
      const id = await w.desk();
      const date = openDate();
      const a = (await book(id, { service: 'spid', start: at(date, '09:00'), name: 'Anna', email: 'told@example.org' })).json();
      await deliver(w);
      w.smtp.clear();
      expect((await w.facilitator('PATCH', `/api/v1/desk-appointments/${a.id}`, { start: at(date, '11:00') })).statusCode).toBe(403);
      const moved = await w.staff('PATCH', `/api/v1/desk-appointments/${a.id}`, { start: at(date, '11:00') });
      expect(moved.statusCode, moved.body).toBe(200);
      await deliver(w);
      const notice = w.smtp.to('told@example.org');
      expect(notice).toHaveLength(1);
      expect(notice[0].subject).toMatch(/^Appuntamento spostato/);
      expect(notice[0].text).toContain('lo sportello "Sportello SPID di Coiano" ha spostato il tuo appuntamento');
      expect(notice[0].text).toContain('11:00–11:30');
      expect(notice[0].text).toContain(`${BASE}/appuntamenti/${a.id}?token=`);
      expect(notice[0].attachments.map((x) => x.filename)).toEqual(['appuntamento.ics']);
      w.smtp.clear();
      const cancelled = await w.staff('POST', `/api/v1/desk-appointments/${a.id}/cancel`, { reason: 'Operatore malato' });
      expect(cancelled.statusCode).toBe(204);
      await deliver(w);
      const mail = w.smtp.to('told@example.org');
      expect(mail).toHaveLength(1);
      expect(mail[0].subject).toMatch(/^Appuntamento annullato/);
      expect(mail[0].text).toContain('Motivo: Operatore malato');
      expect(await freeAt(w, id, 'spid', at(date, '11:00'))).toBe(1);
    });
  });

  describe('e-mails', () => {
    it('confirms with the checklist and an .ics, and reminds the day before exactly once', async () => {
      const id = await w.desk();
      const date = openDate(3);
      const start = at(date, '10:30');
      const res = await book(id, { service: 'spid', start, name: 'Anna Bianchi', email: 'mail@example.org' });
      expect(res.statusCode).toBe(201);
      await deliver(w);
      const [confirm] = w.smtp.to('mail@example.org');
      expect(confirm.subject).toBe(
        `Appuntamento confermato: Attivazione SPID, ${DateTime.fromISO(date).setLocale('it').toFormat('cccc d LLLL yyyy')}, 10:30–11:00`,
      );
      for (const item of SPID.bring) expect(confirm.text).toContain(`- ${item}`);
      expect(confirm.html).toContain('<li>tessera sanitaria</li>');
      expect(confirm.text).toContain(`${BASE}/appuntamenti/${res.json().id}?token=${res.json().manageToken}`);
      const ics = confirm.attachments.find((x) => x.filename === 'appuntamento.ics');
      expect(ics?.contentType).toMatch(/text\/calendar/);
      const icsText = ics!.content.toString();
      expect(icsText).toContain('BEGIN:VEVENT');
      expect(icsText).toContain(`DTSTART:${DateTime.fromISO(start).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`);
      expect(icsText).toContain('Attivazione SPID');
      w.smtp.clear();
      // Nothing before the day before at 09:00 Rome time.
      const remindAt = DateTime.fromISO(`${date}T09:00`, { zone: 'Europe/Rome' }).minus({ days: 1 }).toMillis();
      setClockOffset(remindAt - Date.now() - 60_000);
      await deliver(w);
      expect(w.smtp.to('mail@example.org')).toHaveLength(0);
      setClockOffset(remindAt - Date.now() + 60_000);
      await deliver(w);
      await deliver(w);
      setClockOffset(remindAt - Date.now() + 3_600_000);
      await deliver(w);
      const reminders = w.smtp.to('mail@example.org');
      expect(reminders.map((m) => m.subject)).toEqual([
        `Promemoria: Attivazione SPID domani, ${DateTime.fromISO(date).setLocale('it').toFormat('cccc d LLLL yyyy')}, 10:30–11:00`,
      ]);
      expect(reminders[0].text).toContain('- tessera sanitaria');
    });

    it('sends no reminder for an appointment cancelled before the day before', async () => {
      const id = await w.desk();
      const date = openDate(3);
      const a = (await book(id, { service: 'spid', start: at(date, '11:30'), name: 'Anna', email: 'noremind@example.org' })).json();
      await deliver(w);
      await w.t.app.inject({ method: 'DELETE', url: `/api/v1/appointments/${a.id}?token=${encodeURIComponent(a.manageToken)}` });
      await deliver(w);
      expect(
        w.smtp
          .to('noremind@example.org')
          .map((m) => (m.subject ?? '').split(':')[0])
          .sort(),
      ).toEqual(['Appuntamento annullato', 'Appuntamento confermato']);
      w.smtp.clear();
      const remindAt = DateTime.fromISO(`${date}T09:00`, { zone: 'Europe/Rome' }).minus({ days: 1 }).toMillis();
      setClockOffset(remindAt - Date.now() + 60_000);
      await deliver(w);
      expect(w.smtp.to('noremind@example.org')).toHaveLength(0);
    });

    it('sends no confirmation for an appointment cancelled before its e-mail left, only the cancellation', async () => {
      const id = await w.desk();
      const a = (await book(id, { service: 'spid', start: at(openDate(3), '12:00'), name: 'Anna', email: 'quick@example.org' })).json();
      await w.t.app.inject({ method: 'DELETE', url: `/api/v1/appointments/${a.id}?token=${encodeURIComponent(a.manageToken)}` });
      await deliver(w);
      expect(w.smtp.to('quick@example.org').map((m) => (m.subject ?? '').split(':')[0])).toEqual(['Appuntamento annullato']);
    });

    it('erases personal data when the retention period ends', async () => {
      const id = await w.desk({ retentionDays: 10 });
      const date = openDate();
      const a = (await book(id, { service: 'spid', start: at(date, '12:00'), name: 'Anna', email: 'erase@example.org' })).json();
      setClockOffset(DateTime.fromISO(`${date}T12:30`, { zone: 'Europe/Rome' }).plus({ days: 10, minutes: 1 }).toMillis() - Date.now());
      await deliver(w);
      const row = await w.t.db.k.selectFrom('desk_appointments').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ name: null, email: null, phone: null, email_hash: null });
      expect(row.anonymised_at).not.toBeNull();
    });
  });
});

const BASE = 'http://ponte.test';

/** The next date (after today, Rome) with this month and day. */
function nextOccurrence(monthDay: string): string {
  const today = DateTime.now().setZone('Europe/Rome');
  const thisYear = `${today.year}-${monthDay}`;
  return thisYear > today.toISODate()! ? thisYear : `${today.year + 1}-${monthDay}`;
}
