import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { setClockOffset } from '../src/core/time.js';
import type { DemoIds } from '../src/demo/seed.js';
import { createShift } from '../src/modules/volunteers/service.js';
import { createDemoDb, type TestDb, testConfig } from '../test/helpers.js';
import { TestSmtp } from '../test/mail.js';
import { expectPageOk, field, launchBrowser, newPage, SCREENSHOT_DIR, signIn, tick } from './helpers.js';

/**
 * Volunteers on a phone 360 px wide, from the application to the certificate: a 17-year-old
 * applies on the public form (first refused without the guardian's consent, with the errors in
 * Italian), staff approve the application, the new volunteer sets a password from the e-mailed
 * link, signs in, signs up for a desk shift on "I miei turni", receives the reminder the day
 * before, is marked present by staff, and downloads the certificate whose text lists the hours.
 * Every page passes axe and does not scroll sideways.
 */

const WIDTH = 360;
const PRATO_ADMIN = 'agenda.digitale@prato.example';
const VOLUNTEER = 'marco.giovane@example.org';
const PASSWORD = 'girasole tramonto bicicletta';

let db: TestDb;
let app: FastifyInstance;
let smtp: TestSmtp;
let baseUrl: string;
let ids: DemoIds;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  smtp = new TestSmtp();
  const smtpUrl = await smtp.start();
  const demo = await createDemoDb('sqlite');
  db = demo;
  ({ ids } = demo.demo);
  app = await buildApp({ config: testConfig({ databaseUrl: db.url, smtpUrl }), db: db.db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  setClockOffset(0);
  await browser?.close();
  await app?.close();
  await db?.cleanup();
  await smtp?.stop();
});

const runJobs = async () => {
  for (let i = 0; i < 5 && (await app.deps.jobs.runDue()) > 0; i++);
};

const checkPage = (page: Page, problems: string[], label: string) =>
  expectPageOk(page, problems, label, { prefix: 'volunteers', maxWidth: WIDTH });
const phone = () => newPage(browser, baseUrl, { viewport: { width: WIDTH, height: 640 } });

