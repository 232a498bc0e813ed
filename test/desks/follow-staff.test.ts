import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { createEvent } from '../../src/modules/events/service.js';
import { Browser, bearer, DIALECTS } from '../helpers.js';
import { at, openDate, PASSWORD, type World, world } from './fixtures.js';

/**
 * A desk that follows an event with the event's staff as operators: at each session, the
 * volunteers with a confirmed place on the event's shifts then. Their sign-ups and withdrawals
 * change the desk's openings and the slots people can book.
 */
describe.each(DIALECTS)('a desk that follows an event with its staff (%s)', (dialect) => {
  let w: World;
  let event: string;
  let desk: string;
  const first = openDate(10);
  const second = openDate(17);

  const runJobs = async () => {
    for (let i = 0; i < 5 && (await w.t.app.deps.jobs.runDue()) > 0; i++);
  };
  const freeAt = async (date: string) => {
    const res = await w.t.app.inject({ method: 'GET', url: `/api/v1/desks/${desk}/slots?service=spid&from=${date}&to=${date}` });
    return (res.json().items as { start: string; free: number }[]).map((s) => s.free);
  };

  /** Applies to Prato and is approved: answers an API client of the volunteer. */
  async function volunteer(name: string, email: string) {
    const applied = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/volunteer-applications',
      payload: {
        organisation: w.prato,
        name,
        email,
        municipality: '100005',
        ageBand: '30-64',
        skills: ['spid-cie'],
        codeOfConduct: true,
      },
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const approved = await w.staff('POST', `/api/v1/volunteer-applications/${applied.json().id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    return bearer(w.t.app, await createApiToken(w.t.db, approved.json().userId, 'volontario'));
  }

  async function shift(date: string, needed: number) {
    const res = await w.staff('POST', '/api/v1/shifts', {
      organisation: w.prato,
      event,
      title: 'Sportello SPID all’incontro',
      start: at(date, '17:00'),
      end: at(date, '20:00'),
      needed,
      skills: [],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  let ada: ReturnType<typeof bearer>;
  let bea: ReturnType<typeof bearer>;
  let firstShift: string;

  beforeAll(async () => {
    w = await world(dialect);
    event = (
      await createEvent({ db: w.t.db }, null, {
        organisation: w.prato,
        title: 'Agenda Digitale a Coiano',
        type: 'incontro',
        format: 'in_presenza',
        venue: w.coiano,
        capacity: 40,
        status: 'published',
        sessions: [first, second].map((d) => ({ start: at(d, '17:30'), end: at(d, '19:30') })),
      })
    ).id;
    desk = await w.desk({ name: 'Sportello SPID', openingHours: [] });
    ada = await volunteer('Ada Lovelace', 'ada.staff@example.org');
    bea = await volunteer('Bea Neri', 'bea.staff@example.org');
    firstShift = await shift(first, 2);
    const secondShift = await shift(second, 1);
    expect((await ada('POST', `/api/v1/shifts/${firstShift}/signups`)).statusCode).toBe(201);
    expect((await bea('POST', `/api/v1/shifts/${firstShift}/signups`)).statusCode).toBe(201);
    expect((await ada('POST', `/api/v1/shifts/${secondShift}/signups`)).statusCode).toBe(201);
    await runJobs();
  });
  afterAll(async () => w?.close());

  it("takes each session's operators from the volunteers on the event's shifts then", async () => {
    const res = await w.staff('PUT', `/api/v1/desks/${desk}/follow`, { event, operators: 'staff' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      desk,
      event,
      operators: 'staff',
      openings: [
        { date: first, start: '17:30', end: '19:30', operators: 2, staff: ['Ada Lovelace', 'Bea Neri'] },
        { date: second, start: '17:30', end: '19:30', operators: 1, staff: ['Ada Lovelace'] },
      ],
    });
    // Two operators, two people at a time in the first session; one in the second.
    expect(new Set(await freeAt(first))).toEqual(new Set([2]));
    expect(new Set(await freeAt(second))).toEqual(new Set([1]));
  });

  it('follows the sign-ups: a volunteer who withdraws leaves the desk with one operator fewer', async () => {
    expect((await bea('DELETE', `/api/v1/shifts/${firstShift}/signups`)).statusCode).toBe(204);
    await runJobs();
    const follow = (await w.staff('GET', `/api/v1/desks/${desk}/follow`)).json();
    expect(follow.openings[0]).toEqual({ date: first, start: '17:30', end: '19:30', operators: 1, staff: ['Ada Lovelace'] });
    expect(new Set(await freeAt(first))).toEqual(new Set([1]));
    expect((await ada('DELETE', `/api/v1/shifts/${firstShift}/signups`)).statusCode).toBe(204);
    await runJobs();
    // Nobody on duty: the desk does not open for that session.
    expect((await w.staff('GET', `/api/v1/desks/${desk}/follow`)).json().openings[0]).toMatchObject({ operators: 0, staff: [] });
    expect(await freeAt(first)).toEqual([]);
  });

  it('refuses operators that are neither a number from 1 to 20 nor "staff", changing nothing', async () => {
    const before = (await w.staff('GET', `/api/v1/desks/${desk}/follow`)).json();
    for (const operators of ['tutti', 0, null]) {
      const res = await w.staff('PUT', `/api/v1/desks/${desk}/follow`, { event, operators });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await w.staff('GET', `/api/v1/desks/${desk}/follow`)).json()).toEqual(before);
  });

  it("the staff page chooses the event's staff and names them at each opening", async () => {
    const b = new Browser(w.t.app);
    await b.signIn('staff@prato.example', PASSWORD);
    const url = `/admin/desks/${desk}/segui`;
    expect((await ada('POST', `/api/v1/shifts/${firstShift}/signups`)).statusCode).toBe(201);
    await runJobs();
    const ok = await b.post(url, { event, operators: '1', staff: '1' }, { from: url });
    expect(ok.statusCode, ok.body).toBe(303);
    const page = await b.get(ok.headers.location as string);
    expect(page.body).toContain('Operatori: lo staff dell’evento');
    expect(page.body).toMatch(/dalle 17:30 alle 19:30: Ada Lovelace</);
    expect(page.body).toMatch(/name="staff"[^>]*checked/);
  });
});
