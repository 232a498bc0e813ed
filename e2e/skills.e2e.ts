import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  DEMO_PASSWORD,
  horizontalOverflow,
  launchBrowser,
  newPage,
  type RunningServer,
  SCREENSHOT_DIR,
  saveScreenshot,
  startServer,
} from './helpers.js';

/**
 * A citizen on a 320 px phone takes the short self-assessment, reads the profile and follows a
 * recommended event of the personal path to its booking form; axe on every step. The same flow
 * runs again without JavaScript.
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

interface Check {
  axe: boolean;
  label: string;
}

async function checkPage(page: Page, problems: string[], check: Check, maxWidth = 320): Promise<void> {
  // A request the browser drops because the person already moved on (the favicon of the page just
  // left, when answers follow each other quickly) is not a fault of the page.
  const faults = problems.filter((p) => !/net::ERR_ABORTED$/.test(p));
  expect(faults, `resources that failed on ${check.label}`).toEqual([]);
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  expect(font, `${check.label} is not styled`).toContain('Titillium Web');
  await saveScreenshot(page, `skills-${check.label}`);
  if (check.axe) {
    const violations = await axeViolations(page);
    expect(violations, `axe violations on ${check.label}:\n${violations.join('\n')}`).toEqual([]);
  }
  const { scrollWidth } = await horizontalOverflow(page);
  expect(scrollWidth, `${check.label} scrolls sideways at ${maxWidth} px`).toBeLessThanOrEqual(maxWidth);
}

/** The whole flow, as a person would click through it; returns how many questions were asked. */
async function takeTheTest(page: Page, problems: string[], js: boolean, prefix: string): Promise<number> {
  const check = (label: string) => checkPage(page, problems, { axe: js, label: `${prefix}-${label}` });

  await page.goto('/');
  await page.getByRole('link', { name: /test delle competenze digitali/ }).click();
  await page.waitForURL('**/competenze');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Competenze digitali: fai il test');
  await check('intro');

  // The large-type option: on, then off again.
  await page.getByRole('link', { name: 'Caratteri più grandi' }).click();
  await expect(page.locator('.ponte-skills-large').count()).resolves.toBe(1);
  await check('intro-large');
  await page.getByRole('link', { name: 'Caratteri normali' }).click();

  await page.getByRole('link', { name: /Inizia la versione breve/ }).click();
  await page.waitForURL('**/competenze/breve');
  await check('start');
  await page.getByLabel('Il tuo comune (facoltativo)').fill('Prato');
  await page.getByLabel('La tua fascia d’età (facoltativa)').selectOption('75+');
  await Promise.all([page.waitForURL('**/competenze/prova/**'), page.getByRole('button', { name: 'Inizia il test' }).click()]);

  let asked = 0;
  for (;;) {
    const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    if (!heading.startsWith('Domanda')) break;
    asked += 1;
    expect(heading).toMatch(/^Domanda \d+ di \d+$/);
    await check(`question-${asked}`);
    // A person new to all this: "Non lo so", or "Non l’ho mai fatto".
    const group = page.getByRole('group');
    const dontKnow = group.getByLabel('Non lo so', { exact: true });
    if ((await dontKnow.count()) > 0) await dontKnow.check();
    else await group.getByLabel('Non l’ho mai fatto', { exact: true }).check();
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.waitForLoadState();
    if (asked === 3) {
      // Progress survives a reload.
      await page.reload();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Domanda 4 di/);
    }
    expect(asked).toBeLessThan(25);
  }

  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hai risposto a tutte le domande');
  await check('review');
  // Change the first answer, and come back to the summary.
  await page.getByRole('link', { name: /Cambia la risposta\s*alla domanda 1$/ }).click();
  await check('change');
  await page.getByRole('group').getByRole('radio').first().check();
  await page.getByRole('button', { name: 'Salva la risposta' }).click();
  await page.waitForLoadState();
  const after = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  // The change may bring back a question the adaptive rule had skipped: answer it.
  if (after.startsWith('Domanda')) {
    await page.getByRole('group').getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Avanti' }).click();
  }
  await Promise.all([
    page.waitForURL('**/competenze/risultato/**'),
    page.getByRole('button', { name: 'Vedi il risultato' }).first().click(),
  ]);

  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Il tuo profilo di competenze digitali');
  await expect(page.getByRole('img', { name: /livello in ogni area/ }).count()).resolves.toBe(1);
  await expect(page.getByRole('table', { name: 'Livelli per area' }).getByRole('row').count()).resolves.toBe(6);
  await expect(page.getByRole('link', { name: 'Scarica il profilo in PDF' }).count()).resolves.toBe(1);
  // The print button exists only where JavaScript can print.
  await expect(page.getByRole('button', { name: 'Stampa' }).isVisible()).resolves.toBe(js);
  await check('result');

  // The personal path: an upcoming meeting near Prato, one click away, to its booking form.
  const path = page.locator('.ponte-skills-path');
  const eventLink = path.locator('a[href^="/eventi/"]').first();
  await expect(eventLink.count()).resolves.toBe(1);
  const title = (await eventLink.textContent()) ?? '';
  await Promise.all([page.waitForURL('**/eventi/**'), eventLink.click()]);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
  const form = page.locator(`form[action$="/prenota"]`);
  await expect(form.count()).resolves.toBe(1);
  await expect(form.getByLabel(/^Nome/).count()).resolves.toBe(1);
  await check('event-booking');
  return asked;
}

