import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectFocusOn,
  expectPageOk,
  launchBrowser,
  meetingAtCoiano,
  newPage,
  type RunningServer,
  SCREENSHOT_DIR,
  startServer,
} from './helpers.js';

/**
 * The public flows with the keyboard only, on a 360 px phone: Tab and Shift+Tab to move, Enter to
 * follow a link or send a form, Space to tick a box, typing into fields; no mouse, no click. After a
 * failed submit the focus is on the error summary and the page's title starts with "Errore", with no
 * script involved; from the summary a link takes the focus to the field. Every page passes axe.
 */

const WIDTH = 360;
const DESK_NAME = 'Sportello SPID al Circolo Arci di Coiano';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const check = (page: Page, problems: string[], label: string) =>
  expectPageOk(page, problems, label, { prefix: 'keyboard', maxWidth: WIDTH });

/** A phone-sized page of a fresh browser, in Italian. */
const phone = () => newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 740 } });

/** Whether the focused element matches a CSS selector. */
const focusedIs = (page: Page, selector: string) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

/** Presses Tab (Shift+Tab with `back`) until the focus is on what the selector names, as a keyboard user moves; fails if it never gets there. */
async function tabTo(page: Page, selector: string, back = false): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await focusedIs(page, selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`the keyboard never reached ${selector}`);
}

/** Presses a key that sends a form or follows a link, and waits for the next page. */
async function pressAndLoad(page: Page, key: 'Enter' | 'Space'): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
}

/** After a failed submit: the summary has the focus and the title starts with "Errore". */
async function expectFocusedSummary(page: Page): Promise<void> {
  await expectFocusOn(page, 'error-summary');
  expect(await page.title()).toMatch(/^Errore: /);
}

