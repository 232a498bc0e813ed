import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/modules/accounts/service.js';
import { todayInRome } from '../src/modules/facilitation/dates.js';
import { createRecord } from '../src/modules/facilitation/service.js';
import { createOrganisation, createVenue } from '../src/modules/organisations/service.js';
import { createProgramme } from '../src/modules/programmes/service.js';
import { makeCf } from '../test/facilitation/fixtures.js';
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
 * The national export on a 320 px phone, from refusal to file: a programme that reports to the
 * national platform has services recorded by a facilitator and at a venue that have no national
 * identity yet, so the export page says every service would be refused and links to where each
 * refusal is fixed. The organisation's administrator follows those links, fills in the
 * facilitator's IDFacilitatore and NominativoFacilitatore and the venue's IDSede, comes back to
 * find every service ready, downloads the bulk-upload file (which carries the identities just set)
 * and sees the export listed as the first batch. axe finds no violation on any page on the way.
 */

let server: RunningServer;
let browser: Browser;

const SERVICES = 3;
const FACILITATOR_ID = '40981';
const FACILITATOR_NAME = 'Bianchi Lucia';
const VENUE_ID = '73120';
const VENUE_NAME = 'Biblioteca Campolmi';

interface Setup {
  org: string;
  programme: string;
  venue: string;
  facilitator: string;
  adminEmail: string;
  fiscalCodes: string[];
}
let setup: Setup;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();

  const db = server.db.db;
  const year = new Date().getUTCFullYear();
  const org = (await createOrganisation(db, { name: 'Comune di Vaiano', type: 'comune', municipality: '100006' })).id;
  // No IDSede: the platform would refuse every service recorded here.
  const venue = (await createVenue(db, org, { name: VENUE_NAME, address: 'Piazza del Mercato 1', municipality: '100006' })).id;
  const adminEmail = 'amministrazione@vaiano.example';
  await createUser(db, { email: adminEmail, name: 'Sara Lenzi', role: 'org-admin', organisation: org, password: DEMO_PASSWORD });
  // No IDFacilitatore nor NominativoFacilitatore yet.
  const facilitator = (
    await createUser(db, {
      email: 'facilitatrice@vaiano.example',
      name: 'Lucia Bianchi',
      role: 'facilitator',
      organisation: org,
      password: DEMO_PASSWORD,
    })
  ).id;
  const programme = (
    await createProgramme(db, null, {
      organisation: org,
      name: 'Punto Digitale Vaiano',
      // PNRR funding: the programme reports to the national platform.
      funding: 'PNRR M1C1 1.7.2',
      start: `${year - 1}-01-01`,
      end: `${year + 1}-12-31`,
      targets: [{ metric: 'services', value: 20, deadline: `${year + 1}-12-31` }],
    })
  ).id;
  expect(programme).toBeTruthy();

  // Recorded today, inside the page's default period (from 1 January to today).
  const date = todayInRome();
  const fiscalCodes: string[] = [];
  const citizens = [
    { firstName: 'Anna', lastName: 'Ferri', letters: 'FRRNNA', birth: '1958-04-12', female: true },
    { firstName: 'Bruno', lastName: 'Galli', letters: 'GLLBRN', birth: '1971-09-03', female: false },
    { firstName: 'Carla', lastName: 'Mori', letters: 'MROCRL', birth: '1990-01-27', female: true },
  ];
  for (const c of citizens.slice(0, SERVICES)) {
    const fiscalCode = makeCf({ birth: c.birth, female: c.female, letters: c.letters, place: 'G999' });
    fiscalCodes.push(fiscalCode);
    await createRecord(server.app.deps, null, {
      programme,
      venue,
      facilitator,
      date,
      duration: '00:40',
      kinds: ['A'],
      competences: [9],
      services: ['A'],
      citizen: {
        fiscalCode,
        firstName: c.firstName,
        lastName: c.lastName,
        education: 'C',
        employment: 'G',
        citizenship: 'A',
        province: 'Prato',
        consent: { channel: 'CARTACEO', date },
      },
    });
  }
  setup = { org, programme, venue, facilitator, adminEmail, fiscalCodes };
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const check = (page: Page, problems: string[], label: string) =>
  expectPageOk(page, problems, label, { prefix: 'national-export', maxWidth: 320 });

const summary = (page: Page) => page.getByRole('status').filter({ hasText: 'servizi nel periodo' }).textContent();

