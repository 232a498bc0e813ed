import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import type { DemoIds } from '../../src/demo/seed.js';
import { DEMO_PASSWORD } from '../../src/modules/accounts/demo.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createEvent } from '../../src/modules/events/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import * as volunteersRepo from '../../src/modules/volunteers/repo.js';
import { createShift } from '../../src/modules/volunteers/service.js';
import { Browser, bearer, createDemoApp, DIALECTS, type TestApp } from '../helpers.js';

const UNION = ['033011', '033025', '033035', '033036', '033040', '033045'];
type Coverage = {
  municipalities: { code: string; name: string; initiatives: number; people: number; volunteers: number; covered: boolean }[];
};

function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.json() as { detail?: string; errors?: { field: string; message: string }[] };
}

describe.each(DIALECTS)('programme coverage board (%s)', (dialect) => {
  let t: TestApp;
  let ids: DemoIds;
  let valnureStaff: ReturnType<typeof bearer>;
  let pratoStaff: ReturnType<typeof bearer>;
  let trio: string;
  let trioStaff: ReturnType<typeof bearer>;
  let trioOrg: string;
  let bobbioEvent: string;

  beforeAll(async () => {
    const d = await createDemoApp(dialect, { loginRateLimitMax: 1000 });
    t = d;
    ({ ids } = d.demo);
    const token = async (email: string, org: string) => {
      const { id } = await createUser(t.db, {
        email,
        name: email.split('@')[0],
        role: 'staff',
        organisation: org,
        password: 'una-password-lunga',
      });
      return bearer(t.app, await createApiToken(t.db, id, 'test'));
    };
    valnureStaff = await token('copertura@valnure.example', ids.organisations.valnure);
    pratoStaff = await token('copertura@prato.example', ids.organisations.prato);

    // A union of three comuni with one event, in Bobbio, on 10 March 2026.
    const org = (
      await createOrganisation(t.db, {
        name: 'Unione di prova',
        type: 'unione',
        municipality: '033005',
        memberMunicipalities: ['033005', '033011', '033025'],
      })
    ).id;
    trioOrg = org;
    trioStaff = await token('copertura@unione.example', org);
    trio = (await createProgramme(t.db, null, { organisation: org, name: 'Un comune alla volta', start: '2026-01-01', end: '2026-12-31' }))
      .id;
    const venue = (await createVenue(t.db, org, { name: 'Biblioteca di Bobbio', address: 'Piazza Duomo 1', municipality: '033005' })).id;
    bobbioEvent = (
      await createEvent({ db: t.db }, null, {
        organisation: org,
        programme: trio,
        title: 'SPID per tutti',
        type: 'incontro',
        format: 'in_presenza',
        venue,
        capacity: 20,
        status: 'published',
        audiences: ['anziani'],
        sessions: [
          { start: '2026-03-10T15:00:00.000Z', end: '2026-03-10T17:00:00.000Z' },
          { start: '2026-03-17T15:00:00.000Z', end: '2026-03-17T17:00:00.000Z' },
        ],
      })
    ).id;
  });
  afterAll(() => t.close());

  it("lists the demo Union's six comuni and flags those without initiatives", async () => {
    const res = await valnureStaff('GET', `/api/v1/programmes/${ids.programmes.valnure}/coverage`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Coverage;
    expect(body.municipalities.map((m) => m.code).sort()).toEqual(UNION);
    for (const m of body.municipalities) {
      expect(Object.keys(m).sort()).toEqual(['code', 'covered', 'initiatives', 'name', 'people', 'volunteers']);
      expect(m.covered).toBe(m.initiatives > 0);
      expect(m.volunteers).toBe(0);
    }
    // The demo's facilitation is at Podenzano's library: Podenzano is covered, the other five are flagged.
    const podenzano = body.municipalities.find((m) => m.code === '033035')!;
    expect(podenzano).toMatchObject({ name: 'Podenzano', covered: true });
    expect(podenzano.people).toBeGreaterThan(0);
    expect(body.municipalities.filter((m) => !m.covered)).toHaveLength(5);
  });

  it('shows the board to staff with the uncovered comuni named in words', async () => {
    const b = new Browser(t.app);
    await b.signIn('admin@valnure.example', DEMO_PASSWORD);
    const res = await b.get(`/admin/programmes/${ids.programmes.valnure}/copertura`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('1 comuni su 6 hanno almeno una iniziativa.');
    expect(res.body).toContain('Comuni senza iniziative:');
    expect(res.body.match(/Nessuna iniziativa/g)?.length).toBe(10); // five in the list, five in the table
    expect(res.body).not.toContain('non disponibile');
    expect(res.body).toContain('<td class="text-end" data-label="Volontari attivi">0</td>');
    expect(res.body).toContain('Podenzano');
  });

  it('counts an event in its comune only within the period asked', async () => {
    const get = async (q: string) =>
      ((await trioStaff('GET', `/api/v1/programmes/${trio}/coverage${q}`)).json() as Coverage).municipalities;
    const march = await get('?from=2026-03-01&to=2026-03-31');
    expect(march.map((m) => [m.code, m.initiatives, m.covered])).toEqual([
      ['033005', 1, true],
      ['033011', 0, false],
      ['033025', 0, false],
    ]);
    // Only the second session falls in this period: the event still counts once.
    expect((await get('?from=2026-03-15&to=2026-03-20')).find((m) => m.code === '033005')!.initiatives).toBe(1);
    expect((await get('?from=2026-04-01&to=2026-04-30')).every((m) => !m.covered)).toBe(true);
  });

  it("counts the volunteers present at a shift in the shift's comune, once each, and not the absent", async () => {
    const volunteer = async (comune: string) => {
      const id = crypto.randomUUID();
      await volunteersRepo.insertVolunteer(t.db.k, {
        id,
        organisation_id: trioOrg,
        user_id: crypto.randomUUID(),
        application_id: null,
        municipality_code: comune,
        skills: '[]',
        active: 1,
        created_at: '2026-01-01T00:00:00.000Z',
      });
      return id;
    };
    const shift = async (start: string, extra: Record<string, unknown> = {}) =>
      (
        await createShift(t.db, null, {
          organisation: trioOrg,
          title: 'Turno',
          start,
          end: start.replace('T09', 'T12'),
          needed: 5,
          ...extra,
        })
      ).id;
    const attend = async (shiftId: string, volunteerId: string, present: boolean) => {
      const id = crypto.randomUUID();
      await volunteersRepo.insertSignupIfRoom(t.db.k, { id, shiftId, volunteerId, now: '2026-01-01T00:00:00.000Z' });
      await volunteersRepo.setAttendance(t.db, shiftId, id, present);
    };
    const [anna, bruno, carla] = [await volunteer('033011'), await volunteer('033025'), await volunteer('033025')];
    // At the Bobbio event twice (counted once in Bobbio), a free activity in her own comune.
    const atEvent = await shift('2026-03-10T09:00:00.000Z', { event: bobbioEvent });
    const atEvent2 = await shift('2026-03-17T09:00:00.000Z', { event: bobbioEvent });
    await attend(atEvent, anna, true);
    await attend(atEvent2, anna, true);
    await attend(await shift('2026-03-12T09:00:00.000Z'), anna, true);
    // Bruno came to a free activity: his comune; Carla was absent: not counted.
    const free = await shift('2026-03-20T09:00:00.000Z');
    await attend(free, bruno, true);
    await attend(free, carla, false);
    // A shift outside the period is not counted.
    await attend(await shift('2026-05-02T09:00:00.000Z'), carla, true);

    const res = await trioStaff('GET', `/api/v1/programmes/${trio}/coverage?from=2026-03-01&to=2026-03-31`);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as Coverage).municipalities.map((m) => [m.code, m.volunteers])).toEqual([
      ['033005', 1],
      ['033011', 1],
      ['033025', 1],
    ]);
    const report = (await trioStaff('GET', `/api/v1/programmes/${trio}/report?from=2026-03-01&to=2026-03-31`)).json();
    expect(report.places.map((p: { volunteers: number }) => p.volunteers)).toEqual([1, 1, 1]);
    expect(report.placesTotal.volunteers).toBe(3);
    const b = new Browser(t.app);
    await b.signIn('copertura@unione.example', 'una-password-lunga');
    const page = await b.get(`/admin/programmes/${trio}/copertura?from=2026-03-01&to=2026-03-31`);
    expect(page.body).toContain('<td class="text-end" data-label="Volontari attivi">1</td>');
    const csv = await b.get(`/admin/programmes/${trio}/rapporto.csv?from=2026-03-01&to=2026-03-31`);
    expect(csv.body.split('\n')[0]).toContain('Volontari attivi');
  });

  it('refuses a bad date or a reversed period with 400 problem+json naming the field', async () => {
    const url = `/api/v1/programmes/${trio}/coverage`;
    expect(expectProblem(await trioStaff('GET', `${url}?from=2026-02-30`), 400).errors?.map((e) => e.field)).toEqual(['from']);
    expect(expectProblem(await trioStaff('GET', `${url}?to=31/12/2026`), 400).errors?.map((e) => e.field)).toEqual(['to']);
    const reversed = expectProblem(await trioStaff('GET', `${url}?from=2026-06-01&to=2026-05-01`), 400);
    expect(reversed.errors).toEqual([{ field: 'to', message: 'la data finale viene prima di quella iniziale' }]);
  });

  it("refuses another organisation's programme and an unknown one", async () => {
    expectProblem(await pratoStaff('GET', `/api/v1/programmes/${ids.programmes.valnure}/coverage`), 403);
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/programmes/${ids.programmes.valnure}/coverage` }), 401);
    expectProblem(await valnureStaff('GET', '/api/v1/programmes/01890a5d-ac96-774b-bcce-b302099a8057/coverage'), 404);
  });

  it('answers a bad period on the page in Italian, with the form again', async () => {
    const b = new Browser(t.app);
    await b.signIn('admin@valnure.example', DEMO_PASSWORD);
    const res = await b.get(`/admin/programmes/${ids.programmes.valnure}/copertura?from=2026-05-01&to=2026-04-01`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Il periodo non è valido: controlla le date.');
    expect(res.body).toContain('la data finale viene prima di quella iniziale');
    expect(res.body).toContain('value="2026-05-01"');
  });

  it('never fails with a 5xx whatever the period, on the board and the report', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(fc.string({ maxLength: 14 })), fc.option(fc.string({ maxLength: 14 })), async (from, to) => {
        const q = new URLSearchParams();
        if (from !== null) q.set('from', from);
        if (to !== null) q.set('to', to);
        for (const path of ['coverage', 'report']) {
          const res = await trioStaff('GET', `/api/v1/programmes/${trio}/${path}?${q}`);
          expect([200, 400]).toContain(res.statusCode);
          if (res.statusCode === 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
      }),
      { numRuns: 60 },
    );
  });
});
