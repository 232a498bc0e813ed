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
 * A children's activity on a 360 px phone (issue 17): staff mark the Coder Dojo as an activity for
 * minors and add a required question on its own page; a parent books for their child, naming
 * themself as the guardian and answering the question, first forgetting the declaration (the
 * error is next to the checkbox, nothing is written); staff see the child, the guardian and the
 * answer in the list of bookings and in the CSV. axe on every page.
 */

const WIDTH = 360;
const TITLE = 'Coder Dojo per ragazze e ragazzi';
const QUESTION = 'Porta un computer portatile?';
const STAFF = 'agenda.digitale@prato.example';

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

const check = (page: Page, problems: string[], label: string, maxWidth?: number) =>
  expectPageOk(page, problems, label, { prefix: 'child-booking', maxWidth });

async function bookings(eventId: string) {
  return server.db.db.k
    .selectFrom('registrations')
    .select(['id', 'name', 'email', 'child_name', 'child_age', 'guardian_name'])
    .where('event_id', '=', eventId)
    .execute();
}

describe(`a child's booking at ${WIDTH} px`, () => {
  it('names the guardian and answers a required question; staff see both in the list and the CSV', async () => {
    const start = new Date(Date.now() + 9 * 86_400_000);
    start.setUTCHours(14, 0, 0, 0);
    const eventId = await meetingAtCoiano(server, TITLE, start, new Date(start.getTime() + 2 * 3_600_000), { type: 'coder-dojo' });

    const staff = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 760 } });
    try {
      await signIn(staff.page, STAFF);
      await staff.page.goto(`/admin/events/${eventId}/domande`);
      await check(staff.page, staff.problems, 'questions-empty');
      await staff.page.getByText('Attività per minori', { exact: true }).click();
      await field(staff.page, 'Testo della domanda').fill(QUESTION);
      await field(staff.page, 'Tipo di risposta').selectOption('yes-no');
      await staff.page.getByText('Risposta obbligatoria').click();
      await staff.page.getByRole('button', { name: 'Salva le domande' }).click();
      await staff.page.getByText('Domande salvate.').waitFor();
      await check(staff.page, staff.problems, 'questions-saved');
    } finally {
      await staff.context.close();
    }

    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 720 } });
    try {
      await page.goto(`/eventi/${eventId}`);
      await field(page, 'Nome di chi partecipa').fill('Sofia');
      await field(page, 'Età (anni)').fill('10');
      await field(page, 'Nome e cognome del genitore o di chi ne fa le veci').fill('Marta Bianchi');
      await field(page, 'Indirizzo e-mail').fill('marta.bianchi@example.org');
      await field(page, QUESTION).selectOption('yes');
      await page.getByText("Ho letto l'informativa privacy").click();
      await page.getByRole('button', { name: 'Prenota', exact: true }).click();

      // The declaration was forgotten: its error is next to it, what was typed is kept, nothing is booked.
      await page.locator('[id="e-guardian.consent"]').waitFor();
      expect(await page.locator('[id="e-guardian.consent"]').textContent()).toContain('genitore o chi ne fa le veci');
      expect(await field(page, 'Nome di chi partecipa').inputValue()).toBe('Sofia');
      expect(await bookings(eventId)).toEqual([]);
      await check(page, problems, 'refused', WIDTH);

      await page.locator('label[for="f-guardian.consent"]').click();
      const privacy = page.getByLabel(/Ho letto l'informativa privacy/);
      if (!(await privacy.isChecked())) await page.getByText("Ho letto l'informativa privacy").click();
      await page.getByRole('button', { name: 'Prenota', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Prenotazione ricevuta' }).waitFor();
      await check(page, problems, 'booked', WIDTH);
    } finally {
      await context.close();
    }

    const rows = await bookings(eventId);
    expect(rows).toMatchObject([
      { name: 'Marta Bianchi', email: 'marta.bianchi@example.org', child_name: 'Sofia', guardian_name: 'Marta Bianchi' },
    ]);
    expect(Number(rows[0].child_age)).toBe(10);

    const again = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 760 } });
    try {
      await signIn(again.page, STAFF);
      await again.page.goto(`/admin/events/${eventId}/registrations`);
      await again.page.getByText('Minore: Sofia, 10 anni · responsabile: Marta Bianchi').waitFor();
      expect(await again.page.getByText(`${QUESTION}: sì`).count()).toBe(1);
      await check(again.page, again.problems, 'registrations');
      const csv = await (await again.page.request.get(`/admin/events/${eventId}/iscritti.csv`)).text();
      const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toContain(`"minore_nome";"minore_eta";"responsabile";"${QUESTION}"`);
      expect(lines[1]).toContain('"Sofia";"10";"Marta Bianchi";"sì"');
    } finally {
      await again.context.close();
    }
  });
});
