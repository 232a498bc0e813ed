import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { DemoIds } from '../src/demo/seed.js';
import * as events from '../src/modules/events/service.js';
import { createDemoDb, type TestDb, testConfig } from '../test/helpers.js';
import { TestSmtp } from '../test/mail.js';
import { expectPageOk, field, horizontalOverflow, launchBrowser, newPage, SCREENSHOT_DIR, signIn } from './helpers.js';

/**
 * The events flows in a real browser: a citizen finds an event through the filters, books it,
 * gets the e-mail, cancels through the private link, and the first on the waiting list is promoted
 * and told; staff book on behalf of a caller. Every page passes axe at 320 px and on a desktop.
 * Mail goes to an SMTP server in this process; due jobs are run by the test, as a worker would.
 */

const STAFF_EMAIL = 'agenda.digitale@prato.example';

interface EventsServer {
  app: FastifyInstance;
  db: TestDb;
  baseUrl: string;
  ids: DemoIds;
}

let server: EventsServer;
let browser: Browser;
const smtp = new TestSmtp();

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const smtpUrl = await smtp.start();
  const db = await createDemoDb('sqlite');
  const { ids } = db.demo;
  const config = testConfig({ databaseUrl: db.url, smtpUrl, rateLimitMax: 0 });
  const app = await buildApp({ config, db: db.db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  server = { app, db, baseUrl: `http://127.0.0.1:${port}`, ids };
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.app.close();
  await server?.db.cleanup();
  await smtp.stop();
});

/** Runs every due job (mail, promotions), as the background worker would. */
async function runJobs(): Promise<void> {
  while ((await server.app.deps.jobs.runDue()) > 0) {
    // until nothing is due
  }
}

const checkPage = (page: Page, problems: string[], label: string, maxWidth?: number) =>
  expectPageOk(page, problems, label, { prefix: 'events', maxWidth });

/** A form field by its visible label; required fields add an asterisk hidden from screen readers. */

/** Waits for the neutral answer of the booking form (the same whether or not the contact had booked). */
async function received(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Prenotazione ricevuta' }).waitFor();
}