describe('a citizen takes the short test on a 320 px phone', () => {
  it('completes it, sees the profile and follows a recommended event to its booking form', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: 320, height: 640 } });
    try {
      const asked = await takeTheTest(page, problems, true, 'phone');
      // All "don't know": every area's hardest question is skipped.
      expect(asked).toBe(15);
    } finally {
      await context.close();
    }
    // axe on every one of about twenty pages takes a while on a small machine.
  }, 180_000);
});

describe('without JavaScript', () => {
  it('the same flow with plain links and form posts', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, {
      javaScriptEnabled: false,
      viewport: { width: 320, height: 640 },
    });
    try {
      expect(await takeTheTest(page, problems, false, 'nojs')).toBe(15);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('programme staff', () => {
  it('see statistics and aggregates, and edit a draft of the item bank; every page passes axe', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: 1280, height: 800 } });
    try {
      const check = (label: string) => checkPage(page, problems, { axe: true, label: `staff-${label}` }, 1280);
      await page.goto('/login');
      await page.getByLabel(/^E-mail o numero di cellulare/).fill('agenda.digitale@prato.example');
      await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
      await Promise.all([page.waitForURL('**/admin'), page.getByRole('button', { name: 'Accedi' }).click()]);
      await page.goto(`/admin/organisations/${server.ids.organisations.prato}`);
      await page.getByRole('link', { name: 'Competenze digitali' }).click();
      await page.waitForURL('**/competenze');
      await expect(page.getByRole('heading', { name: 'Risultati anonimi' }).count()).resolves.toBe(1);
      await expect(page.getByRole('heading', { name: 'Prima e dopo i corsi' }).count()).resolves.toBe(1);
      await check('dashboard');
      await Promise.all([
        page.waitForURL('**/admin/skill-versions/**'),
        page.getByRole('button', { name: 'Crea una nuova versione da modificare' }).click(),
      ]);
      await check('draft');
      await page.getByRole('link', { name: /^Modifica\s*1$/ }).click();
      await page.waitForURL('**/admin/skill-items/**');
      await check('item');
      await page.getByLabel(/^Testo \(italiano\)/).fill('So cercare su internet l’orario dell’ufficio anagrafe.');
      await Promise.all([page.waitForURL('**/admin/skill-versions/**'), page.getByRole('button', { name: 'Salva' }).click()]);
      await expect(page.getByText('So cercare su internet l’orario dell’ufficio anagrafe.').count()).resolves.toBe(1);
      await Promise.all([page.waitForURL('**pubblicata=1'), page.getByRole('button', { name: 'Pubblica questa versione' }).click()]);
      await check('published');
    } finally {
      await context.close();
    }
  }, 120_000);
});
