import * as OTPAuth from 'otpauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, runCli, type TestApp } from '../helpers.js';

const PASSWORD = 'una-password-lunga-e-sicura';

/** The code an authenticator app shows for the secret, `stepsAhead` periods of 30 s from now. */
function codeOf(secret: string, stepsAhead = 0): string {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret.replace(/\s+/g, '')), digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

function shownSecret(body: string): string {
  const m = /id="totp-secret">([A-Z2-7 ]+)</.exec(body);
  if (!m) throw new Error('no secret on the page');
  return m[1];
}

function shownRecoveryCodes(body: string): string[] {
  return [...body.matchAll(/<code class="fs-5">([a-z2-7-]{19})<\/code>/g)].map((m) => m[1]);
}

describe.each(DIALECTS)('two-step verification for administrators (%s)', (dialect) => {
  let t: TestApp;
  let adminId: string;
  const admin = 'admin@prato.example';
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' });
    orgId = org.id;
    adminId = (await createUser(t.db, { email: admin, name: 'Anna Bianchi', role: 'org-admin', organisation: org.id, password: PASSWORD }))
      .id;
    await createUser(t.db, { email: 'staff@prato.example', name: 'Marco Rossi', role: 'staff', organisation: org.id, password: PASSWORD });
    await createUser(t.db, { email: 'root@ponte.example', name: 'Paola Verdi', role: 'platform-admin', password: PASSWORD });
  });
  afterAll(() => t.close());
  afterEach(() => setClockOffset(0));

  const sessionsOf = async (userId: string) =>
    (await t.db.k.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;

  let secret = '';
  let recovery: string[] = [];

  it('an organisation admin turns it on: QR code and key, a first code, ten recovery codes shown once', async () => {
    const b = new Browser(t.app);
    await b.signIn(admin, PASSWORD);
    expect((await b.get('/account')).body).toContain('href="/account/2fa"');
    const page = await b.get('/account/2fa');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('La verifica in due passaggi non è attiva.');

    expect((await b.post('/account/2fa/start', {}, { from: '/account/2fa' })).statusCode).toBe(303);
    const setup = await b.get('/account/2fa');
    expect(setup.body).toContain('src="data:image/png;base64,');
    secret = shownSecret(setup.body);
    expect(secret.replace(/\s/g, '')).toHaveLength(32);

    const wrong = await b.post(
      '/account/2fa/confirm',
      { code: '000000' === codeOf(secret) ? '111111' : '000000' },
      { from: '/account/2fa' },
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('codice non corretto');
    expect(
      (await t.db.k.selectFrom('user_totp').select('enabled_at').where('user_id', '=', adminId).executeTakeFirstOrThrow()).enabled_at,
    ).toBeNull();

    const done = await b.post('/account/2fa/confirm', { code: codeOf(secret) }, { from: '/account/2fa' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Codici di recupero');
    expect(done.headers['cache-control']).toBe('private, no-store');
    recovery = shownRecoveryCodes(done.body);
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);

    // Kept sealed and hashed: neither the key nor a code is in the database in clear.
    const row = await t.db.k.selectFrom('user_totp').selectAll().where('user_id', '=', adminId).executeTakeFirstOrThrow();
    expect(row.enabled_at).not.toBeNull();
    expect(row.secret_enc).not.toContain(secret.replace(/\s/g, ''));
    const hashes = await t.db.k.selectFrom('totp_recovery_codes').select('code_hash').where('user_id', '=', adminId).execute();
    expect(hashes).toHaveLength(10);
    for (const c of recovery) expect(hashes.map((h) => h.code_hash)).not.toContain(c);
    const audit = await t.db.k.selectFrom('audit_log').select('action').where('entity_id', '=', adminId).execute();
    expect(audit.map((a) => a.action)).toContain('user.totp.enabled');

    expect((await b.get('/account/2fa')).body).toContain('Codici di recupero ancora utilizzabili: 10.');
  });

  it('signing in then asks for the code: no session before it, a wrong code refused, the right one lets in once', async () => {
    const b = new Browser(t.app);
    const before = await sessionsOf(adminId);
    const first = await b.post('/login', { email: admin, password: PASSWORD });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/login/2fa');
    expect(await sessionsOf(adminId)).toBe(before);
    expect((await b.get('/admin')).statusCode).toBe(303);

    const step = await b.get('/login/2fa');
    expect(step.statusCode).toBe(200);
    expect(step.body).toContain('Password corretta');

    const code = codeOf(secret, 1);
    const wrong = await b.post('/login/2fa', { code: code === '123456' ? '654321' : '123456' }, { from: '/login/2fa' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Il codice non è corretto');
    expect(await sessionsOf(adminId)).toBe(before);

    const ok = await b.post('/login/2fa', { code }, { from: '/login/2fa' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/admin');
    expect(await sessionsOf(adminId)).toBe(before + 1);
    expect((await b.get('/admin')).statusCode).toBe(200);

    // The same code a second time (another sign-in in the same 30 seconds) is refused.
    const again = new Browser(t.app);
    await again.post('/login', { email: admin, password: PASSWORD });
    const replay = await again.post('/login/2fa', { code }, { from: '/login/2fa' });
    expect(replay.statusCode).toBe(422);
  });

  it('a recovery code lets in once instead of the app', async () => {
    const b = new Browser(t.app);
    await b.post('/login', { email: admin, password: PASSWORD });
    const ok = await b.post('/login/2fa', { recovery: recovery[0].toUpperCase() }, { from: '/login/2fa' });
    expect(ok.statusCode).toBe(303);
    expect((await b.get('/admin')).statusCode).toBe(200);

    const c = new Browser(t.app);
    await c.post('/login', { email: admin, password: PASSWORD });
    const spent = await c.post('/login/2fa', { recovery: recovery[0] }, { from: '/login/2fa' });
    expect(spent.statusCode).toBe(422);
    const left = await t.db.k
      .selectFrom('totp_recovery_codes')
      .select('id')
      .where('user_id', '=', adminId)
      .where('used_at', 'is', null)
      .execute();
    expect(left).toHaveLength(9);
  });

  it('five wrong codes lock the second step for 15 minutes, even with the right code and a new sign-in', async () => {
    const b = new Browser(t.app);
    await b.post('/login', { email: admin, password: PASSWORD });
    // Earlier tests may have left wrong answers counted: a right code resets the count.
    setClockOffset(2 * 30_000);
    expect((await b.post('/login/2fa', { code: codeOf(secret, 2) }, { from: '/login/2fa' })).statusCode).toBe(303);

    const c = new Browser(t.app);
    await c.post('/login', { email: admin, password: PASSWORD });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await c.post('/login/2fa', { code: '000001' }, { from: '/login/2fa' })).statusCode);
    expect(statuses).toEqual([422, 422, 422, 422, 429]);

    const d = new Browser(t.app);
    await d.post('/login', { email: admin, password: PASSWORD });
    setClockOffset(3 * 30_000);
    const locked = await d.post('/login/2fa', { code: codeOf(secret, 3) }, { from: '/login/2fa' });
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('bloccata per 15 minuti');
    const audit = await t.db.k.selectFrom('audit_log').select('action').where('entity_id', '=', adminId).execute();
    expect(audit.map((a) => a.action)).toContain('user.totp.locked');

    // After the lock, the right code works again.
    setClockOffset(16 * 60_000);
    const e = new Browser(t.app);
    await e.post('/login', { email: admin, password: PASSWORD });
    const back = await e.post('/login/2fa', { code: codeOf(secret, 32) }, { from: '/login/2fa' });
    expect(back.statusCode).toBe(303);
  });

  it('turning it off needs a current code; then signing in asks for the password only', async () => {
    setClockOffset(20 * 60_000);
    const b = new Browser(t.app);
    await b.post('/login', { email: admin, password: PASSWORD });
    expect((await b.post('/login/2fa', { code: codeOf(secret, 40) }, { from: '/login/2fa' })).statusCode).toBe(303);

    const refused = await b.post(
      '/account/2fa/disable',
      { code: '999999' === codeOf(secret, 41) ? '888888' : '999999' },
      { from: '/account/2fa' },
    );
    expect(refused.statusCode).toBe(422);
    expect(await t.db.k.selectFrom('user_totp').select('user_id').where('user_id', '=', adminId).executeTakeFirst()).toBeDefined();

    setClockOffset(20 * 60_000 + 30_000);
    const off = await b.post('/account/2fa/disable', { code: codeOf(secret, 41) }, { from: '/account/2fa' });
    expect(off.statusCode).toBe(303);
    expect((await b.get('/account/2fa?done=off')).body).toContain('La verifica in due passaggi è stata disattivata.');
    expect(await t.db.k.selectFrom('user_totp').select('user_id').where('user_id', '=', adminId).executeTakeFirst()).toBeUndefined();
    expect(await t.db.k.selectFrom('totp_recovery_codes').select('id').where('user_id', '=', adminId).execute()).toHaveLength(0);
    const audit = await t.db.k.selectFrom('audit_log').select('action').where('entity_id', '=', adminId).execute();
    expect(audit.map((a) => a.action)).toContain('user.totp.disabled');

    const c = new Browser(t.app);
    const res = await c.post('/login', { email: admin, password: PASSWORD });
    expect(res.headers.location).toBe('/admin');
  });

  it('the command line turns it off for an admin who lost both the phone and the recovery codes', async () => {
    const b = new Browser(t.app);
    await b.signIn('root@ponte.example', PASSWORD);
    await b.post('/account/2fa/start', {}, { from: '/account/2fa' });
    const key = shownSecret((await b.get('/account/2fa')).body);
    expect((await b.post('/account/2fa/confirm', { code: codeOf(key) }, { from: '/account/2fa' })).statusCode).toBe(200);
    const rootId = (await t.db.k.selectFrom('users').select('id').where('email', '=', 'root@ponte.example').executeTakeFirstOrThrow()).id;

    const res = await runCli(['user', 'reset-2fa', '--email', 'Root@ponte.example'], { DATABASE_URL: t.url });
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('Two-step verification of Root@ponte.example turned off.');
    expect(res.code).toBe(0);
    expect(await t.db.k.selectFrom('user_totp').select('user_id').where('user_id', '=', rootId).executeTakeFirst()).toBeUndefined();
    expect(await t.db.k.selectFrom('totp_recovery_codes').select('id').where('user_id', '=', rootId).execute()).toHaveLength(0);
    const audit = await t.db.k.selectFrom('audit_log').select('action').where('entity_id', '=', rootId).execute();
    expect(audit.map((a) => a.action)).toContain('user.totp.reset');
    expect((await new Browser(t.app).post('/login', { email: 'root@ponte.example', password: PASSWORD })).headers.location).toBe('/admin');

    const unknown = await runCli(['user', 'reset-2fa', '--email', 'nessuno@ponte.example'], { DATABASE_URL: t.url });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no user with e-mail nessuno@ponte.example');
  }, 60_000);

  it('is offered to administrators only', async () => {
    const b = new Browser(t.app);
    await b.signIn('staff@prato.example', PASSWORD);
    expect((await b.get('/account')).body).not.toContain('href="/account/2fa"');
    const page = await b.get('/account/2fa');
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('disponibile per gli amministratori');
    expect((await b.post('/account/2fa/start', {}, { from: '/account' })).statusCode).toBe(403);
    expect(await t.db.k.selectFrom('user_totp').selectAll().execute()).toHaveLength(0);
  });

  it('a second step without a pending sign-in is refused, never a 5xx', async () => {
    const b = new Browser(t.app);
    const res = await b.post('/login/2fa', { code: '123456' }, { from: '/login' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('accedi di nuovo con la password');
    const forged = await t.app.inject({ method: 'GET', url: '/login/2fa', headers: { cookie: `ponte_2fa=${'x'.repeat(500)}` } });
    expect(forged.statusCode).toBe(401);
  });

  it('when the platform requires it, an admin without it sets it up before getting a session', async () => {
    const orgAdmin = new Browser(t.app);
    await orgAdmin.signIn(admin, PASSWORD);
    const root = new Browser(t.app);
    await root.signIn('root@ponte.example', PASSWORD);
    expect((await root.post('/account/2fa/policy', { required: '1' }, { from: '/account/2fa' })).statusCode).toBe(303);
    expect((await root.get('/account/2fa')).body).toMatch(/name="required" value="1" checked/);
    // An organisation admin cannot change the rule.
    expect((await orgAdmin.post('/account/2fa/policy', {}, { from: '/account' })).statusCode).toBe(403);

    // Staff are not asked.
    const staff = new Browser(t.app);
    expect((await staff.post('/login', { email: 'staff@prato.example', password: PASSWORD })).headers.location).toBe('/admin');

    const b = new Browser(t.app);
    const before = await sessionsOf(adminId);
    const first = await b.post('/login', { email: admin, password: PASSWORD, next: `/admin/organisations/${orgId}/members` });
    expect(first.headers.location).toBe('/login/2fa');
    expect((await b.get('/login/2fa')).body).toContain('La piattaforma richiede la verifica in due passaggi');
    expect((await b.post('/login/2fa/start', {}, { from: '/login/2fa' })).statusCode).toBe(303);
    const setup = await b.get('/login/2fa');
    const key = shownSecret(setup.body);
    expect(await sessionsOf(adminId)).toBe(before);
    const done = await b.post('/login/2fa/confirm', { code: codeOf(key) }, { from: '/login/2fa' });
    expect(done.statusCode).toBe(200);
    expect(shownRecoveryCodes(done.body)).toHaveLength(10);
    expect(done.body).toContain(`href="/admin/organisations/${orgId}/members"`);
    expect(await sessionsOf(adminId)).toBe(before + 1);
    expect((await b.get(`/admin/organisations/${orgId}/members`)).statusCode).toBe(200);
    await root.post('/account/2fa/policy', {}, { from: '/account/2fa' });
  });
});
