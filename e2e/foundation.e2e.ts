import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  DEMO_PASSWORD,
  field,
  horizontalOverflow,
  launchBrowser,
  newPage,
  type RunningServer,
  SCREENSHOT_DIR,
  saveScreenshot,
  startServer,
} from './helpers.js';

const STAFF_EMAIL = 'agenda.digitale@prato.example';
const ORG_NAME = 'Comune di Prato';
const PRATO_ISTAT = '100005';

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

interface PageCheck {
  /** Run axe (needs JavaScript in the page). */
  axe: boolean;
  /** Viewport width to hold the page to: no sideways scrolling. */
  maxWidth?: number;
  label: string;
}

/** The checks every page of the flow gets: zero axe violations, no sideways scroll on small screens, a screenshot. */
async function checkPage(page: Page, problems: string[], check: PageCheck): Promise<void> {
  expect(problems, `resources that failed on ${check.label}`).toEqual([]);
  const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  expect(styled, `${check.label} is not styled by Bootstrap Italia and Ponte's stylesheet`).toContain('Titillium Web');
  await saveScreenshot(page, `foundation-${check.label}`);
  if (check.axe) {
    const violations = await axeViolations(page);
    expect(violations, `axe violations on ${check.label}:\n${violations.join('\n')}`).toEqual([]);
  }
  if (check.maxWidth !== undefined) {
    const { scrollWidth } = await horizontalOverflow(page);
    expect(scrollWidth, `${check.label} scrolls sideways at ${check.maxWidth} px`).toBeLessThanOrEqual(check.maxWidth);
  }
}

/** A form field by its visible label; required fields add an asterisk hidden from screen readers. */

async function signIn(page: Page, check: (label: string) => Promise<void>): Promise<void> {
  await page.goto('/');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ponte: facilitazione digitale');
  await check('home');

  await page
    .getByRole('navigation', { name: /principale|main/i })
    .getByRole('link', { name: 'Accedi' })
    .click();
  await page.waitForURL('**/login');
  await check('login');

  await field(page, 'E-mail o numero di cellulare').fill(STAFF_EMAIL);
  await field(page, 'Password').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL('**/admin'), page.getByRole('button', { name: 'Accedi' }).click()]);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Area riservata');
  // Signed in: the header offers the way out instead of the way in.
  await expect(page.getByRole('button', { name: 'Esci' }).count()).resolves.toBe(1);
}

async function addVenue(page: Page, venueName: string, check: (label: string) => Promise<void>): Promise<void> {
  await page.getByRole('link', { name: ORG_NAME }).click();
  await page.waitForURL(`**/admin/organisations/${server.ids.organisations.prato}`);
  await page.getByRole('link', { name: 'Sedi', exact: true }).click();
  await page.waitForURL('**/venues');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sedi');
  await check('venues');

  // A form sent empty comes back with the errors listed on top and tied to each field.
  await page.getByRole('button', { name: 'Aggiungi una sede' }).click();
  await page.waitForLoadState('load');
  const summary = page.locator('#error-summary');
  expect(await summary.textContent()).toContain('Il modulo contiene errori');
  expect(await summary.textContent()).toContain('Comune:');
  expect(await field(page, 'Comune').getAttribute('aria-invalid')).toBe('true');
  await check('venues-errors');
  // Each entry of the summary leads to its field.
  await summary.getByRole('link', { name: /^Comune:/ }).click();
  expect(await page.evaluate('location.hash')).toBe('#f-municipality');

  await field(page, 'Nome della sede').fill(venueName);
  await field(page, 'Indirizzo').fill('Via Roma 1');
  await field(page, 'Comune').fill('Prato');
  await field(page, 'Capienza (posti)').fill('25');
  // Bootstrap Italia draws the box on the label, over the native input: people click the label.
  await page.getByText('Accesso senza gradini (accessibile in sedia a ruote)').click();
  expect(await page.getByLabel(/Accesso senza gradini/).isChecked()).toBe(true);
  await Promise.all([page.waitForURL('**/admin/venues/*'), page.getByRole('button', { name: 'Aggiungi una sede' }).click()]);

  // The new venue's own page, with its confirmation.
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(venueName);
  expect(await page.getByRole('status').textContent()).toContain('Sede creata.');
  expect(await field(page, 'Comune').inputValue()).toBe('Prato (PO)');
  expect(await page.getByLabel(/Accesso senza gradini/).isChecked()).toBe(true);
  await check('venue-edit');

  // Back to the list through the breadcrumb: the venue is there, with what was typed.
  await page
    .getByRole('navigation', { name: /percorso|breadcrumb/i })
    .getByRole('link', { name: 'Sedi' })
    .click();
  await page.waitForURL('**/venues');
  const card = page.getByRole('listitem').filter({ hasText: venueName });
  await expect(card.count()).resolves.toBe(1);
  const text = (await card.textContent()) ?? '';
  expect(text).toContain('Via Roma 1, Prato (PO)');
  expect(text).toContain('Accesso senza gradini');
  expect(text).toContain('25 posti');

  // And stored as such: the public API shows it in Prato with its capacity.
  const res = await page.request.get(`/api/v1/organisations/${server.ids.organisations.prato}/venues`);
  expect(res.status()).toBe(200);
  const { items } = (await res.json()) as {
    items: { name: string; capacity: number; stepFree: boolean; municipality: { code: string } }[];
  };
  const stored = items.filter((v) => v.name === venueName);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ capacity: 25, stepFree: true, municipality: { code: PRATO_ISTAT } });
}

const VIEWPORTS = [
  { name: 'phone', width: 320, height: 640, noSideScroll: true },
  { name: 'desktop', width: 1280, height: 800, noSideScroll: false },
];

describe.each(VIEWPORTS)('staff add a venue at $width px', ({ name, width, height, noSideScroll }) => {
  it('signs in, adds a venue and every page passes axe', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width, height } });
    try {
      const check = (label: string) =>
        checkPage(page, problems, { axe: true, maxWidth: noSideScroll ? width : undefined, label: `${name}-${label}` });
      await signIn(page, check);
      await addVenue(page, `Biblioteca Lazzerini (${name})`, check);
    } finally {
      await context.close();
    }
  });
});

describe('without JavaScript', () => {
  it('signs in and adds a venue with plain form posts', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, {
      javaScriptEnabled: false,
      viewport: { width: 320, height: 640 },
    });
    try {
      // axe runs inside the page, so it cannot run here; the layout is still held to 320 px.
      const check = (label: string) => checkPage(page, problems, { axe: false, maxWidth: 320, label: `nojs-${label}` });
      await signIn(page, check);
      await addVenue(page, 'Centro civico di Narnali (senza JavaScript)', check);
    } finally {
      await context.close();
    }
  });
});

describe('the accessibility check itself', () => {
  it('reports a page with known faults', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/');
      await page.setContent('<html><body><img src="/static/ponte.css"><input type="text"><a href="/"></a></body></html>');
      const ids = (await axeViolations(page)).map((v) => v.split(' ')[0]);
      expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'label', 'link-name']));
    } finally {
      await context.close();
    }
  });
});
