import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { signInAtProvider, startProvider, type TestProvider } from './oidc-provider.js';

const PASSWORD = 'una-password-lunga-e-sicura';
const CALLBACK = 'http://localhost:3000/login/oidc/callback';

/** A port nothing listens on: taken from the system, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each(DIALECTS)('identity providers Ponte cannot take at their word, or cannot reach (%s)', (dialect) => {
  let t: TestApp;
  let idp: TestProvider;
  let prato: string;
  let admin: Browser;
  const settings = () => `/admin/organisations/${prato}/sign-in`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    await createUser(t.db, {
      email: 'admin@prato.example',
      name: 'Anna Bianchi',
      role: 'org-admin',
      organisation: prato,
      password: PASSWORD,
    });
    await createUser(t.db, {
      email: 'marco.rossi@prato.example',
      name: 'Marco Rossi',
      role: 'staff',
      organisation: prato,
      password: PASSWORD,
    });
    idp = await startProvider({
      redirectUris: [CALLBACK],
      people: {
        // Like Microsoft Entra ID: an address of the organisation's directory, and no email_verified claim.
        entra: { email: 'marco.rossi@prato.example', name: 'Marco Rossi', verified: null },
        nonverificato: { email: 'marco.rossi@prato.example', name: 'Marco Rossi', verified: false },
      },
    });
    admin = new Browser(t.app);
    await admin.signIn('admin@prato.example', PASSWORD);
  });
  afterAll(async () => {
    await idp?.close();
    await t?.close();
  });

  const save = (issuer: string, extra: Record<string, string> = {}) =>
    admin.post(
      settings(),
      { label: 'Account del Comune', issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, enabled: '1', ...extra },
      { from: settings() },
    );

  async function throughProvider(b: Browser, login: string) {
    const start = await b.get(`/login/oidc/${prato}`);
    expect(start.statusCode).toBe(303);
    const back = await signInAtProvider(start.headers.location as string, login, CALLBACK);
    return b.get(`${back.pathname}${back.search}`);
  }

  it('without the email_verified claim the sign-in is refused by default, with a page telling what the admin can set', async () => {
    expect((await save(idp.issuer)).statusCode).toBe(303);
    const page = await admin.get(settings());
    expect(page.body).toContain('Il fornitore verifica da sé gli indirizzi e-mail');
    expect(page.body).not.toMatch(/name="emailsVerified"[^>]*checked/);

    const b = new Browser(t.app);
    const refused = await throughProvider(b, 'entra');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('non invia l’attestazione email_verified');
    expect(refused.body).toContain('Il fornitore verifica da sé gli indirizzi e-mail');
    expect((await b.get('/admin')).statusCode).toBe(303);
  });

  it('once the admin says the provider verifies its addresses itself, the same person signs in; an explicit false still does not', async () => {
    expect((await save(idp.issuer, { emailsVerified: '1' })).statusCode).toBe(303);
    expect((await admin.get(settings())).body).toMatch(/name="emailsVerified"[^>]*checked/);
    const row = await t.db.k
      .selectFrom('oidc_providers')
      .select('emails_verified')
      .where('organisation_id', '=', prato)
      .executeTakeFirstOrThrow();
    expect(Number(row.emails_verified)).toBe(1);

    const b = new Browser(t.app);
    const back = await throughProvider(b, 'entra');
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/admin');
    expect((await b.get('/admin')).statusCode).toBe(200);

    const c = new Browser(t.app);
    const refused = await throughProvider(c, 'nonverificato');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('non ha confermato un indirizzo e-mail verificato');
    expect((await c.get('/admin')).statusCode).toBe(303);
  });

  it('the token endpoint down when the person comes back: 503 with Retry-After and a page in Italian, no session', async () => {
    const b = new Browser(t.app);
    const start = await b.get(`/login/oidc/${prato}`);
    const back = await signInAtProvider(start.headers.location as string, 'entra', CALLBACK);
    await idp.close();
    const res = await b.get(`${back.pathname}${back.search}`);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.body).toContain('Il fornitore di identità non risponde in questo momento');
    expect((await b.get('/admin')).statusCode).toBe(303);
  });

  it('a provider whose discovery does not answer (closed port): 503 with Retry-After, a page or problem+json, at once', async () => {
    // Saved while it answered, then moved to an address where nothing listens.
    const issuer = `http://127.0.0.1:${await closedPort()}`;
    await t.db.k.updateTable('oidc_providers').set({ issuer }).where('organisation_id', '=', prato).execute();
    const started = Date.now();
    const page = await new Browser(t.app).get(`/login/oidc/${prato}`);
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('60');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Il fornitore di identità non risponde in questo momento. Riprova più tardi o accedi con la password.');
    expect(page.body).toContain('name="password"');

    const api = await t.app.inject({ method: 'GET', url: `/login/oidc/${prato}`, headers: { accept: 'application/json' } });
    expect(api.statusCode).toBe(503);
    expect(api.headers['retry-after']).toBe('60');
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(api.json()).toMatchObject({ status: 503, title: 'Servizio non disponibile', detail: expect.stringContaining('non risponde') });

    const en = await t.app.inject({
      method: 'GET',
      url: `/login/oidc/${prato}`,
      headers: { accept: 'application/json', 'accept-language': 'en' },
    });
    expect(en.json()).toMatchObject({ status: 503, detail: expect.stringContaining('not answering') });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
