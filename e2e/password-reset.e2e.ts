import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createDemoDb, type TestDb, testConfig } from '../test/helpers.js';
import { TestSmtp } from '../test/mail.js';
import { expectPageOk, field, launchBrowser, newPage, SCREENSHOT_DIR } from './helpers.js';

const EMAIL = 'staff@prato.example';
const NEW_PASSWORD = 'fiume lampada ventoso arancia';

let db: TestDb;
let app: FastifyInstance;
let smtp: TestSmtp;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  smtp = new TestSmtp();
  const smtpUrl = await smtp.start();
  db = await createDemoDb('sqlite');
  app = await buildApp({ config: testConfig({ databaseUrl: db.url, smtpUrl }), db: db.db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.cleanup();
  await smtp?.stop();
});

describe('a forgotten password', () => {
  it('is reset from the sign-in page, on a phone, with no axe violation on any page', async () => {
    const { context, page, problems } = await newPage(browser, baseUrl, { viewport: { width: 320, height: 800 } });
    const check = (label: string) => expectPageOk(page, problems, label, { prefix: 'password-reset', maxWidth: 320 });
    try {
      await page.goto('/login');
      await check('login');
      await page.getByRole('link', { name: 'Password dimenticata?' }).click();
      await page.waitForURL(/\/password\/forgot$/);
      await page.getByRole('heading', { name: 'Password dimenticata' }).waitFor();
      await check('forgot');

      await field(page, 'Indirizzo e-mail o numero di cellulare').fill(EMAIL);
      await page.getByRole('button', { name: 'Mandami il link' }).click();
      await page.getByText("Se l'indirizzo corrisponde a un account").waitFor();
      await check('forgot-sent');

      for (let i = 0; i < 5 && (await app.deps.jobs.runDue()) > 0; i++);
      const [mail] = smtp.to(EMAIL);
      expect(mail?.subject).toBe('Ponte: imposta una nuova password');
      const path = /\/password\/reset\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
      expect(path).toBeDefined();

      await page.goto(path!);
      await page.getByRole('heading', { name: 'Scegli una nuova password' }).waitFor();
      await check('new-password');

      // A common password is refused on the page, saying what to do.
      await field(page, 'Nuova password').fill('password1234');
      await field(page, 'Ripeti la nuova password').fill('password1234');
      await page.getByRole('button', { name: 'Salva la password' }).click();
      await page.getByText('questa password è troppo comune').first().waitFor();
      await check('new-password-refused');

      await field(page, 'Nuova password').fill(NEW_PASSWORD);
      await field(page, 'Ripeti la nuova password').fill(NEW_PASSWORD);
      await Promise.all([page.waitForURL(/\/password\/saved$/), page.getByRole('button', { name: 'Salva la password' }).click()]);
      await page.getByText('La nuova password è salvata').waitFor();
      await check('saved');

      await page.getByRole('link', { name: 'Accedi' }).last().click();
      await page.waitForURL(/\/login$/);
      await field(page, 'E-mail o numero di cellulare').fill(EMAIL);
      await field(page, 'Password').fill(NEW_PASSWORD);
      await Promise.all([page.waitForURL(/\/admin$/), page.getByRole('button', { name: 'Accedi' }).click()]);

      // The link worked once.
      await page.goto(path!);
      await page.getByRole('heading', { name: 'Link non valido' }).waitFor();
      await check('link-used');
    } finally {
      await context.close();
    }
  });
});
