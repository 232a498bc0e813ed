import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { newId } from '../../src/core/ids.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const PASSWORD = 'una-password-lunga';

function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, title: expect.any(String) });
  return body as { status: number; title: string; detail?: string; errors?: { field: string; message: string }[] };
}

describe.each(DIALECTS)('organisations, venues and agreements API (%s)', (dialect) => {
  let t: TestApp;
  let platform: ReturnType<typeof bearer>;
  let orgAdmin: ReturnType<typeof bearer>;
  let staff: ReturnType<typeof bearer>;
  let facilitator: ReturnType<typeof bearer>;
  let outsider: ReturnType<typeof bearer>;
  let prato: string;
  let arci: string;
  let gussago: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000 });
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    arci = (await createOrganisation(t.db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
    gussago = (await createOrganisation(t.db, { name: 'Comune di Gussago', type: 'comune', municipality: '017081' })).id;
    const token = async (email: string, role: 'platform-admin' | 'org-admin' | 'staff' | 'facilitator', org?: string) => {
      const { id } = await createUser(t.db, { email, name: email.split('@')[0], role, organisation: org, password: PASSWORD });
      return bearer(t.app, await createApiToken(t.db, id, 'test'));
    };
    platform = await token('admin@ponte.example', 'platform-admin');
    orgAdmin = await token('admin@prato.example', 'org-admin', prato);
    staff = await token('staff@prato.example', 'staff', prato);
    facilitator = await token('facilitatore@prato.example', 'facilitator', prato);
    outsider = await token('urp@gussago.example', 'org-admin', gussago);
  });
  afterAll(() => t.close());

  const count = async (table: 'organisations' | 'venues' | 'agreements') =>
    Number(
      (
        await t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  describe('organisations', () => {
    it('a platform admin creates an organisation: 201 with its id, and the row exists', async () => {
      const res = await platform('POST', '/api/v1/organisations', {
        name: 'Consorzio.it',
        type: 'consorzio',
        municipality: '019035',
        memberMunicipalities: ['019035', '019067'],
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(body).toMatchObject({ name: 'Consorzio.it', type: 'consorzio', municipality: { code: '019035', name: 'Crema' } });
      expect(body.memberMunicipalities.map((m: { code: string }) => m.code).sort()).toEqual(['019035', '019067']);
      const row = await t.db.k.selectFrom('organisations').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
      expect(row.name).toBe('Consorzio.it');
    });

    it('an organisation admin cannot create organisations (403), nor can anyone anonymous (401)', async () => {
      const before = await count('organisations');
      const body = { name: 'Ente abusivo', type: 'comune', municipality: '100005' };
      expectProblem(await orgAdmin('POST', '/api/v1/organisations', body), 403);
      expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/organisations', payload: body }), 401);
      expect(await count('organisations')).toBe(before);
    });

    it('reads an organisation publicly and 404s an unknown or malformed id', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${prato}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: prato, name: 'Comune di Prato', municipality: { code: '100005', province: 'Prato' } });
      expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${newId()}` }), 404);
      expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/organisations/non-esiste' }), 404);
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/organisations' });
      expect(list.json().items.map((o: { name: string }) => o.name)).toContain('Comune di Prato');
    });

    it('an org admin patches the organisation, including its member municipalities', async () => {
      const res = await orgAdmin('PATCH', `/api/v1/organisations/${prato}`, {
        description: 'Agenda Digitale',
        website: 'https://www.comune.prato.it',
        memberMunicipalities: ['100005', '100001'],
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ description: 'Agenda Digitale', website: 'https://www.comune.prato.it' });
      const rows = await t.db.k.selectFrom('organisation_municipalities').selectAll().where('organisation_id', '=', prato).execute();
      expect(rows.map((r) => r.municipality_code).sort()).toEqual(['100001', '100005']);

      const cleared = await orgAdmin('PATCH', `/api/v1/organisations/${prato}`, { memberMunicipalities: [] });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json().memberMunicipalities).toEqual([]);
      expect(await t.db.k.selectFrom('organisation_municipalities').selectAll().where('organisation_id', '=', prato).execute()).toEqual([]);
    });

    it('refuses a patch with an unknown member municipality and keeps the old members', async () => {
      await orgAdmin('PATCH', `/api/v1/organisations/${prato}`, { memberMunicipalities: ['100005'] });
      const problem = expectProblem(
        await orgAdmin('PATCH', `/api/v1/organisations/${prato}`, { memberMunicipalities: ['100005', '999999'] }),
        422,
      );
      expect(problem.errors?.map((e) => e.field)).toEqual(['memberMunicipalities']);
      const rows = await t.db.k.selectFrom('organisation_municipalities').selectAll().where('organisation_id', '=', prato).execute();
      expect(rows.map((r) => r.municipality_code)).toEqual(['100005']);
    });

    it('staff may not change the organisation (403), another organisation may not either, unknown fields are refused', async () => {
      const before = await t.db.k.selectFrom('organisations').selectAll().where('id', '=', prato).executeTakeFirstOrThrow();
      expectProblem(await staff('PATCH', `/api/v1/organisations/${prato}`, { name: 'Nome cambiato' }), 403);
      expectProblem(await outsider('PATCH', `/api/v1/organisations/${prato}`, { name: 'Nome cambiato' }), 403);
      const unknown = expectProblem(await orgAdmin('PATCH', `/api/v1/organisations/${prato}`, { nome: 'Nome cambiato' }), 400);
      expect(unknown.errors?.length).toBeGreaterThan(0);
      expect(await t.db.k.selectFrom('organisations').selectAll().where('id', '=', prato).executeTakeFirstOrThrow()).toEqual(before);
    });

    it('creating an organisation validates every field', async () => {
      const before = await count('organisations');
      const missing = expectProblem(await platform('POST', '/api/v1/organisations', {}), 400);
      expect(missing.errors?.map((e) => e.field).sort()).toEqual(['municipality', 'name', 'type']);
      const bad = expectProblem(
        await platform('POST', '/api/v1/organisations', { name: 'x'.repeat(201), type: 'partito', municipality: '12' }),
        400,
      );
      expect(bad.errors?.map((e) => e.field).sort()).toEqual(['municipality', 'name', 'type']);
      const unknown = expectProblem(
        await platform('POST', '/api/v1/organisations', { name: 'Comune fantasma', type: 'comune', municipality: '999999' }),
        422,
      );
      expect(unknown.errors?.[0].field).toBe('municipality');
      expect(await count('organisations')).toBe(before);
    });
  });

  describe('members', () => {
    it('lists the people of the organisation to its staff', async () => {
      const res = await staff('GET', `/api/v1/organisations/${prato}/members`);
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { email: string; role: string }[];
      expect(items.map((m) => m.email).sort()).toEqual(['admin@prato.example', 'facilitatore@prato.example', 'staff@prato.example']);
      expect(items.find((m) => m.email === 'staff@prato.example')?.role).toBe('staff');
    });

    it('is not public: anonymous 401, another organisation 403, a facilitator 403', async () => {
      expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${prato}/members` }), 401);
      expectProblem(await outsider('GET', `/api/v1/organisations/${prato}/members`), 403);
      expectProblem(await facilitator('GET', `/api/v1/organisations/${prato}/members`), 403);
      expectProblem(await staff('GET', `/api/v1/organisations/${newId()}/members`), 404);
    });
  });

  describe('venues', () => {
    const venue = {
      name: 'Circolo Arci di Coiano',
      address: 'Via di Coiano 12',
      municipality: '100005',
      capacity: 60,
      latitude: 43.8916,
      longitude: 11.0797,
      accessibility: 'Ingresso a livello della strada.',
    };

    it('staff add, read, change and delete a venue; lists answer { items }', async () => {
      const created = await staff('POST', `/api/v1/organisations/${prato}/venues`, venue);
      expect(created.statusCode, created.body).toBe(201);
      const v = created.json();
      expect(v).toMatchObject({ ...venue, municipality: { code: '100005', name: 'Prato' }, organisation: prato, stepFree: false });
      expect(v.id).toMatch(/^[0-9a-f-]{36}$/);

      const list = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${prato}/venues` });
      expect(list.statusCode).toBe(200);
      expect(Object.keys(list.json())).toEqual(['items']);
      expect(list.json().items.map((x: { id: string }) => x.id)).toContain(v.id);

      const one = await t.app.inject({ method: 'GET', url: `/api/v1/venues/${v.id}` });
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({ id: v.id, name: venue.name });

      const patched = await staff('PATCH', `/api/v1/venues/${v.id}`, { capacity: 80, stepFree: true, latitude: null });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ capacity: 80, stepFree: true, latitude: null, name: venue.name });
      const row = await t.db.k.selectFrom('venues').selectAll().where('id', '=', v.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ capacity: 80, step_free: 1, latitude: null });

      const deleted = await staff('DELETE', `/api/v1/venues/${v.id}`);
      expect(deleted.statusCode).toBe(204);
      expect(await t.db.k.selectFrom('venues').selectAll().where('id', '=', v.id).executeTakeFirst()).toBeUndefined();
      expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/venues/${v.id}` }), 404);
      expectProblem(await staff('DELETE', `/api/v1/venues/${v.id}`), 404);
    });

    it('refuses a venue in a municipality that does not exist, with the field named and no row written', async () => {
      const before = await count('venues');
      const problem = expectProblem(
        await staff('POST', `/api/v1/organisations/${prato}/venues`, { ...venue, municipality: '999999' }),
        422,
      );
      expect(problem.errors?.map((e) => e.field)).toEqual(['municipality']);
      expect(problem.errors?.[0].message).toContain('999999');
      expect(await count('venues')).toBe(before);
    });

    it('refuses missing and oversize fields with 400 and a list of errors', async () => {
      const before = await count('venues');
      const missing = expectProblem(await staff('POST', `/api/v1/organisations/${prato}/venues`, {}), 400);
      expect(missing.errors?.map((e) => e.field).sort()).toEqual(['address', 'municipality', 'name']);
      const oversize = expectProblem(
        await staff('POST', `/api/v1/organisations/${prato}/venues`, {
          ...venue,
          name: 'n'.repeat(201),
          address: 'a'.repeat(301),
          accessibility: 'x'.repeat(2001),
          capacity: 0,
          latitude: 91,
          longitude: 'est',
        }),
        400,
      );
      expect(oversize.errors?.map((e) => e.field).sort()).toEqual([
        'accessibility',
        'address',
        'capacity',
        'latitude',
        'longitude',
        'name',
      ]);
      expect(await count('venues')).toBe(before);
    });

    it('answers 413 to a body over 16 KiB and 400 to malformed JSON, writing nothing', async () => {
      const before = await count('venues');
      const big = await staff('POST', `/api/v1/organisations/${prato}/venues`, { ...venue, accessibility: 'x'.repeat(17 * 1024) });
      expectProblem(big, 413);
      const malformed = await staff('POST', `/api/v1/organisations/${prato}/venues`, '{"name": "Sala",', {
        'content-type': 'application/json',
      });
      expectProblem(malformed, 400);
      const wrongType = await staff('POST', `/api/v1/organisations/${prato}/venues`, 'name=Sala', { 'content-type': 'text/plain' });
      expect(wrongType.statusCode).toBeGreaterThanOrEqual(400);
      expect(wrongType.statusCode).toBeLessThan(500);
      expect(wrongType.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await count('venues')).toBe(before);
    });

    it('refuses NUL and other control characters with 400 naming the field, writing nothing', async () => {
      const before = await count('venues');
      const nul = expectProblem(await staff('POST', `/api/v1/organisations/${prato}/venues`, { ...venue, name: 'Sala\u0000civica' }), 400);
      expect(nul.errors?.map((e) => e.field)).toEqual(['name']);
      const bell = expectProblem(
        await staff('POST', `/api/v1/organisations/${prato}/venues`, { ...venue, name: 'Sala\u0007civica', address: 'Via\nRoma 1' }),
        400,
      );
      expect(bell.errors?.map((e) => e.field).sort()).toEqual(['address', 'name']);
      expect(bell.errors?.[0].message).toBe('contiene caratteri non ammessi');
      // Line breaks are fine where text has paragraphs.
      const notes = await staff('POST', `/api/v1/organisations/${prato}/venues`, { ...venue, accessibility: 'Rampa.\nBagno accessibile.' });
      expect(notes.statusCode).toBe(201);
      expect(await count('venues')).toBe(before + 1);
      const search = expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/municipalities?q=Pra%00to' }), 400);
      expect(search.errors?.map((e) => e.field)).toEqual(['query.q']);
      const org = expectProblem(await orgAdmin('PATCH', `/api/v1/organisations/${prato}`, { description: 'a\u0000b' }), 400);
      expect(org.errors?.map((e) => e.field)).toEqual(['description']);
    });

    it('answers 404 for unknown venues and organisations', async () => {
      expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/venues/${newId()}` }), 404);
      expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/venues/42' }), 404);
      expectProblem(await staff('PATCH', `/api/v1/venues/${newId()}`, { name: 'Nuovo nome' }), 404);
      expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${newId()}/venues` }), 404);
      expectProblem(await platform('POST', `/api/v1/organisations/${newId()}/venues`, venue), 404);
      expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/nessuna-rotta' }), 404);
    });

    it('a facilitator, another organisation and anonymous callers cannot add or change venues', async () => {
      const v = (await staff('POST', `/api/v1/organisations/${prato}/venues`, venue)).json();
      const before = await count('venues');
      expectProblem(await facilitator('POST', `/api/v1/organisations/${prato}/venues`, venue), 403);
      expectProblem(await outsider('POST', `/api/v1/organisations/${prato}/venues`, venue), 403);
      expectProblem(await t.app.inject({ method: 'POST', url: `/api/v1/organisations/${prato}/venues`, payload: venue }), 401);
      expectProblem(await outsider('PATCH', `/api/v1/venues/${v.id}`, { name: 'Preso' }), 403);
      expectProblem(await outsider('DELETE', `/api/v1/venues/${v.id}`), 403);
      expect(await count('venues')).toBe(before);
      expect((await t.db.k.selectFrom('venues').select('name').where('id', '=', v.id).executeTakeFirstOrThrow()).name).toBe(venue.name);
    });
  });

  describe('fields of the national platform', () => {
    const venueBody = { name: 'Biblioteca Lazzerini', address: 'Via Puccetti 3', municipality: '100005' };
    const venueRow = (id: string) => t.db.k.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const orgRow = (id: string) => t.db.k.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it("sets a venue's national id, national name and postcode on creation and change, and reads them back", async () => {
      const created = await staff('POST', `/api/v1/organisations/${prato}/venues`, {
        ...venueBody,
        nationalId: '31245',
        nationalName: 'Punto Digitale Facile - Biblioteca Lazzerini',
        postalCode: '59100',
      });
      expect(created.statusCode, created.body).toBe(201);
      const v = created.json();
      expect(v).toMatchObject({ nationalId: '31245', nationalName: 'Punto Digitale Facile - Biblioteca Lazzerini', postalCode: '59100' });
      expect(await venueRow(v.id)).toMatchObject({
        national_id: '31245',
        national_name: 'Punto Digitale Facile - Biblioteca Lazzerini',
        postal_code: '59100',
      });
      const read = await t.app.inject({ method: 'GET', url: `/api/v1/venues/${v.id}` });
      expect(read.json()).toMatchObject({ nationalId: '31245', postalCode: '59100' });

      // An empty national name follows the venue's own name.
      const patched = await staff('PATCH', `/api/v1/venues/${v.id}`, { nationalName: '', postalCode: ' 59100 ', nationalId: '000031245' });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ nationalName: 'Biblioteca Lazzerini', nationalId: '000031245', postalCode: '59100' });
      expect(await venueRow(v.id)).toMatchObject({ national_name: null, national_id: '000031245' });
      const renamed = await staff('PATCH', `/api/v1/venues/${v.id}`, { name: 'Biblioteca comunale Lazzerini' });
      expect(renamed.json().nationalName).toBe('Biblioteca comunale Lazzerini');
      const cleared = await staff('PATCH', `/api/v1/venues/${v.id}`, { nationalId: null, postalCode: null });
      expect(cleared.json()).toMatchObject({ nationalId: null, postalCode: null });
    });

    it("refuses a venue's national id with letters, a 4-digit postcode and a national name with control characters: 422, row unchanged", async () => {
      const v = (
        await staff('POST', `/api/v1/organisations/${prato}/venues`, { ...venueBody, nationalId: '31246', postalCode: '59100' })
      ).json();
      const before = await venueRow(v.id);
      const venuesBefore = await count('venues');
      const cases: [Record<string, unknown>, string[]][] = [
        [{ nationalId: 'SEDE-31246' }, ['nationalId']],
        [{ nationalId: '1234567890123' }, ['nationalId']],
        [{ postalCode: '5910' }, ['postalCode']],
        [{ postalCode: '59 100' }, ['postalCode']],
        [{ nationalName: 'Biblioteca\u0007Lazzerini' }, ['nationalName']],
        [{ nationalName: 'Biblioteca\nLazzerini' }, ['nationalName']],
        [{ nationalName: 'B'.repeat(201) }, ['nationalName']],
        [{ nationalId: '12a', postalCode: '1234', name: 'Nome nuovo' }, ['nationalId', 'postalCode']],
      ];
      for (const [body, fields] of cases) {
        const problem = expectProblem(await staff('PATCH', `/api/v1/venues/${v.id}`, body), 422);
        expect(problem.errors?.map((e) => e.field).sort(), JSON.stringify(body)).toEqual(fields);
        expect(await venueRow(v.id)).toEqual(before);
        const create = expectProblem(await staff('POST', `/api/v1/organisations/${prato}/venues`, { ...venueBody, ...body }), 422);
        expect(create.errors?.map((e) => e.field).sort()).toEqual(fields);
      }
      expect(await count('venues')).toBe(venuesBefore);
      // NUL is refused everywhere with 400, naming the field.
      const nul = expectProblem(await staff('PATCH', `/api/v1/venues/${v.id}`, { nationalName: 'Sala\u0000' }), 400);
      expect(nul.errors?.map((e) => e.field)).toEqual(['nationalName']);
      expect(await venueRow(v.id)).toEqual(before);
    });

    it("sets an organisation's IPA code on creation and change, lower case, and refuses a malformed one with 422", async () => {
      const created = await platform('POST', '/api/v1/organisations', {
        name: 'Comune di Vaiano',
        type: 'comune',
        municipality: '100006',
        ipaCode: 'C_L537',
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().ipaCode).toBe('c_l537');
      expect((await orgRow(created.json().id)).ipa_code).toBe('c_l537');

      const patched = await orgAdmin('PATCH', `/api/v1/organisations/${prato}`, { ipaCode: 'c_g999' });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json().ipaCode).toBe('c_g999');
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${prato}` })).json().ipaCode).toBe('c_g999');

      const before = await orgRow(prato);
      for (const ipaCode of ['c g999', 'c-g999', 'x', 'a'.repeat(21), 'cómune']) {
        const problem = expectProblem(await orgAdmin('PATCH', `/api/v1/organisations/${prato}`, { ipaCode, description: 'Cambiata' }), 422);
        expect(problem.errors?.map((e) => e.field)).toEqual(['ipaCode']);
        expect(await orgRow(prato)).toEqual(before);
      }
      const orgsBefore = await count('organisations');
      const bad = expectProblem(
        await platform('POST', '/api/v1/organisations', {
          name: 'Comune di Prova',
          type: 'comune',
          municipality: '100006',
          ipaCode: 'c g1',
        }),
        422,
      );
      expect(bad.errors?.map((e) => e.field)).toEqual(['ipaCode']);
      expect(await count('organisations')).toBe(orgsBefore);
      expectProblem(await outsider('PATCH', `/api/v1/organisations/${prato}`, { ipaCode: 'c_zzzz' }), 403);
      expectProblem(await staff('PATCH', `/api/v1/organisations/${prato}`, { ipaCode: 'c_zzzz' }), 403);
      expect(await orgRow(prato)).toEqual(before);

      expect((await orgAdmin('PATCH', `/api/v1/organisations/${prato}`, { ipaCode: '' })).json().ipaCode).toBeNull();
    });

    it("another organisation cannot set a venue's national fields", async () => {
      const v = (await staff('POST', `/api/v1/organisations/${prato}/venues`, venueBody)).json();
      const before = await venueRow(v.id);
      expectProblem(await outsider('PATCH', `/api/v1/venues/${v.id}`, { nationalId: '1', postalCode: '25064' }), 403);
      expectProblem(await facilitator('PATCH', `/api/v1/venues/${v.id}`, { nationalId: '1' }), 403);
      expect(await venueRow(v.id)).toEqual(before);
    });

    it('the OpenAPI document describes the fields on input and output', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      const schemaOf = (path: string, method: string, status: string) =>
        doc.paths[path][method].responses[status].content['application/json'].schema;
      const venueOut = schemaOf('/api/v1/venues/{venueId}', 'get', '200');
      for (const f of ['nationalId', 'nationalName', 'postalCode']) expect(Object.keys(venueOut.properties)).toContain(f);
      expect(Object.keys(schemaOf('/api/v1/organisations/{organisationId}', 'get', '200').properties)).toContain('ipaCode');
      const venueIn = doc.paths['/api/v1/venues/{venueId}'].patch.requestBody.content['application/json'].schema;
      for (const f of ['nationalId', 'nationalName', 'postalCode']) expect(Object.keys(venueIn.properties)).toContain(f);
      const orgIn = doc.paths['/api/v1/organisations'].post.requestBody.content['application/json'].schema;
      expect(Object.keys(orgIn.properties)).toContain('ipaCode');
    });
  });

  describe('agreements', () => {
    const agreement = () => ({
      title: "Protocollo d'intesa per l'Agenda Digitale",
      partners: [arci],
      start: '2023-07-01',
      end: '2024-06-30',
      commitments: 'Il Comune mette a disposizione personale; le associazioni ospitano gli incontri.',
      documentUrl: 'https://www.comune.prato.it/protocollo.pdf',
    });

    it('an org admin records, replaces and deletes an agreement with partners', async () => {
      const res = await orgAdmin('POST', `/api/v1/organisations/${prato}/agreements`, agreement());
      expect(res.statusCode, res.body).toBe(201);
      const a = res.json();
      expect(a).toMatchObject({ title: agreement().title, partners: [{ id: arci, name: 'Arci Prato' }], start: '2023-07-01' });
      const list = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${prato}/agreements` });
      expect(list.json().items.map((x: { id: string }) => x.id)).toContain(a.id);

      const replaced = await orgAdmin('PUT', `/api/v1/agreements/${a.id}`, { ...agreement(), partners: [gussago], end: null });
      expect(replaced.statusCode, replaced.body).toBe(200);
      expect(replaced.json()).toMatchObject({ partners: [{ id: gussago }], end: null });
      const partners = await t.db.k.selectFrom('agreement_partners').selectAll().where('agreement_id', '=', a.id).execute();
      expect(partners.map((p) => p.organisation_id)).toEqual([gussago]);

      expect((await orgAdmin('DELETE', `/api/v1/agreements/${a.id}`)).statusCode).toBe(204);
      expect(await t.db.k.selectFrom('agreements').selectAll().where('id', '=', a.id).executeTakeFirst()).toBeUndefined();
      expect(await t.db.k.selectFrom('agreement_partners').selectAll().where('agreement_id', '=', a.id).execute()).toEqual([]);
    });

    it('refuses bad dates, unknown partners and callers without the role, writing nothing', async () => {
      const before = await count('agreements');
      const dates = expectProblem(
        await orgAdmin('POST', `/api/v1/organisations/${prato}/agreements`, { ...agreement(), start: '2024-02-30', end: '2023-01-01' }),
        400,
      );
      expect(dates.errors?.map((e) => e.field)).toContain('start');
      const reversed = expectProblem(
        await orgAdmin('POST', `/api/v1/organisations/${prato}/agreements`, { ...agreement(), start: '2024-01-01', end: '2023-01-01' }),
        400,
      );
      expect(reversed.errors?.map((e) => e.field)).toEqual(['end']);
      const partner = expectProblem(
        await orgAdmin('POST', `/api/v1/organisations/${prato}/agreements`, { ...agreement(), partners: [newId()] }),
        422,
      );
      expect(partner.errors?.map((e) => e.field)).toEqual(['partners']);
      expectProblem(await staff('POST', `/api/v1/organisations/${prato}/agreements`, agreement()), 403);
      expectProblem(await outsider('POST', `/api/v1/organisations/${prato}/agreements`, agreement()), 403);
      expect(await count('agreements')).toBe(before);
    });
  });

  it('the same API works through the session cookie of a signed-in org admin', async () => {
    const b = new Browser(t.app);
    await b.signIn('admin@prato.example', PASSWORD);
    const res = await b.api('POST', `/api/v1/organisations/${prato}/venues`, {
      name: 'Casa del Popolo di Narnali',
      address: 'Via Pistoiese 410',
      municipality: '100005',
    });
    expect(res.statusCode, res.body).toBe(201);
    const members = await b.api('GET', `/api/v1/organisations/${prato}/members`);
    expect(members.statusCode).toBe(200);
  });
});

