import { mkdirSync } from 'node:fs';
import * as OTPAuth from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAtProvider, startProvider, type TestProvider } from '../test/accounts/oidc-provider.js';
import {
  DEMO_PASSWORD,
  expectPageOk,
  field,
  launchBrowser,
  newPage,
  type RunningServer,
  SCREENSHOT_DIR,
  signIn,
  startServer,
} from './helpers.js';

const ADMIN = 'agenda.digitale@prato.example';
const STAFF = 'staff@prato.example';
const PREFIX = 'accounts';

let server: RunningServer;
let browser: Browser;
let idp: TestProvider;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  server = await startServer();
  // The provider sends people back to this server's own address.
  server.app.deps.config.baseUrl = server.baseUrl;
  idp = await startProvider({
    redirectUris: [`${server.baseUrl}/login/oidc/callback`],
    people: { 'marco.rossi': { email: STAFF, name: 'Marco Rossi' } },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await server?.close();
});

async function signOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(`${server.baseUrl}/`), page.getByRole('button', { name: 'Esci' }).click()]);
}

describe('sign-in through the organisation’s identity provider', () => {
  it('the admin sets the provider up, then a staff member signs in through the provider’s login page', async () => {
    const admin = await newPage(browser, server.baseUrl);
    await signIn(admin.page, ADMIN);
    await admin.page.goto(`/admin/organisations/${server.ids.organisations.prato}/members`);
    await admin.page.getByRole('link', { name: 'Accesso con il fornitore di identità (OpenID Connect)' }).click();
    await admin.page.waitForURL(/\/sign-in$/);
    await expectPageOk(admin.page, admin.problems, 'oidc-settings', { prefix: PREFIX });
    await field(admin.page, 'Nome sul pulsante').fill('Account del Comune di Prato');
    await field(admin.page, 'Emittente (issuer)').fill(idp.issuer);
    await field(admin.page, 'Identificativo del client (client ID)').fill(idp.clientId);
    await field(admin.page, 'Segreto del client (client secret)').fill(idp.clientSecret);
    await Promise.all([admin.page.waitForURL(/done=saved/), admin.page.getByRole('button', { name: 'Salva' }).click()]);
    await expect(admin.page.getByRole('status').textContent()).resolves.toContain('Impostazioni salvate.');
    await expectPageOk(admin.page, admin.problems, 'oidc-settings-saved', { prefix: PREFIX });
    await admin.context.close();

    const staff = await newPage(browser, server.baseUrl, { viewport: { width: 320, height: 720 } });
    await staff.page.goto('/login');
    await expectPageOk(staff.page, staff.problems, 'login-with-provider', { prefix: PREFIX, maxWidth: 320 });
    await Promise.all([
      staff.page.waitForURL(`${idp.issuer}/**`),
      staff.page.getByRole('link', { name: 'Accedi con Account del Comune di Prato' }).click(),
    ]);
    // The provider's own login page (not Ponte's: axe is not run on it).
    await staff.page.locator('input[name="login"]').fill('marco.rossi');
    await staff.page.locator('input[name="password"]').fill('qualsiasi');
    // The provider's page asks for a web font it cannot reach here: its troubles are not Ponte's.
    await staff.page.waitForLoadState('networkidle');
    staff.problems.length = 0;
    await Promise.all([staff.page.waitForURL(`${server.baseUrl}/admin`), staff.page.getByRole('button', { name: 'Sign-in' }).click()]);
    expect(await staff.page.getByRole('heading', { level: 1 }).textContent()).toBe('Area riservata');
    await expectPageOk(staff.page, staff.problems, 'signed-in-through-provider', { prefix: PREFIX, maxWidth: 320 });
    await staff.context.close();
  });

  it('an address the organisation does not know is refused with a clear page', async () => {
    const visitor = await newPage(browser, server.baseUrl);
    const start = await visitor.page.request.get(`/login/oidc/${server.ids.organisations.prato}`, { maxRedirects: 0 });
    // The provider's trip done outside the page; the answer of Ponte is looked at in the browser.
    const cookies = await visitor.context.cookies();
    expect(cookies.some((c) => c.name === 'ponte_oidc')).toBe(true);
    const back = await signInAtProvider(start.headers().location, 'sconosciuto', `${server.baseUrl}/login/oidc/callback`);
    const res = await visitor.page.goto(back.href);
    expect(res?.status()).toBe(403);
    await expect(visitor.page.getByRole('alert').textContent()).resolves.toContain('non corrisponde a nessuna persona di Comune di Prato');
    await expectPageOk(visitor.page, visitor.problems, 'provider-refused', { prefix: PREFIX });
    await visitor.context.close();
  });
});

