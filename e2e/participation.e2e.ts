import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { updateSurvey } from '../src/modules/participation/surveys/service.js';
import { createDemoDb, testConfig } from '../test/helpers.js';
import { TestSmtp } from '../test/mail.js';
import { axeViolations, expectPageOk, field, launchBrowser, newPage, type RunningServer, SCREENSHOT_DIR, signIn, tick } from './helpers.js';

/**
 * Participation on a phone 360 px wide with JavaScript off, every page checked with axe: a citizen
 * answers the needs survey page by page, submits a proposal, supports another and comments on it
 * (each confirmed from the link e-mailed to them), and reports a connectivity gap by comune,
 * locality and street without the map; staff of the Valnure Union then link the citizen's
 * proposal in the launch meeting's minutes and publish them, run a live poll that a person present
 * answers from their phone, and move the proposal into the agenda, whose public tracker shows it
 * with its progress and its update.
 */

const WIDTH = 360;
const STAFF = 'admin@valnure.example';
/** The citizen's proposal, which the staff then link in the minutes and move into the agenda. */
const PROPOSAL = 'Un punto Wi-Fi pubblico sulle colline di Podenzano';
const CITIZEN = 'giulia.rossi@example.org';

let server: RunningServer;
let smtp: TestSmtp;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let processId: string;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // The demo on SQLite, as every browser test, with e-mail read back from a real SMTP server.
  smtp = new TestSmtp();
  const smtpUrl = await smtp.start();
  const db = await createDemoDb('sqlite');
  const { ids } = db.demo;
  const app = await buildApp({ config: testConfig({ databaseUrl: db.url, smtpUrl }), db: db.db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  server = {
    app,
    db,
    ids,
    baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    close: async () => {
      await app.close();
      await db.cleanup();
    },
  };
  browser = await launchBrowser();
  processId = server.ids.more['participation.process'];
  axePage = (await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 640 } })).page;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await smtp?.stop();
});

/** Sends the queued e-mails, then opens the confirmation link of the newest one sent to `email`. */
async function confirmFromMail(page: Page, email: string): Promise<void> {
  for (let i = 0; i < 5 && (await server.app.deps.jobs.runDue()) > 0; i++);
  const mail = smtp
    .to(email)
    .filter((m) => m.subject === 'Conferma la tua partecipazione')
    .at(-1);
  const link = /\/partecipa\/conferma\/[A-Za-z0-9_-]+/.exec(mail?.text ?? '')?.[0];
  expect(link, mail?.text ?? `no e-mail to ${email}`).toBeDefined();
  smtp.clear();
  await page.goto(link!);
}

const phone = () => newPage(browser, server.baseUrl, { javaScriptEnabled: false, viewport: { width: WIDTH, height: 640 } });
/**
 * axe runs inside a page, so not in a browser without JavaScript: the exact HTML the phone got is
 * checked in a second page, same origin and width, with JavaScript on. The phone's page itself is
 * held to no failed resource, a screenshot and no sideways scrolling.
 */