interface Item {
  code: string;
  name: string;
  province: string;
  region: string;
}

describe.each(DIALECTS)('municipality search (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  async function search(q: string, extra = ''): Promise<Item[]> {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/municipalities?q=${encodeURIComponent(q)}${extra}` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['items']);
    return body.items;
  }

  it('loads every comune of the bundled ISTAT list', async () => {
    const { n } = await t.db.k
      .selectFrom('municipalities')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBeGreaterThan(7800);
  });

  it('finds Prato first, with its code, province and region', async () => {
    const items = await search('Prato');
    expect(items[0]).toMatchObject({ code: '100005', name: 'Prato', province: 'Prato', region: 'Toscana' });
    // Other comuni containing the word follow it.
    expect(items.map((i) => i.name)).toContain('Prato Sesia');
  });

  it('ignores case: gussago and GUSSAGO both find 017081', async () => {
    for (const q of ['gussago', 'GUSSAGO', '  Gussago  ']) {
      const items = await search(q);
      expect(items[0]?.code, q).toBe('017081');
      expect(items[0]).toMatchObject({ name: 'Gussago', province: 'Brescia', region: 'Lombardia' });
    }
  });

  it('ignores accents: forli finds Forlì, and so does Forlì', async () => {
    for (const q of ['forli', 'Forlì', 'FORLI']) {
      const items = await search(q);
      expect(items[0], q).toMatchObject({ code: '040012', name: 'Forlì' });
    }
  });

  it("treats apostrophes as word breaks, straight or typographic: Sant'Angelo Lodigiano", async () => {
    for (const q of ["sant'angelo lodigiano", 'Sant’Angelo Lodigiano', 'sant angelo lodigiano', 'SANT`ANGELO LODIGIANO']) {
      const items = await search(q);
      expect(items[0], q).toMatchObject({ code: '098050', name: "Sant'Angelo Lodigiano" });
    }
    const many = await search("Sant'Angelo");
    expect(many.length).toBeGreaterThan(10);
    expect(many.every((i) => i.name.includes("Sant'Angelo"))).toBe(true);
  });

  it('finds a comune by its ISTAT code', async () => {
    expect((await search('017081')).map((i) => i.code)).toEqual(['017081']);
    expect(await search('999999')).toEqual([]);
  });

  it('honours the limit and treats LIKE wildcards as plain text', async () => {
    expect((await search('a', '&limit=5')).length).toBe(5);
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
  });

  it('answers bad parameters with 400 problem+json', async () => {
    for (const url of [
      '/api/v1/municipalities?limit=0',
      '/api/v1/municipalities?limit=abc',
      `/api/v1/municipalities?q=${'x'.repeat(101)}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors.length).toBeGreaterThan(0);
    }
  });
});
