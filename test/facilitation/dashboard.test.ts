import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import * as events from '../../src/modules/events/service.js';
import * as svc from '../../src/modules/facilitation/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';
import { expectRollupsConsistent, makeCf, makeWorld, recordBody, type World } from './fixtures.js';

describe.each(DIALECTS)('facilitation dashboard (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let smtp: TestSmtp;
  const y = new Date().getUTCFullYear() - 1;
  const ids: Record<string, string> = {};
  const c1 = makeCf({ birth: '1980-01-15', letters: 'BRNLCU' });
  const c2 = makeCf({ birth: '1945-02-01', letters: 'FRRNNA', female: true });

  beforeAll(async () => {
    smtp = new TestSmtp();
    const smtpUrl = await smtp.start();
    t = await createTestApp(dialect, { smtpUrl });
    w = await makeWorld(t);
    const add = async (
      key: string,
      who: 'facilitator' | 'facilitator2',
      over: Record<string, unknown>,
      citizen: Record<string, unknown>,
    ) => {
      const res = await w.api[who]('POST', '/api/v1/facilitations', recordBody(w, { programme: w.local, ...over }, citizen));
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json().id;
    };
    await add(
      'r1',
      'facilitator',
      { date: `${y}-03-05`, kinds: ['A'], competences: [9], services: ['A'], duration: '00:30' },
      { fiscalCode: c1 },
    );
    await add(
      'r2',
      'facilitator2',
      { date: `${y}-03-20`, kinds: ['A', 'B'], competences: [11, 9], services: ['B'], duration: '01:00' },
      { fiscalCode: c1 },
    );
    await add(
      'r3',
      'facilitator',
      { date: `${y}-04-10`, venue: w.venue, kinds: ['C'], competences: [1], services: ['S'], duration: '01:30' },
      { fiscalCode: c2, education: 'A' },
    );
    await add(
      'r4',
      'facilitator',
      { date: `${y}-04-28`, kinds: ['A'], competences: [13], services: ['C'], duration: '00:45' },
      { fiscalCode: undefined, employment: 'D' },
    );
    // Satisfaction: two questionnaires answered through their private links.
    for (const key of ['r1', 'r3']) {
      await svc.sendQuestionnaire(t.app.deps, null, ids[key], { email: `${key}@esempio.it` });
    }
    await t.app.deps.jobs.runDue();
    for (const [key, rating] of [
      ['r1', 4],
      ['r3', 5],
    ] as const) {
      const mail = smtp.to(`${key}@esempio.it`)[0];
      const token = /token=([A-Za-z0-9_%-]+)/.exec(mail.text ?? '')![1];
      await svc.answerQuestionnaire(t.app.deps, ids[key], decodeURIComponent(token), { es1: ['L'], es6: rating });
    }
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const dashboard = async (query: string, by = 'month') => {
    const res = await w.api.staff('GET', `/api/v1/programmes/${w.local}/dashboard?${query}&by=${by}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const figures = (items: { key: string; services: number; citizens: number }[]) =>
    Object.fromEntries(items.filter((i) => i.services || i.citizens).map((i) => [i.key, [i.services, i.citizens]]));

  it('adds up a small hand-made set: totals, months, kinds, competences, facilitators, age bands, satisfaction', async () => {
    const q = `from=${y}-03-01&to=${y}-04-30`;
    const month = await dashboard(q);
    expect(month.totals).toMatchObject({
      services: 4,
      minutes: 30 + 60 + 90 + 45,
      citizens: 2,
      satisfaction: 4.5,
      answers: 2,
      facilitators: 2,
      points: 1,
    });
    expect(figures(month.breakdown)).toEqual({ [`${y}-03`]: [2, 1], [`${y}-04`]: [2, 1] });
    expect(month.breakdown.map((i: { key: string }) => i.key)).toEqual([`${y}-03`, `${y}-04`]);
    expect(figures((await dashboard(q, 'kind')).breakdown)).toEqual({ A: [3, 1], B: [1, 0], C: [1, 1] });
    expect(figures((await dashboard(q, 'competence')).breakdown)).toEqual({ '1': [1, 1], '9': [2, 1], '11': [1, 0], '13': [1, 0] });
    expect(figures((await dashboard(q, 'area')).breakdown)).toEqual({ A: [1, 1], B: [2, 1], D: [1, 0], E: [1, 0] });
    expect(figures((await dashboard(q, 'service')).breakdown)).toEqual({ A: [1, 1], B: [1, 0], C: [1, 0], S: [1, 1] });
    expect(figures((await dashboard(q, 'facilitator')).breakdown)).toEqual({
      [w.users.facilitator.id]: [3, 2],
      [w.users.facilitator2.id]: [1, 0],
    });
    const ages = (await dashboard(q, 'ageBand')).breakdown;
    expect(figures(ages)).toEqual({ '30-54': [2, 1], '75+': [1, 1], '': [1, 0] });
    expect(ages.find((i: { key: string }) => i.key === '').label).toBe('Non indicato');
    expect(figures((await dashboard(q, 'gender')).breakdown)).toEqual({ A: [1, 1], B: [2, 1], '': [1, 0] });
    expect(figures((await dashboard(q, 'education')).breakdown)).toEqual({ A: [1, 1], C: [3, 1] });
    expect(figures((await dashboard(q, 'employment')).breakdown)).toEqual({ D: [1, 0], G: [3, 2] });
    const venues = (await dashboard(q, 'venue')).breakdown;
    expect(venues).toEqual([
      expect.objectContaining({ key: w.venue, label: 'Biblioteca Lazzerini', services: 4, citizens: 2, satisfaction: 4.5 }),
    ]);
    expect(figures((await dashboard(q, 'municipality')).breakdown)).toEqual({ '100005': [4, 2] });
  });

  it('counts partial months from the records: a citizen is new only in the period of their first service', async () => {
    const partial = await dashboard(`from=${y}-03-10&to=${y}-04-15`);
    expect(partial.totals).toMatchObject({ services: 2, citizens: 1, minutes: 150 });
    expect(figures(partial.breakdown)).toEqual({ [`${y}-03`]: [1, 0], [`${y}-04`]: [1, 1] });
  });

  it('filters by venue and municipality', async () => {
    expect((await dashboard(`from=${y}-03-01&to=${y}-04-30&venue=${w.venue}`)).totals.services).toBe(4);
    expect((await dashboard(`from=${y}-03-01&to=${y}-04-30&venue=${w.partnerVenue}`)).totals.services).toBe(0);
    expect((await dashboard(`from=${y}-03-01&to=${y}-04-30&municipality=100005`, 'kind')).totals.services).toBe(4);
    expect((await dashboard(`from=${y}-03-10&to=${y}-04-15&municipality=017081`)).totals.services).toBe(0);
  });

  it('shows progress on each target with a projection at the current pace', async () => {
    const d = await dashboard(`from=${y}-01-01&to=${y}-12-31`);
    const citizens = d.targets.find((x: { metric: string }) => x.metric === 'unique_citizens');
    expect(citizens).toMatchObject({ value: 10, current: 2, progress: 0.2, status: 'behind' });
    expect(citizens.projected).toBeGreaterThanOrEqual(2);
    const services = d.targets.find((x: { metric: string }) => x.metric === 'services');
    expect(services).toMatchObject({ value: 20, current: 4 });
  });

  it('measures the events held and their participants for event targets, with a projection', async () => {
    const year = new Date().getUTCFullYear();
    const programme = (
      await createProgramme(t.db, null, {
        organisation: w.org,
        name: 'Eventi digitali',
        start: `${year - 1}-01-01`,
        end: `${year + 1}-12-31`,
        targets: [
          { metric: 'events', value: 10, deadline: `${year + 1}-12-31` },
          { metric: 'participants', value: 5, deadline: `${year + 1}-12-31` },
        ],
      })
    ).id;
    const start = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const { id } = await events.createEvent(t.app.deps, null, {
      organisation: w.org,
      programme,
      title: 'Incontro sullo SPID',
      type: 'incontro',
      format: 'in_presenza',
      venue: w.venue,
      capacity: 10,
      bookingRequired: true,
      status: 'published',
      sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }],
    });
    const booked = await events.book(
      t.app.deps,
      id,
      { name: 'Anna', email: 'anna.eventi@esempio.it', seats: 2, privacyAccepted: true },
      { source: 'web' },
    );
    const targets = async () => (await w.api.staff('GET', `/api/v1/programmes/${programme}/dashboard`)).json().targets;
    expect(await targets()).toEqual([
      expect.objectContaining({ metric: 'events', current: 0, status: 'behind' }),
      expect.objectContaining({ metric: 'participants', current: 0, status: 'behind' }),
    ]);
    try {
      setClockOffset(Date.parse(start) - Date.now() + 60_000);
      const code = booked.registration.ticketCode;
      expect((await w.api.staff('POST', `/api/v1/events/${id}/checkins`, { code })).statusCode).toBe(201);
      expect((await w.api.staff('POST', `/api/v1/events/${id}/walk-ins`, { people: 4 })).statusCode).toBe(201);
      // The day after the event: one event held, 2 booked people and 4 walk-ins came.
      setClockOffset(Date.parse(start) - Date.now() + 86_400_000);
      const [held, participants] = await targets();
      expect(held).toMatchObject({ current: 1, progress: 0.1 });
      expect(held.projected).toBeGreaterThanOrEqual(1);
      expect(participants).toMatchObject({ current: 6, progress: 1, status: 'reached' });
    } finally {
      setClockOffset(0);
    }
  });

  it('downloads every breakdown as CSV', async () => {
    const res = await w.api.staff('GET', `/api/v1/programmes/${w.local}/dashboard?from=${y}-03-01&to=${y}-04-30&by=kind&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('codice,voce,servizi,cittadini_unici_nuovi,minuti,soddisfazione_media,risposte');
    expect(lines).toContain('A,Facilitazione individuale,3,1,135,4.00,1');
  });

  it('is for the programme’s staff only', async () => {
    expect((await w.api.facilitator('GET', `/api/v1/programmes/${w.local}/dashboard`)).statusCode).toBe(403);
    expect((await w.api.otherStaff('GET', `/api/v1/programmes/${w.local}/dashboard`)).statusCode).toBe(403);
    expect((await w.api.admin('GET', `/api/v1/programmes/${w.local}/dashboard`)).statusCode).toBe(200);
  });

  it('moves the unique citizen with corrections and deletions, keeping the roll-ups equal to the records', async () => {
    // r1 moves after r2: the citizen's first service is now r2, still in March.
    expect((await w.api.staff('PATCH', `/api/v1/facilitations/${ids.r1}`, { date: `${y}-03-25` })).statusCode).toBe(200);
    await expectRollupsConsistent(t);
    // r2 leaves: r1 is first again; r3 moves to May.
    expect((await w.api.staff('DELETE', `/api/v1/facilitations/${ids.r2}`)).statusCode).toBe(204);
    expect((await w.api.staff('PATCH', `/api/v1/facilitations/${ids.r3}`, { date: `${y}-05-02` })).statusCode).toBe(200);
    await expectRollupsConsistent(t);
    const d = await dashboard(`from=${y}-03-01&to=${y}-05-31`);
    expect(figures(d.breakdown)).toEqual({ [`${y}-03`]: [1, 1], [`${y}-04`]: [1, 0], [`${y}-05`]: [1, 1] });
    expect(d.totals).toMatchObject({ services: 3, citizens: 2, satisfaction: 4.5 });
  });

  it('keeps the roll-ups equal to the records under any sequence of writes (property)', async () => {
    const people = [makeCf({ birth: '1970-01-01', letters: 'AAABBB' }), makeCf({ birth: '1999-09-09', letters: 'CCCDDD' }), undefined];
    const live: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({
              op: fc.constant('add' as const),
              day: fc.integer({ min: 1, max: 60 }),
              who: fc.integer({ min: 0, max: 2 }),
              venue: fc.boolean(),
            }),
            fc.record({
              op: fc.constant('move' as const),
              pick: fc.nat(),
              day: fc.integer({ min: 1, max: 60 }),
              who: fc.integer({ min: 0, max: 2 }),
            }),
            fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        async (ops) => {
          for (const o of ops) {
            const date = new Date(Date.UTC(y, 5, 1) + (o.op === 'delete' ? 0 : o.day) * 86_400_000).toISOString().slice(0, 10);
            if (o.op === 'add') {
              const res = await w.api.staff(
                'POST',
                '/api/v1/facilitations',
                recordBody(w, { programme: w.local, date, venue: o.venue ? w.venue : w.venue2 }, { fiscalCode: people[o.who] }),
              );
              expect(res.statusCode, res.body).toBe(201);
              live.push(res.json().id);
            } else if (live.length > 0) {
              const id = live[o.pick % live.length];
              if (o.op === 'move') {
                const res = await w.api.staff('PATCH', `/api/v1/facilitations/${id}`, {
                  date,
                  citizen: { fiscalCode: people[o.who] ?? '' },
                });
                expect(res.statusCode, res.body).toBe(200);
              } else {
                expect((await w.api.staff('DELETE', `/api/v1/facilitations/${id}`)).statusCode).toBe(204);
                live.splice(live.indexOf(id), 1);
              }
            }
          }
          await expectRollupsConsistent(t);
        },
      ),
      { numRuns: 8 },
    );
  });
});
