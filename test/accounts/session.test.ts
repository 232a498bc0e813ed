// Sessions and what rides on them: sign-in and sign-out, expiry, API authentication, password
// changes and CSRF protection. One file, so the application's modules are loaded once for all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, SESSION_COOKIE, sha256 } from '../../src/core/auth.js';
import { verifyPassword } from '../../src/core/passwords.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const PASSWORD = 'una-password-lunga';

describe.each(DIALECTS)('sessions, logout and API authentication (%s)', (dialect) => {
  let t: TestApp;
  let orgId: string;
  let userId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000 });
    const org = await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' });
    orgId = org.id;
    ({ id: userId } = await createUser(t.db, {
      email: 'staff@prato.example',
      name: 'Marco Rossi',
      role: 'staff',
      organisation: org.id,
      password: PASSWORD,
    }));
  });
  afterAll(() => t.close());

  it('sets an HttpOnly, SameSite=Lax session cookie whose value is not what the database stores', async () => {
    const b = new Browser(t.app);
    const res = await b.signIn('staff@prato.example', PASSWORD);
    const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(header).toBeDefined();
    expect(header).toMatch(/;\s*HttpOnly/i);
    expect(header).toMatch(/;\s*SameSite=Lax/i);
    expect(header).toMatch(/;\s*Path=\//i);
    const token = b.cookies.get(SESSION_COOKIE)!;
    const rows = await t.db.k.selectFrom('sessions').select('id').execute();
    expect(rows.map((r) => r.id)).toContain(sha256(token));
    expect(rows.map((r) => r.id)).not.toContain(token);
  });

  it('follows only same-site paths after sign-in', async () => {
    const b = new Browser(t.app);
    const good = await b.post('/login', { email: 'staff@prato.example', password: PASSWORD, next: '/account' });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe('/account');
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', '/\t/evil.example', '/\n/evil.example']) {
      const res = await new Browser(t.app).post('/login', { email: 'staff@prato.example', password: PASSWORD, next });
      expect(res.statusCode, next).toBe(303);
      expect(res.headers.location, JSON.stringify(next)).toBe('/admin');
    }
  });

  it('signs out: the session row is deleted and the old cookie no longer opens anything', async () => {
    const b = new Browser(t.app);
    await b.signIn('staff@prato.example', PASSWORD);
    const token = b.cookies.get(SESSION_COOKIE)!;
    const id = sha256(token);
    expect(await t.db.k.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst()).toBeDefined();

    const out = await b.post('/logout', {}, { from: '/admin' });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/');
    expect(b.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await t.db.k.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();

    const page = await t.app.inject({ method: 'GET', url: '/admin', headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/login/);
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(api.statusCode).toBe(401);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('an expired session sends pages to the login form and the API answers 401 problem+json', async () => {
    const b = new Browser(t.app);
    await b.signIn('staff@prato.example', PASSWORD);
    expect((await b.get('/admin')).statusCode).toBe(200);
    const id = sha256(b.cookies.get(SESSION_COOKIE)!);
    await t.db.k.updateTable('sessions').set({ expires_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', id).execute();
    const cookie = b.cookieHeader;

    const page = await t.app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Fadmin');

    const api = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(api.statusCode).toBe(401);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(api.json()).toMatchObject({ status: 401, title: expect.any(String) });

    // The expired row is gone, so the cookie cannot come back to life.
    expect(await t.db.k.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
  });

  it('answers /api/v1/me through the session cookie', async () => {
    const b = new Browser(t.app);
    await b.signIn('staff@prato.example', PASSWORD);
    const res = await b.api('GET', '/api/v1/me');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: userId,
      email: 'staff@prato.example',
      name: 'Marco Rossi',
      roles: [{ organisation: orgId, role: 'staff' }],
    });
  });

  it('answers /api/v1/me through a personal API token and records its use', async () => {
    const token = await createApiToken(t.db, userId, 'test');
    const res = await bearer(t.app, token)('GET', '/api/v1/me');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: userId, email: 'staff@prato.example' });
    const row = await t.db.k.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirstOrThrow();
    expect(row.last_used_at).not.toBeNull();
    // Only the hash is kept.
    expect(JSON.stringify(await t.db.k.selectFrom('api_tokens').selectAll().execute())).not.toContain(token);
  });

  it('refuses an unknown or malformed bearer token with 401 problem+json', async () => {
    for (const header of ['Bearer pt_not-a-real-token', 'Bearer ', 'Bearer x'.repeat(50)]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: header } });
      expect(res.statusCode, header).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 401, detail: expect.stringContaining('token') });
    }
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('a token of a deactivated account stops working', async () => {
    const { id } = await createUser(t.db, {
      email: 'ex@prato.example',
      name: 'Ex Collaboratore',
      role: 'staff',
      organisation: orgId,
      password: PASSWORD,
    });
    const token = await createApiToken(t.db, id, 'test');
    expect((await bearer(t.app, token)('GET', '/api/v1/me')).statusCode).toBe(200);
    await t.db.k.updateTable('users').set({ active: 0 }).where('id', '=', id).execute();
    expect((await bearer(t.app, token)('GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('stores passwords as scrypt hashes, never in clear', async () => {
    const users = await t.db.k.selectFrom('users').select(['email', 'password_hash']).execute();
    expect(users.length).toBeGreaterThan(0);
    for (const u of users) {
      expect(u.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(u.password_hash).not.toContain(PASSWORD);
      expect(await verifyPassword(PASSWORD, u.password_hash)).toBe(true);
    }
    // Two accounts with the same password get different hashes (salted).
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(users.length);
  });

  it('keeps the session in the database, so another app process over the same database accepts it', async () => {
    const b = new Browser(t.app);
    await b.signIn('staff@prato.example', PASSWORD);
    const { buildApp } = await import('../../src/app.js');
    const other = await buildApp({ config: t.config, db: t.db, logger: false });
    try {
      const res = await other.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: b.cookieHeader } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ email: 'staff@prato.example' });
    } finally {
      await other.close();
    }
  });
});

