import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../src/modules/facilitation/fiscal-code.js';
import { expectPageOk, field, launchBrowser, newPage, type RunningServer, SCREENSHOT_DIR, signIn, startServer } from './helpers.js';

/**
 * Facilitation in a real browser on a 320 px phone: a facilitator records a service for a new
 * citizen, then for the same citizen coming back (recognised by the codice fiscale, profile
 * pre-filled); programme staff open the dashboard, filter it by municipality and download the
 * national export. axe finds no violation on the form and on the dashboard.
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

const check = (page: Page, problems: string[], label: string, axe = true) =>
  expectPageOk(page, problems, label, { prefix: 'facilitation', axe, maxWidth: 320 });

/** Ticks a checkbox or radio the way a person does: Bootstrap Italia draws the box on its label. */
async function tick(box: Locator): Promise<void> {
  await box.scrollIntoViewIfNeeded();
  for (let attempt = 0; attempt < 3 && !(await box.isChecked()); attempt++) {
    // A forced check can land while the page is still scrolling the box into view; a click on the
    // element itself is what a person's tap on the drawn label amounts to.
    if (attempt === 0) await box.check({ force: true }).catch(() => undefined);
    else await box.evaluate((input: HTMLInputElement) => input.click());
  }
  expect(await box.isChecked()).toBe(true);
}

/** A well-formed codice fiscale nobody in the demo has: a woman born in Prato on 3 March 1961. */
const BODY = 'NRIGLI61C43G999';
const CF = BODY + checkCharacter(BODY);

describe('facilitation at 320 px', () => {
  it('a facilitator records a service for a new citizen, then for the same citizen coming back', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: 320, height: 720 } });
    try {
      await signIn(page, 'facilitatore@prato.example');
      await page.goto('/admin/facilitazioni/nuova');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Registra un servizio di facilitazione');
      await check(page, problems, 'form');

      // A new citizen: the code is looked up first, then the rest of the form is filled in.
      await field(page, 'Codice fiscale').fill(CF);
      await page.getByRole('button', { name: 'Cerca il cittadino' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Nuovo cittadino');
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('donna, fascia di età da 55 a 74');
      await field(page, 'Programma').selectOption(server.ids.programmes.prato);
      await field(page, 'Sede o punto di facilitazione').selectOption({ label: 'Circolo Arci di Coiano' });
      await field(page, 'Durata (ore:minuti)').fill('00:25');
      await tick(page.getByRole('group', { name: 'Tipo di servizio' }).getByLabel('Facilitazione individuale'));
      await tick(page.getByLabel('Identità digitale (SPID, CIE, CNS)'));
      await tick(page.getByRole('group', { name: 'Servizi pubblici digitali trattati' }).getByLabel('App IO'));
      await field(page, 'Titolo di studio').selectOption('B');
      await field(page, 'Condizione occupazionale').selectOption('G');
      await tick(page.getByRole('group', { name: 'Cittadinanza' }).getByLabel('Italiana'));
      await field(page, 'Provincia di domicilio').fill('Prato');
      await tick(page.getByRole('group', { name: 'Come è stato raccolto' }).getByLabel('Modulo cartaceo firmato'));
      await Promise.all([page.waitForURL(/saved=/), page.getByRole('button', { name: 'Registra il servizio' }).click()]);
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Servizio registrato per un nuovo cittadino.');
      await check(page, problems, 'form-saved');

      // The same citizen comes back: the code alone brings back the profile.
      await field(page, 'Codice fiscale').fill(CF.toLowerCase());
      await page.getByRole('button', { name: 'Cerca il cittadino' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Cittadino già registrato');
      expect(await field(page, 'Titolo di studio').inputValue()).toBe('B');
      expect(await field(page, 'Provincia di domicilio').inputValue()).toBe('Prato');
      // Programme, venue, duration and kind are remembered from the last service.
      expect(await field(page, 'Durata (ore:minuti)').inputValue()).toBe('00:25');
      await tick(page.getByLabel('Proteggere i dispositivi (password, phishing)'));
      await tick(page.getByRole('group', { name: 'Servizi pubblici digitali trattati' }).getByLabel('pagoPA'));
      await Promise.all([page.waitForURL(/saved=/), page.getByRole('button', { name: 'Registra il servizio' }).click()]);
      await expect
        .poll(() => page.getByRole('status').first().textContent())
        .toContain('Servizio registrato per un cittadino già servito.');

      await page.goto('/admin/facilitazioni');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('I miei servizi di facilitazione');
      await check(page, problems, 'my-records');
    } finally {
      await context.close();
    }
  });

  it('staff open the dashboard, filter by municipality and download the national export', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, {
      viewport: { width: 320, height: 720 },
      acceptDownloads: true,
    });
    try {
      await signIn(page, 'staff@consorzio.example');
      const programme = server.ids.programmes.consorzio;
      await page.goto(`/admin/programmes/${programme}`);
      await Promise.all([page.waitForURL(/cruscotto/), page.getByRole('link', { name: /Cruscotto dei servizi di facilitazione/ }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cruscotto: Facilitazione Digitale Cremasco');
      await check(page, problems, 'dashboard');
      const all = Number((await page.locator('.ponte-kpis dd').first().textContent())?.replace(/\D/g, ''));
      expect(all).toBeGreaterThan(0);

      await field(page, 'Comune').selectOption({ label: 'Pandino' });
      await Promise.all([page.waitForURL(/municipality=019067/), page.getByRole('button', { name: 'Aggiorna' }).click()]);
      const pandino = Number((await page.locator('.ponte-kpis dd').first().textContent())?.replace(/\D/g, ''));
      expect(pandino).toBeGreaterThan(0);
      expect(pandino).toBeLessThan(all);
      await expect.poll(() => page.getByRole('table', { name: /per comune/i }).textContent()).not.toContain('Crema');
      await check(page, problems, 'dashboard-pandino');

      await Promise.all([
        page.waitForURL(/\/export/),
        page.getByRole('link', { name: 'Esportazione per la piattaforma nazionale' }).click(),
      ]);
      await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/servizi nel periodo: .* 0 verrebbero scartati/);
      await check(page, problems, 'export');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Scarica il file per il caricamento massivo' }).click(),
      ]);
      const file = readFileSync((await download.path())!, 'utf8');
      const lines = file.trim().split('\r\n');
      expect(lines[0]).toBe(
        'IDFacilitatore,NominativoFacilitatore,IDSede,NominativoSede,AN1,AN2,AN3,AN4,AN5,AN6,AN7,AN8,AN9,AN10,AN11,AN12,AN14,AN17,PR1,PR2,SE1,SE2,SE3,SE4,SE5,SE6,SE7,ES1,ES2,ES3,ES4,ES5,ES6',
      );
      expect(lines.length).toBeGreaterThan(10);
      // The facilitator and points as the national platform knows them, and the citizen's names.
      expect(lines[1]).toMatch(/^40981,Garatti Andrea,3124[56],[^,]+,[^,]+,[^,]+,[A-Z0-9]{16},NO,/);
    } finally {
      await context.close();
    }
  });
});
