import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const RUNS = 60;
const PASSWORD = 'una-password-lunga-e-sicura';

const anyValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.constantFrom('', '123456', '12345678901234567890', 'abcd-efgh-ijkl-mnop', '\u0000', '<script>', '%00', '../../'),
);

describe.each(DIALECTS)('sign-in forms with any input (%s)', (dialect) => {
  let t: TestApp;
  let org: string;
  let admin: Browser;

  beforeAll(async () => {
    // Many attempts in a minute: the rate limit would answer before the forms do.
    t = await createTestApp(dialect, { loginRateLimitMax: 100_000 });
    org = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    await createUser(t.db, {
      email: 'admin@prato.example',
      name: 'Anna Bianchi',
      role: 'org-admin',
      organisation: org,
      password: PASSWORD,
    });
    admin = new Browser(t.app);
    await admin.signIn('admin@prato.example', PASSWORD);
  });
  afterAll(() => t.close());

  const send = (b: Browser, url: string, payload: Record<string, unknown>, csrf: string) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: b.cookieHeader, 'x-csrf-token': csrf }, payload });

  it('the identity provider settings and invitations answer a 4xx to anything wrong and write nothing', async () => {
    const csrf = await admin.csrf(`/admin/organisations/${org}/sign-in`);
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { label: anyValue, issuer: anyValue, clientId: anyValue, clientSecret: anyValue, enabled: anyValue },
          { requiredKeys: [] },
        ),
        fc.record({ 'invite-name': anyValue, 'invite-email': anyValue, 'invite-role': anyValue }, { requiredKeys: [] }),
        async (settings, invitation) => {
          const a = await send(admin, `/admin/organisations/${org}/sign-in`, settings, csrf);
          expect(a.statusCode, a.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
          expect(a.statusCode).toBeLessThan(500);
          expect(await t.db.k.selectFrom('oidc_providers').selectAll().execute()).toHaveLength(0);
          const b = await send(admin, `/admin/organisations/${org}/sign-in/invitations`, invitation, csrf);
          expect(b.statusCode, b.body.slice(0, 300)).toBeLessThan(500);
          const rows = await t.db.k.selectFrom('oidc_invitations').selectAll().execute();
          if (b.statusCode !== 303) expect(rows).toHaveLength(0);
          await t.db.k.deleteFrom('oidc_invitations').execute();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the second step and the provider’s callback answer a 4xx to anything, and no session appears', async () => {
    // Turn the second factor on for the admin, with a key nobody else knows.
    await admin.post('/account/2fa/start', {}, { from: '/account/2fa' });
    const { confirmEnrolment } = await import('../../src/modules/accounts/totp.js');
    const OTPAuth = await import('otpauth');
    const { unseal } = await import('../../src/modules/accounts/sealed.js');
    const row = await t.db.k.selectFrom('user_totp').selectAll().executeTakeFirstOrThrow();
    const secret = unseal(t.config, 'totp-secret', row.secret_enc);
    await confirmEnrolment(t.db, t.config, row.user_id, new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate());
    const sessions = async () => (await t.db.k.selectFrom('sessions').select('id').where('user_id', '=', row.user_id).execute()).length;
    const before = await sessions();

    const b = new Browser(t.app);
    await b.post('/login', { email: 'admin@prato.example', password: PASSWORD });
    const csrf = await b.csrf('/login/2fa');
    await fc.assert(
      fc.asyncProperty(
        fc.record({ code: anyValue, recovery: anyValue }, { requiredKeys: [] }),
        fc.dictionary(fc.constantFrom('code', 'state', 'error', 'iss', 'session_state'), fc.string({ maxLength: 40 })),
        async (form, query) => {
          const res = await send(b, '/login/2fa', form, csrf);
          expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          const callback = await b.get(`/login/oidc/callback?${new URLSearchParams(query)}`);
          expect(callback.statusCode).toBe(400);
          expect(await sessions()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
