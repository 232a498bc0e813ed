import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, expectPageOk, field, launchBrowser, newPage, type RunningServer, SCREENSHOT_DIR, startServer } from './helpers.js';

/**
 * A facilitator finds the work, on a 320 px phone: signing in lands on "I miei servizi", whose
 * first element is the button to record a service; they record one for a programme that does not
 * report nationally (no codice fiscale, no names) and find it in their list. axe finds no
 * violation on the list, the form and the list with the new service.
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
  expectPageOk(page, problems, label, { prefix: 'facilitation-landing', maxWidth: 320 });

/**
 * Ticks a checkbox or radio the way a person does: Bootstrap Italia draws the box on its label.
 * Scrolled to first, as a person would: the page scrolls smoothly, and a click computed while it
 * still moves lands elsewhere.
 */
async function tick(box: Locator): Promise<void> {
  await box.scrollIntoViewIfNeeded();
  if (!(await box.isChecked())) await box.check({ force: true });
  expect(await box.isChecked()).toBe(true);
}

/** Today in Rome, as the form's date fields want it. */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());

describe('a facilitator finds the work at 320 px', () => {
  it('lands on "I miei servizi", records a service from its first button and sees it in the list', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: 320, height: 720 } });
    try {
      // Signing in from the login page, with nowhere else asked for.
      await page.goto('/login');
      await field(page, 'E-mail o numero di cellulare').fill('facilitatore@prato.example');
      await field(page, 'Password').fill(DEMO_PASSWORD);
      await Promise.all([page.waitForURL(/\/admin\/facilitazioni$/), page.getByRole('button', { name: 'Accedi' }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('I miei servizi di facilitazione');

      // The first link in the page's content, after its title, records a new service.
      const main = page.getByRole('main');
      const first = main.locator('h1 ~ * a, h1 ~ * button').first();
      expect((await first.textContent())?.trim()).toBe('Registra un nuovo servizio');
      const before = await main.locator('ul.list-unstyled > li').count();
      await check(page, problems, 'mine');

      await Promise.all([page.waitForURL(/\/admin\/facilitazioni\/nuova$/), first.click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Registra un servizio di facilitazione');
      await check(page, problems, 'form');

      // Prato's own programme: no national reporting, so no codice fiscale and no names.
      await field(page, 'Programma').selectOption(server.ids.programmes.prato);
      await field(page, 'Sede o punto di facilitazione').selectOption({ label: 'Casa del Popolo di Narnali' });
      await field(page, 'Data del servizio').fill(today());
      await field(page, 'Durata (ore:minuti)').fill('00:35');
      await tick(page.getByRole('group', { name: 'Tipo di servizio' }).getByLabel('Facilitazione individuale'));
      await tick(page.getByLabel('Identità digitale (SPID, CIE, CNS)'));
      await tick(page.getByRole('group', { name: 'Servizi pubblici digitali trattati' }).getByLabel('Fascicolo sanitario elettronico'));
      await field(page, 'Titolo di studio').selectOption('C');
      await field(page, 'Condizione occupazionale').selectOption('G');
      await tick(page.getByRole('group', { name: 'Cittadinanza' }).getByLabel('Italiana'));
      await field(page, 'Provincia di domicilio').fill('Prato');
      await page.getByText('Senza codice fiscale: genere e fascia di età').click();
      await field(page, 'Genere (senza codice fiscale)').selectOption('F');
      await field(page, 'Fascia di età (senza codice fiscale)').selectOption('55-74');
      await tick(page.getByRole('group', { name: 'Come è stato raccolto' }).getByLabel('Modulo cartaceo firmato'));
      await field(page, 'Data del consenso').fill(today());
      await Promise.all([page.waitForURL(/saved=/), page.getByRole('button', { name: 'Registra il servizio' }).click()]);
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Servizio registrato');

      // Back to the list through the breadcrumb: the new service is there.
      await Promise.all([
        page.waitForURL(/\/admin\/facilitazioni$/),
        page.getByRole('main').getByRole('link', { name: 'I miei servizi di facilitazione' }).click(),
      ]);
      const items = main.locator('ul.list-unstyled > li');
      expect(await items.count()).toBe(Math.min(before + 1, 50));
      const mine = items.filter({ hasText: '00:35' }).filter({ hasText: 'Casa del Popolo di Narnali' });
      expect(await mine.count()).toBe(1);
      expect(await mine.textContent()).toContain('Agenda Digitale Prato');
      await check(page, problems, 'mine-after');
    } finally {
      await context.close();
    }
  });
});
