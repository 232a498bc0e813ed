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
