import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENTS } from '../src/modules/webhooks/service.js';
import { verifySignature } from '../src/modules/webhooks/signing.js';
import { Receiver } from '../test/webhooks/receiver.js';
import { DEMO_PASSWORD, expectPageOk, launchBrowser, newPage, type RunningServer, SCREENSHOT_DIR, startServer } from './helpers.js';

/**
 * Webhooks in a real browser at 320 px: an organisation administrator subscribes a local
 * receiver, is refused a URL that is not http(s), copies the secret shown once, sends a test ping
 * that the receiver can verify, and pauses the subscription. Every page passes axe.
 */

const WIDTH = 320;
const ADMIN = 'agenda.digitale@prato.example';

let server: RunningServer;
let browser: Browser;
const rx = new Receiver();

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await rx.start();
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rx.stop();
});

const check = (page: Page, problems: string[], label: string) =>
  expectPageOk(page, problems, label, { prefix: 'webhooks', maxWidth: WIDTH });

/** Bootstrap Italia draws the box on the label, which takes the click, as it does for a person. */
async function tick(page: Page, event: string, on: boolean): Promise<void> {
  if ((await page.locator(`[id="f-events-${event}"]`).isChecked()) !== on) await page.locator(`label[for="f-events-${event}"]`).click();
}

describe(`webhooks at ${WIDTH} px`, () => {
  it('an administrator subscribes a receiver, sees the secret once, sends a verified test ping and pauses it', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 720 } });
    try {
      await page.goto('/login');
      await page.getByLabel(/^E-mail o numero di cellulare/).fill(ADMIN);
      await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
      await Promise.all([page.waitForURL('**/admin'), page.getByRole('button', { name: 'Accedi' }).click()]);

      await page.goto(`/admin/organisations/${server.ids.organisations.prato}`);
      await Promise.all([page.waitForURL('**/webhooks'), page.getByRole('link', { name: 'Webhook', exact: true }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Webhook');
      await check(page, problems, 'list-empty');

      await Promise.all([page.waitForURL('**/webhooks/new'), page.getByRole('link', { name: 'Nuovo webhook' }).click()]);
      await check(page, problems, 'new');

      // A URL that is not http(s), and no event chosen: the form comes back with both errors.
      await page.getByLabel(/^Indirizzo che riceve le notifiche/).fill('ftp://gestionale.example.org/ponte');
      for (const e of WEBHOOK_EVENTS) await tick(page, e, false);
      await page.getByRole('button', { name: 'Crea il webhook' }).click();
      await page.getByRole('alert').first().waitFor();
      expect(await page.locator('#e-url').textContent()).toContain('https://');
      expect(await page.locator('#e-events').textContent()).toBe('scegli almeno un tipo di evento');
      await check(page, problems, 'new-errors');

      await page.getByLabel(/^Indirizzo che riceve le notifiche/).fill(`${rx.url}/ponte`);
      await tick(page, 'registration.created', true);
      await tick(page, 'registration.checked_in', true);
      await page.getByLabel(/^Descrizione/).fill('Gestionale presenze');
      await page.getByRole('button', { name: 'Crea il webhook' }).click();
      await page.getByRole('heading', { level: 1, name: 'Gestionale presenze' }).waitFor();
      const secret = await page.getByLabel('Segreto', { exact: true }).inputValue();
      expect(secret).toMatch(/^whsec_/);
      await check(page, problems, 'created-with-secret');

      await Promise.all([page.waitForURL('**?notice=pinged'), page.getByRole('button', { name: 'Invia una richiesta di prova' }).click()]);
      expect(await page.getByLabel('Segreto', { exact: true }).count()).toBe(0);
      await server.app.deps.jobs.runDue();
      expect(rx.received).toHaveLength(1);
      const [ping] = rx.received;
      expect(verifySignature(secret, ping.headers['ponte-signature'] as string, ping.body, Math.floor(Date.now() / 1000))).toMatchObject({
        ok: true,
      });
      await page.reload();
      expect(await page.getByRole('listitem').filter({ hasText: 'ping' }).textContent()).toContain('Consegnata');
      await check(page, problems, 'log');

      await Promise.all([page.waitForURL('**?notice=paused'), page.getByRole('button', { name: 'Metti in pausa' }).click()]);
      expect(await page.getByRole('status').textContent()).toContain('in pausa');
      await check(page, problems, 'paused');

      await page.goto(`/admin/organisations/${server.ids.organisations.prato}/webhooks`);
      expect(await page.getByRole('listitem').filter({ hasText: 'Gestionale presenze' }).textContent()).toContain('In pausa');
      await check(page, problems, 'list');
    } finally {
      await context.close();
    }
  });
});
