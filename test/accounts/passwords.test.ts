// The password policy wherever a password is chosen, and what changing it ends: the other
// sessions always, the API tokens when asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, SESSION_COOKIE, sha256 } from '../../src/core/auth.js';
import { verifyPassword } from '../../src/core/passwords.js';
import { passwordProblem } from '../../src/modules/accounts/password-policy.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, createTestDb, DIALECTS, runCli, type TestApp } from '../helpers.js';

const OWNER = { email: 'marco.rossi@prato.example', name: 'Marco Rossi' };

describe('the password policy', () => {
  it.each([
    ['corta', 'almeno 10 caratteri'],
    ['marco.rossi@prato.example', 'non usare il tuo indirizzo e-mail'],
    ['Marco.Rossi-1980', 'non usare il tuo indirizzo e-mail'],
    ['marcorossi-estate', 'non usare il tuo indirizzo e-mail'],
    ['aaaaaaaaaaaa', 'evita caratteri ripetuti o in sequenza'],
    ['123456789012', 'evita caratteri ripetuti o in sequenza'],
    ['abcdefghijkl', 'evita caratteri ripetuti o in sequenza'],
    ['9876543210', 'evita caratteri ripetuti o in sequenza'],
    ['passwordpassword', 'evita caratteri ripetuti o in sequenza'],
    ['password1234', 'troppo comune o facile da indovinare'],
    ['qwertyuiop123', 'troppo comune o facile da indovinare'],
    ['juventus1897', 'troppo comune o facile da indovinare'],
    ['amore12345678', 'troppo comune o facile da indovinare'],
  ])('refuses %j, saying what to do', async (password, message) => {
    expect(await passwordProblem(password, OWNER)).toContain(message);
  });

  it.each(['fiume lampada ventoso arancia', 'Gatto-Blu-Pioggia-42', 'ilmiocanerexmangiapere'])('accepts %j', async (password) => {
    expect(await passwordProblem(password, OWNER)).toBeNull();
  });
});

const OLD = 'la-vecchia-password';
const NEW = 'fiume lampada ventoso arancia';
const EMAIL = 'laura.bianchi@prato.example';

describe.each(DIALECTS)('changing one’s password (%s)', (dialect) => {
  let t: TestApp;
  let userId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000 });
    const org = await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' });
    ({ id: userId } = await createUser(t.db, { email: EMAIL, name: 'Laura Bianchi', role: 'staff', organisation: org.id, password: OLD }));
  });
  afterAll(() => t.close());

  const hash = async () =>
    (await t.db.k.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()).password_hash;

  it('refuses a weak, personal or unchanged password with a field error (422) and changes nothing', async () => {
    const b = new Browser(t.app);
    await b.signIn(EMAIL, OLD);
    const before = await hash();
    for (const [password, message] of [
      [OLD, 'è uguale alla password attuale'],
      ['laura.bianchi2026', 'non usare il tuo indirizzo e-mail'],
      ['1234567890', 'evita caratteri ripetuti o in sequenza'],
      ['password1234', 'troppo comune'],
    ]) {
      const res = await b.post('/account/password', { current: OLD, password, confirm: password }, { from: '/account' });
      expect(res.statusCode, password).toBe(422);
      expect(res.body, password).toContain(message);
      expect(res.body, password).toMatch(/id="e-password"/);
    }
    expect(await hash()).toBe(before);
  });

  it('keeps the API tokens unless asked, always ending the other sessions', async () => {
    const token = await createApiToken(t.db, userId, 'script');
    const other = new Browser(t.app);
    await other.signIn(EMAIL, OLD);
    const b = new Browser(t.app);
    await b.signIn(EMAIL, OLD);
    const res = await b.post('/account/password', { current: OLD, password: NEW, confirm: NEW }, { from: '/account' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account?done=1');
    expect((await bearer(t.app, token)('GET', '/api/v1/me')).statusCode).toBe(200);
    const sessions = await t.db.k.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
    expect(sessions.map((s) => s.id)).toEqual([sha256(b.cookies.get(SESSION_COOKIE)!)]);
    expect((await other.get('/account')).statusCode).toBe(303);

    // Now back, revoking the tokens: the bearer stops working, the page says so.
    const back = await b.post('/account/password', { current: NEW, password: OLD, confirm: OLD, revokeTokens: '1' }, { from: '/account' });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/account?done=tokens');
    expect((await b.get('/account?done=tokens')).body).toContain('i tuoi token API revocati');
    expect((await bearer(t.app, token)('GET', '/api/v1/me')).statusCode).toBe(401);
    expect(await t.db.k.selectFrom('api_tokens').select('id').where('user_id', '=', userId).execute()).toHaveLength(0);
    expect(await verifyPassword(OLD, await hash())).toBe(true);

    const audit = await t.db.k
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'user.password-changed')
      .where('entity_id', '=', userId)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => JSON.parse(a.details!))).toEqual([{ tokensRevoked: false }, { tokensRevoked: true }]);
  });

  it('the account page offers the revocation as a labelled checkbox', async () => {
    const b = new Browser(t.app);
    await b.signIn(EMAIL, OLD);
    const page = await b.get('/account');
    expect(page.body).toMatch(/<input class="form-check-input" type="checkbox" id="f-revokeTokens" name="revokeTokens" value="1"/);
    expect(page.body).toContain('Revoca anche i miei token API');
  });
});

describe('the command line', () => {
  it('refuses a weak --password with a message naming it, and creates nothing', async () => {
    const tdb = await createTestDb('sqlite');
    try {
      const res = await runCli(
        [
          'user',
          'create',
          '--email',
          'admin@prato.example',
          '--name',
          'Anna Neri',
          '--role',
          'platform-admin',
          '--password',
          'password1234',
        ],
        { DATABASE_URL: tdb.url, SEED_DEMO: 'false' },
      );
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain('--password: questa password è troppo comune');
      expect(await tdb.db.k.selectFrom('users').select('id').execute()).toHaveLength(0);
    } finally {
      await tdb.cleanup();
    }
  });
});
