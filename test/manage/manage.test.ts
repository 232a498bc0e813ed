import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../../src/modules/events/service.js';
import { at, openDate, type World, world } from '../desks/fixtures.js';
import { Browser, DIALECTS } from '../helpers.js';

/**
 * /gestisci and POST /api/v1/manage: a booking's ticket code or an appointment's code, with the
 * phone (compared in E.164) or e-mail (any case) used, open the manage page; anything else gets
 * one neutral answer; tries are limited per code and per client address.
 */
describe.each(DIALECTS)('manage by code (%s)', (dialect) => {
  let w: World;
  let eventId: string;
  let ip = 0;
  /** A client address of its own for each test, so that the limit per address counts only its tries. */
  const nextIp = () => `10.0.${Math.floor(++ip / 250)}.${ip % 250}`;
  beforeAll(async () => {
    w = await world(dialect);
    const start = new Date(Date.now() + 10 * 86_400_000).toISOString();
    eventId = (
      await events.createEvent(w.t.app.deps, null, {
        organisation: w.prato,
        title: 'Incontro sullo SPID',
        type: 'incontro',
        format: 'in_presenza',
        venue: w.coiano,
        capacity: 10,
        maxSeatsPerBooking: 4,
        bookingRequired: true,
        status: 'published',
        audiences: ['anziani'],
        topics: ['spid'],
        sessions: [{ start, end: new Date(Date.parse(start) + 7_200_000).toISOString() }],
      })
    ).id;
  });
  afterAll(() => w.close());

  const book = async (body: Record<string, unknown>) => {
    const res = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/registrations`,
      payload: { seats: 1, privacyAccepted: true, ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; ticketCode: string };
  };
  const manage = (payload: Record<string, unknown>, remoteAddress = nextIp()) =>
    w.t.app.inject({ method: 'POST', url: '/api/v1/manage', payload, remoteAddress });
  const page = async (form: Record<string, string>, remoteAddress = nextIp()) => {
    const browser = new Browser(w.t.app);
    const csrf = await browser.csrf('/gestisci');
    return w.t.app.inject({
      method: 'POST',
      url: '/gestisci',
      remoteAddress,
      headers: { cookie: browser.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
    });
  };
  const NEUTRAL = 'Nessuna prenotazione con questo codice e questo recapito';

  it('opens a phone-only booking from its code and the number written another way', async () => {
    const booking = await book({ name: 'Rosa', phone: '333 123 4567' });
    const res = await manage({ code: booking.ticketCode.toLowerCase().replace('-', ' '), contact: '+39 3331234567' });
    expect(res.statusCode, res.body).toBe(200);
    const { kind, link } = res.json() as { kind: string; link: string };
    expect(kind).toBe('booking');
    const opened = await w.t.app.inject({ method: 'GET', url: link.replace(/^https?:\/\/[^/]+/, '') });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Incontro sullo SPID');
    // The page: a redirect to the same manage page.
    const form = await page({ code: booking.ticketCode, contact: '0039 333 123 4567' });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(link.replace(/^https?:\/\/[^/]+/, ''));
  });

  it('opens a booking made with an e-mail, typed in another case', async () => {
    const booking = await book({ name: 'Ada', email: 'ada.code@example.org' });
    const res = await manage({ code: booking.ticketCode, contact: 'Ada.Code@Example.ORG' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('opens a desk appointment from its code and phone', async () => {
    const deskId = await w.desk();
    const made = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/desks/${deskId}/appointments`,
      payload: { service: 'spid', start: at(openDate(3), '09:30'), name: 'Gino', phone: '320 555 6666' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const { id } = made.json() as { id: string };
    const { code } = await w.t.db.k.selectFrom('desk_appointments').select('code').where('id', '=', id).executeTakeFirstOrThrow();
    const res = await page({ code: String(code).toLowerCase(), contact: '320 5556666' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/appuntamenti/${id}\\?token=`));
    const opened = await w.t.app.inject({ method: 'GET', url: String(res.headers.location) });
    expect(opened.statusCode).toBe(200);
  });

  it('answers the same neutral message for a wrong contact and for a code that does not exist', async () => {
    const booking = await book({ name: 'Bruno', phone: '333 999 8888' });
    for (const body of [
      { code: booking.ticketCode, contact: '333 999 8887' },
      { code: booking.ticketCode, contact: 'bruno@example.org' },
      { code: 'ZZZZZ-ZZZZZ', contact: '333 999 8888' },
      { code: 'ABCD-EFGH', contact: '333 999 8888' },
    ]) {
      const res = await manage(body);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().detail).toBe(NEUTRAL);
    }
    const res = await page({ code: booking.ticketCode, contact: '333 999 8887' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain(NEUTRAL);
    expect(res.body).toMatch(/id="error-summary"[^>]*autofocus/);
  });

  it('refuses an empty code and an invalid phone with 400, and writes nothing', async () => {
    const jobs = await w.t.db.k.selectFrom('jobs').select('id').execute();
    const empty = await manage({ code: '', contact: '333 123 4567' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors.map((e: { field: string }) => e.field)).toEqual(['code']);
    const phone = await manage({ code: 'ABCDE-FGHJK', contact: 'chiamami' });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().errors.map((e: { field: string }) => e.field)).toEqual(['contact']);
    const form = await page({ code: '', contact: '12' });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('Scrivi il codice');
    expect(form.body).toContain('numero di cellulare non valido');
    expect(await w.t.db.k.selectFrom('jobs').select('id').execute()).toHaveLength(jobs.length);
  });

  it('answers 429 after 5 tries of one code, from any address, and after 10 tries from one address', async () => {
    const booking = await book({ name: 'Carla', phone: '333 444 1212' });
    for (let i = 0; i < 5; i++) expect((await manage({ code: booking.ticketCode, contact: `333 444 00${10 + i}` })).statusCode).toBe(404);
    const limited = await manage({ code: booking.ticketCode, contact: '333 444 1212' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().detail).toMatch(/^Troppi tentativi\. Riprova tra \d+ minuti\.$/);
    const form = await page({ code: booking.ticketCode, contact: '333 444 1212' });
    expect(form.statusCode).toBe(429);
    expect(form.body).toContain('Troppi tentativi');
    const address = nextIp();
    for (let i = 0; i < 10; i++) expect((await manage({ code: `QQQQQ-QQQ${i}Q`, contact: '333 444 1212' }, address)).statusCode).toBe(404);
    expect((await manage({ code: 'RRRRR-RRRRR', contact: '333 444 1212' }, address)).statusCode).toBe(429);
  });

  it('never answers 5xx, whatever is typed (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), fc.oneof(fc.string({ maxLength: 40 }), fc.emailAddress()), async (code, contact) => {
        const api = await manage({ code, contact });
        expect(api.statusCode, api.body).toBeGreaterThanOrEqual(400);
        expect(api.statusCode, api.body).toBeLessThan(500);
        const form = await page({ code, contact });
        expect(form.statusCode, form.body).toBeGreaterThanOrEqual(400);
        expect(form.statusCode, form.body).toBeLessThan(500);
      }),
      { numRuns: 25 },
    );
  });
});
