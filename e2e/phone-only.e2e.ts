import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { smsDaytime } from '../src/core/sms.js';
import { LocalSmsc } from '../src/core/sms-smsc.js';
import { setClockOffset } from '../src/core/time.js';
import type { DemoIds } from '../src/demo/seed.js';
import * as events from '../src/modules/events/service.js';
import { createDemoDb, type TestDb, testConfig } from '../test/helpers.js';
import { expectFocusOn, expectPageOk, field, launchBrowser, meetingAtCoiano, newPage, SCREENSHOT_DIR } from './helpers.js';

/**
 * A citizen with a phone and no e-mail, on a 360 px phone: books an event, receives the SMS with
 * the code on the in-process SMPP server, and cancels from "Gestisci la prenotazione" with the code
 * and the phone. Every page passes axe and does not scroll sideways.
 */

const WIDTH = 360;
let browser: Browser;
let app: FastifyInstance;
let db: TestDb;
let ids: DemoIds;
let baseUrl: string;
const smsc = new LocalSmsc();

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const demo = await createDemoDb('sqlite');
  db = demo;
  ({ ids } = demo.demo);
  const config = testConfig({ databaseUrl: db.url }, { SMS_URL: await smsc.start() });
  app = await buildApp({ config, db: db.db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.cleanup();
  await smsc.stop();
  setClockOffset(0);
});

/** Runs the due jobs, as a worker would, by day (an SMS falling due at night waits for the morning). */
async function runJobs(): Promise<void> {
  setClockOffset(Date.parse(smsDaytime()) - Date.now() + 1000);
  try {
    while ((await app.deps.jobs.runDue()) > 0);
  } finally {
    setClockOffset(0);
  }
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe('a phone-only citizen', () => {
  it('books, receives the code by SMS and cancels with code and phone from /gestisci', async () => {
    const title = 'SPID al telefono';
    const start = new Date(Date.now() + 6 * 86_400_000);
    const eventId = await meetingAtCoiano({ app, ids }, title, start, new Date(start.getTime() + 7_200_000));
    const { context, page, problems } = await newPage(browser, baseUrl, { viewport: { width: WIDTH, height: 720 } });
    const check = (label: string) => expectPageOk(page, problems, label, { prefix: 'phone-only', maxWidth: WIDTH });
    try {
      await page.goto(`/eventi/${eventId}`);
      await field(page, 'Nome e cognome').fill('Rosa Verdi');
      await field(page, 'Numero di telefono').fill('333 765 4321');
      await page.getByText("Ho letto l'informativa privacy").click();
      await page.getByRole('button', { name: 'Prenota', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Prenotazione ricevuta' }).waitFor();
      await check('booked');

      await runJobs();
      const sms = smsc.to('+393337654321');
      expect(sms).toHaveLength(1);
      expect(sms[0].text).toContain(`Prenotato: ${title}`);
      expect(sms[0].parts).toBe(1);
      const code = /Codice ([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(sms[0].text)?.[1];
      expect(code).toBeTruthy();

      // From any page's footer to the form.
      await page.getByRole('link', { name: 'Gestisci una prenotazione' }).click();
      await page.waitForURL('**/gestisci');
      expect(await h1(page)).toBe('Gestisci la prenotazione');
      await check('form');

      // A wrong number: the neutral message, which takes the focus.
      await field(page, 'Codice').fill(code as string);
      await field(page, 'Cellulare o e-mail').fill('333 765 0000');
      await page.getByRole('button', { name: 'Apri la prenotazione' }).click();
      await page.locator('#error-summary').waitFor();
      expect(await page.locator('#error-summary').textContent()).toContain('Nessuna prenotazione con questo codice e questo recapito');
      await expectFocusOn(page, 'error-summary');
      problems.length = 0; // the 404 of the form sent back is the answer, not a fault
      await check('not-found');

      await field(page, 'Cellulare o e-mail').fill('+39 333 7654321');
      await page.getByRole('button', { name: 'Apri la prenotazione' }).click();
      await page.waitForURL('**/prenotazioni/**');
      expect(await h1(page)).toBe('La tua prenotazione');
      await check('manage');
      await page.getByRole('link', { name: 'Annulla la prenotazione' }).click();
      await page.waitForURL('**/annulla?**');
      await Promise.all([page.waitForURL('**esito=annullata'), page.getByRole('button', { name: 'Sì, annulla la prenotazione' }).click()]);
      expect(await page.getByRole('status').first().textContent()).toContain('La prenotazione è annullata');
      await check('cancelled');

      const regs = await events.listRegistrations(db.db, eventId);
      expect(regs.items.map((r) => r.status)).toEqual(['cancelled']);
      await runJobs();
      expect(smsc.to('+393337654321').map((m) => m.text)[1]).toMatch(/^Prenotazione annullata: SPID al telefono/);
    } finally {
      await context.close();
    }
  }, 120_000);
});
