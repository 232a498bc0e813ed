import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../src/modules/events/service.js';
import {
  expectPageOk,
  launchBrowser,
  meetingAtCoiano,
  newPage,
  type RunningServer,
  SCREENSHOT_DIR,
  signIn,
  startServer,
} from './helpers.js';

/**
 * Staff on a 360 px phone: cancel a booking for its owner (the page asks first); the first in line,
 * who booked with a landline and no e-mail, gets the seat and appears on the "da avvisare per
 * telefono" list, on the event's bookings and on the organisation's page; staff call and tick the
 * entry off. Every page passes axe and does not scroll sideways.
 */

const WIDTH = 360;
const STAFF_EMAIL = 'agenda.digitale@prato.example';
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

describe('the list of people to call', () => {
  it('a phone-only person promoted from the waiting list is listed for staff and ticked off once called', async () => {
    const start = new Date(Date.now() + 8 * 86_400_000);
    const eventId = await meetingAtCoiano(server, 'Posti contati', start, new Date(start.getTime() + 7_200_000), { capacity: 1 });
    const deps = server.app.deps;
    const first = await events.book(
      deps,
      eventId,
      { name: 'Marta Primi', email: 'marta.primi@example.org', seats: 1, privacyAccepted: true },
      { source: 'web' },
    );
    await events.book(deps, eventId, { name: 'Carlo Attesa', phone: '0574 246810', seats: 1, privacyAccepted: true }, { source: 'web' });

    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 740 } });
    const check = (label: string) => expectPageOk(page, problems, label, { prefix: 'callbacks', maxWidth: WIDTH });
    try {
      await signIn(page, STAFF_EMAIL);
      await page.goto(`/admin/registrations/${first.registration.id}`);
      await page.getByRole('heading', { level: 1, name: 'Prenotazione di Marta Primi' }).waitFor();
      await check('booking');

      await page.getByRole('link', { name: 'Annulla la prenotazione' }).click();
      await page.getByText('Annullare la prenotazione di Marta Primi').waitFor();
      await check('cancel-question');
      await page.getByRole('button', { name: 'Sì, annulla la prenotazione' }).click();

      await page.getByText('Prenotazione annullata.').waitFor();
      const section = page.getByRole('region', { name: 'Persone da avvisare per telefono: 1' });
      await section.getByText('Carlo Attesa', { exact: true }).waitFor();
      expect(await section.getByRole('link', { name: '0574 246810' }).getAttribute('href')).toBe('tel:0574246810');
      await check('registrations-to-call');

      await page.getByRole('link', { name: 'Tutte le persone da avvisare' }).click();
      await page.getByRole('heading', { level: 1, name: 'Da avvisare per telefono' }).waitFor();
      await page.getByText('Ha ottenuto il posto dalla lista d’attesa').waitFor();
      await check('organisation-list');

      await page.getByRole('button', { name: 'Avvisata – Carlo Attesa' }).click();
      await page.getByText('Segnata come avvisata.').waitFor();
      expect(await page.getByText('Carlo Attesa', { exact: true }).count()).toBe(0);
      await check('ticked');
    } finally {
      await context.close();
    }
  });
});
