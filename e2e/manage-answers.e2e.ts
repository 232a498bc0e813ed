import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBookingForm } from '../src/modules/events/booking/answers.js';
import { expectPageOk, launchBrowser, meetingAtCoiano, newPage, type RunningServer, SCREENSHOT_DIR, startServer } from './helpers.js';

/**
 * The booking's own page on a 360 px phone shows the parent the child's and guardian's names and
 * the answer they gave to the event's question; axe finds nothing.
 */

const WIDTH = 360;

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

describe(`the booking's page at ${WIDTH} px`, () => {
  it("shows the person's own answers and the child's name", async () => {
    const start = new Date(Date.now() + 9 * 86_400_000);
    start.setUTCHours(14, 0, 0, 0);
    const eventId = await meetingAtCoiano(server, 'Coder Dojo di primavera', start, new Date(start.getTime() + 2 * 3_600_000), {
      type: 'coder-dojo',
    });
    const form = await setBookingForm(
      server.db.db,
      eventId,
      { forMinors: true, questions: [{ kind: 'yes-no', label: 'Porta un computer portatile?', required: true }] },
      { userId: null, organisationId: null },
    );
    const booked = await server.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/registrations`,
      payload: {
        name: 'Marta Bianchi',
        email: 'marta.manage@example.org',
        seats: 1,
        answers: { [form.questions[0].id]: true },
        child: { name: 'Sofia', age: 10 },
        guardian: { consent: true },
      },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const { id, manageToken } = booked.json();

    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 720 } });
    try {
      await page.goto(`/prenotazioni/${id}?token=${encodeURIComponent(manageToken)}`);
      await page.getByRole('heading', { level: 2, name: 'Le tue risposte' }).waitFor();
      expect(await page.getByText('Sofia, 10 anni').count()).toBe(1);
      expect(await page.getByText('Porta un computer portatile?').count()).toBe(1);
      await expectPageOk(page, problems, 'own-answers', { prefix: 'manage-answers', maxWidth: WIDTH });
    } finally {
      await context.close();
    }
  });
});
