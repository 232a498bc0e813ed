import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectPageOk, field, launchBrowser, newPage, type RunningServer, SCREENSHOT_DIR, signIn, startServer } from './helpers.js';

/**
 * Partnerships in a real browser at 320 px: the Comune di Gussago asks Consorzio.it to be its
 * partner; until Consorzio.it's admin accepts, Gussago's event form does not offer the consortium's
 * rooms; after, it does. axe finds no violation on either side's page.
 */

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const check = (page: Page, problems: string[], label: string) =>
  expectPageOk(page, problems, label, { prefix: 'partnerships', maxWidth: 320 });

/** The names of the venues Gussago's new-event form offers. */
async function venueChoices(page: Page, gussago: string): Promise<string> {
  await page.goto(`/admin/organisations/${gussago}/events/new`);
  return (await page.locator('select[name="venue"]').textContent()) ?? '';
}

describe('partnerships at 320 px', () => {
  it('one organisation asks, the other accepts, and only then are its venues offered', async () => {
    const gussago = server.ids.organisations.gussago;
    const consorzio = server.ids.organisations.consorzio;
    const viewport = { viewport: { width: 320, height: 720 } };

    const asker = await newPage(browser, server.baseUrl, viewport);
    const named = await newPage(browser, server.baseUrl, viewport);
    try {
      // Gussago asks.
      await signIn(asker.page, 'urp@gussago.example');
      await asker.page.goto(`/admin/organisations/${gussago}`);
      await Promise.all([
        asker.page.waitForURL(/\/partnerships$/),
        asker.page.getByRole('link', { name: 'Partnership', exact: true }).click(),
      ]);
      await check(asker.page, asker.problems, 'asker-empty');
      await field(asker.page, 'Organizzazione').selectOption({ label: 'Consorzio.it' });
      await Promise.all([
        asker.page.waitForURL(/done=requested/),
        asker.page.getByRole('button', { name: 'Chiedi una partnership' }).click(),
      ]);
      expect(await asker.page.getByRole('status').first().textContent()).toContain('Richiesta inviata');
      const sent = asker.page.locator('li.ponte-card', { hasText: 'Consorzio.it' });
      expect(await sent.getByRole('button', { name: 'Ritira la richiesta' }).count()).toBe(1);
      await check(asker.page, asker.problems, 'asker-requested');
      expect(await venueChoices(asker.page, gussago)).not.toContain('Sala Civica di Pandino');

      // Consorzio.it's admin sees the request and accepts it.
      await signIn(named.page, 'staff@consorzio.example');
      await named.page.goto(`/admin/organisations/${consorzio}`);
      expect(await named.page.getByRole('status').first().textContent()).toContain(
        'Richieste di partnership in attesa della vostra risposta: 1.',
      );
      await Promise.all([
        named.page.waitForURL(/\/partnerships$/),
        named.page.getByRole('link', { name: 'Richieste da esaminare' }).click(),
      ]);
      await check(named.page, named.problems, 'named-pending');
      await Promise.all([named.page.waitForURL(/done=accepted/), named.page.getByRole('button', { name: 'Accetta' }).click()]);
      expect(await named.page.getByRole('status').first().textContent()).toContain('Partnership accettata.');
      const active = named.page.locator('li.ponte-card', { hasText: 'Comune di Gussago' });
      expect(await active.getByRole('button', { name: 'Termina la partnership' }).count()).toBe(1);
      await check(named.page, named.problems, 'named-accepted');

      // Gussago's event form now offers the consortium's rooms.
      const choices = await venueChoices(asker.page, gussago);
      expect(choices).toContain('Sala Civica di Pandino');
      expect(choices).toContain('Consorzio.it');
    } finally {
      await asker.context.close();
      await named.context.close();
    }
  });
});
