import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/modules/accounts/service.js';
import { createShift } from '../src/modules/volunteers/service.js';
import {
  DEMO_PASSWORD,
  expectPageOk,
  field,
  launchBrowser,
  newPage,
  type RunningServer,
  SCREENSHOT_DIR,
  signIn,
  startServer,
} from './helpers.js';

/**
 * Volunteers on a phone 360 px wide: a 17-year-old applies on the public form (first refused
 * without the guardian's consent, with the errors in Italian), staff approve the application on
 * the back-office list, and the volunteer signs up for a shift on "I miei turni". Every page
 * passes axe and does not scroll sideways.
 */

const WIDTH = 360;
const PRATO_ADMIN = 'agenda.digitale@prato.example';
const VOLUNTEER = 'marco.giovane@example.org';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const checkPage = (page: Page, problems: string[], label: string) =>
  expectPageOk(page, problems, label, { prefix: 'volunteers', maxWidth: WIDTH });
const phone = () => newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 640 } });

describe('volunteers at 360 px', () => {
  it('a 17-year-old applies with a guardian, is approved by staff and signs up for a shift', { timeout: 90_000 }, async () => {
    const prato = server.ids.organisations.prato;
    // The person already has an account (they set its password earlier): approval adds the role.
    await createUser(server.db.db, {
      email: VOLUNTEER,
      name: 'Marco Giovane',
      role: 'partner',
      organisation: prato,
      password: DEMO_PASSWORD,
    });
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
      await page.getByLabel('SPID e CIE').check({ force: true });
      await page.getByLabel('Sabato, mattina').check({ force: true });
      await page.getByLabel('Ho letto e accetto il codice di comportamento dei volontari').check({ force: true });
      await page.getByRole('button', { name: 'Invia la domanda' }).click();
      expect(await page.textContent('#error-summary')).toContain('sotto i 18 anni serve il consenso del genitore o tutore');
      await checkPage(page, problems, 'apply-errors');
      await page.getByLabel('Il genitore o tutore è d’accordo (solo sotto i 18 anni)').check({ force: true });
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

    const start = new Date(Date.now() + 4 * 86_400_000);
    await createShift(server.db.db, null, {
      organisation: prato,
      title: 'Sportello SPID in biblioteca',
      start: start.toISOString(),
      end: new Date(start.getTime() + 3 * 3_600_000).toISOString(),
      needed: 2,
      skills: ['spid-cie'],
    });
    const volunteer = await phone();
    try {
      const { page, problems } = volunteer;
      await page.goto('/login');
      await field(page, 'Indirizzo e-mail').fill(VOLUNTEER);
      await field(page, 'Password').fill(DEMO_PASSWORD);
      await Promise.all([page.waitForURL(/\/admin/), page.getByRole('button', { name: 'Accedi' }).click()]);
      await page.goto('/turni');
      await checkPage(page, problems, 'my-shifts');
      await page.getByRole('button', { name: 'Iscriviti – Sportello SPID in biblioteca' }).click();
      expect(await page.textContent('main')).toContain('Iscrizione fatta.');
      await expect(page.getByRole('button', { name: 'Ritirati – Sportello SPID in biblioteca' }).count()).resolves.toBe(1);
      await checkPage(page, problems, 'signed-up');
    } finally {
      await volunteer.context.close();
    }
  });
});
