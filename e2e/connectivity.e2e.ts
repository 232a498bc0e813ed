import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectPageOk, field, launchBrowser, newPage, type RunningServer, SCREENSHOT_DIR, signIn, startServer } from './helpers.js';

/**
 * Connectivity gaps on a phone 360 px wide with JavaScript off: a citizen reports a place by comune
 * and street (first refused without the street, the error beside the field), the public page counts
 * it by locality, and staff find it in their list. No page scrolls sideways, and axe finds nothing on any.
 */

const WIDTH = 360;
const VALNURE_ADMIN = 'admin@valnure.example';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The checks of every page: no failed resource, no sideways scrolling, and axe where scripts run (axe is one). */
const checkPage = (page: Page, problems: string[], label: string, axe: boolean) =>
  expectPageOk(page, problems, label, { prefix: 'connectivity', maxWidth: WIDTH, axe });
const phone = (javaScriptEnabled: boolean) =>
  newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 640 }, javaScriptEnabled });

/** The open reports of a comune on the public page, as its row's total. */
const totalOf = async (page: Page, comune: string) =>
  Number(
    await page
      .locator('tr', { has: page.getByRole('rowheader', { name: comune }) })
      .locator('td')
      .last()
      .textContent(),
  );

/**
 * A citizen reports a place in Torrano by comune and street, first forgetting the street. Run with
 * JavaScript off for the behaviour, and once more with it on so that axe (a script) can check each
 * page: the pages themselves carry no script when no tile server is configured.
 */
async function citizenReports(js: boolean, street: string): Promise<void> {
  const valnure = server.ids.organisations.valnure;
  const label = (name: string) => `${name}${js ? '-axe' : ''}`;
  const { page, problems, context } = await phone(js);
  try {
    await page.goto(`/connettivita/${valnure}`);
    expect(await page.textContent('h1')).toBe('Dove manca la connessione');
    const before = await totalOf(page, "Ponte dell'Olio");
    await checkPage(page, problems, label('counts'), js);
    await page.getByRole('link', { name: 'Segnala un luogo' }).click();
    await checkPage(page, problems, label('form'), js);
    await field(page, 'Comune').selectOption({ label: "Ponte dell'Olio" });
    await field(page, 'Frazione o località').fill('Torrano');
    await field(page, 'Problema').selectOption({ label: 'Nessuna connessione fissa' });
    await field(page, 'Operatore').selectOption({ label: 'Non lo so' });
    await field(page, 'Tipo di edificio').selectOption({ label: 'Casa' });
    await page.getByRole('button', { name: 'Invia la segnalazione' }).click();
    expect(await page.textContent('#error-summary')).toContain('scrivi la via (o indica il punto sulla mappa)');
    expect(await page.textContent('#e-street')).toBe('scrivi la via (o indica il punto sulla mappa)');
    await checkPage(page, problems, label('form-errors'), js);
    await field(page, 'Via e numero civico').fill(street);
    await page.getByRole('button', { name: 'Invia la segnalazione' }).click();
    expect(await page.textContent('main')).toContain('Grazie. La tua segnalazione è stata registrata.');
    await checkPage(page, problems, label('received'), js);
    await page.getByRole('link', { name: 'Vedi le segnalazioni per località' }).click();
    expect(await totalOf(page, "Ponte dell'Olio")).toBe(before + 1);
    // Counts only: the place the citizen wrote is not on the public page.
    expect(await page.textContent('main')).not.toContain('Torrano');
    await checkPage(page, problems, label('counts-after'), js);
  } finally {
    await context.close();
  }
}

describe('connectivity gaps at 360 px without JavaScript', () => {
  it('a citizen reports by comune and street, the public page counts it, staff see it in the list', { timeout: 240_000 }, async () => {
    const valnure = server.ids.organisations.valnure;
    await citizenReports(false, 'Strada di Torrano 12');
    await citizenReports(true, 'Strada di Torrano 14');
    for (const js of [false, true]) {
      const { page, problems, context } = await phone(js);
      try {
        await signIn(page, VALNURE_ADMIN);
        await page.goto(`/admin/organisations/${valnure}/connettivita`);
        expect(await page.textContent('main')).toContain("Ponte dell'Olio, Torrano, Strada di Torrano 12");
        // The demo's school without fibre is on the list too.
        expect(await page.textContent('main')).toContain('Scuola primaria di Gropparello');
        await checkPage(page, problems, `staff-list${js ? '-axe' : ''}`, js);
        if (!js) continue;
        await page.getByRole('button', { name: "Segna risolta – Ponte dell'Olio, Torrano, Strada di Torrano 14" }).click();
        expect(await page.textContent('main')).toContain('Segnalazione segnata come risolta.');
        await checkPage(page, problems, 'staff-resolved-axe', true);
      } finally {
        await context.close();
      }
    }
  });
});
