import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createEvent, programmeEventFigures } from '../../src/modules/events/service.js';
import * as skills from '../../src/modules/skills/service.js';
import { makeCf, makeWorld, recordBody, type World } from '../facilitation/fixtures.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

/** Moves the application's clock to an instant: the world is dated in 2031, whatever the day the test runs. */
const clockAt = (iso: string) => setClockOffset(Date.parse(iso) - Date.now());

type UsersTarget = {
  metric: string;
  value: number;
  deadline: string;
  sources: { source: string; count: number }[];
  current: number;
  upTo: string;
  reached: boolean;
  acrossSources: boolean;
};

/**
 * A programme's "users" targets (Firenze's 5,000 → 18,000): citizens facilitated, people who
 * attended its events, people who took the skills self-assessment, or any of these. A world of
 * March 2031: three services to two citizens, two events with a person at both, and three
 * self-assessment results of two people.
 */
describe.each(DIALECTS)('programme users targets (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let programme: string;
  let first: string;
  let second: string;

  const get = async (id = programme) => t.app.inject({ method: 'GET', url: `/api/v1/programmes/${id}/targets/users` });
  const targets = async () => {
    const res = await get();
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { targets: UsersTarget[] }).targets;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { rateLimitMax: 0 });
    w = await makeWorld(t, 2031);
    programme = w.local;
    const put = await w.api.staff('PUT', `/api/v1/programmes/${programme}/targets`, {
      targets: [
        { metric: 'users_any', value: 18_000, deadline: '2032-12-31', label: 'Utenti raggiunti' },
        { metric: 'users_facilitated', value: 2, deadline: '2032-12-31' },
        { metric: 'users_attended', value: 5_000, deadline: '2031-03-11' },
        { metric: 'users_assessed', value: 3, deadline: '2032-12-31' },
        { metric: 'services', value: 20, deadline: '2032-12-31' },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);

    // Two events of the programme, on 10 and 12 March 2031, booked on 1 March.
    const event = async (day: string) =>
      (
        await createEvent({ db: t.db }, null, {
          organisation: w.org,
          programme,
          title: `Facciamo SPID ${day}`,
          type: 'incontro',
          format: 'in_presenza',
          venue: w.venue,
          capacity: 30,
          maxSeatsPerBooking: 4,
          status: 'published',
          audiences: ['tutti'],
          sessions: [{ start: `2031-03-${day}T09:00:00.000Z`, end: `2031-03-${day}T11:00:00.000Z` }],
        })
      ).id;
    first = await event('10');
    second = await event('12');
    clockAt('2031-03-01T10:00:00.000Z');
    const book = async (eventId: string, name: string, email: string, seats = 1) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/events/${eventId}/registrations`,
        payload: { name, email, seats },
      });
      expect(res.statusCode, res.body).toBe(201);
      const row = await t.db.k.selectFrom('registrations').select('ticket_code').where('id', '=', res.json().id).executeTakeFirstOrThrow();
      return row.ticket_code;
    };
    const annaFirst = await book(first, 'Anna Bianchi', 'anna@esempio.it');
    const bruno = await book(first, 'Bruno Verdi', 'bruno@esempio.it', 2);
    // Anna books the second event too, with a capital letter in her address: the same person.
    const annaSecond = await book(second, 'Anna Bianchi', 'Anna@Esempio.it');
    const dario = await book(second, 'Dario Neri', 'dario@esempio.it');
    await book(second, 'Carla Russo', 'carla@esempio.it'); // does not come

    // Self-assessment before the first course (two people), then Anna's again after it.
    const items = skills.variantItems(await skills.versionItems(t.db, (await skills.currentVersion(t.db)).id), 'short');
    const answers = items.map((i) => ({ item: i.id, value: 0 }));
    const respond = async (body: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/assessments/short/responses', payload: { answers, ...body } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; token: string };
    };
    clockAt('2031-03-05T10:00:00.000Z');
    const annaBefore = await respond({ event: first, phase: 'prima' });
    await respond({ event: second, phase: 'prima' });

    const checkin = async (eventId: string, code: string) =>
      expect((await w.api.staff('POST', `/api/v1/events/${eventId}/checkins`, { code })).statusCode).toBe(201);
    clockAt('2031-03-10T09:20:00.000Z');
    await checkin(first, annaFirst);
    await checkin(first, bruno);
    expect((await w.api.staff('POST', `/api/v1/events/${first}/walk-ins`, { people: 3, name: 'Gruppo del circolo' })).statusCode).toBe(201);
    clockAt('2031-03-12T09:20:00.000Z');
    await checkin(second, annaSecond);
    await checkin(second, dario);

    clockAt('2031-03-16T10:00:00.000Z');
    await respond({ event: first, phase: 'dopo', previous: { id: annaBefore.id, token: annaBefore.token } });
    // Three services to two citizens: Maria comes back.
    const maria = makeCf({ birth: '1950-02-11', female: true, letters: 'RSSMRA' });
    const luigi = makeCf({ birth: '1948-07-30', letters: 'VRDLGU' });
    for (const [date, fiscalCode] of [
      ['2031-03-14', maria],
      ['2031-03-15', maria],
      ['2031-03-15', luigi],
    ]) {
      const res = await w.api.facilitator(
        'POST',
        '/api/v1/facilitations',
        recordBody(w, { programme, date }, { fiscalCode, consent: { channel: 'CARTACEO', date } }),
      );
      expect(res.statusCode, res.body).toBe(201);
    }
    clockAt('2031-03-20T10:00:00.000Z');
  });
  afterEach(() => clockAt('2031-03-20T10:00:00.000Z'));
  afterAll(async () => {
    setClockOffset(0);
    await t.close();
  });

  it('counts each source once per person and sums them for "any", saying the sum is not de-duplicated', async () => {
    const all = await targets();
    // Only the "users" targets, in the programme's order; the services target is the dashboard's.
    expect(all.map((x) => x.metric)).toEqual(['users_facilitated', 'users_attended', 'users_assessed', 'users_any']);
    const by = Object.fromEntries(all.map((x) => [x.metric, x]));

    // Facilitation: three services, two citizens (Maria's codice fiscale twice).
    const services = await t.db.k.selectFrom('facilitation_records').select('citizen_id').where('programme_id', '=', programme).execute();
    expect(services).toHaveLength(3);
    expect(by.users_facilitated).toMatchObject({ current: 2, reached: true, acrossSources: false });
    expect(by.users_facilitated.sources).toEqual([{ source: 'facilitated', count: 2 }]);

    // Self-assessment: three results, two people (Anna's before and after share a chain).
    const results = await t.db.k.selectFrom('skill_results').select('id').where('programme_id', '=', programme).execute();
    expect(results).toHaveLength(3);
    expect(by.users_assessed).toMatchObject({ current: 2, reached: false });

    // Events: the participants of the two events are 1 + 2 + 3 walk-ins, then 1 + 1: Anna, at both, counts once.
    expect((await programmeEventFigures(t.db, programme, '2031-03-20')).participants).toBe(8);
    const any = by.users_any;
    expect(any.sources).toEqual([
      { source: 'facilitated', count: 2 },
      { source: 'attended', count: 7 },
      { source: 'assessed', count: 2 },
    ]);
    expect(any).toMatchObject({ current: 11, value: 18_000, upTo: '2031-03-20', reached: false, acrossSources: true });
    expect(any.current).toBe(any.sources.reduce((s, x) => s + x.count, 0));
  });

  it('leaves users targets out of the facilitation dashboard, which counts its own metrics', async () => {
    const res = await w.api.staff('GET', `/api/v1/programmes/${programme}/dashboard`);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { targets: { metric: string }[] }).targets.map((x) => x.metric)).toEqual(['services']);
  });

  it('counts a target whose deadline has passed up to its deadline', async () => {
    const attended = (await targets()).find((x) => x.metric === 'users_attended')!;
    // On 11 March only the first event was held: Anna, Bruno with a companion, and three walk-ins.
    expect(attended).toMatchObject({ upTo: '2031-03-11', current: 6, reached: false });
  });

  it("shows the targets on the programme's public page and the plan's page, with the rule of counting", async () => {
    const page = await t.app.inject({ method: 'GET', url: `/programmi/${programme}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Obiettivi di utenti');
    expect(page.body).toContain('Utenti raggiunti');
    expect(page.body).toContain('11 su 18.000 (0%), scadenza 31 dicembre 2032');
    expect(page.body).toContain('persone presenti agli eventi: 7');
    expect(page.body).toContain("tra fonti diverse non c'è un identificativo comune, quindi il totale è contato senza deduplicazione");
    expect(page.body).toContain('2 su 2 (100%), scadenza 31 dicembre 2032');
    expect(page.body).toContain('Dati fino al giorno 20 marzo 2031. Ogni persona è contata una volta sola, anche se torna più volte.');

    await createUser(t.db, {
      email: 'piano@prato.example',
      name: 'Piano',
      role: 'staff',
      organisation: w.org,
      password: 'una-password-lunga',
    });
    const b = new Browser(t.app);
    await b.signIn('piano@prato.example', 'una-password-lunga');
    const admin = await b.get(`/admin/programmes/${programme}/piano`);
    expect(admin.statusCode, admin.body).toBe(200);
    expect(admin.body).toContain('6 su 5.000 (0%), scadenza 11 marzo 2031');

    const en = await t.app.inject({ method: 'GET', url: `/programmi/${programme}`, headers: { 'accept-language': 'en' } });
    expect(en.body).toContain('User targets');
  });

  it('refuses an unknown programme with 404, and shows no section where there is no "users" target', async () => {
    for (const id of ['00000000-0000-7000-8000-000000000000', 'nope']) {
      const res = await get(id);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const none = await get(w.national);
    expect(none.json()).toEqual({ targets: [] });
    const page = await t.app.inject({ method: 'GET', url: `/programmi/${w.national}` });
    expect(page.body).not.toContain('Obiettivi di utenti');
  });

  it('refuses a metric that does not exist, writing nothing', async () => {
    const res = await w.api.staff('PUT', `/api/v1/programmes/${programme}/targets`, {
      targets: [{ metric: 'users_everyone', value: 10, deadline: '2032-12-31' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await targets()).map((x) => x.metric)).toHaveLength(4);
  });
});
