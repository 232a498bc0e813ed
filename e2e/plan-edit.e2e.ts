import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPlanItem } from '../src/modules/programmes/plan/service.js';
import { expectPageOk, field, launchBrowser, newPage, type RunningServer, SCREENSHOT_DIR, signIn, startServer } from './helpers.js';

/**
 * Staff edit a course of a programme's plan on a 360 px phone: the form opens prefilled, a bad
 * month is refused next to its field with nothing written, the corrected form saves. axe on each page.
 */

const WIDTH = 360;

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

describe(`editing a plan item at ${WIDTH} px`, () => {
  it('opens prefilled, shows the error beside the month, then saves', async () => {
    const programme = server.ids.programmes.prato;
    const item = await addPlanItem(server.db.db, null, programme, { title: 'Corso di posta elettronica', audience: 'anziani' });
    const row = () => server.db.db.k.selectFrom('programme_plan_items').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow();
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 760 } });
    const check = (label: string) => expectPageOk(page, problems, label, { prefix: 'plan-edit', maxWidth: WIDTH });
    try {
      await signIn(page, 'agenda.digitale@prato.example');
      await page.goto(`/admin/programmes/${programme}/piano/${item.id}`);
      expect(await field(page, 'Corso').inputValue()).toBe('Corso di posta elettronica');
      await check('form');

      const before = await row();
      await field(page, 'Corso').fill('Corso di posta elettronica e PEC');
      await page.locator('#f-expectedMonth').fill('2030-13');
      await page.getByRole('button', { name: 'Salva le modifiche' }).click();
      await page.locator('#e-expectedMonth').waitFor();
      expect(await row()).toEqual(before);
      await check('refused');

      await page.locator('#f-expectedMonth').fill('2030-04');
      await page.getByRole('button', { name: 'Salva le modifiche' }).click();
      await page.getByText('Corso modificato.').waitFor();
      expect(await row()).toMatchObject({ title: 'Corso di posta elettronica e PEC', expected_month: '2030-04' });
      await check('saved');
    } finally {
      await context.close();
    }
  });
});
