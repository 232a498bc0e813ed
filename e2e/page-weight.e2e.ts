import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, meetingAtCoiano, newPage, type RunningServer, startServer } from './helpers.js';

/**
 * What a visit costs on a phone's connection: the bytes that cross the network (headers and
 * compressed bodies, as the browser's resource timing counts them) for the page and everything it
 * loads, fonts included. A first visit starts with an empty cache; a repeat visit finds the
 * stylesheets and fonts in the cache (hashed names, kept a year) and fetches only the page.
 */

const FIRST_VISIT_MAX = 150 * 1024;
const REPEAT_VISIT_MAX = 15 * 1024;

let server: RunningServer;
let browser: Browser;
let eventId: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const start = new Date(Date.now() + 10 * 24 * 3600_000);
  eventId = await meetingAtCoiano(server, 'Incontro sulla posta elettronica certificata', start, new Date(start.getTime() + 2 * 3600_000));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the address and adds up what was transferred once the page, its fonts and its icon are in. */
async function visit(page: Page, url: string): Promise<{ total: number; lines: string[] }> {
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.evaluate(() => document.fonts.ready);
  return page.evaluate(() => {
    const entries = [
      ...(performance.getEntriesByType('navigation') as PerformanceResourceTiming[]),
      ...(performance.getEntriesByType('resource') as PerformanceResourceTiming[]),
    ];
    return {
      total: entries.reduce((sum, e) => sum + e.transferSize, 0),
      lines: entries.map((e) => `${String(e.transferSize).padStart(7)} B  ${new URL(e.name).pathname}`),
    };
  });
}

function report(label: string, figures: { total: number; lines: string[] }): void {
  process.stdout.write(`${label}: ${(figures.total / 1024).toFixed(1)} KB\n${figures.lines.join('\n')}\n`);
}

describe('page weight', () => {
  for (const [label, path] of [
    ['home page', () => '/'],
    ['event page', () => `/eventi/${eventId}`],
  ] as const) {
    it(`a first visit to the ${label} transfers under 150 KB, a repeat visit under 15 KB`, async () => {
      const { context, page, problems } = await newPage(browser, server.baseUrl);
      try {
        const first = await visit(page, path());
        report(`first visit, ${label}`, first);
        expect(problems).toEqual([]);
        expect(first.total).toBeGreaterThan(0);
        expect(first.total).toBeLessThan(FIRST_VISIT_MAX);

        const repeat = await visit(page, path());
        report(`repeat visit, ${label}`, repeat);
        expect(repeat.total).toBeLessThan(REPEAT_VISIT_MAX);
      } finally {
        await context.close();
      }
    });
  }
});
