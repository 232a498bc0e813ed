import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp } from '../src/app.js';
import { DEMO_PASSWORD, type DemoIds } from '../src/demo/seed.js';
import { createEvent, type EventCreateInput } from '../src/modules/events/service.js';
import { createDemoDb, type TestDb, testConfig } from '../test/helpers.js';

export { DEMO_PASSWORD };

/** Debian's Chromium; the browser tests never download a browser of their own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The WCAG 2.1 AA rule sets the public sector is held to (AgID guidelines). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const SCREENSHOT_DIR = process.env.E2E_SCREENSHOTS ?? '/tmp/ponte-e2e';

export interface RunningServer {
  app: FastifyInstance;
  db: TestDb;
  baseUrl: string;
  ids: DemoIds;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a random loopback port: the whole app on a fresh SQLite database with the
 * comuni and the demo programme loaded (a copy of the run's demo template, e2e/global-setup.ts). Browser tests stay on SQLite even when PG_TEST_URL is set;
 * the integration tests cover PostgreSQL.
 */
export async function startServer(): Promise<RunningServer> {
  const db = await createDemoDb('sqlite');
  const { ids } = db.demo;
  const config = testConfig({ databaseUrl: db.url });
  const app = await buildApp({ config, db: db.db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    db,
    baseUrl: `http://127.0.0.1:${port}`,
    ids,
    close: async () => {
      await app.close();
      await db.cleanup();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Console errors that are not faults. */
const IGNORED_CONSOLE = [
  // Chrome's echo of a document answered with a 4xx (a form sent back with its errors): the
  // response listener below already reports every sub-resource that fails.
  /^Failed to load resource: the server responded with a status of 4\d\d/,
];

/** A fresh context (own cookies) at the given viewport; axe needs pages from a context. */
export async function newPage(
  browser: Browser,
  baseUrl: string,
  opts: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'it-IT', ...opts });
  // Fail fast with a clear locator message rather than at Vitest's test timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  // Stylesheets, fonts or scripts that fail to load, and errors in the console (CSP refusals
  // among them): a page that looks right in the test must look right to a visitor.
  const problems: string[] = [];
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') problems.push(`${res.status()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? '';
    // The browser itself drops what a page is still loading (its favicon, a font asked for late)
    // when the next page starts: not a failure. A missing file still shows as a 4xx answer above,
    // and a refused one as a console error below.
    if (error === 'net::ERR_ABORTED' && !req.isNavigationRequest()) return;
    problems.push(`failed ${req.url()}: ${error}`);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !IGNORED_CONSOLE.some((re) => re.test(msg.text()))) problems.push(`console: ${msg.text()}`);
  });
  return { context, page, problems };
}

/** Runs axe with the WCAG 2.1 AA tags and returns a readable list of violations (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return result.violations.map((v) => {
    const targets = v.nodes.map(
      (n) => `    ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`,
    );
    return `${v.id} (${v.impact ?? 'n/a'}) on ${page.url()}: ${v.help}\n  ${v.helpUrl}\n${targets.join('\n')}`;
  });
}

/** Whether the page scrolls sideways: content wider than the viewport. */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}

export interface PageCheck {
  /** The screenshot is saved as `<prefix>-<label>.png` in SCREENSHOT_DIR. */
  prefix: string;
  /** Run axe (default true). */
  axe?: boolean;
  /** The page must not scroll sideways at this width. */
  maxWidth?: number;
}

/**
 * Saves a full-page screenshot (`<name>.png` in SCREENSHOT_DIR), the record a reviewer looks at.
 * Chromium now and then answers "Unable to capture screenshot" when the machine is busy (two test
 * files at once on two cores); the page is the same, so the picture is asked for again.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
      return;
    } catch (error) {
      if (attempt === 3 || !String(error).includes('Unable to capture screenshot')) throw error;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}

/** What the browser tests check on a page: no failed resource, a screenshot, axe, no sideways scrolling. */
export async function expectPageOk(page: Page, problems: string[], label: string, opts: PageCheck): Promise<void> {
  expect(problems, `resources that failed on ${label}`).toEqual([]);
  await saveScreenshot(page, `${opts.prefix}-${label}`);
  if (opts.axe !== false) {
    const violations = await axeViolations(page);
    expect(violations, `axe violations on ${label}:\n${violations.join('\n')}`).toEqual([]);
  }
  if (opts.maxWidth !== undefined) {
    const { scrollWidth } = await horizontalOverflow(page);
    expect(scrollWidth, `${label} scrolls sideways at ${opts.maxWidth} px`).toBeLessThanOrEqual(opts.maxWidth);
  }
}

/** A form field by its visible label, with or without the mark of a required field. */
/**
 * The focus reaches the element with this id. Awaited rather than read once: the browser moves
 * the focus of `autofocus` at its next rendering step, which may come just after `load`, and a
 * script's focus after its own event.
 */
export async function expectFocusOn(page: Page, id: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 3000 }).toBe(id);
}

/**
 * Ticks a checkbox or a radio button by clicking its label, as a person does: Bootstrap Italia's
 * styled box sits over the input, so a click forced onto the input itself can land elsewhere.
 */
export async function tick(page: Page, label: string, opts: { exact?: boolean } = {}): Promise<void> {
  const box = page.getByLabel(label, { exact: opts.exact ?? true });
  const id = await box.getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
  expect(await box.isChecked(), label).toBe(true);
}

export function field(page: Page, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

/**
 * Signs in through the login form with the demo password and waits for the back office: its home,
 * or "I miei servizi" where facilitators and volunteers land.
 */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await field(page, 'E-mail o numero di cellulare').fill(email);
  await field(page, 'Password').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/admin(\/facilitazioni)?$/), page.getByRole('button', { name: 'Accedi' }).click()]);
}

/** A published meeting of Prato at Coiano, 20 seats, at most 2 a booking; `more` adds or changes fields. */
export async function meetingAtCoiano(
  server: Pick<RunningServer, 'app' | 'ids'>,
  title: string,
  start: Date,
  end: Date,
  more: Partial<EventCreateInput> = {},
): Promise<string> {
  const { id } = await createEvent(server.app.deps, null, {
    organisation: server.ids.organisations.prato,
    title,
    type: 'incontro',
    format: 'in_presenza',
    venue: server.ids.venues.coiano,
    capacity: 20,
    maxSeatsPerBooking: 2,
    bookingRequired: true,
    status: 'published',
    sessions: [{ start: start.toISOString(), end: end.toISOString() }],
    ...more,
  });
  return id;
}
