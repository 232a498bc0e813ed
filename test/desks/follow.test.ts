import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../src/modules/events/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { at, openDate, PASSWORD, type World, world } from './fixtures.js';

describe.each(DIALECTS)('a desk that follows an event (%s)', (dialect) => {
  let w: World;
  let event: string;
  let firenzeEvent: string;
  let desk: string;
  const first = openDate(10);
  const second = openDate(17);
  const moved = openDate(24);

  beforeAll(async () => {
    w = await world(dialect);
    const meeting = async (org: string, venue: string, title: string, days: string[]) =>
      (
        await createEvent({ db: w.t.db }, null, {
          organisation: org,
          title,
          type: 'incontro',
          format: 'in_presenza',
          venue,
          capacity: 40,
          status: 'published',
          sessions: days.map((d) => ({ start: at(d, '17:30'), end: at(d, '19:30') })),
        })
      ).id;
    event = await meeting(w.prato, w.coiano, 'Agenda Digitale a Coiano', [first, second]);
    firenzeEvent = await meeting(w.firenze, w.murate, 'Incontro alle Murate', [first]);
    // A desk with no weekly hours: it opens only during the event.
    desk = await w.desk({ name: 'Sportello SPID', openingHours: [] });
  });
  afterAll(async () => w?.close());

  const runJobs = async () => {
    for (let i = 0; i < 5 && (await w.t.app.deps.jobs.runDue()) > 0; i++);
  };
  const slotsOn = async (date: string) =>
    (await w.t.app.inject({ method: 'GET', url: `/api/v1/desks/${desk}/slots?service=spid&from=${date}&to=${date}` })).json().items as {
      start: string;
      free: number;
    }[];

  it('opens during each session with the operators given; the event page shows it with a link to book', async () => {
    expect(await slotsOn(first)).toEqual([]);
    const res = await w.staff('PUT', `/api/v1/desks/${desk}/follow`, { event, operators: 2 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ event, operators: 2 });
    expect(res.json().openings).toEqual([
      { date: first, start: '17:30', end: '19:30', operators: 2 },
      { date: second, start: '17:30', end: '19:30', operators: 2 },
    ]);
    const slots = await slotsOn(first);
    expect(slots).toHaveLength(4);
    expect(slots[0]).toMatchObject({ start: at(first, '17:30'), free: 2 });
    const page = await w.t.app.inject({ method: 'GET', url: `/eventi/${event}` });
    expect(page.body).toContain('Sportello SPID durante l’incontro');
    expect(page.body).toContain(`href="/sportelli/${desk}"`);
    expect(page.body).toContain('Prenota un appuntamento allo sportello');
  });

  it("changing the event's sessions moves the desk's openings", async () => {
    const patched = await w.staff('PATCH', `/api/v1/events/${event}`, {
      sessions: [
        { start: at(first, '10:00'), end: at(first, '12:00') },
        { start: at(moved, '17:30'), end: at(moved, '19:30') },
      ],
    });
    expect(patched.statusCode).toBe(200);
    await runJobs();
    const follow = (await w.staff('GET', `/api/v1/desks/${desk}/follow`)).json();
    expect(follow.openings).toEqual([
      { date: first, start: '10:00', end: '12:00', operators: 2 },
      { date: moved, start: '17:30', end: '19:30', operators: 2 },
    ]);
    expect(await slotsOn(second)).toEqual([]);
    expect((await slotsOn(moved)).length).toBe(4);
  });

  it("refuses another organisation's event, an unknown one, a bad count and another organisation's staff; nothing written", async () => {
    const before = await w.counts();
    const foreign = await w.staff('PUT', `/api/v1/desks/${desk}/follow`, { event: firenzeEvent, operators: 1 });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].field).toBe('eventId');
    const unknown = await w.staff('PUT', `/api/v1/desks/${desk}/follow`, { event: '0190a0a0-0000-7000-8000-000000000000', operators: 1 });
    expect(unknown.statusCode).toBe(422);
    const none = await w.staff('PUT', `/api/v1/desks/${desk}/follow`, { event, operators: 0 });
    expect(none.statusCode).toBe(400);
    expect((await w.outsider('PUT', `/api/v1/desks/${desk}/follow`, { event, operators: 1 })).statusCode).toBe(403);
    expect(await w.counts()).toEqual(before);
    expect((await w.staff('GET', `/api/v1/desks/${desk}/follow`)).json().event).toBe(event);
  });

  it('any body answers 200, 400 or 422, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            event: fc.oneof(fc.constant(event), fc.constant(firenzeEvent), fc.uuid(), fc.string(), fc.constant(null)),
            operators: fc.oneof(fc.integer({ min: -2, max: 30 }), fc.string(), fc.double()),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const res = await w.staff('PUT', `/api/v1/desks/${desk}/follow`, body);
          expect([200, 400, 422]).toContain(res.statusCode);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the staff page follows an event and stops following it', async () => {
    const b = new Browser(w.t.app);
    await b.signIn('staff@prato.example', PASSWORD);
    const url = `/admin/desks/${desk}/segui`;
    const shown = await b.get(url);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Agenda Digitale a Coiano');
    const bad = await b.post(url, { event: firenzeEvent, operators: '1' }, { from: url });
    expect(bad.statusCode).toBe(422);
    const ok = await b.post(url, { event, operators: '3' }, { from: url });
    expect(ok.statusCode).toBe(303);
    expect((await b.get(ok.headers.location as string)).body).toContain('3 operatori');
    const stop = await b.post(url, { action: 'stop' }, { from: url });
    expect(stop.statusCode).toBe(303);
    expect((await w.staff('GET', `/api/v1/desks/${desk}/follow`)).json()).toMatchObject({ event: null, openings: [] });
    expect((await w.t.app.inject({ method: 'GET', url: `/eventi/${event}` })).body).not.toContain('durante l’incontro');
  });
});
