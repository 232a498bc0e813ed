import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createApiToken } from '../src/core/auth.js';
import { setClockOffset } from '../src/core/time.js';
import type { DemoIds } from '../src/demo/seed.js';
import * as events from '../src/modules/events/service.js';
import { surveyAt } from '../src/modules/events/survey/schedule.js';
import { createDemoDb, type TestDb, testConfig } from '../test/helpers.js';
import { TestSmtp } from '../test/mail.js';
import { expectPageOk, field, launchBrowser, meetingAtCoiano, newPage, SCREENSHOT_DIR, signIn } from './helpers.js';

/**
 * After the event, in a real browser at 320 px: a citizen who came gets the satisfaction survey by
 * e-mail the day after, opens the link and answers without an account; staff read the results per
 * event and per programme, and write to the people who came. Every page passes axe.
 */

const STAFF_EMAIL = 'agenda.digitale@prato.example';
const CITIZEN = 'anna.gradimento@example.org';
const WIDTH = 320;

let server: { app: FastifyInstance; db: TestDb; baseUrl: string; ids: DemoIds };
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
  setClockOffset(0);
  await browser?.close();
  await server?.app.close();
  await server?.db.cleanup();
  await smtp.stop();
});

async function runJobs(): Promise<void> {
  while ((await server.app.deps.jobs.runDue()) > 0) {
    // until nothing is due
  }
}

const checkPage = (page: Page, problems: string[], label: string) =>
  expectPageOk(page, problems, label, { prefix: 'survey', maxWidth: WIDTH });

