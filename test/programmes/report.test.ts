import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { setClockOffset } from '../../src/core/time.js';
import type { DemoIds } from '../../src/demo/seed.js';
import { DEMO_PASSWORD } from '../../src/modules/accounts/demo.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { book, createEvent } from '../../src/modules/events/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { Browser, bearer, createDemoApp, DIALECTS, type TestApp } from '../helpers.js';

type Figures = Record<string, number>;
type Report = {
  period: { from: string; to: string };
  places: (Figures & { code: string; name: string })[];
  placesTotal: Figures;
  audiences: (Figures & { audience: string })[];
  audiencesTotal: Figures;
};

/** Each figure of the total equals the sum of that figure over the rows. */
function expectTotalsAreSums(rows: Record<string, unknown>[], total: Figures) {
  for (const [key, value] of Object.entries(total)) {
    expect(value, key).toBe(rows.reduce((s, r) => s + (r[key] as number), 0));
  }
}

/** The CSV's rows, cells unquoted. */
const csvRows = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => (line === '' ? [] : line.split(';').map((c) => c.replace(/^"|"$/g, '').replace(/^'/, ''))));

describe.each(DIALECTS)('programme report (%s)', (dialect) => {
  let t: TestApp;
  let ids: DemoIds;
  let platform: ReturnType<typeof bearer>;

  beforeAll(async () => {
    const d = await createDemoApp(dialect, { loginRateLimitMax: 1000 });
    t = d;
    ({ ids } = d.demo);
    const { id } = await createUser(t.db, {
      email: 'rapporto@ponte.example',
      name: 'Admin',
      role: 'platform-admin',
      password: 'una-password-lunga',
    });
    platform = bearer(t.app, await createApiToken(t.db, id, 'test'));
  });
  afterAll(() => t.close());

  it("each demo programme's totals equal the sums of its rows, by comune and by audience", async () => {
    let reached = 0;
    for (const [key, id] of Object.entries(ids.programmes)) {
      const res = await platform('GET', `/api/v1/programmes/${id}/report`);
      expect(res.statusCode, `${key}: ${res.body}`).toBe(200);
      const report = res.json() as Report;
      expectTotalsAreSums(report.places, report.placesTotal);
      expectTotalsAreSums(report.audiences, report.audiencesTotal);
      // The events by comune and by audience are the same events.
      for (const k of ['events', 'sessions', 'booked', 'checkedIn', 'walkIns'])
        expect(report.audiencesTotal[k]).toBe(report.placesTotal[k]);
      reached += report.placesTotal.events + report.placesTotal.facilitationServices;
    }
    // The demo holds events and facilitation services: the sums above are not all of zeros.
    expect(reached).toBeGreaterThan(0);
  });

  it('the Union report lists its six comuni, with the facilitation at Podenzano', async () => {
    const report = (await platform('GET', `/api/v1/programmes/${ids.programmes.valnure}/report`)).json() as Report;
    expect(report.places.map((p) => p.code).sort()).toEqual(['033011', '033025', '033035', '033036', '033040', '033045']);
    const podenzano = report.places.find((p) => p.code === '033035')!;
    expect(podenzano.facilitationServices).toBeGreaterThan(0);
    expect(podenzano.citizens).toBeGreaterThan(0);
    expect(podenzano.citizens).toBeLessThanOrEqual(podenzano.facilitationServices);
  });

  it('the CSV has a row per comune and a total row equal to their sums', async () => {
    const b = new Browser(t.app);
    await b.signIn('admin@valnure.example', DEMO_PASSWORD);
    const res = await b.get(`/admin/programmes/${ids.programmes.valnure}/rapporto.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csvRows(res.body);
    const blank = rows.findIndex((r) => r.length === 0);
    const [head, ...body] = rows.slice(0, blank);
    expect(head.slice(0, 3)).toEqual(['Comune', 'ISTAT', 'Eventi']);
    expect(head.at(-1)).toBe('Volontari attivi');
    const total = body.pop()!;
    expect(total[0]).toBe('Totale');
    expect(body).toHaveLength(6);
    for (let c = 2; c < head.length; c++) expect(Number(total[c]), head[c]).toBe(body.reduce((s, r) => s + Number(r[c]), 0));
  });

  it('the printable page shows both tables with their totals; another organisation is refused', async () => {
    const b = new Browser(t.app);
    await b.signIn('admin@valnure.example', DEMO_PASSWORD);
    const res = await b.get(`/admin/programmes/${ids.programmes.valnure}/rapporto?from=2026-01-01&to=2026-12-31`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Per comune');
    expect(res.body).toContain('Per pubblico (eventi)');
    expect(res.body.match(/>Totale</g)?.length).toBe(2);
    expect(res.body).toContain('Scarica il rapporto (CSV)');
    expect((await b.get(`/admin/programmes/${ids.programmes.prato}/rapporto`)).statusCode).toBe(403);
    const bad = await b.get(`/admin/programmes/${ids.programmes.valnure}/rapporto?from=2026-1-1`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('data non valida: scrivi anno-mese-giorno');
  });

  it('counts the seats booked, the people checked in and the walk-ins at the door, in the comune and the audience of the event', async () => {
    const org = (
      await createOrganisation(t.db, {
        name: 'Unione della porta',
        type: 'unione',
        municipality: '033005',
        memberMunicipalities: ['033005', '033011'],
      })
    ).id;
    const { id: userId } = await createUser(t.db, {
      email: 'porta@unione.example',
      name: 'Porta',
      role: 'staff',
      organisation: org,
      password: 'una-password-lunga',
    });
    const staff = bearer(t.app, await createApiToken(t.db, userId, 'test'));
    const programme = (await createProgramme(t.db, null, { organisation: org, name: 'Alla porta', start: '2020-01-01', end: '2040-12-31' }))
      .id;
    const venue = (await createVenue(t.db, org, { name: 'Sala civica', address: 'Piazza 1', municipality: '033011' })).id;
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(15, 0, 0, 0);
    const event = (
      await createEvent({ db: t.db }, null, {
        organisation: org,
        programme,
        title: 'App IO in pratica',
        type: 'incontro',
        format: 'in_presenza',
        venue,
        capacity: 20,
        status: 'published',
        audiences: ['genitori-0-6'],
        sessions: [{ start: start.toISOString(), end: new Date(start.getTime() + 7_200_000).toISOString() }],
      })
    ).id;
    const deps = { db: t.db, config: t.config };
    const two = await book(
      deps,
      event,
      { name: 'Anna', email: 'anna.porta@example.org', seats: 2, privacyAccepted: true },
      { source: 'web' },
    );
    await book(deps, event, { name: 'Bruno', email: 'bruno.porta@example.org', seats: 1, privacyAccepted: true }, { source: 'web' });
    // The day of the meeting: Anna's booking comes in full, three people walk in.
    setClockOffset(start.getTime() - Date.now() + 600_000);
    try {
      expect((await staff('POST', `/api/v1/events/${event}/checkins`, { code: two.registration.ticketCode })).statusCode).toBe(201);
      expect((await staff('POST', `/api/v1/events/${event}/walk-ins`, { people: 3 })).statusCode).toBe(201);
    } finally {
      setClockOffset(0);
    }
    const day = start.toISOString().slice(0, 10);
    const report = (await staff('GET', `/api/v1/programmes/${programme}/report?from=${day}&to=${day}`)).json() as Report;
    expect(report.places.map((p) => [p.code, p.events, p.sessions, p.booked, p.checkedIn, p.walkIns])).toEqual([
      ['033005', 0, 0, 0, 0, 0],
      ['033011', 1, 1, 3, 2, 3],
    ]);
    expect(report.audiences).toEqual([{ audience: 'genitori-0-6', events: 1, sessions: 1, booked: 3, checkedIn: 2, walkIns: 3 }]);
    const coverage = (await staff('GET', `/api/v1/programmes/${programme}/coverage?from=${day}&to=${day}`)).json();
    expect(coverage.municipalities.map((m: { code: string; people: number; covered: boolean }) => [m.code, m.people, m.covered])).toEqual([
      ['033005', 0, false],
      ['033011', 5, true],
    ]);
  });
});
