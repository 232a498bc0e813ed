import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { newId } from '../../src/core/ids.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { answerPartnership, createOrganisation, requestPartnership } from '../../src/modules/organisations/service.js';
import {
  createProgramme,
  getProgramme,
  listProgrammes,
  organisationOfProgramme,
  PROGRAMME_METRICS,
  programmeIdIfExists,
  setTargets,
} from '../../src/modules/programmes/service.js';
import { bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

/** A partnership asked by `organisation` and accepted by `partner`. */
async function acceptedPartnership(db: TestApp['db'], organisation: string, partner: string): Promise<void> {
  const asked = await requestPartnership(db, organisation, { partner }, null);
  await answerPartnership(db, asked.id, partner, 'accept', null);
}

const PASSWORD = 'una-password-lunga';

function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, title: expect.any(String) });
  return body as { status: number; title: string; detail?: string; errors?: { field: string; message: string }[] };
}

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe.each(DIALECTS)('programmes API (%s)', (dialect) => {
  let t: TestApp;
  let platform: ReturnType<typeof bearer>;
  let orgAdmin: ReturnType<typeof bearer>;
  let staff: ReturnType<typeof bearer>;
  let facilitator: ReturnType<typeof bearer>;
  let outsider: ReturnType<typeof bearer>;
  let prato: string;
  let arci: string;
  let acli: string;
  let firenze: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000 });
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    arci = (await createOrganisation(t.db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
    acli = (await createOrganisation(t.db, { name: 'Acli Prato', type: 'associazione', municipality: '100005' })).id;
    firenze = (await createOrganisation(t.db, { name: 'Comune di Firenze', type: 'comune', municipality: '048017' })).id;
    // Arci and Acli accepted Prato's partnership: the programmes may name them in public.
    for (const partner of [arci, acli]) await acceptedPartnership(t.db, prato, partner);
    const token = async (email: string, role: 'platform-admin' | 'org-admin' | 'staff' | 'facilitator', org?: string) => {
      const { id } = await createUser(t.db, { email, name: email.split('@')[0], role, organisation: org, password: PASSWORD });
      return bearer(t.app, await createApiToken(t.db, id, 'test'));
    };
    platform = await token('admin@ponte.example', 'platform-admin');
    orgAdmin = await token('admin@prato.example', 'org-admin', prato);
    staff = await token('staff@prato.example', 'staff', prato);
    facilitator = await token('facilitatore@prato.example', 'facilitator', prato);
    outsider = await token('staff@firenze.example', 'staff', firenze);
  });
  afterAll(() => t.close());

  const count = async (table: 'programmes' | 'programme_targets' | 'programme_partners') =>
    Number(
      (
        await t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = async () => ({
    programmes: await count('programmes'),
    targets: await count('programme_targets'),
    partners: await count('programme_partners'),
  });

  const valid = () => ({
    organisation: prato,
    name: 'Agenda Digitale Prato 2026',
    start: '2026-01-01',
    end: '2026-12-31',
    funding: 'Fondi propri',
    description: 'Dieci incontri nei circoli.',
    partners: [arci, acli],
    targets: [
      { metric: 'events', value: 10, deadline: '2026-12-31', label: 'Incontri' },
      { metric: 'participants', value: 500, deadline: '2026-12-31' },
    ],
  });

  describe('create and read', () => {
    it('staff create a programme: 201 with the whole programme, rows written', async () => {
      const before = await counts();
      const res = await staff('POST', '/api/v1/programmes', valid());
      expect(res.statusCode, res.body).toBe(201);
      const p = res.json();
      expect(p).toMatchObject({
        id: expect.any(String),
        organisation: { id: prato, name: 'Comune di Prato' },
        name: 'Agenda Digitale Prato 2026',
        description: 'Dieci incontri nei circoli.',
        funding: 'Fondi propri',
        start: '2026-01-01',
        end: '2026-12-31',
        nationalReporting: false,
        retentionDays: 90,
      });
      expect(p.partners).toEqual([
        { id: acli, name: 'Acli Prato' },
        { id: arci, name: 'Arci Prato' },
      ]);
      expect(p.targets).toEqual([
        { id: expect.any(String), metric: 'events', value: 10, deadline: '2026-12-31', label: 'Incontri' },
        { id: expect.any(String), metric: 'participants', value: 500, deadline: '2026-12-31', label: null },
      ]);
      expect(await counts()).toEqual({ programmes: before.programmes + 1, targets: before.targets + 2, partners: before.partners + 2 });
      const row = await t.db.k.selectFrom('programmes').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
      expect(Number(row.national_reporting)).toBe(0);

      const got = await t.app.inject({ method: 'GET', url: `/api/v1/programmes/${p.id}` });
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual(p);
      expect(await getProgramme(t.db, p.id)).toEqual(p);
    });

    it('needs only organisation, name, start and end; PNRR funding turns national reporting on by default', async () => {
      const minimal = await orgAdmin('POST', '/api/v1/programmes', {
        organisation: prato,
        name: 'Minimo',
        start: '2026-01-01',
        end: '2026-01-01',
      });
      expect(minimal.statusCode, minimal.body).toBe(201);
      expect(minimal.json()).toMatchObject({ funding: null, description: null, partners: [], targets: [], nationalReporting: false });

      const pnrr = await orgAdmin('POST', '/api/v1/programmes', {
        organisation: prato,
        name: 'Facilitazione PNRR',
        funding: 'PNRR M1C1 1.7.2',
        start: '2026-01-01',
        end: '2026-12-31',
      });
      expect(pnrr.json()).toMatchObject({ nationalReporting: true });
      const spaced = await orgAdmin('POST', '/api/v1/programmes', {
        organisation: prato,
        name: 'PNRR scritto a mano',
        funding: ' pnrr  m1c1 1.7.2 ',
        start: '2026-01-01',
        end: '2026-12-31',
      });
      expect(spaced.json()).toMatchObject({ nationalReporting: true, funding: 'pnrr  m1c1 1.7.2' });
      const optedOut = await orgAdmin('POST', '/api/v1/programmes', {
        organisation: prato,
        name: 'PNRR senza rendicontazione',
        funding: 'PNRR M1C1 1.7.2',
        nationalReporting: false,
        start: '2026-01-01',
        end: '2026-12-31',
      });
      expect(optedOut.json()).toMatchObject({ nationalReporting: false });
      const regional = await orgAdmin('POST', '/api/v1/programmes', {
        organisation: prato,
        name: 'Regionale con rendicontazione',
        funding: 'Regionale',
        nationalReporting: true,
        retentionDays: 30,
        start: '2026-01-01',
        end: '2026-12-31',
      });
      expect(regional.json()).toMatchObject({ nationalReporting: true, retentionDays: 30 });
    });

    it('keeps several milestones of one metric (5,000 by this year, 18,000 by the next)', async () => {
      const res = await platform('POST', '/api/v1/programmes', {
        organisation: firenze,
        name: 'Firenze digitale',
        start: '2026-01-01',
        end: '2027-12-31',
        targets: [
          { metric: 'events', value: 35, deadline: '2027-12-31' },
          { metric: 'unique_citizens', value: 18000, deadline: '2027-12-31' },
          { metric: 'unique_citizens', value: 5000, deadline: '2026-12-31' },
        ],
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().targets.map((x: { metric: string; value: number }) => `${x.metric}:${x.value}`)).toEqual([
        'unique_citizens:5000',
        'unique_citizens:18000',
        'events:35',
      ]);
    });

    it('lists programmes publicly, all or of one organisation', async () => {
      const all = await t.app.inject({ method: 'GET', url: '/api/v1/programmes' });
      expect(all.statusCode).toBe(200);
      const items = all.json().items as { organisation: { id: string } }[];
      expect(items.some((p) => p.organisation.id === firenze)).toBe(true);
      expect(items.some((p) => p.organisation.id === prato)).toBe(true);
      const mine = await t.app.inject({ method: 'GET', url: `/api/v1/programmes?organisation=${firenze}` });
      expect((mine.json().items as { organisation: { id: string } }[]).every((p) => p.organisation.id === firenze)).toBe(true);
      expect(mine.json().items.length).toBe(1);
      const none = await t.app.inject({ method: 'GET', url: `/api/v1/programmes?organisation=${newId()}` });
      expect(none.json()).toEqual({ items: [] });
      expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/programmes?organisation=prato' }), 400);
      expect((await listProgrammes(t.db, firenze)).length).toBe(1);
      expect(JSON.stringify(all.json())).not.toMatch(/@/);
    });

    it('answers 404 for an unknown or malformed programme id', async () => {
      expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/programmes/${newId()}` }), 404);
      expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/programmes/nope' }), 404);
      expect(await programmeIdIfExists(t.db, 'nope')).toBeUndefined();
      expect(await organisationOfProgramme(t.db, newId())).toBeUndefined();
    });

    it('replays a create retried with the same Idempotency-Key instead of creating twice', async () => {
      const before = await counts();
      const key = newId();
      const first = await staff('POST', '/api/v1/programmes', { ...valid(), name: 'Una volta sola' }, { 'idempotency-key': key });
      const second = await staff('POST', '/api/v1/programmes', { ...valid(), name: 'Una volta sola' }, { 'idempotency-key': key });
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.json().id).toBe(first.json().id);
      expect((await counts()).programmes).toBe(before.programmes + 1);
    });

    it('is described in the OpenAPI document', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      expect(Object.keys(doc.paths['/api/v1/programmes'])).toEqual(expect.arrayContaining(['get', 'post']));
      expect(Object.keys(doc.paths['/api/v1/programmes/{programmeId}'])).toEqual(expect.arrayContaining(['get', 'patch']));
      expect(doc.paths['/api/v1/programmes/{programmeId}/targets'].put).toBeDefined();
      const metric =
        doc.paths['/api/v1/programmes'].post.requestBody.content['application/json'].schema.properties.targets.items.properties.metric;
      expect(metric.enum).toEqual([...PROGRAMME_METRICS]);
    });
  });

  describe('who may write', () => {
    it('refuses creation by staff of another organisation, by a facilitator and without sign-in; nothing written', async () => {
      const before = await counts();
      expectProblem(await outsider('POST', '/api/v1/programmes', valid()), 403);
      expectProblem(await facilitator('POST', '/api/v1/programmes', valid()), 403);
      expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/programmes', payload: valid() }), 401);
      // An outsider naming an organisation that does not exist learns nothing more than 403.
      expectProblem(await outsider('POST', '/api/v1/programmes', { ...valid(), organisation: newId() }), 403);
      expect(await counts()).toEqual(before);
    });

    it('refuses changes by staff of another organisation (403) and for unknown programmes (404)', async () => {
      const p = (await staff('POST', '/api/v1/programmes', valid())).json();
      const before = await counts();
      expectProblem(await outsider('PATCH', `/api/v1/programmes/${p.id}`, { name: 'Preso' }), 403);
      expectProblem(await outsider('PUT', `/api/v1/programmes/${p.id}/targets`, { targets: [] }), 403);
      expectProblem(await facilitator('PATCH', `/api/v1/programmes/${p.id}`, { name: 'Preso' }), 403);
      expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/v1/programmes/${p.id}`, payload: { name: 'x' } }), 401);
      expectProblem(await staff('PATCH', `/api/v1/programmes/${newId()}`, { name: 'Nessuno' }), 404);
      expectProblem(await staff('PUT', `/api/v1/programmes/${newId()}/targets`, { targets: [] }), 404);
      expect(await counts()).toEqual(before);
      expect((await getProgramme(t.db, p.id)).name).toBe('Agenda Digitale Prato 2026');
      // The service applies the same rule when given a principal.
      await expect(
        createProgramme(
          t.db,
          {
            userId: 'x',
            email: 'x',
            name: 'x',
            memberships: [{ organisationId: firenze, role: 'staff' }],
            isPlatformAdmin: false,
            via: 'token',
          },
          valid(),
        ),
      ).rejects.toMatchObject({ status: 403 });
    });
  });

  describe('partners without consent', () => {
    it('names a partner in public only once it accepted the partnership; the owner’s people see it waiting', async () => {
      const museo = (await createOrganisation(t.db, { name: 'Museo del Tessuto', type: 'fondazione', municipality: '100005' })).id;
      const p = (await staff('POST', '/api/v1/programmes', { ...valid(), name: 'Musei digitali', partners: [arci, museo] })).json();
      expect(p.partners).toEqual([
        { id: arci, name: 'Arci Prato' },
        { id: museo, name: 'Museo del Tessuto', pending: true },
      ]);

      const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/programmes/${p.id}` });
      expect(anonymous.json().partners).toEqual([{ id: arci, name: 'Arci Prato' }]);
      const listed = await t.app.inject({ method: 'GET', url: `/api/v1/programmes?organisation=${prato}` });
      const item = listed.json().items.find((x: { id: string }) => x.id === p.id);
      expect(item.partners).toEqual([{ id: arci, name: 'Arci Prato' }]);
      expect(listed.body).not.toContain('Museo del Tessuto');
      expect((await outsider('GET', `/api/v1/programmes/${p.id}`)).json().partners).toEqual([{ id: arci, name: 'Arci Prato' }]);
      expect((await facilitator('GET', `/api/v1/programmes/${p.id}`)).json().partners).toContainEqual({
        id: museo,
        name: 'Museo del Tessuto',
        pending: true,
      });
      expect((await getProgramme(t.db, p.id, null)).partners.map((x) => x.id)).toEqual([arci]);

      // The museum accepts: from then on everyone reads its name.
      await acceptedPartnership(t.db, prato, museo);
      const after = await t.app.inject({ method: 'GET', url: `/api/v1/programmes/${p.id}` });
      expect(after.json().partners).toEqual([
        { id: arci, name: 'Arci Prato' },
        { id: museo, name: 'Museo del Tessuto' },
      ]);
    });
  });

  describe('change', () => {
    it('patches only the fields sent; partners and targets sent replace the current ones', async () => {
      const p = (await staff('POST', '/api/v1/programmes', valid())).json();
      const res = await staff('PATCH', `/api/v1/programmes/${p.id}`, {
        name: 'Agenda Digitale Prato',
        retentionDays: 30,
        partners: [arci],
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        name: 'Agenda Digitale Prato',
        retentionDays: 30,
        funding: 'Fondi propri',
        start: '2026-01-01',
        partners: [{ id: arci, name: 'Arci Prato' }],
      });
      expect(res.json().targets).toEqual(p.targets);

      // Changing the funding does not flip the flag on its own; sending it does.
      const funded = await staff('PATCH', `/api/v1/programmes/${p.id}`, { funding: 'PNRR M1C1 1.7.2', description: '' });
      expect(funded.json()).toMatchObject({ funding: 'PNRR M1C1 1.7.2', description: null, nationalReporting: false });
      const flagged = await staff('PATCH', `/api/v1/programmes/${p.id}`, { nationalReporting: true });
      expect(flagged.json().nationalReporting).toBe(true);

      const withTargets = await staff('PATCH', `/api/v1/programmes/${p.id}`, {
        end: '2027-12-31',
        targets: [{ metric: 'services', value: 1200, deadline: '2027-06-30' }],
      });
      expect(withTargets.statusCode, withTargets.body).toBe(200);
      expect(withTargets.json().targets).toEqual([
        { id: expect.any(String), metric: 'services', value: 1200, deadline: '2027-06-30', label: null },
      ]);
      const audit = await t.db.k.selectFrom('audit_log').selectAll().where('entity_id', '=', p.id).execute();
      expect(audit.map((a) => a.action).sort()).toEqual([
        'programme.create',
        'programme.update',
        'programme.update',
        'programme.update',
        'programme.update',
      ]);
    });

    it('replaces targets with PUT, keeping the id of a milestone whose metric and deadline stay', async () => {
      const p = (await orgAdmin('POST', '/api/v1/programmes', valid())).json();
      const events = p.targets.find((x: { metric: string }) => x.metric === 'events');
      const res = await orgAdmin('PUT', `/api/v1/programmes/${p.id}/targets`, {
        targets: [
          { metric: 'events', value: 12, deadline: '2026-12-31' },
          { metric: 'unique_citizens', value: 300, deadline: '2026-06-30', label: 'Prima metà' },
          { metric: 'unique_citizens', value: 800, deadline: '2026-12-31' },
        ],
      });
      expect(res.statusCode, res.body).toBe(200);
      const targets = res.json().targets as { id: string; metric: string; value: number }[];
      expect(targets.map((x) => `${x.metric}:${x.value}`)).toEqual(['unique_citizens:300', 'unique_citizens:800', 'events:12']);
      expect(targets.find((x) => x.metric === 'events')!.id).toBe(events.id);
      expect((await getProgramme(t.db, p.id)).targets).toEqual(targets);

      const cleared = await orgAdmin('PUT', `/api/v1/programmes/${p.id}/targets`, { targets: [] });
      expect(cleared.json()).toEqual({ targets: [] });
      expect(await t.db.k.selectFrom('programme_targets').select('id').where('programme_id', '=', p.id).execute()).toEqual([]);
      // Other modules call the service directly.
      const again = await setTargets(t.db, p.id, [{ metric: 'facilitators', value: 4, deadline: '2026-03-01' }]);
      expect(again).toEqual([{ id: expect.any(String), metric: 'facilitators', value: 4, deadline: '2026-03-01', label: null }]);
    });
  });

  describe('bad input: a clear problem, nothing written', () => {
    const cases: [string, (v: ReturnType<typeof valid>) => unknown, number, string][] = [
      ['unknown organisation', (v) => ({ ...v, organisation: newId() }), 422, 'organisation'],
      ['malformed organisation', (v) => ({ ...v, organisation: 'prato' }), 400, 'organisation'],
      ['unknown partner', (v) => ({ ...v, partners: [arci, newId()] }), 422, 'partners'],
      ['malformed partner', (v) => ({ ...v, partners: ['arci'] }), 400, 'partners.0'],
      ['end before start', (v) => ({ ...v, start: '2026-06-01', end: '2026-05-31' }), 400, 'end'],
      ['impossible date', (v) => ({ ...v, end: '2026-02-30' }), 400, 'end'],
      ['date in another format', (v) => ({ ...v, start: '01/01/2026' }), 400, 'start'],
      ['missing name', (v) => ({ ...v, name: '  ' }), 400, 'name'],
      ['name with a NUL character', (v) => ({ ...v, name: 'Agenda\u0000' }), 400, 'name'],
      ['bad metric', (v) => ({ ...v, targets: [{ metric: 'likes', value: 3, deadline: '2026-12-31' }] }), 400, 'targets.0.metric'],
      ['value 0', (v) => ({ ...v, targets: [{ metric: 'events', value: 0, deadline: '2026-12-31' }] }), 400, 'targets.0.value'],
      ['negative value', (v) => ({ ...v, targets: [{ metric: 'events', value: -5, deadline: '2026-12-31' }] }), 400, 'targets.0.value'],
      ['fractional value', (v) => ({ ...v, targets: [{ metric: 'events', value: 2.5, deadline: '2026-12-31' }] }), 400, 'targets.0.value'],
      ['value as text', (v) => ({ ...v, targets: [{ metric: 'events', value: '10', deadline: '2026-12-31' }] }), 400, 'targets.0.value'],
      ['huge value', (v) => ({ ...v, targets: [{ metric: 'events', value: 1e12, deadline: '2026-12-31' }] }), 400, 'targets.0.value'],
      ['bad deadline', (v) => ({ ...v, targets: [{ metric: 'events', value: 3, deadline: 'domani' }] }), 400, 'targets.0.deadline'],
      [
        'deadline outside the period',
        (v) => ({ ...v, targets: [...v.targets, { metric: 'events', value: 20, deadline: '2027-12-31' }] }),
        422,
        'targets.2.deadline',
      ],
      [
        'two milestones of one metric on one day',
        (v) => ({ ...v, targets: [...v.targets, { metric: 'events', value: 12, deadline: '2026-12-31' }] }),
        422,
        'targets.2.deadline',
      ],
      ['retention 0 days', (v) => ({ ...v, retentionDays: 0 }), 400, 'retentionDays'],
      ['retention over ten years', (v) => ({ ...v, retentionDays: 3651 }), 400, 'retentionDays'],
      ['national reporting as text', (v) => ({ ...v, nationalReporting: 'sì' }), 400, 'nationalReporting'],
      ['targets not a list', (v) => ({ ...v, targets: { metric: 'events' } }), 400, 'targets'],
    ];
    it.each(cases)('%s', async (_name, make, status, field) => {
      const before = await counts();
      const body = expectProblem(await platform('POST', '/api/v1/programmes', make(valid())), status);
      expect(fields(body)).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('refuses a body that is not JSON or is too large', async () => {
      const before = await counts();
      expectProblem(await platform('POST', '/api/v1/programmes', '{"organisation":', { 'content-type': 'application/json' }), 400);
      expectProblem(await platform('POST', '/api/v1/programmes', { ...valid(), description: 'x'.repeat(20_000) }), 413);
      expect(await counts()).toEqual(before);
    });

    it('refuses bad patches and target lists, leaving the programme as it was', async () => {
      const p = (await staff('POST', '/api/v1/programmes', valid())).json();
      const before = await counts();
      const check = async (res: LightMyRequestResponse, status: number, field: string) => {
        expect(fields(expectProblem(res, status))).toContain(field);
      };
      await check(await staff('PATCH', `/api/v1/programmes/${p.id}`, { end: '2025-12-31' }), 422, 'end');
      await check(await staff('PATCH', `/api/v1/programmes/${p.id}`, { start: '2027-01-01' }), 422, 'start');
      // Shortening the period would leave the milestones of 31 December outside it.
      await check(await staff('PATCH', `/api/v1/programmes/${p.id}`, { end: '2026-11-30' }), 422, 'end');
      await check(await staff('PATCH', `/api/v1/programmes/${p.id}`, { organisation: firenze }), 400, '(body)');
      await check(await staff('PATCH', `/api/v1/programmes/${p.id}`, { partners: [newId()] }), 422, 'partners');
      await check(await staff('PATCH', `/api/v1/programmes/${p.id}`, { retentionDays: 5000 }), 400, 'retentionDays');
      await check(await staff('PATCH', `/api/v1/programmes/${p.id}`, { name: '' }), 400, 'name');
      await check(
        await staff('PUT', `/api/v1/programmes/${p.id}/targets`, { targets: [{ metric: 'events', value: 0, deadline: '2026-12-31' }] }),
        400,
        'targets.0.value',
      );
      await check(
        await staff('PUT', `/api/v1/programmes/${p.id}/targets`, {
          targets: [
            { metric: 'events', value: 5, deadline: '2026-06-30' },
            { metric: 'nope', value: 5, deadline: '2026-06-30' },
          ],
        }),
        400,
        'targets.1.metric',
      );
      await check(
        await staff('PUT', `/api/v1/programmes/${p.id}/targets`, { targets: [{ metric: 'events', value: 5, deadline: '2025-06-30' }] }),
        422,
        'targets.0.deadline',
      );
      await check(await staff('PUT', `/api/v1/programmes/${p.id}/targets`, {}), 400, 'targets');
      expect(await counts()).toEqual(before);
      expect(await getProgramme(t.db, p.id)).toEqual(p);
    });
  });

  describe('the national platform fields', () => {
    const row = (id: string) => t.db.k.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('sets and reads back minorsFrom, the national line and the codes, on creation and change', async () => {
      const res = await staff('POST', '/api/v1/programmes', {
        ...valid(),
        minorsFrom: '2026-03-01',
        nationalPolicy: 'SCD',
        nationalProgrammeCode: 'SCD-2026/07',
        nationalProjectId: 'PRJ_1234',
      });
      expect(res.statusCode, res.body).toBe(201);
      const p = res.json();
      expect(p).toMatchObject({
        minorsFrom: '2026-03-01',
        nationalPolicy: 'SCD',
        nationalProgrammeCode: 'SCD-2026/07',
        nationalProjectId: 'PRJ_1234',
      });
      expect(await row(p.id)).toMatchObject({
        minors_from: '2026-03-01',
        national_policy: 'SCD',
        national_programme_code: 'SCD-2026/07',
        national_project_id: 'PRJ_1234',
      });
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/programmes/${p.id}` })).json()).toEqual(p);

      const patched = await staff('PATCH', `/api/v1/programmes/${p.id}`, {
        minorsFrom: null,
        nationalPolicy: 'RFD',
        nationalProgrammeCode: '',
        nationalProjectId: 'PRJ_9',
      });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({
        minorsFrom: null,
        nationalPolicy: 'RFD',
        nationalProgrammeCode: null,
        nationalProjectId: 'PRJ_9',
      });
      expect(await row(p.id)).toMatchObject({
        minors_from: null,
        national_policy: 'RFD',
        national_programme_code: null,
        national_project_id: 'PRJ_9',
      });

      // Unsent, they stay; by default the line is RFD and minors are not admitted.
      expect((await staff('PATCH', `/api/v1/programmes/${p.id}`, { name: 'Rinominato' })).json()).toMatchObject({
        nationalPolicy: 'RFD',
        nationalProjectId: 'PRJ_9',
      });
      expect((await staff('POST', '/api/v1/programmes', valid())).json()).toMatchObject({
        minorsFrom: null,
        nationalPolicy: 'RFD',
        nationalProgrammeCode: null,
        nationalProjectId: null,
      });
    });

    it('refuses minorsFrom after the end with 422 naming the field, on creation and on change, writing nothing', async () => {
      const before = await counts();
      const created = expectProblem(await staff('POST', '/api/v1/programmes', { ...valid(), minorsFrom: '2027-01-01' }), 422);
      expect(fields(created)).toEqual(['minorsFrom']);
      expect(await counts()).toEqual(before);

      const p = (await staff('POST', '/api/v1/programmes', { ...valid(), minorsFrom: '2026-06-01' })).json();
      const stored = await row(p.id);
      const patched = expectProblem(await staff('PATCH', `/api/v1/programmes/${p.id}`, { minorsFrom: '2027-01-01' }), 422);
      expect(fields(patched)).toEqual(['minorsFrom']);
      // Moving the end before an admitted minorsFrom is refused the same way.
      const earlier = expectProblem(
        await staff('PATCH', `/api/v1/programmes/${p.id}`, { end: '2026-05-31', targets: [], minorsFrom: undefined }),
        422,
      );
      expect(fields(earlier)).toEqual(['minorsFrom']);
      expect(await row(p.id)).toEqual(stored);
      // The last day of the programme is fine.
      expect((await staff('PATCH', `/api/v1/programmes/${p.id}`, { minorsFrom: '2026-12-31' })).statusCode).toBe(200);
    });

    it('refuses a national line other than RFD or SCD and malformed codes with 400 naming the field', async () => {
      const before = await counts();
      for (const [body, field] of [
        [{ nationalPolicy: 'XYZ' }, 'nationalPolicy'],
        [{ nationalProgrammeCode: 'codice con spazi' }, 'nationalProgrammeCode'],
        [{ nationalProjectId: 'x'.repeat(65) }, 'nationalProjectId'],
        [{ minorsFrom: '2026-02-30' }, 'minorsFrom'],
      ] as const) {
        expect(fields(expectProblem(await staff('POST', '/api/v1/programmes', { ...valid(), ...body }), 400))).toContain(field);
      }
      expect(await counts()).toEqual(before);
    });

    it('another organisation cannot change them', async () => {
      const p = (await staff('POST', '/api/v1/programmes', valid())).json();
      const stored = await row(p.id);
      expectProblem(await outsider('PATCH', `/api/v1/programmes/${p.id}`, { nationalPolicy: 'SCD', minorsFrom: '2026-01-01' }), 403);
      expectProblem(await facilitator('PATCH', `/api/v1/programmes/${p.id}`, { nationalPolicy: 'SCD' }), 403);
      expect(await row(p.id)).toEqual(stored);
    });
  });
});
