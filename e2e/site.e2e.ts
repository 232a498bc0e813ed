import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectPageOk, launchBrowser, meetingAtCoiano, newPage, type RunningServer, SCREENSHOT_DIR, startServer } from './helpers.js';

/**
 * What every page gives the browser: nothing the Content-Security-Policy refuses (Bootstrap
 * Italia's stylesheet carries a font of its own as a data: URL), nothing in the console, and a
 * favicon, also at /favicon.ico where browsers and feed readers look without being told.
 */

let server: RunningServer;
let browser: Browser;
let eventId: string;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  const start = new Date(Date.now() + 10 * 24 * 3600_000);
  eventId = await meetingAtCoiano(server, 'Incontro sulla posta elettronica certificata', start, new Date(start.getTime() + 2 * 3600_000));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('every page', () => {
  it('loads with no console error on the home page and an event page, each linking a favicon', async () => {
    const { context, page, problems } = await newPage(browser, server.baseUrl);
    const csp: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) csp.push(msg.text());
    });
    for (const [label, path] of [
      ['home', '/'],
      ['event', `/eventi/${eventId}`],
    ]) {
      await page.goto(path, { waitUntil: 'networkidle' });
      // Fonts load when text needs them: wait until every font the page asked for has settled.
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      expect(await page.locator('head link[rel="icon"]').count(), label).toBeGreaterThan(0);
      await expectPageOk(page, problems, label, { prefix: 'site' });
    }
    expect(csp).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('answers /favicon.ico with an icon', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    const res = await page.request.get('/favicon.ico');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    const body = await res.body();
    // An ICO file: reserved 0, type 1 (icon), at least one image.
    expect(body.readUInt16LE(0)).toBe(0);
    expect(body.readUInt16LE(2)).toBe(1);
    expect(body.readUInt16LE(4)).toBeGreaterThan(0);
    await context.close();
  });
});