async function h1(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

/** A published event of Prato at the Coiano club, in `days` days at 20:30. */
async function createEvent(title: string, capacity: number, days = 9): Promise<string> {
  const start = new Date(Date.now() + days * 86_400_000);
  start.setUTCHours(19, 30, 0, 0);
  const { id } = await events.createEvent(server.app.deps, null, {
    organisation: server.ids.organisations.prato,
    title,
    description: 'Impariamo a usare la posta elettronica certificata, passo per passo.',
    type: 'laboratorio',
    format: 'in_presenza',
    venue: server.ids.venues.coiano,
    capacity,
    maxSeatsPerBooking: 2,
    bookingRequired: true,
    status: 'published',
    audiences: ['anziani', 'tutti'],
    topics: ['pec'],
    sessions: [{ start: start.toISOString(), end: new Date(start.getTime() + 2 * 3_600_000).toISOString() }],
  });
  return id;
}

const VIEWPORTS = [
  { name: 'phone', width: 320, height: 640, noSideScroll: true },
  { name: 'desktop', width: 1280, height: 800, noSideScroll: false },
];

describe.each(VIEWPORTS)('events at $width px', ({ name, width, height, noSideScroll }) => {
  it('a citizen finds an event with the filters, books, gets the e-mail and cancels; the first in line is promoted', async () => {
    const title = `Laboratorio di PEC (${name})`;
    const eventId = await createEvent(title, 1);
    const citizen = `anna.${name}@example.org`;
    const waiting = `bruno.${name}@example.org`;
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width, height } });
    const check = (label: string) => checkPage(page, problems, `${name}-${label}`, noSideScroll ? width : undefined);
    try {
      // The catalogue, from the home page.
      await page.goto('/');
      await page.getByRole('link', { name: /Tutti gli eventi/ }).click();
      await page.waitForURL('**/eventi');
      expect(await h1(page)).toBe('Eventi e incontri');
      await check('catalogue');

      // Filters: comune, topic, words of the title.
      await field(page, 'Comune').selectOption({ label: 'Prato (PO)' });
      await field(page, 'Argomento').selectOption({ label: 'Posta elettronica e PEC' });
      await field(page, 'Cerca nel titolo, nella descrizione e nel luogo').fill(`pec ${name}`);
      await Promise.all([page.waitForURL('**/eventi?**'), page.getByRole('button', { name: 'Mostra gli eventi' }).click()]);
      const results = page.getByRole('region', { name: 'Eventi in programma' }).getByRole('listitem');
      await expect(results.count()).resolves.toBe(1);
      const card = (await results.first().textContent()) ?? '';
      expect(card).toContain('Circolo Arci di Coiano');
      expect(card).toContain('Ultimi posti disponibili');
      await check('catalogue-filtered');

      // The event page.
      await page.getByRole('link', { name: title }).click();
      await page.waitForURL(`**/eventi/${eventId}`);
      expect(await h1(page)).toBe(title);
      const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
      expect(ld['@type']).toBe('Event');
      await check('event');

      // Book: the form is on the page.
      await field(page, 'Nome e cognome').fill('Anna Rossi');
      await field(page, 'Indirizzo e-mail').fill(citizen);
      await page.getByText("Ho letto l'informativa privacy").click();
      await page.getByRole('button', { name: 'Prenota', exact: true }).click();
      await received(page);
      expect(await page.getByRole('status').first().textContent()).toContain(`Ti abbiamo inviato una e-mail a ${citizen}`);
      await check('confirmation');

      // The e-mail, with the private link.
      await runJobs();
      const mails = smtp.to(citizen);
      expect(mails.map((m) => m.subject)).toEqual([`Prenotazione confermata: ${title}`]);
      const link = /\/prenotazioni\/[0-9a-f-]{36}\?token=[A-Za-z0-9_%-]+/.exec(mails[0].text ?? '')?.[0];
      expect(link).toBeTruthy();

      // Someone else finds it full and joins the waiting list.
      const other = await newPage(browser, server.baseUrl, { viewport: { width, height } });
      try {
        await other.page.goto(`/eventi/${eventId}/prenota`);
        expect(await other.page.getByText("Completo – lista d'attesa").count()).toBeGreaterThan(0);
        await checkPage(other.page, other.problems, `${name}-booking-form`, noSideScroll ? width : undefined);
        await field(other.page, 'Nome e cognome').fill('Bruno Verdi');
        await field(other.page, 'Indirizzo e-mail').fill(waiting);
        await other.page.getByText("Ho letto l'informativa privacy").click();
        await other.page.getByRole('button', { name: "Iscriviti alla lista d'attesa" }).click();
        await received(other.page);
        expect(await other.page.getByText("la richiesta va in lista d'attesa").count()).toBe(1);
        await checkPage(other.page, other.problems, `${name}-waitlisted`, noSideScroll ? width : undefined);
      } finally {
        await other.context.close();
      }
      await runJobs();
      expect(smtp.to(waiting).map((m) => m.subject)).toEqual([`Sei in lista d'attesa: ${title}`]);

      // The citizen cancels through the link of the e-mail.
      await page.goto(link as string);
      expect(await h1(page)).toBe('La tua prenotazione');
      await check('manage');
      await page.getByRole('link', { name: 'Annulla la prenotazione' }).click();
      await page.waitForURL('**/annulla?**');
      expect(await h1(page)).toBe('Vuoi davvero annullare?');
      await check('cancel-confirm');
      await Promise.all([page.waitForURL('**esito=annullata'), page.getByRole('button', { name: 'Sì, annulla la prenotazione' }).click()]);
      expect(await page.getByRole('status').first().textContent()).toContain('La prenotazione è annullata');
      await check('cancelled');

      // The first in line is promoted and told.
      await runJobs();
      expect(smtp.to(waiting).map((m) => m.subject)).toContain(`Si è liberato un posto, prenotazione confermata: ${title}`);
      expect(smtp.to(citizen).map((m) => m.subject)).toContain(`Prenotazione annullata: ${title}`);
      const regs = await events.listRegistrations(server.db.db, eventId);
      expect(regs.items.map((r) => [r.email, r.status])).toEqual([
        [waiting, 'confirmed'],
        [citizen, 'cancelled'],
      ]);

      // The month view shows the event.
      await page.goto('/eventi');
      await page.getByRole('link', { name: 'Vedi il calendario del mese' }).click();
      await page.waitForURL('**/eventi/mese**');
      await check('month');
    } finally {
      await context.close();
    }
  }, 180_000);

  it('staff book on behalf of a caller, and every staff event page passes axe', async () => {
    const title = `Incontro per chi telefona (${name})`;
    const eventId = await createEvent(title, 10, 12);
    const prato = server.ids.organisations.prato;
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width, height } });
    const check = (label: string) => checkPage(page, problems, `${name}-staff-${label}`, noSideScroll ? width : undefined);
    try {
      await signIn(page, STAFF_EMAIL);

      await page.goto(`/admin/organisations/${prato}`);
      await page.getByRole('link', { name: 'Eventi', exact: true }).click();
      await page.waitForURL(`**/admin/organisations/${prato}/events`);
      expect(await h1(page)).toBe('Eventi');
      await check('events');

      // The caller is booked in a handful of keystrokes.
      const started = Date.now();
      // "Iscritti", with the event's title for screen readers.
      await page.getByRole('link', { name: new RegExp(`^Iscritti\\s*: ${title.replace(/[()]/g, '\\$&')}$`) }).click();
      await page.waitForURL(`**/admin/events/${eventId}/registrations`);
      await check('registrations');
      await field(page, 'Nome e cognome').fill('Giovanni Bianchi');
      await field(page, 'Numero di telefono').fill('0574 123456');
      await field(page, 'Numero di posti').selectOption('2');
      await page.getByText('Ho informato la persona sul trattamento dei dati').click();
      await Promise.all([page.waitForURL('**prenotata=**'), page.getByRole('button', { name: 'Prenota', exact: true }).click()]);
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(await page.getByRole('status').first().textContent()).toContain('Prenotato: Giovanni Bianchi, 2 posti.');
      expect(await page.getByRole('cell', { name: '0574 123456' }).count()).toBe(1);
      await check('booked');
      const regs = await events.listRegistrations(server.db.db, eventId);
      expect(regs.items).toMatchObject([{ name: 'Giovanni Bianchi', seats: 2, status: 'confirmed', source: 'staff' }]);

      for (const [label, url] of [
        ['new-event', `/admin/organisations/${prato}/events/new`],
        ['new-series', `/admin/organisations/${prato}/series/new`],
        ['edit-event', `/admin/events/${eventId}`],
      ] as const) {
        await page.goto(url);
        await check(label);
      }
      // A form sent with errors is accessible too.
      await page.goto(`/admin/organisations/${prato}/events/new`);
      await page.getByRole('button', { name: "Crea l'evento" }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('#error-summary').textContent()).toContain('Il modulo contiene errori');
      await check('new-event-errors');
    } finally {
      await context.close();
    }
  }, 180_000);
});

describe('without JavaScript', () => {
  it('books at 320 px with a plain form post', async () => {
    const title = 'Laboratorio di PEC (senza JavaScript)';
    await createEvent(title, 5);
    const { context, page, problems } = await newPage(browser, server.baseUrl, {
      javaScriptEnabled: false,
      viewport: { width: 320, height: 640 },
    });
    try {
      await page.goto('/eventi?q=senza+javascript');
      await page.getByRole('link', { name: title }).click();
      await field(page, 'Nome e cognome').fill('Carla Neri');
      await field(page, 'Numero di telefono').fill('333 1234567');
      await field(page, 'Numero di posti').selectOption('2');
      await page.getByText("Ho letto l'informativa privacy").click();
      await page.getByRole('button', { name: 'Prenota', exact: true }).click();
      await received(page);
      // Without an e-mail the code comes by SMS, and the page says where to use it.
      expect(await page.getByRole('status').first().textContent()).toContain('Ti mandiamo un SMS al numero 333 1234567');
      expect(problems).toEqual([]);
      const { scrollWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(320);
    } finally {
      await context.close();
    }
  });
});
