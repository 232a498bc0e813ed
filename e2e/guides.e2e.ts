import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectPageOk, field, launchBrowser, newPage, type RunningServer, SCREENSHOT_DIR, signIn, startServer } from './helpers.js';

/**
 * The service guides in a real browser: a citizen searches "carta identita" (no accent, no
 * apostrophe) and finds the CIE sheet; an editor withdraws a sheet, rewrites it, sees the
 * readability score change, publishes it and restores the old version. The catalogue, the search
 * results, a sheet and the editor pass axe at 320 px and on a desktop.
 */

const EDITOR_EMAIL = 'staff@firenze.example';
const HARD_TEXT =
  "La presentazione della dichiarazione anagrafica di trasferimento della residenza presuppone l'effettiva dimora abituale nell'abitazione indicata, circostanza soggetta ad accertamento da parte della Polizia Municipale competente per territorio secondo le modalità previste dalla normativa vigente.";

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

const checkPage = (page: Page, problems: string[], label: string, opts: { axe?: boolean; maxWidth?: number } = {}) =>
  expectPageOk(page, problems, label, { prefix: 'guides', ...opts });

/** A form field by its visible label; required fields add an asterisk hidden from screen readers. */

async function bodyScore(page: Page): Promise<number> {
  return Number(await page.locator('#read-body').getAttribute('data-score'));
}

async function searchCie(page: Page, check: (label: string) => Promise<void>): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: /Guide ai servizi digitali/ }).click();
  await page.waitForURL('**/servizi');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Guide ai servizi digitali');
  await check('catalogue');

  await field(page, 'Cerca un servizio').fill('carta identita');
  await Promise.all([page.waitForURL('**/servizi?q=carta+identita*'), page.getByRole('button', { name: 'Cerca' }).click()]);
  const results = page.getByRole('region', { name: /schede trovate per «carta identita»/ });
  const first = results.getByRole('listitem').first().getByRole('link');
  expect(await first.textContent()).toBe("CIE, la carta d'identità elettronica");
  await check('search-results');

  await Promise.all([page.waitForURL('**/servizi/carta-identita-elettronica'), first.click()]);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe("CIE, la carta d'identità elettronica");
  await expect(page.getByRole('link', { name: /Vai al servizio online/ }).getAttribute('href')).resolves.toBe(
    'https://www.cartaidentita.interno.gov.it',
  );
  await expect(page.getByRole('heading', { name: 'Passo per passo' }).count()).resolves.toBe(1);
  await expect(page.getByRole('heading', { name: 'Dove trovare aiuto vicino a te' }).count()).resolves.toBe(1);
  await check('sheet');
}

async function editAndRestore(page: Page, sheetName: string, slug: string, check: (label: string) => Promise<void>): Promise<void> {
  await signIn(page, EDITOR_EMAIL);
  await page.goto(`/admin/organisations/${server.ids.organisations.firenze}`);
  await page.getByRole('link', { name: 'Guide ai servizi' }).click();
  await page.waitForURL('**/servizi');
  await page.getByRole('link', { name: sheetName }).click();
  await page.waitForURL('**/admin/servizi/*');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(sheetName);
  await check('editor');
  const original = await bodyScore(page);
  expect(original).toBeGreaterThanOrEqual(60);
  const originalBody = await field(page, 'Testo della scheda').inputValue();

  // Withdraw it while it is being rewritten.
  await Promise.all([page.waitForURL('**status=draft'), page.getByRole('button', { name: 'Ritira dalla pubblicazione' }).click()]);
  expect(await page.getByRole('status').first().textContent()).toContain('Bozza');

  // Rewrite in bureaucratic Italian: the score drops, nothing is saved yet.
  await field(page, 'Testo della scheda').fill(HARD_TEXT);
  await page.getByRole('button', { name: 'Controlla leggibilità' }).click();
  await page.waitForLoadState('load');
  const hard = await bodyScore(page);
  expect(hard).toBeLessThan(40);
  expect(await page.locator('#read-body').textContent()).toContain('Frase lunga');
  await check('editor-readability');

  // Save it, then publish it.
  await Promise.all([page.waitForURL('**saved=*'), page.getByRole('button', { name: 'Salva', exact: true }).click()]);
  expect(await bodyScore(page)).toBe(hard);
  await Promise.all([page.waitForURL('**status=published'), page.getByRole('button', { name: 'Pubblica' }).click()]);
  expect(await page.getByRole('status').first().textContent()).toContain('Pubblicata');
  const published = await page.request.get(`/servizi/${slug}`);
  expect(await published.text()).toContain('presuppone');

  // Restore the first version: the old text comes back as a new version, still published.
  await Promise.all([page.waitForURL('**restored=*'), page.getByRole('button', { name: 'Ripristina la versione 1' }).click()]);
  expect(await page.getByRole('status').first().textContent()).toContain('Ripristinato il contenuto della versione 1');
  expect(await bodyScore(page)).toBe(original);
  expect(await field(page, 'Testo della scheda').inputValue()).toBe(originalBody);
  const restored = await page.request.get(`/servizi/${slug}`);
  expect(restored.status()).toBe(200);
  expect(await restored.text()).not.toContain('presuppone');
}

const VIEWPORTS = [
  { name: 'phone', width: 320, height: 640, sheet: 'Cambio di residenza online', slug: 'cambio-di-residenza' },
  { name: 'desktop', width: 1280, height: 800, sheet: 'INPS online: pensione, cedolino e domande', slug: 'inps-servizi-online' },
];

describe.each(VIEWPORTS)('service guides at $width px', ({ name, width, height, sheet, slug }) => {
  it('a citizen searches "carta identita" and finds the CIE sheet', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width, height } });
    try {
      await searchCie(page, (label) => checkPage(page, problems, `${name}-${label}`, { maxWidth: width <= 320 ? width : undefined }));
    } finally {
      await context.close();
    }
  });

  it('an editor rewrites a sheet, sees the readability score change, publishes and restores the old version', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width, height } });
    try {
      await editAndRestore(page, sheet, slug, (label) =>
        checkPage(page, problems, `${name}-${label}`, { maxWidth: width <= 320 ? width : undefined }),
      );
    } finally {
      await context.close();
    }
  });
});

describe('without JavaScript', () => {
  it('search and the readability check work with plain form posts', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, {
      javaScriptEnabled: false,
      viewport: { width: 320, height: 640 },
    });
    try {
      await searchCie(page, (label) => checkPage(page, problems, `nojs-${label}`, { axe: false, maxWidth: 320 }));
      await page.goto('/servizi/carta-identita-elettronica/stampa');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe("CIE, la carta d'identità elettronica");
      await checkPage(page, problems, 'nojs-print', { axe: false, maxWidth: 320 });
    } finally {
      await context.close();
    }
  });
});
