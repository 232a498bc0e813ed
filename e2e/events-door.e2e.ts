import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../src/core/time.js';
import * as events from '../src/modules/events/service.js';
import {
  expectPageOk,
  field,
  launchBrowser,
  meetingAtCoiano,
  newPage,
  type RunningServer,
  SCREENSHOT_DIR,
  signIn,
  startServer,
} from './helpers.js';

/**
 * The door of an event on a phone 320 px wide, without the camera: staff check a person in by the
 * typed ticket code, another by ticking the list, add a walk-in, and the attendance page counts
 * them. Both pages pass axe. The server runs in this process, so the test moves its clock to the
 * event's day (check-ins are refused before it).
 */

const STAFF_EMAIL = 'agenda.digitale@prato.example';
const WIDTH = 320;

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
  expectPageOk(page, problems, label, { prefix: 'door', maxWidth: WIDTH });

async function figures(page: Page): Promise<string[]> {
  return page.locator('table.ponte-attendance tbody td').allTextContents();
}

describe('the door of an event at 320 px', () => {
  it('staff check in by typed code and by the list, add a walk-in, and the attendance changes', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(16, 0, 0, 0);
    const id = await meetingAtCoiano(server, 'Usare lo SPID dal telefono', start, new Date(start.getTime() + 2 * 3_600_000));
    const book = (name: string, email: string, seats: number) =>
      events.book(server.app.deps, id, { name, email, seats, privacyAccepted: true }, { source: 'web' });
    const anna = await book('Anna Bianchi', 'anna.door@example.org', 2);
    await book('Bruno Verdi', 'bruno.door@example.org', 1);
    // The event's afternoon: the door is open.
    setClockOffset(start.getTime() + 10 * 60_000 - Date.now());

    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 640 } });
    try {
      await signIn(page, STAFF_EMAIL);

      // From the event's staff page to the door.
      await page.goto(`/admin/events/${id}`);
      await Promise.all([
        page.waitForURL(`**/admin/events/${id}/ingresso`),
        page.getByRole('link', { name: 'Ingresso', exact: true }).click(),
      ]);
      await checkPage(page, problems, 'checkin');

      // The code as read out by the person, in lower case and without the dash.
      await field(page, 'Codice del biglietto').fill(anna.registration.ticketCode.toLowerCase().replace('-', ' '));
      await Promise.all([page.waitForURL('**/ingresso?**'), page.getByRole('button', { name: "Registra l'ingresso" }).click()]);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Anna Bianchi: ingresso registrato (2 persone).');

      // The same ticket again: already in, counted once.
      await field(page, 'Codice del biglietto').fill(anna.registration.ticketCode);
      await Promise.all([page.waitForURL('**/ingresso?**'), page.getByRole('button', { name: "Registra l'ingresso" }).click()]);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('ingresso già registrato');

      // Bruno, ticked on the list.
      await Promise.all([
        page.waitForURL('**/ingresso?**'),
        page.getByRole('button', { name: /^Segna ingresso\s*:\s*Bruno Verdi$/ }).click(),
      ]);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Bruno Verdi: ingresso registrato (1 persona).');

      // Two people without a booking.
      await field(page, 'Numero di persone').fill('2');
      await field(page, 'Destinatari (facoltativo)').selectOption({ label: 'Persone anziane' });
      await Promise.all([page.waitForURL('**/ingresso?**'), page.getByRole('button', { name: 'Aggiungi' }).click()]);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Ingresso senza prenotazione registrato: 2 persone.');
      await expect(page.locator('.ponte-door-figures').textContent()).resolves.toContain(
        'Ingressi con prenotazione: 3 persone (2 prenotazioni su 2); senza prenotazione: 2 persone.',
      );
      await checkPage(page, problems, 'checkin-after');

      // The attendance page.
      await Promise.all([
        page.waitForURL(`**/admin/events/${id}/presenze`),
        page.getByRole('link', { name: 'Presenze', exact: true }).click(),
      ]);
      expect((await figures(page)).map((s) => s.trim())).toEqual([
        '3 (2 prenotazioni)',
        '3 (2 prenotazioni)',
        '0 (0 prenotazioni)',
        '2',
        '5',
      ]);
      await checkPage(page, problems, 'attendance');

      // A wrong tick undone at the door changes the figures too.
      await page.goto(`/admin/events/${id}/ingresso`);
      await Promise.all([
        page.waitForURL('**/ingresso?**'),
        page.getByRole('button', { name: /^Annulla ingresso\s*:\s*Bruno Verdi$/ }).click(),
      ]);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Ingresso annullato.');
      await page.goto(`/admin/events/${id}/presenze`);
      expect((await figures(page)).map((s) => s.trim())).toEqual([
        '3 (2 prenotazioni)',
        '2 (1 prenotazione)',
        '1 (1 prenotazione)',
        '2',
        '4',
      ]);
    } finally {
      setClockOffset(0);
      await context.close();
    }
  });

  it('after the retention period the names and contacts are gone and the attendance figures are not', async () => {
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCHours(9, 0, 0, 0);
    const end = new Date(start.getTime() + 2 * 3_600_000);
    const id = await meetingAtCoiano(server, 'La posta elettronica certificata', start, end);
    const carla = await events.book(
      server.app.deps,
      id,
      { name: 'Carla Rossetti', email: 'carla.retention@example.org', seats: 2, ageBand: '75+', privacyAccepted: true },
      { source: 'web' },
    );
    await events.book(
      server.app.deps,
      id,
      { name: 'Dino Ferri', phone: '333 444 5555', seats: 1, privacyAccepted: true },
      { source: 'web' },
    );
    setClockOffset(start.getTime() + 5 * 60_000 - Date.now());
    const { checkInByCode } = await import('../src/modules/events/door/checkin.js');
    await checkInByCode(server.app.deps, id, { code: carla.registration.ticketCode }, { userId: null, method: 'api' });

    // 90 days (the default) after the event, the planned job runs by itself.
    setClockOffset(end.getTime() + 91 * 86_400_000 - Date.now());
    while ((await server.app.deps.jobs.runDue()) > 0) {}

    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 640 } });
    try {
      await signIn(page, STAFF_EMAIL);

      await page.goto(`/admin/events/${id}/registrations`);
      const list = (await page.locator('main').textContent()) ?? '';
      for (const personal of ['Carla Rossetti', 'carla.retention@example.org', 'Dino Ferri', '333 444 5555']) {
        expect(list).not.toContain(personal);
      }
      await page.goto(`/admin/events/${id}/presenze`);
      expect((await figures(page)).map((s) => s.trim())).toEqual([
        '3 (2 prenotazioni)',
        '2 (1 prenotazione)',
        '1 (1 prenotazione)',
        '0',
        '2',
      ]);
      await checkPage(page, problems, 'attendance-after-erasure');
    } finally {
      setClockOffset(0);
      await context.close();
    }
  });
});
