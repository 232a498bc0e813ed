import { mkdirSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectPageOk, field, launchBrowser, newPage, type RunningServer, SCREENSHOT_DIR, signIn, startServer } from './helpers.js';

/**
 * A partner proposes an event in a real browser at 360 px: Arci Prato's partner account proposes a
 * meeting at a club of the Comune di Prato, a foreign venue is refused beside its field, Prato's
 * staff approve it and it appears in the public catalogue. axe finds no violation on any page.
 */

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
  expectPageOk(page, problems, label, { prefix: 'partner-proposal', maxWidth: 360 });

describe('a partner proposes an event at 360 px', () => {
  it('the partner proposes, staff approve, the event is in the catalogue', async () => {
    const arci = server.ids.organisations.arci;
    const prato = server.ids.organisations.prato;
    const viewport = { viewport: { width: 360, height: 740 } };
    const partner = await newPage(browser, server.baseUrl, viewport);
    const staff = await newPage(browser, server.baseUrl, viewport);
    try {
      await signIn(partner.page, 'circolo@arci-prato.example');
      await partner.page.goto(`/admin/organisations/${arci}/proposte`);
      await check(partner.page, partner.problems, 'partner-page');

      const day = DateTime.now().setZone('Europe/Rome').plus({ days: 45 }).toISODate() as string;
      const p = partner.page;
      await field(p, 'Programma').selectOption({ index: 1 });
      await field(p, 'Titolo').fill('Serata SPID al circolo');
      await field(p, 'Descrizione').fill('Attiviamo SPID insieme: portate un documento e la tessera sanitaria.');
      await field(p, 'Posti disponibili').fill('30');
      await p.locator('input[name="date1"]').fill(day);
      await p.locator('input[name="from1"]').fill('18:00');
      await p.locator('input[name="to1"]').fill('20:00');
      // The venue list offers only the partner's venues and its partners': Firenze's centre is not there.
      expect(await field(p, 'Sede').textContent()).not.toContain('Centro per le competenze digitali');
      // Sent without a venue: refused beside the field, in Italian, nothing written.
      await Promise.all([p.waitForLoadState('domcontentloaded'), p.getByRole('button', { name: 'Invia la proposta' }).click()]);
      expect(await p.locator('#error-summary').textContent()).toContain('Sede');
      await check(p, partner.problems, 'partner-refused');
      await field(p, 'Sede').selectOption({ label: 'Circolo Arci di Coiano' });
      await Promise.all([p.waitForURL(/\/admin\/proposte\/.+fatto=inviata/), p.getByRole('button', { name: 'Invia la proposta' }).click()]);
      expect(await p.getByRole('status').first().textContent()).toContain('Proposta inviata');
      await check(p, partner.problems, 'partner-sent');

      // Prato's staff find it among the proposals received and approve it.
      await signIn(staff.page, 'staff@prato.example');
      await staff.page.goto(`/admin/organisations/${prato}/proposte`);
      await check(staff.page, staff.problems, 'staff-list');
      await Promise.all([
        staff.page.waitForURL(/\/admin\/proposte\/[^/]+$/),
        staff.page.getByRole('link', { name: 'Serata SPID al circolo' }).first().click(),
      ]);
      await check(staff.page, staff.problems, 'staff-proposal');
      await Promise.all([
        staff.page.waitForURL(/fatto=decisa/),
        staff.page.getByRole('button', { name: 'Approva e pubblica nel catalogo' }).click(),
      ]);
      expect(await staff.page.getByRole('status').first().textContent()).toContain('Decisione registrata');
      await check(staff.page, staff.problems, 'staff-approved');

      // The event is in the public catalogue, with the partner named on its page.
      const visitor = await newPage(browser, server.baseUrl, viewport);
      try {
        await visitor.page.goto('/eventi?q=Serata+SPID+al+circolo');
        await Promise.all([
          visitor.page.waitForURL(/\/eventi\/[^/?]+$/),
          visitor.page
            .getByRole('link', { name: /Serata SPID al circolo/ })
            .first()
            .click(),
        ]);
        expect(await visitor.page.locator('main').textContent()).toContain('Arci Prato');
        await check(visitor.page, visitor.problems, 'catalogue-event');
      } finally {
        await visitor.context.close();
      }
    } finally {
      await partner.context.close();
      await staff.context.close();
    }
  });
});
