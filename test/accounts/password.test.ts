import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, sha256 } from '../../src/core/auth.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

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
