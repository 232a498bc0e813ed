import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const PASSWORD = 'una-password-lunga';
const CSRF_MESSAGE = 'Il modulo è scaduto o non è valido';

describe.each(DIALECTS)('CSRF protection of state-changing requests (%s)', (dialect) => {
  let t: TestApp;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000 });
    orgId = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    await createUser(t.db, { email: 'staff@prato.example', name: 'Marco Rossi', role: 'staff', organisation: orgId, password: PASSWORD });
  });
  afterAll(() => t.close());

  const venueCount = async () => (await t.db.k.selectFrom('venues').select('id').execute()).length;
  const venueForm = { name: 'Biblioteca Lazzerini', address: 'Via Puccetti 3', municipality: 'Prato' };

  it('refuses a form post without a token or with a wrong one (403, Italian message) and writes nothing', async () => {
    const b = new Browser(t.app);
    await b.signIn('staff@prato.example', PASSWORD);
    const url = `/admin/organisations/${orgId}/venues`;
    const otherToken = await new Browser(t.app).csrf();
    for (const csrf of [false, 'token-inventato', otherToken] as const) {
      const res = await b.post(url, venueForm, { csrf });
      expect(res.statusCode, String(csrf)).toBe(403);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain(CSRF_MESSAGE);
    }
    expect(await venueCount()).toBe(0);

    // The same form with the page's own token goes through.
    const ok = await b.post(url, venueForm, { from: url });
    expect(ok.statusCode).toBe(303);
    expect(await venueCount()).toBe(1);
  });

  it('refuses sign-in without a token: no session is created', async () => {
    const b = new Browser(t.app);
    const before = (await t.db.k.selectFrom('sessions').select('id').execute()).length;
    const res = await b.post('/login', { email: 'staff@prato.example', password: PASSWORD }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain(CSRF_MESSAGE);
    expect((await t.db.k.selectFrom('sessions').select('id').execute()).length).toBe(before);
  });

  it('refuses sign-out without a token: the session stays valid', async () => {
    const b = new Browser(t.app);
    await b.signIn('staff@prato.example', PASSWORD);
    const res = await b.post('/logout', {}, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect((await b.get('/admin')).statusCode).toBe(200);
  });

  it('an API write riding on the session cookie needs the X-CSRF-Token header (403 problem+json)', async () => {
    const b = new Browser(t.app);
    await b.signIn('staff@prato.example', PASSWORD);
    const before = await venueCount();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/organisations/${orgId}/venues`,
      headers: { cookie: b.cookieHeader },
      payload: { name: 'Sala civica', address: 'Piazza del Comune 1', municipality: '100005' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toContain(CSRF_MESSAGE);
    expect(await venueCount()).toBe(before);

    const ok = await b.api('POST', `/api/v1/organisations/${orgId}/venues`, {
      name: 'Sala civica',
      address: 'Piazza del Comune 1',
      municipality: '100005',
    });
    expect(ok.statusCode).toBe(201);
    expect(await venueCount()).toBe(before + 1);
  });
});
