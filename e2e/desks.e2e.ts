import { mkdirSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../src/core/time.js';
import {
  DEMO_PASSWORD,
  expectPageOk,
  horizontalOverflow,
  launchBrowser,
  newPage,
  type RunningServer,
  SCREENSHOT_DIR,
  startServer,
} from './helpers.js';

/**
 * Help desks in a real browser at 320 px: a citizen books a SPID slot and cancels it, then books
 * with an e-mail (the link goes to the mailbox), an operator marks an appointment served. Slot buttons are announced with their full date and time, and the
 * service choice, slot picker, confirmation and operator's day pass axe.
 */

const WIDTH = 320;
const DESK_NAME = 'Sportello SPID al Circolo Arci di Coiano';
const OPERATOR = 'facilitatore@prato.example';

let server: RunningServer;
let browser: Browser;
let deskId: string;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  const res = await fetch(`${server.baseUrl}/api/v1/desks?organisation=${server.ids.organisations.prato}`);
  const items = (await res.json()).items as { id: string; name: string }[];
  deskId = items.find((d) => d.name === DESK_NAME)!.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const check = (page: Page, problems: string[], label: string) => expectPageOk(page, problems, label, { prefix: 'desks', maxWidth: WIDTH });

/** How a slot is read out: "lunedì 30 novembre, 15:00–15:30". */
function spoken(startIso: string, endIso: string): string {
  const s = DateTime.fromISO(startIso, { setZone: true }).setLocale('it');
  const e = DateTime.fromISO(endIso, { setZone: true });
  return `${s.toFormat('cccc d LLLL')}, ${s.toFormat('H:mm')}–${e.toFormat('H:mm')}`;
}

async function freeSlots(): Promise<{ start: string; end: string }[]> {
  const from = DateTime.now().setZone('Europe/Rome').toISODate();
  const to = DateTime.now().setZone('Europe/Rome').plus({ days: 27 }).toISODate();
  const res = await fetch(`${server.baseUrl}/api/v1/desks/${deskId}/slots?service=spid&from=${from}&to=${to}`);
  return (await res.json()).items;
}

describe(`help desks at ${WIDTH} px`, () => {
  it('a citizen finds a SPID desk, books a slot named with its full date and time, and cancels it', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 720 } });
    try {
      await page.goto('/');
      await page.getByRole('link', { name: /Prenota un appuntamento a uno sportello/ }).click();
      await page.waitForURL('**/sportelli');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sportelli di facilitazione digitale');
      await check(page, problems, 'service-choice');

      await page.getByLabel('Di cosa hai bisogno?').selectOption('spid');
      await page.getByLabel('Il tuo comune').fill('Prato');
      await Promise.all([page.waitForURL('**/sportelli?**'), page.getByRole('button', { name: 'Mostra gli sportelli' }).click()]);
      expect(await page.getByRole('heading', { name: 'Nel tuo comune' }).count()).toBe(1);
      await Promise.all([page.waitForURL('**/prenota?servizio=spid'), page.getByRole('link', { name: `Prenota – ${DESK_NAME}` }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Prenota un appuntamento: Attivazione SPID');

      const slots = await freeSlots();
      const first = slots[0];
      const day = first.start.slice(0, 10);
      await Promise.all([
        page.waitForURL(`**giorno=${day}**`),
        page.getByRole('link', { name: DateTime.fromISO(day).setLocale('it').toFormat('cccc d LLLL'), exact: true }).click(),
      ]);
      // Every slot of the day is a button whose accessible name is its full date and time, not just "15:00".
      const sameDay = slots.filter((s) => s.start.startsWith(day));
      for (const s of sameDay) {
        expect(await page.getByRole('button', { name: spoken(s.start, s.end), exact: true }).count(), spoken(s.start, s.end)).toBe(1);
      }
      expect(await page.getByRole('button', { name: first.start.slice(11, 16), exact: true }).count()).toBe(0);
      await check(page, problems, 'slot-picker');

      const chosen = sameDay[1] ?? first;
      await Promise.all([
        page.waitForURL('**/prenota/dati?**'),
        page.getByRole('button', { name: spoken(chosen.start, chosen.end), exact: true }).click(),
      ]);
      const held = page.getByRole('status').filter({ hasText: 'tenuto per te per 5 minuti' });
      expect(await held.isVisible()).toBe(true);
      expect(await held.textContent()).toContain(spoken(chosen.start, chosen.end));
      await check(page, problems, 'details');

      await page.getByLabel(/^Nome e cognome/).fill('Anna Bianchi');
      await page.getByLabel(/^Telefono/).fill('333 1112233');
      await Promise.all([page.waitForURL('**/confermato?**'), page.getByRole('button', { name: "Conferma l'appuntamento" }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Appuntamento confermato');
      expect(await page.locator('main').textContent()).toContain('tessera sanitaria');
      await check(page, problems, 'confirmation');

      await Promise.all([
        page.waitForURL(/\/appuntamenti\/[0-9a-f-]+\?token=/),
        page.getByRole('link', { name: "Gestisci l'appuntamento" }).click(),
      ]);
      await check(page, problems, 'manage');
      await Promise.all([page.waitForURL('**/annulla?token=**'), page.getByRole('link', { name: "Annulla l'appuntamento" }).click()]);
      await check(page, problems, 'cancel-question');
      await Promise.all([page.waitForURL('**esito=annullato'), page.getByRole('button', { name: "Sì, annulla l'appuntamento" }).click()]);
      expect(await page.getByRole('status').textContent()).toContain('Appuntamento annullato.');
      // The slot is free again.
      expect((await freeSlots()).some((s) => s.start === chosen.start)).toBe(true);

      // Booked again with an e-mail: the page says what was asked and that the link is in the e-mail.
      await page.goto(`/sportelli/${deskId}/prenota?servizio=spid&giorno=${day}`);
      await Promise.all([
        page.waitForURL('**/prenota/dati?**'),
        page.getByRole('button', { name: spoken(chosen.start, chosen.end), exact: true }).click(),
      ]);
      await page.getByLabel(/^Nome e cognome/).fill('Anna Bianchi');
      await page.getByLabel(/^E-mail/).fill('anna.e2e@example.org');
      await Promise.all([page.waitForURL('**/prenota/ricevuto?**'), page.getByRole('button', { name: "Conferma l'appuntamento" }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Richiesta ricevuta');
      expect(await page.getByRole('status').textContent()).toContain("Ti abbiamo scritto all'indirizzo che hai indicato");
      expect(await page.locator('main').textContent()).toContain(spoken(chosen.start, chosen.end).split(', ')[1]);
      await check(page, problems, 'received');
    } finally {
      await context.close();
    }
  });

  it('an operator sees the day and marks an appointment served once it has begun', async () => {
    const [slot] = await freeSlots();
    const booked = await fetch(`${server.baseUrl}/api/v1/desks/${deskId}/appointments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'spid', start: slot.start, name: 'Giorgio Neri', phone: '333 4445566' }),
    });
    expect(booked.status).toBe(201);
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 720 } });
    try {
      await page.goto('/login');
      await page.getByLabel(/^E-mail o numero di cellulare/).fill(OPERATOR);
      await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
      // A facilitator lands on their own services.
      await Promise.all([page.waitForURL('**/admin/facilitazioni'), page.getByRole('button', { name: 'Accedi' }).click()]);
      const day = slot.start.slice(0, 10);
      await page.goto(`/admin/desks/${deskId}/giornata?data=${day}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Giornata di ${DESK_NAME}`);
      const card = page.getByRole('listitem').filter({ hasText: 'Giorgio Neri' });
      expect(await card.textContent()).toContain('Prenotato');
      await check(page, problems, 'operator-day');
      const time = DateTime.fromISO(slot.start, { setZone: true }).toFormat('H:mm');
      const served = page.getByRole('button', { name: `Servito – Giorgio Neri, ${time}`, exact: true });
      // Before the appointment begins there is nothing to mark served.
      expect(await served.count()).toBe(0);
      // Giorgio's time comes (the server shares this process's clock); the operator signs in again.
      setClockOffset(Date.parse(slot.start) - Date.now() + 60_000);
      await page.goto('/login');
      await page.getByLabel(/^E-mail o numero di cellulare/).fill(OPERATOR);
      await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
      await Promise.all([page.waitForURL('**/admin/facilitazioni'), page.getByRole('button', { name: 'Accedi' }).click()]);
      await page.goto(`/admin/desks/${deskId}/giornata?data=${day}`);
      await Promise.all([page.waitForURL(`**/giornata?data=${day}`), served.click()]);
      expect(await page.getByRole('listitem').filter({ hasText: 'Giorgio Neri' }).textContent()).toContain('Stato: Servito');
      await check(page, problems, 'operator-day-served');
    } finally {
      setClockOffset(0);
      await context.close();
    }
  });

  it('staff manage a desk: the list and the desk page pass axe', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 720 } });
    try {
      await page.goto('/login');
      await page.getByLabel(/^E-mail o numero di cellulare/).fill('agenda.digitale@prato.example');
      await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
      await Promise.all([page.waitForURL('**/admin'), page.getByRole('button', { name: 'Accedi' }).click()]);
      await page.goto(`/admin/organisations/${server.ids.organisations.prato}`);
      await Promise.all([page.waitForURL('**/desks'), page.getByRole('link', { name: 'Sportelli', exact: true }).click()]);
      await check(page, problems, 'staff-desks');
      await Promise.all([page.waitForURL(`**/admin/desks/${deskId}`), page.getByRole('link', { name: DESK_NAME }).click()]);
      await check(page, problems, 'staff-desk');
    } finally {
      await context.close();
    }
  });
});

describe('without JavaScript', () => {
  it('a citizen books and cancels with plain form posts', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, {
      javaScriptEnabled: false,
      viewport: { width: WIDTH, height: 720 },
    });
    try {
      const [slot] = (await freeSlots()).slice(-1);
      const day = slot.start.slice(0, 10);
      await page.goto(`/sportelli/${deskId}/prenota?servizio=spid&giorno=${day}`);
      await Promise.all([
        page.waitForURL('**/prenota/dati?**'),
        page.getByRole('button', { name: spoken(slot.start, slot.end), exact: true }).click(),
      ]);
      await page.getByLabel(/^Nome e cognome/).fill('Carla Senza Script');
      await page.getByLabel(/^Telefono/).fill('333 7778899');
      await Promise.all([page.waitForURL('**/confermato?**'), page.getByRole('button', { name: "Conferma l'appuntamento" }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Appuntamento confermato');
      await Promise.all([
        page.waitForURL(/\/appuntamenti\/[0-9a-f-]+\?token=/),
        page.getByRole('link', { name: "Gestisci l'appuntamento" }).click(),
      ]);
      await Promise.all([page.waitForURL('**/annulla?token=**'), page.getByRole('link', { name: "Annulla l'appuntamento" }).click()]);
      await Promise.all([page.waitForURL('**esito=annullato'), page.getByRole('button', { name: "Sì, annulla l'appuntamento" }).click()]);
      expect(await page.getByRole('status').textContent()).toContain('Appuntamento annullato.');
      expect(problems).toEqual([]);
      const { scrollWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(WIDTH);
    } finally {
      await context.close();
    }
  });
});
