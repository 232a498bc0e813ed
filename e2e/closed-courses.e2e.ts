import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * A course by invitation on a 360 px phone (issue 17): it is in no list, its page says who may
 * book, a stranger is refused in plain words with everything typed kept and nothing written, and
 * an invited person books with the phone number written another way than on the list.
 */

const WIDTH = 360;
const TITLE = 'Formazione per i dipendenti della Fondazione';

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

const check = (page: Page, problems: string[], label: string) =>
  expectPageOk(page, problems, label, { prefix: 'closed-courses', maxWidth: WIDTH });

async function bookings(eventId: string) {
  return server.db.db.k.selectFrom('registrations').select(['name', 'email', 'phone']).where('event_id', '=', eventId).execute();
}

describe(`a course by invitation at ${WIDTH} px`, () => {
  it('is in no list, refuses a stranger and takes an invited person', async () => {
    const start = new Date(Date.now() + 12 * 86_400_000);
    start.setUTCHours(8, 0, 0, 0);
    const eventId = await meetingAtCoiano(server, TITLE, start, new Date(start.getTime() + 2 * 3_600_000), {
      visibility: 'invitation',
      invitations: ['personale@fondazione.example', '+39 347 555 1234'],
    });
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 720 } });
    try {
      await page.goto('/eventi');
      expect(await page.getByText(TITLE).count()).toBe(0);

      await page.goto(`/eventi/${eventId}`);
      expect(await page.locator('meta[name="robots"]').getAttribute('content')).toContain('noindex');
      expect(await page.getByText('Corso su invito').count()).toBe(1);
      await check(page, problems, 'event');

      // A stranger: a clear refusal, the form kept as typed, nothing booked.
      await field(page, 'Nome e cognome').fill('Mario Estraneo');
      await field(page, 'Indirizzo e-mail').fill('mario.estraneo@example.org');
      await page.getByText("Ho letto l'informativa privacy").click();
      await page.getByRole('button', { name: 'Prenota', exact: true }).click();
      await page.getByText('Questo corso è riservato alle persone invitate').first().waitFor();
      expect(await field(page, 'Indirizzo e-mail').inputValue()).toBe('mario.estraneo@example.org');
      expect(await bookings(eventId)).toEqual([]);
      await check(page, problems, 'refused');

      // An invited person, by the phone on the list written without +39 and with other spaces.
      await field(page, 'Nome e cognome').fill('Lucia Verdi');
      await field(page, 'Indirizzo e-mail').fill('');
      await field(page, 'Numero di telefono').fill('3475551234');
      const privacy = page.getByLabel(/Ho letto l'informativa privacy/);
      if (!(await privacy.isChecked())) await page.getByText("Ho letto l'informativa privacy").click();
      await page.getByRole('button', { name: 'Prenota', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Prenotazione ricevuta' }).waitFor();
      expect(await bookings(eventId)).toEqual([{ name: 'Lucia Verdi', email: null, phone: '3475551234' }]);
      await check(page, problems, 'booked');
    } finally {
      await context.close();
    }
  });

  it('staff see the course marked in their list and its invitation list on the form', async () => {
    const start = new Date(Date.now() + 14 * 86_400_000);
    start.setUTCHours(8, 0, 0, 0);
    const eventId = await meetingAtCoiano(server, 'Riunione interna dei volontari', start, new Date(start.getTime() + 3_600_000), {
      visibility: 'invitation',
      invitations: ['volontari@example.org', '333 765 4321'],
    });
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 720 } });
    try {
      await signIn(page, 'agenda.digitale@prato.example');
      await page.goto(`/admin/organisations/${server.ids.organisations.prato}/events`);
      expect(await page.getByText('su invito').count()).toBeGreaterThan(0);
      await check(page, problems, 'staff-list');
      await page.goto(`/admin/events/${eventId}`);
      expect(await field(page, 'Visibilità').inputValue()).toBe('invitation');
      expect(await field(page, 'Persone invitate (per i corsi su invito)').inputValue()).toBe('volontari@example.org\n3337654321');
      expect(await page.getByRole('button', { name: 'Invia gli inviti per e-mail' }).count()).toBe(1);
      await check(page, problems, 'staff-form');
    } finally {
      await context.close();
    }
  });
});