describe('volunteers at 360 px', () => {
  it('a 17-year-old applies, is approved, sets a password, signs up for a desk shift, is reminded, is marked present and gets the certificate', {
    timeout: 180_000,
  }, async () => {
    const prato = ids.organisations.prato;
    const applicant = await phone();
    try {
      const { page, problems } = applicant;
      await page.goto(`/volontariato/${prato}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeDefined();
      await checkPage(page, problems, 'apply');
      await field(page, 'Nome e cognome').fill('Marco Giovane');
      await field(page, 'E-mail').fill(VOLUNTEER);
      await field(page, 'Comune dove puoi aiutare').fill('Prato');
      await field(page, 'Età').selectOption('under-18');
      await field(page, 'Nome del genitore o tutore (solo sotto i 18 anni)').fill('Paola Giovane');
      await tick(page, 'SPID e CIE');
      await tick(page, 'Sabato, mattina');
      await tick(page, 'Ho letto e accetto il codice di comportamento dei volontari');
      await page.getByRole('button', { name: 'Invia la domanda' }).click();
      expect(await page.textContent('#error-summary')).toContain('sotto i 18 anni serve il consenso del genitore o tutore');
      await checkPage(page, problems, 'apply-errors');
      await tick(page, 'Il genitore o tutore è d’accordo (solo sotto i 18 anni)');
      await page.getByRole('button', { name: 'Invia la domanda' }).click();
      expect(await page.textContent('main')).toContain('Abbiamo ricevuto la tua domanda');
      await checkPage(page, problems, 'applied');
    } finally {
      await applicant.context.close();
    }

    const staff = await phone();
    try {
      const { page, problems } = staff;
      await signIn(page, PRATO_ADMIN);
      await page.goto(`/admin/organisations/${prato}/volontari`);
      expect(await page.textContent('main')).toContain('Consenso di Paola Giovane');
      await checkPage(page, problems, 'applications');
      await page.getByRole('button', { name: 'Approva – Marco Giovane' }).click();
      expect(await page.textContent('main')).toContain('Domanda approvata');
      await checkPage(page, problems, 'approved');
      await page.goto(`/admin/organisations/${prato}/turni`);
      await checkPage(page, problems, 'staff-shifts');
    } finally {
      await staff.context.close();
    }

    // The approval e-mailed a link to choose the password of the new account.
    await runJobs();
    const invitation = smtp.to(VOLUNTEER).find((m) => m.subject === 'Il tuo account Ponte: scegli la password');
    const link = /\/password\/reset\/[A-Za-z0-9_-]+/.exec(invitation?.text ?? '')?.[0];
    expect(link, invitation?.text).toBeDefined();

    // A desk of Prato's, in four days, for three hours.
    const desk = await db.db.k.selectFrom('desks').select('id').where('organisation_id', '=', prato).executeTakeFirstOrThrow();
    const start = new Date(Date.now() + 4 * 86_400_000);
    start.setUTCHours(8, 0, 0, 0);
    const shift = await createShift(db.db, null, {
      organisation: prato,
      desk: desk.id,
      title: 'Sportello SPID in biblioteca',
      start: start.toISOString(),
      end: new Date(start.getTime() + 3 * 3_600_000).toISOString(),
      needed: 2,
      skills: ['spid-cie'],
    });
    const volunteer = await phone();
    try {
      const { page, problems } = volunteer;
      await page.goto(link!);
      await page.getByRole('heading', { name: 'Scegli la tua password' }).waitFor();
      await checkPage(page, problems, 'set-password');
      await field(page, 'Nuova password').fill(PASSWORD);
      await field(page, 'Ripeti la nuova password').fill(PASSWORD);
      await Promise.all([page.waitForURL(/\/password\/saved$/), page.getByRole('button', { name: 'Salva la password' }).click()]);
      await checkPage(page, problems, 'password-saved');
      await page.goto('/login');
      await field(page, 'E-mail o numero di cellulare').fill(VOLUNTEER);
      await field(page, 'Password').fill(PASSWORD);
      await Promise.all([page.waitForURL(/\/admin/), page.getByRole('button', { name: 'Accedi' }).click()]);
      await page.goto('/turni');
      await checkPage(page, problems, 'my-shifts');
      await page.getByRole('button', { name: 'Iscriviti – Sportello SPID in biblioteca' }).click();
      expect(await page.textContent('main')).toContain('Iscrizione fatta.');
      await expect(page.getByRole('button', { name: 'Ritirati – Sportello SPID in biblioteca' }).count()).resolves.toBe(1);
      await checkPage(page, problems, 'signed-up');

      // The day before the shift the reminder leaves: an hour after it fell due, whatever the hour the test runs.
      smtp.clear();
      setClockOffset(start.getTime() - 23 * 3_600_000 - Date.now());
      try {
        await runJobs();
      } finally {
        setClockOffset(0);
      }
      const reminder = smtp.to(VOLUNTEER).find((m) => m.subject === 'Promemoria: il tuo turno «Sportello SPID in biblioteca»');
      expect(reminder?.text).toContain('/turni');

      // Staff mark the volunteer present on the shift's page.
      const staffAgain = await phone();
      try {
        await signIn(staffAgain.page, PRATO_ADMIN);
        await staffAgain.page.goto(`/admin/shifts/${shift.id}`);
        await staffAgain.page.getByRole('button', { name: 'Presente – Marco Giovane' }).click();
        await staffAgain.page.getByText('Presente', { exact: true }).first().waitFor();
        expect(await staffAgain.page.textContent('main')).toContain('Marco Giovane');
        await checkPage(staffAgain.page, staffAgain.problems, 'marked-present');
        // The volunteer's page (courses, "in affiancamento") and the message form pass axe too.
        await staffAgain.page.getByRole('link', { name: 'Scheda – Marco Giovane' }).click();
        await staffAgain.page.getByRole('heading', { name: 'Corsi fatti' }).waitFor();
        await checkPage(staffAgain.page, staffAgain.problems, 'volunteer-page');
        await staffAgain.page.goto(`/admin/organisations/${prato}/volontari/messaggio`);
        await field(staffAgain.page, 'Oggetto').fill('Grazie!');
        await field(staffAgain.page, 'Testo').fill('Grazie per il turno allo sportello.');
        await staffAgain.page.getByRole('button', { name: 'Invia il messaggio' }).click();
        await staffAgain.page.getByText('Messaggio inviato a 1 persona.').waitFor();
        await checkPage(staffAgain.page, staffAgain.problems, 'message-sent');
      } finally {
        await staffAgain.context.close();
      }

      // The certificate, downloaded from "I miei turni", lists the shift and its three hours.
      await page.goto('/turni');
      await checkPage(page, problems, 'my-shifts-after');
      const href = await page.getByRole('link', { name: /Attestato di ore e attività/ }).getAttribute('href');
      const day = start.toISOString().slice(0, 10);
      const pdf = await page.request.get(`${href}&from=${day}&to=${day}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.body())), { mergePages: true });
      const words = text.replace(/\s+/g, ' ');
      expect(words).toContain('Marco Giovane');
      expect(words).toContain('Sportello SPID in biblioteca');
      expect(words).toContain('Totale: 3 ore');
    } finally {
      await volunteer.context.close();
    }
  });
});
