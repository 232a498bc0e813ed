import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectPageOk, field, launchBrowser, newPage, type RunningServer, SCREENSHOT_DIR, signIn, startServer } from './helpers.js';

/**
 * The coverage board and the programme report in a real browser at 360 px: the Union's admin
 * opens the board from the programme's page, reads which comuni had no initiative, asks for a
 * period the wrong way round and is told so, then opens the report. axe finds no violation.
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

const check = (page: Page, problems: string[], label: string) => expectPageOk(page, problems, label, { prefix: 'coverage', maxWidth: 360 });

describe('coverage board at 360 px', () => {
  it("shows the Union's six comuni, flags those without initiatives, and the report with its totals", async () => {
    const programme = server.ids.programmes.valnure;
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: 360, height: 740 } });
    try {
      await signIn(page, 'admin@valnure.example');
      await page.goto(`/admin/programmes/${programme}`);
      await Promise.all([page.waitForURL(/\/copertura$/), page.getByRole('link', { name: 'Copertura dei comuni' }).click()]);
      await check(page, problems, 'board');
      expect(await page.locator('main, body').first().textContent()).toContain('1 comuni su 6 hanno almeno una iniziativa.');
      const list = page.locator('ul.ponte-coverage-list > li');
      expect(await list.count()).toBe(6);
      expect(await page.locator('ul.ponte-coverage-list > li.ponte-uncovered').count()).toBe(5);
      expect(await list.filter({ hasText: 'Podenzano' }).textContent()).toContain('Coperto');

      // A period the wrong way round: the form comes back with the error, in Italian.
      await field(page, 'Dal giorno').fill('2026-06-01');
      await field(page, 'Al giorno').fill('2026-05-01');
      await page.getByRole('button', { name: 'Mostra' }).click();
      await page.waitForURL(/from=2026-06-01/);
      expect(await page.getByRole('alert').textContent()).toContain('la data finale viene prima di quella iniziale');
      await check(page, problems, 'board-bad-period');

      await page.goto(`/admin/programmes/${programme}/rapporto`);
      await check(page, problems, 'report');
      expect(await page.getByRole('heading', { name: 'Per comune' }).count()).toBe(1);
      expect(await page.getByRole('rowheader', { name: 'Totale' }).count()).toBe(2);
    } finally {
      await context.close();
    }
  });
});
