import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

describe.each(DIALECTS)('methods and body types the server does not take (%s)', (dialect) => {
  let t: TestApp;
  let admin: ReturnType<typeof bearer>;
  let org: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    const { id } = await createUser(t.db, {
      email: 'admin@prato.example',
      name: 'Admin',
      role: 'org-admin',
      organisation: org,
      password: 'Una-password-lunga-42',
    });
    admin = bearer(t.app, await createApiToken(t.db, id, 'test'));
  });
  afterAll(() => t.close());

  const venues = async () =>
    Number(
      (
        await t.db.k
          .selectFrom('venues')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers 405 with Allow, as problem+json, on a known path asked with another method', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/api/v1/municipalities', 'GET, HEAD'],
      ['PUT', `/api/v1/organisations/${org}/venues`, 'GET, HEAD, POST'],
      ['POST', '/healthz', 'GET, HEAD'],
      ['DELETE', '/eventi', 'GET, HEAD'],
      ['PATCH', '/login', 'GET, HEAD, POST'],
      ['PUT', '/static/bi/css/bootstrap-italia.min.css', 'GET, HEAD'],
    ];
    for (const [method, url, allow] of cases) {
      const res = await t.app.inject({
        method: method as 'PUT',
        url,
        headers: { accept: 'text/html' },
        payload: method === 'DELETE' ? undefined : {},
      });
      const label = `${method} ${url}`;
      expect(res.statusCode, label).toBe(405);
      expect(res.headers.allow, label).toBe(allow);
      expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/);
      expect(res.json(), label).toMatchObject({ status: 405, title: 'Metodo non consentito' });
    }
    // With a token too, and nothing changes.
    const before = await venues();
    const res = await admin('DELETE', `/api/v1/organisations/${org}/venues`);
    expect(res.statusCode).toBe(405);
    expect(await venues()).toBe(before);
  });

  it('keeps 404 for an unknown path: a page for browsers, problem+json under /api', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/non-esiste', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const api = await t.app.inject({ method: 'DELETE', url: '/api/v1/non-esiste' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(api.headers.allow).toBeUndefined();
  });

  it('answers 415 problem+json to a body type a route does not take, writing nothing', async () => {
    const before = await venues();
    const url = `/api/v1/organisations/${org}/venues`;
    const venue = 'name=Sala&address=Via%20Roma%201&municipality=100005';
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
      const res = await admin('POST', url, venue, { 'content-type': type });
      expect(res.statusCode, type).toBe(415);
      expect(res.headers['content-type'], type).toMatch(/^application\/problem\+json/);
      expect(res.json(), type).toMatchObject({ status: 415, title: 'Formato non supportato' });
    }
    // A page form with a type no parser knows: 415 problem+json too, not an error page.
    const page = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: '<a/>',
      headers: { 'content-type': 'application/xml', accept: 'text/html' },
    });
    expect(page.statusCode).toBe(415);
    expect(page.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await venues()).toBe(before);
    // The same data as JSON is taken.
    const created = await admin('POST', url, { name: 'Sala', address: 'Via Roma 1', municipality: '100005' });
    expect(created.statusCode).toBe(201);
    expect(await venues()).toBe(before + 1);
  });
});