describe(`the public flows with the keyboard only, at ${WIDTH} px`, () => {
  it('books an event: a failed submit focuses the summary, its link leads to the field, Space ticks the privacy box', async () => {
    const start = new Date(Date.now() + 9 * 86_400_000);
    const id = await meetingAtCoiano(server, 'Incontro per la tastiera', start, new Date(start.getTime() + 7_200_000));
    const { context, page, problems } = await phone();
    try {
      await page.goto(`/eventi/${id}`);
      await tabTo(page, '#f-name');
      await page.keyboard.type('Anna Bianchi');
      await tabTo(page, '.ponte-booking button[type="submit"]');
      await pressAndLoad(page, 'Enter');
      await expectFocusedSummary(page);
      await check(page, problems, 'event-errors');
      // From the summary, a link to the first field at fault: Enter puts the focus in it.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('#error-summary') !== null)).toBe(true);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^f-/);
      await tabTo(page, '#f-name', true);
      expect(await page.inputValue('#f-name')).toBe('Anna Bianchi');
      await tabTo(page, '#f-phone');
      await page.keyboard.type('333 4445566');
      await tabTo(page, '#f-privacyAccepted');
      await page.keyboard.press('Space');
      expect(await page.isChecked('#f-privacyAccepted')).toBe(true);
      await tabTo(page, '.ponte-booking button[type="submit"]');
      await pressAndLoad(page, 'Enter');
      expect(await page.title()).not.toMatch(/^Errore/);
      expect(await page.locator('main').textContent()).toContain('Anna Bianchi');
      await check(page, problems, 'event-booked');
    } finally {
      await context.close();
    }
  });

  it('books a desk appointment: a day and a time by keyboard, the hold extended without losing what was typed, a failed submit focused', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/desks?organisation=${server.ids.organisations.prato}`);
    const deskId = ((await res.json()).items as { id: string; name: string }[]).find((d) => d.name === DESK_NAME)!.id;
    const { context, page, problems } = await phone();
    try {
      await page.goto(`/sportelli/${deskId}/prenota?servizio=spid`);
      await tabTo(page, '.ponte-desk-days a');
      await pressAndLoad(page, 'Enter');
      await tabTo(page, 'button[name="start"]');
      await pressAndLoad(page, 'Enter');
      expect(page.url()).toContain('/prenota/dati?');
      expect(await page.title()).toContain('Attivazione SPID · Sportello SPID');
      expect(await page.locator('#hold-notice').textContent()).toMatch(/entro le \d{1,2}:\d{2}/);
      await check(page, problems, 'desk-details');

      await tabTo(page, '#f-name');
      await page.keyboard.type('Carla Neri');
      // Neither e-mail nor phone: the summary takes the focus, and both fields are marked.
      await tabTo(page, 'button.btn-primary[type="submit"]');
      await pressAndLoad(page, 'Enter');
      await expectFocusedSummary(page);
      expect(await page.getAttribute('#f-phone', 'aria-invalid')).toBe('true');
      expect(await page.getAttribute('#f-phone', 'aria-describedby')).toContain('contact-hint');
      await check(page, problems, 'desk-errors');

      // Five more minutes, by keyboard: the new deadline takes the focus, the name is still there.
      await tabTo(page, '#f-phone');
      await page.keyboard.type('333 7778899');
      await tabTo(page, 'button[formaction$="/prenota/proroga"]');
      await pressAndLoad(page, 'Enter');
      await expectFocusOn(page, 'hold-notice');
      expect(await page.locator('#hold-notice').textContent()).toContain('Fatto');
      expect(await page.inputValue('#f-name')).toBe('Carla Neri');
      expect(await page.inputValue('#f-phone')).toBe('333 7778899');
      await check(page, problems, 'desk-extended');

      await tabTo(page, 'button.btn-primary[type="submit"]');
      await pressAndLoad(page, 'Enter');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Appuntamento confermato');
      await check(page, problems, 'desk-booked');
    } finally {
      await context.close();
    }
  });

  it('with JavaScript, the desk form warns a minute before the hold ends and says when it has ended', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/desks?organisation=${server.ids.organisations.prato}`);
    const deskId = ((await res.json()).items as { id: string; name: string }[]).find((d) => d.name === DESK_NAME)!.id;
    const { context, page, problems } = await phone();
    try {
      // The page's timers run on a clock the test moves; the server's hold is untouched.
      await page.clock.install();
      await page.goto(`/sportelli/${deskId}/prenota?servizio=spid`);
      await tabTo(page, '.ponte-desk-days a');
      await pressAndLoad(page, 'Enter');
      await tabTo(page, 'button[name="start"]');
      await pressAndLoad(page, 'Enter');
      const warning = page.locator('#hold-warning');
      expect(await warning.textContent()).toBe('');
      await page.clock.fastForward('04:05');
      expect(await warning.textContent()).toContain('Manca un minuto');
      expect(await page.getAttribute('#hold-warning', 'role')).toBe('alert');
      await check(page, problems, 'desk-hold-warning');
      await page.clock.fastForward('01:00');
      expect(await warning.textContent()).toContain('Il tempo è scaduto');
    } finally {
      await context.close();
    }
  });

  it('starts the skills test: an unknown comune focuses the summary, then a question answered from the keyboard', async () => {
    const { context, page, problems } = await phone();
    try {
      await page.goto('/competenze/breve');
      await tabTo(page, '#f-municipality');
      await page.keyboard.type('Atlantide');
      await tabTo(page, 'form button[type="submit"]');
      await pressAndLoad(page, 'Enter');
      await expectFocusedSummary(page);
      await check(page, problems, 'skills-errors');
      await tabTo(page, '#f-municipality');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('Prato');
      await tabTo(page, 'form button[type="submit"]');
      await pressAndLoad(page, 'Enter');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Domanda 1 di \d+$/);
      // No answer: the summary takes the focus; then the first option, chosen with Space.
      await tabTo(page, 'form button[type="submit"]');
      await pressAndLoad(page, 'Enter');
      await expectFocusedSummary(page);
      await check(page, problems, 'skills-question-errors');
      await tabTo(page, 'input[type="radio"]');
      await page.keyboard.press('Space');
      await tabTo(page, 'form button[type="submit"]');
      await pressAndLoad(page, 'Enter');
      expect(await page.title()).not.toMatch(/^Errore/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Domanda 2 di \d+$/);
    } finally {
      await context.close();
    }
  });

  it('searches the service guides and opens one', async () => {
    const { context, page, problems } = await phone();
    try {
      await page.goto('/servizi');
      await tabTo(page, 'input[name="q"]');
      await page.keyboard.type('carta identita');
      await pressAndLoad(page, 'Enter');
      expect(page.url()).toContain('q=carta+identita');
      await check(page, problems, 'guides-results');
      await tabTo(page, 'main .ponte-guide-list a');
      const name = (await page.evaluate(() => document.activeElement?.textContent)) ?? '';
      await pressAndLoad(page, 'Enter');
      expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(name.trim());
      await check(page, problems, 'guide');
    } finally {
      await context.close();
    }
  });

  it('"Gestisci la prenotazione" with a wrong code: the summary takes the focus and says so', async () => {
    const { context, page, problems } = await phone();
    try {
      await page.goto('/');
      await tabTo(page, 'footer a[href="/gestisci"]');
      await pressAndLoad(page, 'Enter');
      await tabTo(page, '#f-code');
      await page.keyboard.type('ABCDE-FGHJK');
      await page.keyboard.press('Tab');
      await page.keyboard.type('333 0001122');
      await pressAndLoad(page, 'Enter');
      await expectFocusedSummary(page);
      expect(await page.locator('#error-summary').textContent()).toContain('Nessuna prenotazione');
      await check(page, problems, 'manage-errors');
    } finally {
      await context.close();
    }
  });
});