describe('national export at 320 px', () => {
  it('an administrator fixes the identities the platform would refuse, then downloads the file', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, {
      viewport: { width: 320, height: 720 },
      acceptDownloads: true,
    });
    const exportUrl = `/admin/programmes/${setup.programme}/export`;
    try {
      await signIn(page, setup.adminEmail);
      await page.goto(exportUrl);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Esportazione per la piattaforma nazionale: Punto Digitale Vaiano',
      );
      expect(await summary(page)).toBe(
        `${SERVICES} servizi nel periodo: 0 pronti, ${SERVICES} verrebbero scartati dalla piattaforma nazionale.`,
      );
      const refused = page.getByRole('table', { name: 'Servizi che verrebbero scartati' });
      expect(await refused.locator('tbody tr').count()).toBe(SERVICES);
      // Each refused row links to both fixes, and to nothing else: the services themselves are fine.
      const facilitatorLinks = refused.getByRole('link', { name: 'Identità nazionale del facilitatore' });
      const venueLinks = refused.getByRole('link', { name: 'Identità nazionale della sede' });
      expect(await facilitatorLinks.count()).toBe(SERVICES);
      expect(await venueLinks.count()).toBe(SERVICES);
      expect(await refused.getByRole('link').count()).toBe(2 * SERVICES);
      const memberUrl = `/admin/organisations/${setup.org}/members/${setup.facilitator}`;
      const venueUrl = `/admin/venues/${setup.venue}`;
      expect(await facilitatorLinks.first().getAttribute('href')).toBe(memberUrl);
      expect(await venueLinks.first().getAttribute('href')).toBe(venueUrl);
      await check(page, problems, 'export-refused');

      // 1. The facilitator's identity on the national platform.
      await Promise.all([page.waitForURL(`**${memberUrl}`), facilitatorLinks.first().click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lucia Bianchi');
      await check(page, problems, 'member');
      await field(page, 'Codice fiscale o identificativo numerico (IDFacilitatore)').fill(FACILITATOR_ID);
      await field(page, 'Cognome e nome sulla piattaforma (NominativoFacilitatore)').fill(FACILITATOR_NAME);
      await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Salva' }).click()]);
      expect(await page.getByRole('status').first().textContent()).toContain('Identità nazionale salvata.');
      expect(await field(page, 'Codice fiscale o identificativo numerico (IDFacilitatore)').inputValue()).toBe(FACILITATOR_ID);
      expect(await field(page, 'Cognome e nome sulla piattaforma (NominativoFacilitatore)').inputValue()).toBe(FACILITATOR_NAME);
      await check(page, problems, 'member-saved');

      // 2. Back to the export: only the venue is left to fix.
      await page.goto(exportUrl);
      expect(await summary(page)).toBe(
        `${SERVICES} servizi nel periodo: 0 pronti, ${SERVICES} verrebbero scartati dalla piattaforma nazionale.`,
      );
      expect(await facilitatorLinks.count()).toBe(0);
      expect(await venueLinks.count()).toBe(SERVICES);
      await Promise.all([page.waitForURL(`**${venueUrl}`), venueLinks.first().click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(VENUE_NAME);
      await check(page, problems, 'venue');
      await field(page, 'ID della sede sulla piattaforma nazionale (Facilita)').fill(VENUE_ID);
      await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Salva', exact: true }).click()]);
      expect(await page.getByRole('status').first().textContent()).toContain('Modifiche salvate.');
      expect(await field(page, 'ID della sede sulla piattaforma nazionale (Facilita)').inputValue()).toBe(VENUE_ID);
      await check(page, problems, 'venue-saved');

      // 3. Every service is ready: the file carries the identities just set.
      await page.goto(exportUrl);
      expect(await summary(page)).toBe(
        `${SERVICES} servizi nel periodo: ${SERVICES} pronti, 0 verrebbero scartati dalla piattaforma nazionale.`,
      );
      expect(await refused.count()).toBe(0);
      expect(await page.getByRole('table', { name: 'Invii alla piattaforma nazionale' }).count()).toBe(0);
      expect(await page.getByText('Nessun invio finora.').count()).toBe(1);
      expect(await page.getByText(`Da inviare: ${SERVICES} servizi mai inviati`).count()).toBe(1);
      await check(page, problems, 'export-ready');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Scarica il file per il caricamento massivo' }).click(),
      ]);
      const path = await download.path();
      expect(path).toBeTruthy();
      const lines = readFileSync(path as string, 'utf8')
        .trim()
        .split('\r\n');
      expect(lines[0].startsWith('IDFacilitatore,NominativoFacilitatore,IDSede,NominativoSede,AN1,AN2,AN3')).toBe(true);
      const rows = lines.slice(1);
      expect(rows).toHaveLength(SERVICES);
      for (const row of rows) expect(row.startsWith(`${FACILITATOR_ID},${FACILITATOR_NAME},${VENUE_ID},${VENUE_NAME},`)).toBe(true);
      // One row for each citizen: AN3 is the codice fiscale.
      expect(rows.map((r) => r.split(',')[6]).sort()).toEqual([...setup.fiscalCodes].sort());
      // The browser reports the form's POST, answered with an attachment, as an aborted navigation:
      // that is the download itself, not a failure. Anything else still fails the page check.
      const aborted = problems.indexOf(`failed ${server.baseUrl}${exportUrl}: net::ERR_ABORTED`);
      if (aborted >= 0) problems.splice(aborted, 1);

      // 4. The export became the first batch, with every service in it.
      await page.goto(exportUrl);
      const batches = page.getByRole('table', { name: 'Invii alla piattaforma nazionale' });
      const batchRows = batches.locator('tbody tr');
      expect(await batchRows.count()).toBe(1);
      expect(await batchRows.first().getByRole('rowheader').textContent()).toBe('1');
      // Columns: Invio, Preparato il, Servizi, di cui correzioni, File, Caricato.
      const cells = batchRows.first().getByRole('cell');
      expect(await cells.nth(1).textContent()).toBe(String(SERVICES));
      expect(await cells.nth(2).textContent()).toBe('0');
      // Nothing is left to send: the pre-check of pending services now finds none.
      expect(await page.getByText('Da inviare: 0 servizi mai inviati').count()).toBe(1);
      expect(await summary(page)).toBe('0 servizi nel periodo: 0 pronti, 0 verrebbero scartati dalla piattaforma nazionale.');
      await check(page, problems, 'export-batch');
    } finally {
      await context.close();
    }
  });
});