describe('two-step verification', () => {
  it('an admin turns it on from the account page, keeps the recovery codes and signs in again with a code', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl);
    await signIn(page, ADMIN);
    await page.goto('/account');
    await page.getByRole('link', { name: 'Verifica in due passaggi' }).click();
    await page.waitForURL('**/account/2fa');
    await expectPageOk(page, problems, 'totp-off', { prefix: PREFIX });
    await Promise.all([
      page.waitForURL('**/account/2fa'),
      page.getByRole('button', { name: 'Attiva la verifica in due passaggi' }).click(),
    ]);
    await expect(page.getByRole('img', { name: 'Codice QR da inquadrare con l’app di autenticazione' }).count()).resolves.toBe(1);
    await expectPageOk(page, problems, 'totp-setup', { prefix: PREFIX });

    // What an authenticator app does with the key shown as text.
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    await field(page, 'Codice di 6 cifre').fill(totp.generate());
    await Promise.all([page.waitForURL('**/account/2fa/confirm'), page.getByRole('button', { name: 'Conferma e attiva' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Codici di recupero');
    await expect(page.locator('ol.ponte-recovery-codes li').count()).resolves.toBe(10);
    await expectPageOk(page, problems, 'totp-recovery-codes', { prefix: PREFIX });
    await page.getByRole('link', { name: 'Continua' }).click();
    await page.waitForURL('**/account/2fa');
    await expect(page.getByText('La verifica in due passaggi è attiva.').count()).resolves.toBe(1);
    await context.close();

    // Signing in again, on a phone: the password, then the code.
    const phone = await newPage(browser, server.baseUrl, { viewport: { width: 320, height: 720 } });
    await phone.page.goto('/login');
    await field(phone.page, 'E-mail o numero di cellulare').fill(ADMIN);
    await field(phone.page, 'Password').fill(DEMO_PASSWORD);
    await Promise.all([phone.page.waitForURL('**/login/2fa'), phone.page.getByRole('button', { name: 'Accedi', exact: true }).click()]);
    await expectPageOk(phone.page, phone.problems, 'totp-second-step', { prefix: PREFIX, maxWidth: 320 });
    await field(phone.page, 'Codice di 6 cifre').fill('000000' === totp.generate({ timestamp: Date.now() + 30_000 }) ? '111111' : '000000');
    await phone.page.getByRole('button', { name: 'Verifica', exact: true }).click();
    await phone.page.waitForLoadState();
    await expect(phone.page.getByRole('alert').first().textContent()).resolves.toContain('Il codice non è corretto');
    await expectPageOk(phone.page, phone.problems, 'totp-wrong-code', { prefix: PREFIX, maxWidth: 320 });
    await field(phone.page, 'Codice di 6 cifre').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await Promise.all([
      phone.page.waitForURL(`${server.baseUrl}/admin`),
      phone.page.getByRole('button', { name: 'Verifica', exact: true }).click(),
    ]);
    expect(await phone.page.getByRole('heading', { level: 1 }).textContent()).toBe('Area riservata');
    await signOut(phone.page);
    await phone.context.close();
  });
});