async function h1(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

describe(`after the event at ${WIDTH} px`, () => {
  it('a citizen who came answers the survey from the e-mail; staff read the results and write to the people who came', async () => {
    // An event of Prato's programme in two days; Anna books, and is checked in at the door.
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCHours(16, 0, 0, 0);
    const eventId = await meetingAtCoiano(server, 'Primi passi con lo SPID', start, new Date(start.getTime() + 2 * 3_600_000), {
      programme: server.ids.programmes.prato,
      audiences: ['anziani'],
      topics: ['spid'],
    });
    const booked = await server.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/registrations`,
      payload: { name: 'Anna Neri', email: CITIZEN, seats: 1 },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    await runJobs();
    smtp.clear();
    const staff = await server.db.db.k.selectFrom('users').select('id').where('email', '=', STAFF_EMAIL).executeTakeFirstOrThrow();
    const token = await createApiToken(server.db.db, staff.id, 'porta');
    setClockOffset(start.getTime() + 10 * 60_000 - Date.now());
    const checkin = await server.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/checkins`,
      headers: { authorization: `Bearer ${token}` },
      payload: { code: booked.json().ticketCode },
    });
    expect(checkin.statusCode, checkin.body).toBe(201);

    // The day after at 10:00 the survey e-mail goes out.
    const ev = await events.getEvent(server.db.db, eventId);
    setClockOffset(Date.parse(surveyAt(ev.end)) + 60_000 - Date.now());
    await runJobs();
    const mails = smtp.to(CITIZEN);
    expect(mails.map((m) => m.subject)).toEqual(["Com'è andata? Dacci un voto: Primi passi con lo SPID"]);
    const path = /https?:\/\/[^/\s]+(\/gradimento\/[0-9a-f-]{36}\?token=[A-Za-z0-9_-]+)/.exec(mails[0].text ?? '')?.[1];
    expect(path, mails[0].text).toBeTruthy();

    // Anna opens the link on her phone and answers.
    {
      const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 720 } });
      const check = (label: string) => checkPage(page, problems, label);
      try {
        await page.goto(path as string);
        expect(await h1(page)).toBe("Com'è andato l'evento?");
        await check('survey');
        // Sent without a rating: the page says what is missing.
        await field(page, 'Commento').fill('Spiegato con calma, grazie.');
        await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Invia la risposta' }).click()]);
        await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('scegli un voto da 1 a 5');
        await check('survey-error');
        const group = page.getByRole('group', { name: /Nel complesso, come valuti l'evento\?/ });
        await group.getByText('4 – Buono', { exact: true }).click();
        expect(await page.getByLabel('4 – Buono').isChecked()).toBe(true);
        await Promise.all([page.waitForURL('**esito=grazie**'), page.getByRole('button', { name: 'Invia la risposta' }).click()]);
        expect(await h1(page)).toBe('Grazie!');
        expect(await page.getByRole('status').textContent()).toContain('La tua risposta è stata registrata.');
        await check('survey-thanks');
      } finally {
        await context.close();
      }
    }

    // Staff read the results and write to the people who came.
    {
      const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 720 } });
      const check = (label: string) => checkPage(page, problems, label);
      try {
        await signIn(page, STAFF_EMAIL);

        await page.goto(`/admin/events/${eventId}`);
        await Promise.all([
          page.waitForURL(`**/admin/events/${eventId}/gradimento`),
          page.getByRole('link', { name: 'Gradimento (questionario)' }).click(),
        ]);
        expect(await h1(page)).toBe('Gradimento: Primi passi con lo SPID');
        const table = page.getByRole('table', { name: 'Distribuzione dei voti' });
        expect(
          await table
            .getByRole('row', { name: /4 – Buono/ })
            .getByRole('cell')
            .first()
            .textContent(),
        ).toBe('1');
        await expect.poll(() => page.locator('main').textContent()).toContain('4 su 5');
        expect(await page.locator('main').textContent()).toContain('Spiegato con calma, grazie.');
        await check('results-event');

        // The event's questions are a survey of the builder, which staff may change.
        await Promise.all([
          page.waitForURL('**/admin/questionari/**'),
          page.getByRole('link', { name: 'Modifica le domande del questionario' }).click(),
        ]);
        expect(await page.getByRole('heading', { level: 2, name: 'Domande' }).count()).toBe(1);
        expect(await page.locator('main').textContent()).toContain("Nel complesso, come valuti l'evento?");
        await check('builder-event');

        await page.goto(`/admin/programmes/${server.ids.programmes.prato}`);
        await Promise.all([
          page.waitForURL('**/gradimento'),
          page.getByRole('link', { name: 'Gradimento degli eventi del programma (questionari)' }).click(),
        ]);
        expect(await page.getByRole('link', { name: 'Primi passi con lo SPID' }).count()).toBe(1);
        await check('results-programme');

        await page.goto(`/admin/events/${eventId}`);
        await Promise.all([page.waitForURL('**/messaggi'), page.getByRole('link', { name: 'Scrivi ai partecipanti' }).click()]);
        expect(await h1(page)).toBe('Messaggi ai partecipanti: Primi passi con lo SPID');
        await check('messages');
        await page.getByText('Presenti (registrati all’ingresso)', { exact: true }).click();
        await field(page, 'Oggetto').fill('Le slide dell’incontro');
        await field(page, 'Testo del messaggio').fill('Trovate le slide sul sito del Comune.\nGrazie di essere venuti!');
        await Promise.all([page.waitForURL('**esito=inviato**'), page.getByRole('button', { name: 'Invia il messaggio' }).click()]);
        expect(await page.getByRole('status').textContent()).toContain('Messaggio in invio a 1 persona.');
        await check('messages-sent');
      } finally {
        await context.close();
      }
    }
    smtp.clear();
    await runJobs();
    const message = smtp.to(CITIZEN);
    expect(message.map((m) => m.subject)).toEqual(['Le slide dell’incontro']);
    expect(message[0].text).toContain('Grazie di essere venuti!');
    expect(message[0].text).toContain('hai partecipato a "Primi passi con lo SPID"');
  }, 180_000);

  it("a citizen answers the demo's needs survey in pages, the question about no connection coming after that answer; its public results hide small groups", async () => {
    setClockOffset(0);
    const survey = await server.db.db.k
      .selectFrom('surveys')
      .select('id')
      .where('title', '=', 'Questionario sui bisogni digitali')
      .executeTakeFirstOrThrow();
    // Closed in the demo (its phase is over); opened again here to answer it.
    await server.db.db.k.updateTable('surveys').set({ status: 'open' }).where('id', '=', survey.id).execute();
    // The pages carry no script: the steps are decided on the server (axe needs the browser's JavaScript).
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 720 } });
    const check = (label: string) => checkPage(page, problems, label);
    try {
      await page.goto(`/partecipa/questionari/${survey.id}`);
      expect(await h1(page)).toBe('Questionario sui bisogni digitali');
      expect(await page.locator('main').textContent()).not.toContain('Che cosa te lo impedisce?');
      await check('needs-1');
      // Sent empty: the required questions say so beside them.
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Avanti' }).click()]);
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('rispondi a questa domanda');
      await check('needs-1-error');
      await field(page, 'In quale comune vivi?').selectOption({ index: 1 });
      await page.getByText('65 anni e più', { exact: true }).click();
      await page.getByText('Non mi collego da casa', { exact: true }).click();
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Avanti' }).click()]);
      expect(await page.locator('main').textContent()).toContain('Che cosa te lo impedisce?');
      await check('needs-2');
      await field(page, 'Che cosa te lo impedisce?').fill('Nella frazione non arriva la linea');
      await page.getByText('3 – Abbastanza', { exact: true }).click();
      await field(page, 'E-mail').fill('lucia.bisogni@example.org');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Invia la risposta' }).click()]);
      expect(await h1(page)).toBe('Conferma la tua risposta');
      await check('needs-sent');

      await page.goto(`/partecipa/questionari/${survey.id}/risultati`);
      expect(await h1(page)).toBe('Risultati: Questionario sui bisogni digitali');
      expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(3);
      expect(await page.locator('main').textContent()).toContain('meno di 5 risposte');
      await check('needs-results');
      await page.getByLabel('Guarda un gruppo (comune o fascia d’età)').selectOption({ label: '65 anni e più' });
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Mostra' }).click()]);
      expect(await page.locator('main').textContent()).toContain('Gruppo: 65 anni e più');
      await check('needs-results-group');
    } finally {
      await context.close();
    }
  }, 120_000);
});
