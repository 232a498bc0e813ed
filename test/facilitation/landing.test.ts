import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { DEMO_PASSWORD, type DemoIds } from '../../src/demo/seed.js';
import { Browser, createDemoDb, DIALECTS, type TestDb, testConfig } from '../helpers.js';

/** One person of each role, from the demo's organisations. */
const PEOPLE = {
  facilitator: 'facilitatore@prato.example',
  volunteer: 'animatore@valnure.example',
  staff: 'staff@prato.example',
  'org-admin': 'agenda.digitale@prato.example',
  partner: 'circolo@arci-prato.example',
  'platform-admin': 'admin@ponte.example',
} as const;

const MY_SERVICES = '/admin/facilitazioni';

const decode = (html: string) =>
  html
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The same-site links of a page, without the API and without the language switch's copies of the page. */
function links(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
    const href = decode(m[1]);
    if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/api')) continue;
    const url = new URL(href, 'http://x');
    if (url.searchParams.has('lang')) continue;
    out.add(url.pathname + url.search);
  }
  return [...out];
}

describe.each(DIALECTS)('where each role lands, and what it is shown (%s)', (dialect) => {
  let t: TestDb;
  let app: FastifyInstance;
  let ids: DemoIds;
  beforeAll(async () => {
    const d = await createDemoDb(dialect);
    t = d;
    ({ ids } = d.demo);
    app = await buildApp({ config: testConfig({ databaseUrl: t.url, loginRateLimitMax: 1000 }), db: t.db, logger: false });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  const signIn = async (email: string, next?: string) => {
    const b = new Browser(app);
    const res = await b.post('/login', { email, password: DEMO_PASSWORD, ...(next === undefined ? {} : { next }) });
    expect(res.statusCode, `${email}: ${res.body}`).toBe(303);
    return { b, location: res.headers.location as string };
  };

  it('sends facilitators and volunteers to "I miei servizi", everyone else to the back office', async () => {
    expect((await signIn(PEOPLE.facilitator)).location).toBe(MY_SERVICES);
    expect((await signIn(PEOPLE.volunteer)).location).toBe(MY_SERVICES);
    expect((await signIn(PEOPLE.staff)).location).toBe('/admin');
    expect((await signIn(PEOPLE['org-admin'])).location).toBe('/admin');
    expect((await signIn(PEOPLE.partner)).location).toBe('/admin');
    expect((await signIn(PEOPLE['platform-admin'])).location).toBe('/admin');
  });

  it('follows the login form\'s explicit "next", and ignores an empty or foreign one', async () => {
    const venues = `/admin/organisations/${ids.organisations.prato}/venues`;
    expect((await signIn(PEOPLE.facilitator, venues)).location).toBe(venues);
    expect((await signIn(PEOPLE.facilitator, '/admin')).location).toBe('/admin');
    expect((await signIn(PEOPLE.staff, venues)).location).toBe(venues);
    // What the login form sends when it was opened without one.
    expect((await signIn(PEOPLE.facilitator, '')).location).toBe(MY_SERVICES);
    expect((await signIn(PEOPLE.facilitator, '//evil.example/')).location).toBe(MY_SERVICES);
    expect((await signIn(PEOPLE.staff, 'https://evil.example/')).location).toBe('/admin');
  });

  it('opens "I miei servizi" with the button to record a service, before the list', async () => {
    const { b, location } = await signIn(PEOPLE.facilitator);
    const res = await b.get(location);
    expect(res.statusCode).toBe(200);
    const main = decode(res.body).split('<main')[1];
    const title = main.indexOf('<h1>I miei servizi di facilitazione</h1>');
    expect(title).toBeGreaterThan(-1);
    const afterTitle = main.slice(title);
    // The first link or button after the title records a new service, as a primary button.
    const first = /<(a|button)\s[^>]*>[^<]*/.exec(afterTitle);
    expect(first?.[0]).toMatch(/^<a class="btn btn-primary[^"]*" href="\/admin\/facilitazioni\/nuova">\s*Registra un nuovo servizio/);
    // The demo gives Giulia Conti services of her own: they come after it.
    const record = afterTitle.indexOf('href="/admin/facilitazioni/0');
    expect(record).toBeGreaterThan(afterTitle.indexOf('Registra un nuovo servizio'));
    // And the form it opens is hers to fill in.
    expect((await b.get('/admin/facilitazioni/nuova')).statusCode).toBe(200);
  });

  it('links "I miei servizi" from the back office for those who record services, not for partners', async () => {
    for (const who of ['facilitator', 'volunteer', 'staff', 'org-admin'] as const) {
      const { b } = await signIn(PEOPLE[who]);
      expect(links((await b.get('/admin')).body), who).toContain(MY_SERVICES);
    }
    const { b } = await signIn(PEOPLE.partner);
    expect(links((await b.get('/admin')).body)).not.toContain(MY_SERVICES);
  });

  it('shows a facilitator only the sections of the organisation their role opens', async () => {
    const { b } = await signIn(PEOPLE.facilitator);
    const org = `/admin/organisations/${ids.organisations.prato}`;
    const shown = links((await b.get(org)).body);
    expect(shown).toEqual(expect.arrayContaining([`${org}/venues`, `${org}/agreements`, `${org}/programmes`, `${org}/desks`]));
    for (const hidden of ['events', 'members', 'servizi', 'competenze', 'webhooks']) expect(shown).not.toContain(`${org}/${hidden}`);
    const { b: staff } = await signIn(PEOPLE.staff);
    const staffShown = links((await staff.get(org)).body);
    for (const open of ['events', 'members', 'servizi', 'competenze']) expect(staffShown).toContain(`${org}/${open}`);
  });

  /**
   * Every link a role is shown, starting from the back office's home and "I miei servizi" and
   * following the back-office pages they lead to (three clicks deep: calendars and the operator's
   * day link one day to the next without end), answers: never 403 (a link the role may not
   * follow) and never 5xx. Links outside /admin are checked, not followed.
   */
  it.each(['facilitator', 'volunteer', 'staff', 'org-admin', 'partner'] as const)(
    'shows a %s no link that answers 403',
    async (who) => {
      const { b } = await signIn(PEOPLE[who]);
      const seen = new Set<string>();
      const depth = new Map<string, number>([
        ['/admin', 0],
        [MY_SERVICES, 0],
      ]);
      const queue = ['/admin', MY_SERVICES];
      const refused: string[] = [];
      const startLinks = new Set<string>();
      while (queue.length > 0) {
        const url = queue.shift()!;
        if (seen.has(url)) continue;
        seen.add(url);
        const res = await b.get(url);
        if (res.statusCode === 403 || res.statusCode >= 500) refused.push(`${res.statusCode} ${url}`);
        const html = String(res.headers['content-type'] ?? '').startsWith('text/html');
        const level = depth.get(url)!;
        if (res.statusCode !== 200 || !html || !url.startsWith('/admin') || level >= 3) continue;
        const found = links(res.body);
        if (level === 0) for (const l of found) startLinks.add(l);
        for (const l of found) {
          if (depth.has(l)) continue;
          depth.set(l, level + 1);
          queue.push(l);
        }
      }
      expect(refused, `${who} is shown links it may not follow`).toEqual([]);
      // The walk did go somewhere: the home page's and "I miei servizi"'s own links at least.
      expect(startLinks.size).toBeGreaterThan(3);
      expect(seen.size).toBeGreaterThan(startLinks.size);
    },
    120_000,
  );
});
