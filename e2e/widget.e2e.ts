import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectPageOk,
  launchBrowser,
  meetingAtCoiano,
  newPage,
  type RunningServer,
  SCREENSHOT_DIR,
  saveScreenshot,
  signIn,
  startServer,
} from './helpers.js';

/**
 * The events widget at 360 px, embedded as a comune's website would: pages served by two more
 * local HTTP servers, each its own origin (http://localhost:<port>, while Ponte answers at
 * http://127.0.0.1:<port>). Prato's administrator lists one of them; in its page the frame shows
 * Prato's events, through the script tag (which follows the list's height) or the plain iframe
 * with JavaScript off. In the other site's page Chromium refuses to render the frame. The
 * settings page and the widget pass axe.
 */

const WIDTH = 360;
const ADMIN = 'agenda.digitale@prato.example';
const TITLE = 'Widget: come usare il Fascicolo sanitario';

/** A website of its own origin that serves one page, set per test. */
class Site {
  html = '';
  private server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(this.html);
  });
  origin = '';
  async start(): Promise<void> {
    // No host: both IPv4 and IPv6 loopback answer, whichever "localhost" means to the browser.
    await new Promise<void>((resolve) => this.server.listen(0, resolve));
    this.origin = `http://localhost:${(this.server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const hostPage = (body: string) =>
  `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Comune di Prato</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main><h1>Comune di Prato</h1>${body}</main></body></html>`;

let server: RunningServer;
let browser: Browser;
const listed = new Site();
const unlisted = new Site();
let prato: string;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await Promise.all([listed.start(), unlisted.start()]);
  server = await startServer();
  prato = server.ids.organisations.prato;
  const start = new Date(Date.now() + 4 * 86_400_000);
  await meetingAtCoiano(server, TITLE, start, new Date(start.getTime() + 2 * 3_600_000));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all([listed.stop(), unlisted.stop()]);
});

const check = (page: Page, problems: string[], label: string) => expectPageOk(page, problems, label, { prefix: 'widget', maxWidth: WIDTH });

/** The frame the host page holds, once it has navigated to Ponte (or to the browser's error page). */
async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no frame');
  await frame.waitForLoadState('load');
  return frame;
}

describe(`the events widget at ${WIDTH} px`, () => {
  it('an administrator lists the comune’s site after a refused address, and copies the code', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 800 } });
    try {
      await signIn(page, ADMIN);
      await page.goto(`/admin/organisations/${prato}/widget`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Eventi sul sito dell’ente');
      await check(page, problems, 'settings-empty');

      await page.getByLabel(/^Indirizzo del sito/).fill(`${listed.origin}/eventi`);
      await page.getByRole('button', { name: 'Autorizza il sito' }).click();
      await expect.poll(() => page.title()).toMatch(/^Errore/);
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('senza pagine');
      expect(await page.getByLabel(/^Indirizzo del sito/).getAttribute('aria-invalid')).toBe('true');
      // The 422 answer itself is expected; nothing else may fail.
      problems.length = 0;
      await check(page, problems, 'settings-refused');

      await page.getByLabel(/^Indirizzo del sito/).fill(listed.origin);
      await Promise.all([page.waitForURL('**/widget?esito=aggiunto'), page.getByRole('button', { name: 'Autorizza il sito' }).click()]);
      await expect.poll(() => page.locator('main').textContent()).toContain(listed.origin);
      const script = await page.getByLabel(/Con uno script/).inputValue();
      expect(script).toContain(`/widget.js" data-organisation="${prato}"`);
      expect(await page.getByLabel(/Solo HTML/).inputValue()).toContain(`/widget/eventi?organisation=${prato}`);
      await check(page, problems, 'settings-listed');
    } finally {
      await context.close();
    }
  });

  it('renders in the listed site through the script tag, which fits the frame to the list', async () => {
    listed.html = hostPage(
      `<script src="${server.baseUrl}/widget.js" data-organisation="${prato}" data-title="Eventi del Comune di Prato"></script>`,
    );
    const { context, page, problems } = await newPage(browser, listed.origin, { viewport: { width: WIDTH, height: 800 } });
    try {
      await page.goto('/');
      const frame = await widgetFrame(page);
      await expect.poll(() => frame.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Prossimi eventi di /);
      await expect.poll(() => frame.getByRole('link', { name: TITLE, exact: true }).count()).toBe(1);
      expect(await frame.getByRole('link', { name: TITLE, exact: true }).getAttribute('target')).toBe('_top');
      expect(await page.locator('iframe').getAttribute('title')).toBe('Eventi del Comune di Prato');
      // The frame follows the height the list reports (not the 600 px it starts with).
      const inner = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
      await expect.poll(async () => Math.abs((await page.locator('iframe').boundingBox())!.height - inner)).toBeLessThanOrEqual(2);
      expect(problems).toEqual([]);
      await saveScreenshot(page, 'widget-listed-script');

      // Booking opens Ponte's page in the whole window: Ponte's own pages refuse to be framed.
      await Promise.all([
        page.waitForURL(`${server.baseUrl}/eventi/**/prenota`),
        frame
          .locator('li', { hasText: TITLE })
          .getByRole('link', { name: /^Prenota/ })
          .click(),
      ]);
    } finally {
      await context.close();
    }
  });

  it('renders in the listed site as a plain iframe with JavaScript off', async () => {
    listed.html = hostPage(
      `<iframe src="${server.baseUrl}/widget/eventi?organisation=${prato}" title="Eventi del Comune di Prato" style="width:100%;height:600px;border:0"></iframe>`,
    );
    const { context, page, problems } = await newPage(browser, listed.origin, {
      viewport: { width: WIDTH, height: 800 },
      javaScriptEnabled: false,
    });
    try {
      await page.goto('/');
      const frame = await widgetFrame(page);
      expect(await frame.getByRole('link', { name: TITLE, exact: true }).count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is refused by Chromium in a site that is not listed: the frame stays empty', async () => {
    unlisted.html = hostPage(`<script src="${server.baseUrl}/widget.js" data-organisation="${prato}"></script>`);
    const { context, page, problems } = await newPage(browser, unlisted.origin, { viewport: { width: WIDTH, height: 800 } });
    try {
      await page.goto('/');
      const frame = await widgetFrame(page);
      await expect.poll(() => problems.join('\n')).toMatch(/frame-ancestors/);
      expect(problems.join('\n')).toContain(listed.origin);
      // Chromium shows its own error page in the frame's place, never the widget.
      expect(await frame.getByText(/Prossimi eventi/).count()).toBe(0);
      expect(await frame.getByText(TITLE).count()).toBe(0);
      expect(frame.url()).toMatch(/^chrome-error:/);
      await saveScreenshot(page, 'widget-unlisted');
    } finally {
      await context.close();
    }
  });

  it('passes axe at 360 px, and in English', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl, { viewport: { width: WIDTH, height: 800 } });
    try {
      await page.goto(`/widget/eventi?organisation=${prato}`);
      await check(page, problems, 'frame-it');
      await page.goto(`/widget/eventi?organisation=${prato}&lang=en&audience=anziani`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Upcoming events of /);
      await check(page, problems, 'frame-en');
    } finally {
      await context.close();
    }
  });
});
