import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { signInAtProvider, startProvider, type TestProvider } from './oidc-provider.js';

const PASSWORD = 'una-password-lunga-e-sicura';

describe.each(DIALECTS)('sign-in through the organisation’s identity provider (%s)', (dialect) => {
  let t: TestApp;
  let idp: TestProvider;
  let prato: string;
  let firenze: string;
  let staffId: string;
  let adminBrowser: Browser;
  const callbackBase = 'http://localhost:3000/login/oidc/callback';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    firenze = (await createOrganisation(t.db, { name: 'Comune di Firenze', type: 'comune', municipality: '048017' })).id;
    await createUser(t.db, {
      email: 'admin@prato.example',
      name: 'Anna Bianchi',
      role: 'org-admin',
      organisation: prato,
      password: PASSWORD,
    });
    staffId = (
      await createUser(t.db, {
        email: 'marco.rossi@prato.example',
        name: 'Marco Rossi',
        role: 'staff',
        organisation: prato,
        password: PASSWORD,
      })
    ).id;
    await createUser(t.db, {
      email: 'giulia@firenze.example',
      name: 'Giulia Neri',
      role: 'staff',
      organisation: firenze,
      password: PASSWORD,
    });
    expect(t.config.baseUrl).toBe('http://localhost:3000');
    idp = await startProvider({
      redirectUris: [callbackBase],
      people: {
        marco: { email: 'Marco.Rossi@prato.example', name: 'Marco Rossi' },
        lucia: { email: 'lucia.verdi@prato.example', name: 'Lucia Verdi' },
        giulia: { email: 'giulia@firenze.example', name: 'Giulia Neri' },
        nonverificato: { email: 'marco.rossi@prato.example', name: 'Marco Rossi', verified: false },
        anna: { email: 'admin@prato.example', name: 'Anna Bianchi' },
      },
    });
    adminBrowser = new Browser(t.app);
    await adminBrowser.signIn('admin@prato.example', PASSWORD);
  });
  afterAll(async () => {
    await idp?.close();
    await t?.close();
  });

  const settings = () => `/admin/organisations/${prato}/sign-in`;
  const sessionsOf = async (userId: string) =>
    (await t.db.k.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;

  /** The whole trip: Ponte's button, the provider's login page, back to Ponte's callback. */
  async function signInThroughProvider(b: Browser, login: string, next?: string) {
    const start = await b.get(`/login/oidc/${prato}${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    expect(start.statusCode).toBe(303);
    const authorization = new URL(start.headers.location as string);
    expect(authorization.origin).toBe(idp.issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    const back = await signInAtProvider(authorization.href, login, callbackBase);
    return b.get(`${back.pathname}${back.search}`);
  }

  it('the admin sets the provider up: a wrong issuer is told at once, the secret is kept encrypted and never shown', async () => {
    const wrong = await adminBrowser.post(
      settings(),
      {
        label: 'Account del Comune',
        issuer: 'http://127.0.0.1:1/nessuno',
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        enabled: '1',
      },
      { from: settings() },
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('non è stato possibile leggere');
    expect(await t.db.k.selectFrom('oidc_providers').selectAll().execute()).toHaveLength(0);

    const noSecret = await adminBrowser.post(
      settings(),
      { label: 'Account del Comune', issuer: idp.issuer, clientId: idp.clientId, clientSecret: '', enabled: '1' },
      { from: settings() },
    );
    expect(noSecret.statusCode).toBe(422);
    expect(noSecret.body).toContain('indica il segreto del client');

    const ok = await adminBrowser.post(
      settings(),
      { label: 'Account del Comune', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, enabled: '1' },
      { from: settings() },
    );
    expect(ok.statusCode).toBe(303);
    const row = await t.db.k.selectFrom('oidc_providers').selectAll().where('organisation_id', '=', prato).executeTakeFirstOrThrow();
    expect(row.client_secret_enc).not.toContain(idp.clientSecret);
    const page = await adminBrowser.get(settings());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(callbackBase);
    expect(page.body).toContain(idp.issuer);
    expect(page.body).not.toContain(idp.clientSecret);

    // Saving again without a secret keeps the one stored.
    const again = await adminBrowser.post(
      settings(),
      { label: 'Account del Comune di Prato', issuer: idp.issuer, clientId: idp.clientId, clientSecret: '', enabled: '1' },
      { from: settings() },
    );
    expect(again.statusCode).toBe(303);
    const audit = await t.db.k
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'organisation.oidc.saved')
      .execute();
    expect(audit).toHaveLength(2);
    for (const a of audit) expect(a.details).not.toContain(idp.clientSecret);
  });

  it('another organisation’s admin or staff cannot see or change the settings', async () => {
    const staff = new Browser(t.app);
    await staff.signIn('marco.rossi@prato.example', PASSWORD);
    expect((await staff.get(settings())).statusCode).toBe(403);
    const other = new Browser(t.app);
    await other.signIn('giulia@firenze.example', PASSWORD);
    expect((await other.get(settings())).statusCode).toBe(403);
  });

  it('the login page offers "Accedi con …"; a staff member signs in through the provider and lands in the back office', async () => {
    const b = new Browser(t.app);
    const login = await b.get('/login');
    expect(login.body).toContain('Accedi con Account del Comune di Prato');
    expect(login.body).toContain(`href="/login/oidc/${prato}"`);

    const before = await sessionsOf(staffId);
    const back = await signInThroughProvider(b, 'marco');
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/admin');
    expect(await sessionsOf(staffId)).toBe(before + 1);
    const admin = await b.get('/admin');
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain('Comune di Prato');
    const audit = await t.db.k.selectFrom('audit_log').select('action').where('user_id', '=', staffId).execute();
    expect(audit.map((a) => a.action)).toContain('user.signin.oidc');
  });

  it('follows a same-site `next` through the trip', async () => {
    const b = new Browser(t.app);
    const back = await signInThroughProvider(b, 'marco', `/admin/organisations/${prato}/members`);
    expect(back.headers.location).toBe(`/admin/organisations/${prato}/members`);
  });

  it('an address the organisation does not know and did not invite is refused in Italian, nothing created', async () => {
    const b = new Browser(t.app);
    const users = (await t.db.k.selectFrom('users').select('id').execute()).length;
    const back = await signInThroughProvider(b, 'lucia');
    expect(back.statusCode).toBe(403);
    expect(back.body).toContain('L’indirizzo lucia.verdi@prato.example non corrisponde a nessuna persona di Comune di Prato');
    expect((await t.db.k.selectFrom('users').select('id').execute()).length).toBe(users);
    expect((await b.get('/admin')).statusCode).toBe(303);
  });

  it('a person of another organisation is not let into this one', async () => {
    const b = new Browser(t.app);
    const back = await signInThroughProvider(b, 'giulia');
    expect(back.statusCode).toBe(403);
    expect(back.body).toContain('non corrisponde a nessuna persona di Comune di Prato');
  });

  it('an address the provider did not verify is refused', async () => {
    const b = new Browser(t.app);
    const back = await signInThroughProvider(b, 'nonverificato');
    expect(back.statusCode).toBe(403);
    expect(back.body).toContain('non ha confermato un indirizzo e-mail verificato');
  });

  it('an invited address gets an account with the role chosen in Ponte at its first sign-in, once', async () => {
    const bad = await adminBrowser.post(
      `${settings()}/invitations`,
      { 'invite-name': 'Lucia Verdi', 'invite-email': 'non-un-indirizzo', 'invite-role': 'facilitator' },
      { from: settings() },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('indirizzo e-mail non valido');
    const forbiddenRole = await adminBrowser.post(
      `${settings()}/invitations`,
      { 'invite-name': 'Lucia Verdi', 'invite-email': 'lucia.verdi@prato.example', 'invite-role': 'platform-admin' },
      { from: settings() },
    );
    expect(forbiddenRole.statusCode).toBe(400);
    expect(forbiddenRole.body).toContain('ruolo non valido');
    expect(await t.db.k.selectFrom('oidc_invitations').selectAll().execute()).toHaveLength(0);

    const invited = await adminBrowser.post(
      `${settings()}/invitations`,
      { 'invite-name': 'Lucia Verdi', 'invite-email': 'Lucia.Verdi@prato.example', 'invite-role': 'facilitator' },
      { from: settings() },
    );
    expect(invited.statusCode).toBe(303);
    expect((await adminBrowser.get(settings())).body).toContain('lucia.verdi@prato.example');

    const b = new Browser(t.app);
    const back = await signInThroughProvider(b, 'lucia');
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/admin/facilitazioni');
    const user = await t.db.k.selectFrom('users').selectAll().where('email', '=', 'lucia.verdi@prato.example').executeTakeFirstOrThrow();
    expect(user.name).toBe('Lucia Verdi');
    const roles = await t.db.k.selectFrom('memberships').select(['organisation_id', 'role']).where('user_id', '=', user.id).execute();
    expect(roles).toEqual([{ organisation_id: prato, role: 'facilitator' }]);
    expect(await t.db.k.selectFrom('oidc_invitations').selectAll().execute()).toHaveLength(0);

    // The next time, the account is simply found.
    const again = await signInThroughProvider(new Browser(t.app), 'lucia');
    expect(again.statusCode).toBe(303);
    expect((await t.db.k.selectFrom('users').select('id').where('email', '=', 'lucia.verdi@prato.example').execute()).length).toBe(1);
  });

  it('an invitation can be withdrawn', async () => {
    await adminBrowser.post(
      `${settings()}/invitations`,
      { 'invite-name': 'Paolo Gialli', 'invite-email': 'paolo@prato.example', 'invite-role': 'staff' },
      { from: settings() },
    );
    const removed = await adminBrowser.post(`${settings()}/invitations/remove`, { email: 'paolo@prato.example' }, { from: settings() });
    expect(removed.statusCode).toBe(303);
    expect((await adminBrowser.get(removed.headers.location as string)).body).toContain('Invito ritirato.');
    expect(await t.db.k.selectFrom('oidc_invitations').selectAll().execute()).toHaveLength(0);
    const missing = await adminBrowser.post(`${settings()}/invitations/remove`, { email: 'paolo@prato.example' }, { from: settings() });
    expect(missing.statusCode).toBe(303);
    expect(missing.headers.location).toBe(settings());
  });

  it('a callback without the browser’s pending sign-in, or with a forged state, is refused without a session', async () => {
    const b = new Browser(t.app);
    const start = await b.get(`/login/oidc/${prato}`);
    const back = await signInAtProvider(start.headers.location as string, 'marco', callbackBase);
    // Another browser (no flow cookie) presenting the code.
    const stranger = new Browser(t.app);
    const res = await stranger.get(`${back.pathname}${back.search}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('è scaduto o non è valido');
    // The right browser with a forged state.
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged');
    const bad = await b.get(`${forged.pathname}${forged.search}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('non è riuscito');
    expect((await b.get('/admin')).statusCode).toBe(303);
    // An error answered by the provider (the person cancelled).
    const c = new Browser(t.app);
    await c.get(`/login/oidc/${prato}`);
    const cancelled = await c.get('/login/oidc/callback?error=access_denied&state=x');
    expect(cancelled.statusCode).toBe(400);
  });

  it('an organisation without a provider, or an unknown one, answers 404 with a message', async () => {
    const b = new Browser(t.app);
    const res = await b.get(`/login/oidc/${firenze}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('non ha un accesso con fornitore di identità attivo');
    expect((await b.get('/login/oidc/non-un-id')).statusCode).toBe(404);
  });

  it('an admin with two-step verification still gives the code after the provider', async () => {
    // Anna turns it on from her account.
    await adminBrowser.post('/account/2fa/start', {}, { from: '/account/2fa' });
    const setup = await adminBrowser.get('/account/2fa');
    const secret = (/id="totp-secret">([A-Z2-7 ]+)</.exec(setup.body) as RegExpExecArray)[1].replace(/\s/g, '');
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    expect((await adminBrowser.post('/account/2fa/confirm', { code: totp.generate() }, { from: '/account/2fa' })).statusCode).toBe(200);

    const b = new Browser(t.app);
    const back = await signInThroughProvider(b, 'anna');
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/login/2fa');
    expect((await b.get('/admin')).statusCode).toBe(303);
    const done = await b.post('/login/2fa', { code: totp.generate({ timestamp: Date.now() + 30_000 }) }, { from: '/login/2fa' });
    expect(done.statusCode).toBe(303);
    expect((await b.get('/admin')).statusCode).toBe(200);
  });

  it('turning the button off hides it and refuses the sign-in', async () => {
    const off = await adminBrowser.post(
      settings(),
      { label: 'Account del Comune di Prato', issuer: idp.issuer, clientId: idp.clientId, clientSecret: '' },
      { from: settings() },
    );
    expect(off.statusCode).toBe(303);
    const b = new Browser(t.app);
    expect((await b.get('/login')).body).not.toContain('Accedi con Account del Comune di Prato');
    expect((await b.get(`/login/oidc/${prato}`)).statusCode).toBe(404);
    // Password sign-in stays.
    expect((await b.post('/login', { email: 'marco.rossi@prato.example', password: PASSWORD })).statusCode).toBe(303);
  });
});