const OLD = 'la-vecchia-password';
const NEW = 'una-frase-nuova-e-lunga';
const EMAIL = 'laura@prato.example';

describe.each(DIALECTS)('changing the password (%s)', (dialect) => {
  let t: TestApp;
  let userId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000 });
    const org = await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' });
    ({ id: userId } = await createUser(t.db, {
      email: EMAIL,
      name: 'Laura Bianchi',
      role: 'org-admin',
      organisation: org.id,
      password: OLD,
    }));
  });
  afterAll(() => t.close());

  const hash = async () =>
    (await t.db.k.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()).password_hash;

  it('a wrong current password re-renders the form with a field error (422) and changes nothing', async () => {
    const b = new Browser(t.app);
    await b.signIn(EMAIL, OLD);
    const before = await hash();
    const res = await b.post('/account/password', { current: 'non-e-la-mia', password: NEW, confirm: NEW }, { from: '/account' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Il modulo contiene errori');
    expect(res.body).toContain('password attuale non corretta');
    expect(res.body).toMatch(/id="e-current"/);
    expect(await hash()).toBe(before);
  });

  it('two different new passwords are refused with 400 and change nothing', async () => {
    const b = new Browser(t.app);
    await b.signIn(EMAIL, OLD);
    const before = await hash();
    const res = await b.post('/account/password', { current: OLD, password: NEW, confirm: `${NEW}-diversa` }, { from: '/account' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('le due password non coincidono');
    const short = await b.post('/account/password', { current: OLD, password: 'corta', confirm: 'corta' }, { from: '/account' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('almeno 10 caratteri');
    const missing = await b.post('/account/password', {}, { from: '/account' });
    expect(missing.statusCode).toBe(400);
    expect(await hash()).toBe(before);
  });

  it('changes the password: the old one stops working, the new one works, other sessions end', async () => {
    const other = new Browser(t.app);
    await other.signIn(EMAIL, OLD);
    const b = new Browser(t.app);
    await b.signIn(EMAIL, OLD);

    const res = await b.post('/account/password', { current: OLD, password: NEW, confirm: NEW }, { from: '/account' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account?done=1');
    const done = await b.get('/account?done=1');
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Password cambiata');

    const sessions = await t.db.k.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
    expect(sessions.map((s) => s.id)).toEqual([sha256(b.cookies.get(SESSION_COOKIE)!)]);
    const stale = await other.get('/admin');
    expect(stale.statusCode).toBe(303);
    expect(stale.headers.location).toMatch(/^\/login/);

    expect((await new Browser(t.app).post('/login', { email: EMAIL, password: OLD })).statusCode).toBe(401);
    await new Browser(t.app).signIn(EMAIL, NEW);
    expect(await hash()).toMatch(/^scrypt\$/);
  });

  it('needs a signed-in user', async () => {
    const b = new Browser(t.app);
    const page = await b.get('/account');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Faccount');
    const before = await hash();
    const res = await b.post('/account/password', { current: NEW, password: 'qualcosa-di-nuovo', confirm: 'qualcosa-di-nuovo' });
    expect(res.statusCode).toBe(401);
    expect(await hash()).toBe(before);
  });
});

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

describe.each(DIALECTS)('cookies and headers on http and https installs (%s)', (dialect) => {
  let http: TestApp;
  let https: TestApp;

  beforeAll(async () => {
    http = await createTestApp(dialect, { loginRateLimitMax: 1000 });
    https = await createTestApp(dialect, { loginRateLimitMax: 1000, secureCookies: true, baseUrl: 'https://ponte.comune.example' });
    for (const t of [http, https]) {
      const org = await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' });
      await createUser(t.db, {
        email: 'staff@prato.example',
        name: 'Marco Rossi',
        role: 'staff',
        organisation: org.id,
        password: PASSWORD,
      });
    }
  });
  afterAll(async () => {
    await http.close();
    await https.close();
  });

  const cookie = (res: { headers: Record<string, unknown> }, name: string) =>
    ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []).find((c) => c.startsWith(`${name}=`));

  it('over https the session and CSRF cookies are Secure and the site asks for https only', async () => {
    const b = new Browser(https.app);
    const page = await b.get('/login');
    expect(cookie(page, 'ponte_csrf')).toMatch(/;\s*Secure/i);
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(page.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    const res = await b.signIn('staff@prato.example', PASSWORD);
    expect(cookie(res, SESSION_COOKIE)).toMatch(/;\s*Secure/i);
    expect(cookie(res, SESSION_COOKIE)).toMatch(/;\s*HttpOnly/i);
  });

  it('a plain-http install on a local network keeps working: no Secure cookies, no https upgrade', async () => {
    const b = new Browser(http.app);
    const page = await b.get('/login');
    expect(cookie(page, 'ponte_csrf')).not.toMatch(/;\s*Secure/i);
    expect(page.headers['strict-transport-security']).toBeUndefined();
    expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const res = await b.signIn('staff@prato.example', PASSWORD);
    expect(cookie(res, SESSION_COOKIE)).not.toMatch(/;\s*Secure/i);
    expect((await b.get('/admin')).statusCode).toBe(200);
  });
});
