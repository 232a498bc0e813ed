import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_FAILURES } from '../../src/core/auth.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const PASSWORD = 'una-password-lunga';

describe.each(DIALECTS)('wrong credentials and brute-force lockout (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000 });
    const org = await createOrganisation(t.db, { name: 'Comune di Gussago', type: 'comune', municipality: '017081' });
    for (const email of ['urp@gussago.example', 'bersaglio@gussago.example', 'parallelo@gussago.example']) {
      await createUser(t.db, { email, name: 'Elena Marchina', role: 'org-admin', organisation: org.id, password: PASSWORD });
    }
  });
  afterAll(() => t.close());

  const sessionCount = async () => (await t.db.k.selectFrom('sessions').select('id').execute()).length;

  it('answers a wrong password and an unknown e-mail alike: 401, same message, no session', async () => {
    const before = await sessionCount();
    const wrong = await new Browser(t.app).post('/login', { email: 'urp@gussago.example', password: 'non-e-questa' });
    const unknown = await new Browser(t.app).post('/login', { email: 'nessuno@gussago.example', password: 'non-e-questa' });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('E-mail o password non corretti.');
    }
    const alert = (body: string) => /<div class="alert alert-danger" role="alert">([^<]*)<\/div>/.exec(body)?.[1];
    expect(alert(wrong.body)).toBe(alert(unknown.body));
    expect(await sessionCount()).toBe(before);
  });

  it('an empty form is a wrong login, and a NUL character is bad input: never an error', async () => {
    const res = await new Browser(t.app).post('/login', {});
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('E-mail o password non corretti.');
    const nul = await new Browser(t.app).post('/login', { email: 'urp@gussago.example\u0000', password: 'x' });
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('carattere non ammesso');
  });

  it(`locks the address after ${LOCKOUT_FAILURES} failures, even against the right password`, async () => {
    const email = 'bersaglio@gussago.example';
    const b = new Browser(t.app);
    for (let i = 1; i < LOCKOUT_FAILURES; i++) {
      const res = await b.post('/login', { email, password: `tentativo-${i}` });
      expect(res.statusCode, `attempt ${i}`).toBe(401);
    }
    const last = await b.post('/login', { email, password: 'ultimo-tentativo' });
    expect(last.statusCode).toBe(429);
    expect(last.body).toContain('Troppi tentativi non riusciti');

    const right = await b.post('/login', { email: 'Bersaglio@Gussago.example', password: PASSWORD });
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain('Troppi tentativi non riusciti');
    expect(right.headers['set-cookie'] ?? '').not.toContain('ponte_sid=');

    const row = await t.db.k.selectFrom('login_throttle').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
    expect(Date.parse(row.locked_until!)).toBeGreaterThan(Date.now() + 10 * 60 * 1000);

    // Other addresses are not affected.
    await new Browser(t.app).signIn('urp@gussago.example', PASSWORD);

    // Once the lock has run out, the right password works again and the counter is cleared.
    await t.db.k.updateTable('login_throttle').set({ locked_until: '2020-01-01T00:00:00.000Z' }).where('email', '=', email).execute();
    await new Browser(t.app).signIn(email, PASSWORD);
    expect(await t.db.k.selectFrom('login_throttle').selectAll().where('email', '=', email).executeTakeFirst()).toBeUndefined();
  });

  it('counts failures sent in parallel: a burst of wrong passwords still locks the address', async () => {
    const email = 'parallelo@gussago.example';
    const burst = await Promise.all(
      Array.from({ length: LOCKOUT_FAILURES * 2 }, async (_, i) => {
        const b = new Browser(t.app);
        const csrf = await b.csrf();
        return b.post('/login', { email, password: `indovino-${i}` }, { csrf });
      }),
    );
    expect(burst.map((r) => r.statusCode).every((s) => s === 401 || s === 429)).toBe(true);
    expect(burst.some((r) => r.statusCode === 429)).toBe(true);
    const right = await new Browser(t.app).post('/login', { email, password: PASSWORD });
    expect(right.statusCode).toBe(429);
  });
});

describe.each(DIALECTS)('per-address rate limit on POST /login (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 3 });
  });
  afterAll(() => t.close());

  it('answers 429 once an address has used up its login attempts, with a problem for API clients', async () => {
    const b = new Browser(t.app);
    const csrf = await b.csrf();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await b.post('/login', { email: `utente${i}@esempio.it`, password: 'qualcosa-di-sbagliato' }, { csrf })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401]);

    const page = await b.post('/login', { email: 'altro@esempio.it', password: 'qualcosa-di-sbagliato' }, { csrf });
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain('Hai fatto troppe richieste');

    const api = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { accept: 'application/json', cookie: b.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, email: 'altro@esempio.it', password: 'x' }).toString(),
    });
    expect(api.statusCode).toBe(429);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(api.json()).toMatchObject({ status: 429, title: 'Troppe richieste' });

    // The limit is on the login route only: pages still answer.
    expect((await b.get('/')).statusCode).toBe(200);
    // Refused attempts wrote nothing.
    expect(
      await t.db.k.selectFrom('login_throttle').select('email').where('email', '=', 'altro@esempio.it').executeTakeFirst(),
    ).toBeUndefined();
  });
});
