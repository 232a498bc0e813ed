import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../src/core/time.js';
import * as events from '../src/modules/events/service.js';
import {
  expectFocusOn,
  expectPageOk,
  field,
  horizontalOverflow,
  launchBrowser,
  meetingAtCoiano,
  newPage,
  type RunningServer,
  SCREENSHOT_DIR,
  signIn,
  startServer,
} from './helpers.js';

/**
 * Pages on a phone 360 px wide: the event page's "Prenota" link takes to the booking form and
 * focuses it; the door page has the ticket code field first and focused again after each
 * check-in; staff tables become cards with each value under its column's name, without sideways
 * scrolling; the programme's plan reads by audience. Every page passes axe.
 */

const WIDTH = 360;
const PRATO_STAFF = 'agenda.digitale@prato.example';
const GUSSAGO_ADMIN = 'urp@gussago.example';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  setClockOffset(0);
  await browser?.close();
  await server?.close();
});

const checkPage = (page: Page, problems: string[], label: string) =>
  expectPageOk(page, problems, label, { prefix: 'phone', maxWidth: WIDTH });

const phone = () => newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 640 } });

describe('phone-friendly pages at 360 px', () => {
  it('the "Prenota" link at the top of an event page jumps to the booking form and focuses it', async () => {
    const start = new Date(Date.now() + 5 * 86_400_000);
    start.setUTCHours(16, 0, 0, 0);
    const id = await meetingAtCoiano(server, 'Prenotare una visita online', start, new Date(start.getTime() + 7_200_000), {
      description: 'Un incontro per imparare a prenotare visite ed esami dal telefono.\n\n'.repeat(6),
    });
    const { context, page, problems } = await phone();
    try {
      await page.goto(`/eventi/${id}`);
      const jump = page.getByRole('link', { name: 'Prenota', exact: true });
      // Above the fold: a phone shows it without scrolling.
      const box = await jump.boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(640);
      const formTop = await page.locator('#prenota').evaluate((el) => el.getBoundingClientRect().top);
      expect(formTop).toBeGreaterThan(640);
      await jump.click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#prenota');
      await expectFocusOn(page, 'prenota');
      // Bootstrap scrolls smoothly: the form reaches the top of the screen after a moment.
      await expect
        .poll(async () => Math.abs(await page.locator('#prenota').evaluate((el) => el.getBoundingClientRect().top)))
        .toBeLessThan(80);
      // The next Tab goes into the form: the name field comes first.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('name');
      await checkPage(page, problems, 'event-jump');
    } finally {
      await context.close();
    }
  });

  it('the door page puts the code field first and keeps focus on it after each check-in', async () => {
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCHours(9, 0, 0, 0);
    const id = await meetingAtCoiano(server, 'Lo SPID alla porta', start, new Date(start.getTime() + 7_200_000));
    const book = (name: string, email: string) =>
      events.book(server.app.deps, id, { name, email, seats: 1, privacyAccepted: true }, { source: 'web' });
    const anna = await book('Anna Porta', 'anna.porta@example.org');
    const bruno = await book('Bruno Porta', 'bruno.porta@example.org');
    setClockOffset(start.getTime() + 5 * 60_000 - Date.now());
    const { context, page, problems } = await phone();
    try {
      await signIn(page, PRATO_STAFF);
      await page.goto(`/admin/events/${id}/ingresso`);
      const code = field(page, 'Codice del biglietto');
      // First on the page after the heading, above the fold, and focused.
      const box = await code.boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(640);
      await expectFocusOn(page, 'f-code');
      await checkPage(page, problems, 'door');

      for (const person of [anna, bruno]) {
        // Typed straight away: focus is already in the field.
        await page.keyboard.type(person.registration.ticketCode);
        // After the first check-in the address already ends in ingresso?…: wait for the next one.
        const before = page.url();
        await Promise.all([page.waitForURL((url) => url.href !== before), page.keyboard.press('Enter')]);
        expect(await page.getByRole('status').first().textContent()).toContain('ingresso registrato (1 persona)');
        await expectFocusOn(page, 'f-code');
      }
      expect(await page.locator('.ponte-door-figures').textContent()).toContain(
        'Ingressi con prenotazione: 2 persone (2 prenotazioni su 2)',
      );
      await checkPage(page, problems, 'door-after');
    } finally {
      setClockOffset(0);
      await context.close();
    }
  });

  it('staff tables become labelled cards without sideways scrolling', async () => {
    const { context, page, problems } = await phone();
    try {
      await signIn(page, PRATO_STAFF);
      await page.goto(`/admin/organisations/${server.ids.organisations.prato}/events`);
      const cell = page.locator('.ponte-stack td[data-label]').first();
      expect(await cell.getAttribute('data-label')).toBeTruthy();
      // The label shows above the value, drawn from data-label.
      const label = await cell.evaluate((el) => getComputedStyle(el, '::before').content);
      expect(label).toMatch(/^".+"$/);
      // A row is a card: its cells stack, one under the other.
      const display = await cell.evaluate((el) => getComputedStyle(el).display);
      expect(display).toBe('block');
      const region = page.locator('.ponte-stack').first();
      expect(await region.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      const { scrollWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(WIDTH);
      await checkPage(page, problems, 'staff-events');

      // The list of bookings of an event, the table staff open most on a phone.
      const start = new Date(Date.now() + 6 * 86_400_000);
      start.setUTCHours(16, 0, 0, 0);
      const id = await meetingAtCoiano(server, 'Carta di identità elettronica', start, new Date(start.getTime() + 7_200_000));
      await events.book(
        server.app.deps,
        id,
        { name: 'Giuseppina Esposito-Rinaldi', email: 'giuseppina.esposito.rinaldi@example.org', seats: 2, privacyAccepted: true },
        { source: 'web' },
      );
      await page.goto(`/admin/events/${id}/registrations`);
      const labels = await page
        .locator('.ponte-stack tbody tr')
        .first()
        .locator('td')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label')));
      expect(labels.slice(0, 3)).toEqual(['Recapito', 'Posti', 'Stato']);
      await checkPage(page, problems, 'staff-registrations');
    } finally {
      await context.close();
    }
  });

  it("a programme's plan: by audience in public, labelled cards for staff", async () => {
    const programme = server.ids.programmes.gussago;
    const { context, page, problems } = await phone();
    try {
      await page.goto(`/programmi/${programme}`);
      expect(await page.getByRole('heading', { name: 'Piano dei corsi' }).count()).toBe(1);
      expect(await page.getByRole('heading', { name: 'Persone anziane' }).count()).toBe(1);
      expect(await page.locator('main').textContent()).toContain('In programma da');
      await checkPage(page, problems, 'plan-public');

      await signIn(page, GUSSAGO_ADMIN);
      await page.goto(`/admin/programmes/${programme}/piano`);
      const labels = await page
        .locator('.ponte-stack tbody tr')
        .first()
        .locator('td')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label')));
      expect(labels).toEqual(['Corso', 'Pubblico', 'Quando', 'Evento collegato', 'Togli dal piano']);
      await checkPage(page, problems, 'plan-admin');
    } finally {
      await context.close();
    }
  });
});