let axePage: Page;
const checkPage = async (page: Page, problems: string[], label: string) => {
  if (process.env.E2E_TRACE) console.log(new Date().toISOString(), label);
  await expectPageOk(page, problems, label, { prefix: 'participation', maxWidth: WIDTH, axe: false });
  const html = await page.content();
  await axePage.route('**/__axe__', (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
  await axePage.goto('/__axe__');
  await axePage.unroute('**/__axe__');
  const violations = await axeViolations(axePage);
  expect(violations, `axe violations on ${label}:\n${violations.join('\n')}`).toEqual([]);
};

describe('participation at 360 px without JavaScript', () => {
  it('a citizen answers the needs survey, page by page, and confirms the answer from the e-mail', { timeout: 180_000 }, async () => {
    const survey = await server.db.db.k
      .selectFrom('surveys')
      .select('id')
      .where('title', '=', 'Questionario sui bisogni digitali')
      .executeTakeFirstOrThrow();
    // The demo's survey belongs to a phase already over: open it again, as staff would.
    await updateSurvey(server.db.db, survey.id, { status: 'open' });
    const { context, page, problems } = await phone();
    try {
      await page.goto(`/partecipa/questionari/${survey.id}`);
      // Without JavaScript a question that depends on an answer comes on a later page: each page
      // gets the answers it shows, until the one that asks for the e-mail.
      const fill = async () => {
        const present = async (label: string) => (await page.getByLabel(label, { exact: true }).count()) > 0;
        if (await present('In quale comune vivi? *'))
          await page.getByLabel('In quale comune vivi? *', { exact: true }).selectOption({ label: 'Podenzano' });
        for (const choice of ['Da 30 a 64 anni', 'Fibra', 'SPID o CIE', '3 – Abbastanza'])
          if (await present(choice)) await tick(page, choice);
        const wish = page.getByLabel('Che cosa vorresti nell’agenda digitale dell’Unione?');
        if ((await wish.count()) > 0) await wish.fill('Un punto Wi-Fi sulle colline.');
      };
      for (let n = 0; n < 6; n++) {
        await checkPage(page, problems, `survey-${n}`);
        await fill();
        if ((await page.getByRole('button', { name: 'Invia la risposta' }).count()) > 0) break;
        await page.getByRole('button', { name: 'Avanti' }).click();
      }
      await field(page, 'E-mail').fill(CITIZEN);
      await page.getByRole('button', { name: 'Invia la risposta' }).click();
      expect(await page.textContent('h1')).toBe('Conferma la tua risposta');
      await checkPage(page, problems, 'survey-sent');
      await confirmFromMail(page, CITIZEN);
      expect(await page.textContent('main')).toContain('la tua risposta al questionario è confermata e viene contata');
      await checkPage(page, problems, 'survey-confirmed');
    } finally {
      await context.close();
    }
  });

  it('a citizen submits a proposal, confirms it from the e-mail, supports another and comments', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await phone();
    try {
      await page.goto(`/partecipa/processi/${processId}/proposte/nuova`);
      await checkPage(page, problems, 'proposal-form');
      await field(page, 'Titolo').fill(PROPOSAL);
      await field(page, 'La tua proposta').fill(
        'Un ripetitore o un punto Wi-Fi pubblico per le frazioni sulle colline, dove il telefono non prende.',
      );
      await field(page, 'Comune').selectOption({ label: 'Podenzano' });
      await field(page, 'Tema').selectOption({ label: 'Connettività' });
      await field(page, 'E-mail').fill(CITIZEN);
      await page.getByRole('button', { name: 'Invia la proposta' }).click();
      expect(await page.textContent('h1')).toBe('Controlla la tua e-mail');
      await checkPage(page, problems, 'proposal-sent');
      await confirmFromMail(page, CITIZEN);
      expect(await page.textContent('main')).toContain('Grazie! La tua proposta ora è pubblica.');
      await checkPage(page, problems, 'proposal-confirmed');

      // Another citizen's proposal: supported, then commented.
      const other = await server.db.db.k
        .selectFrom('participation_proposals')
        .select('id')
        .where('title', '=', 'Uno sportello SPID nelle biblioteche')
        .executeTakeFirstOrThrow();
      await page.goto(`/partecipa/proposte/${other.id}`);
      await checkPage(page, problems, 'proposal');
      await field(page, 'La tua e-mail').fill(CITIZEN);
      await page.getByRole('button', { name: 'Sostieni la proposta' }).click();
      expect(await page.textContent('h1')).toBe('Controlla la tua e-mail');
      await checkPage(page, problems, 'support-sent');
      await confirmFromMail(page, CITIZEN);
      expect(await page.textContent('main')).toContain('Grazie! Il tuo sostegno è stato contato.');
      await page.goto(`/partecipa/proposte/${other.id}`);
      await field(page, 'Il tuo commento').fill('In biblioteca a Podenzano ci sarebbe anche la sala per i corsi.');
      await page.locator('#f-c-email').fill(CITIZEN);
      await page.getByRole('button', { name: 'Invia il commento' }).click();
      // The page that asks to confirm from the e-mail, loaded before the link in it is opened.
      expect(await page.textContent('h1')).toBe('Controlla la tua e-mail');
      await confirmFromMail(page, CITIZEN);
      expect(await page.textContent('main')).toContain('Grazie! Il tuo commento ora è pubblico.');
      await page.goto(`/partecipa/proposte/${other.id}`);
      expect(await page.textContent('main')).toContain('In biblioteca a Podenzano ci sarebbe anche la sala per i corsi.');
      await checkPage(page, problems, 'proposal-commented');
    } finally {
      await context.close();
    }
  });

  it('a citizen reports a connectivity gap by locality and street, without the map', { timeout: 120_000 }, async () => {
    const { context, page, problems } = await phone();
    try {
      await page.goto(`/connettivita/${server.ids.organisations.valnure}`);
      await page.getByRole('link', { name: 'Segnala un luogo' }).click();
      await checkPage(page, problems, 'connectivity-form');
      await field(page, 'Comune').selectOption({ label: "Ponte dell'Olio" });
      await field(page, 'Frazione o località').fill('Biana');
      await field(page, 'Via e numero civico').fill('Strada di Biana 3');
      await field(page, 'Problema').selectOption({ label: 'Nessuna connessione fissa' });
      await field(page, 'Operatore').selectOption({ label: 'Non lo so' });
      await field(page, 'Tipo di edificio').selectOption({ label: 'Casa' });
      await page.getByRole('button', { name: 'Invia la segnalazione' }).click();
      expect(await page.textContent('main')).toContain('Grazie. La tua segnalazione è stata registrata.');
      await checkPage(page, problems, 'connectivity-sent');
    } finally {
      await context.close();
    }
  });

  it('staff publish minutes linking the proposal, run a live poll, and move the proposal into the agenda, whose tracker shows it', {
    timeout: 300_000,
  }, async () => {
    const meeting = await server.db.db.k
      .selectFrom('participation_meetings')
      .select('id')
      .where('process_id', '=', processId)
      .executeTakeFirstOrThrow();
    const staff = await phone();
    const citizen = await phone();
    try {
      const { page, problems } = staff;
      await signIn(page, STAFF);

      // The minutes: the proposal linked, then published.
      await page.goto(`/admin/processes/${processId}/incontri`);
      await checkPage(page, problems, 'staff-meetings');
      await page.goto(`/admin/meetings/${meeting.id}`);
      await checkPage(page, problems, 'staff-meeting');
      await tick(page, PROPOSAL, { exact: false });
      await Promise.all([page.waitForURL(/fatto=1/), page.getByRole('button', { name: 'Pubblica il verbale' }).click()]);
      expect(await page.textContent('main')).toContain('Verbale pubblicato il');

      // A live poll: staff open it, a person present answers from their phone.
      await field(page, 'Domanda').fill('Quale frazione colleghiamo per prima?');
      await field(page, 'Risposte, una per riga (da 2 a 8)').fill('Gropparello\nSan Giorgio');
      await Promise.all([page.waitForURL(/fatto=1/), page.getByRole('button', { name: 'Apri il sondaggio' }).click()]);
      // The newest poll is the last on the page (the launch meeting's closed poll comes first).
      const address = [...((await page.textContent('main')) ?? '').matchAll(/Indirizzo per rispondere: \S+?(\/v\/[A-Z2-9]{5})/g)].at(
        -1,
      )?.[1];
      expect(address).toBeTruthy();
      await checkPage(page, problems, 'staff-poll');
      await citizen.page.goto(address!);
      await checkPage(citizen.page, citizen.problems, 'poll');
      await citizen.page.getByRole('button', { name: 'Invia la risposta' }).click();
      expect(await citizen.page.textContent('#error-summary')).toContain('scegli una delle risposte');
      await checkPage(citizen.page, citizen.problems, 'poll-error');
      await tick(citizen.page, 'San Giorgio', { exact: false });
      await citizen.page.getByRole('button', { name: 'Invia la risposta' }).click();
      expect(await citizen.page.textContent('main')).toContain('Grazie, la tua risposta è registrata.');
      expect(await citizen.page.textContent('main')).toContain('San Giorgio: 1 su 1 (100%)');
      await checkPage(citizen.page, citizen.problems, 'poll-results');

      // The public minutes name the proposal.
      await citizen.page.goto(`/partecipa/processi/${processId}/incontri`);
      expect(await citizen.page.textContent('main')).toContain(PROPOSAL);
      expect(await citizen.page.textContent('main')).toContain('Persone presenti: 38');
      await checkPage(citizen.page, citizen.problems, 'meetings');

      // Into the agenda: a refused progress first, with the error beside the field, then saved.
      await page.goto(`/admin/processes/${processId}/agenda`);
      await checkPage(page, problems, 'staff-agenda');
      await field(page, 'Azione').fill('Un ripetitore per le frazioni collinari');
      await field(page, 'Responsabile').fill('Ufficio tecnico dell’Unione');
      await field(page, 'Scadenza (AAAA-MM-GG, facoltativa)').fill('2028-06-30');
      await field(page, 'Avanzamento in % (da 0 a 100)').fill('150');
      await tick(page, PROPOSAL, { exact: false });
      await page.getByRole('button', { name: 'Aggiungi all’agenda' }).click();
      expect(await page.textContent('#error-summary')).toContain('scrivi un numero intero da 0 a 100');
      await checkPage(page, problems, 'staff-agenda-error');
      await field(page, 'Avanzamento in % (da 0 a 100)').fill('10');
      await Promise.all([page.waitForURL(/\/admin\/actions\//), page.getByRole('button', { name: 'Aggiungi all’agenda' }).click()]);
      await field(page, 'Cosa è successo').fill('Individuato il terreno per il ripetitore.');
      await field(page, 'Avanzamento in % (da 0 a 100)').last().fill('20');
      await page.getByRole('button', { name: 'Aggiungi l’aggiornamento' }).click();
      await checkPage(page, problems, 'staff-action');

      // The public tracker shows the action, where it comes from, its progress and its update.
      await citizen.page.goto(`/partecipa/processi/${processId}/agenda`);
      const tracker = (await citizen.page.textContent('main')) ?? '';
      expect(tracker).toContain('Un ripetitore per le frazioni collinari');
      expect(tracker).toContain(`la proposta ${PROPOSAL}`);
      expect(tracker).toContain('Avanzamento: 20%');
      expect(tracker).toContain('Individuato il terreno per il ripetitore.');
      expect(tracker).toContain('Avanzamento complessivo:');
      await checkPage(citizen.page, citizen.problems, 'agenda');
      const state = await server.db.db.k
        .selectFrom('participation_proposals')
        .select('state')
        .where('title', '=', PROPOSAL)
        .executeTakeFirstOrThrow();
      expect(state.state).toBe('accepted');
    } finally {
      await staff.context.close();
      await citizen.context.close();
    }
  });
});
