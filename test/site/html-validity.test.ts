import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { DEMO_PASSWORD, type DemoIds } from '../../src/demo/seed.js';
import { manageToken } from '../../src/modules/events/service.js';
import { Browser, createDemoDb, type TestApp, testConfig } from '../helpers.js';
import { crawl, describeErrors, nuErrors, repeatedIds } from './nu-checker.js';

/**
 * Every page of the demo site passes the Nu HTML checker (the W3C validator's engine) with no
 * error: the public pages a visitor reaches by following links, in Italian and in English, the
 * pages only a booking, an appointment or a self-assessment leads to, forms sent back with their
 * errors, error pages; and the back office as the platform administrator. The markup does not
 * depend on the database, so SQLite alone is checked.
 */

let t: TestApp;
let ids: DemoIds;

beforeAll(async () => {
  const tdb = await createDemoDb('sqlite');
  ids = tdb.demo.ids;
  const config = testConfig({ databaseUrl: tdb.url, rateLimitMax: 0 });
  const app = await buildApp({ config, db: tdb.db, logger: false });
  await app.ready();
  t = {
    ...tdb,
    app,
    config,
    close: async () => {
      await app.close();
      await tdb.cleanup();
    },
  };
}, 120_000);

afterAll(() => t?.close());

/** The hidden fields and the action of the first post form of a page that holds `marker`. */
function formWith(html: string, marker: RegExp): { action: string; hidden: Record<string, string> } | null {
  for (const m of html.matchAll(/<form\s[^>]*?method="post"[^>]*?action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
    if (!marker.test(m[2])) continue;
    const hidden: Record<string, string> = {};
    for (const h of m[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) hidden[h[1]] = h[2].replace(/&amp;/g, '&');
    return { action: m[1].replace(/&amp;/g, '&'), hidden };
  }
  return null;
}

const located = (res: { headers: Record<string, unknown> }) => String(res.headers.location ?? '');

/** What a visitor reaches only by doing something: booking a seat, an appointment, a self-assessment. */
async function pagesBehindForms(b: Browser, crawled: Map<string, string>): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  const keep = async (path: string) => {
    const res = await b.get(path);
    pages.set(`${path} (${res.statusCode})`, res.body);
    return res.body;
  };

  // An event's booking: the form sent back with its errors, then the booking's own pages.
  const [eventPage, eventHtml] = [...crawled].find(([, html]) => /action="\/eventi\/[^"]+\/prenota"/.test(html)) ?? [];
  expect(eventPage, 'an event page with a booking form').toBeDefined();
  const booking = formWith(eventHtml as string, /name="privacyAccepted"/) as { action: string; hidden: Record<string, string> };
  const form = { name: 'Maria Bianchi', email: 'maria.valida@example.org', phone: '', seats: '1', audience: '', ageBand: '' };
  const refused = await b.post(booking.action, { ...booking.hidden, ...form }, { csrf: false });
  expect(refused.statusCode).toBe(400);
  pages.set(`POST ${booking.action} without consent (400)`, refused.body);
  const booked = await b.post(booking.action, { ...booking.hidden, ...form, privacyAccepted: '1' }, { csrf: false });
  // The answer is the same neutral page whether or not the address had booked; the manage link
  // goes by e-mail only, so it is made here as the e-mail would hold it.
  expect(booked.statusCode, booked.body).toBe(200);
  pages.set(`POST ${booking.action} (200)`, booked.body);
  const row = await t.db.k.selectFrom('registrations').select('id').where('email', '=', form.email).executeTakeFirstOrThrow();
  const registration = row.id;
  const token = encodeURIComponent(manageToken(t.config, registration));
  await keep(`/prenotazioni/${registration}?token=${token}&esito=nuova`);
  await keep(`/prenotazioni/${registration}?token=${token}&lang=en`);
  await keep(`/prenotazioni/${registration}/annulla?token=${token}`);
  await keep(`/prenotazioni/${registration}/cancella-dati?token=${token}`);
  await keep(`/prenotazioni/${registration}?token=sbagliato`);

  // A desk appointment: a slot held, the details form with its errors, the confirmation and the
  // appointment's own pages.
  const [, pickerHtml] = [...crawled].find(([, html]) => /<button type="submit" name="start"/.test(html)) ?? [];
  expect(pickerHtml, 'a desk page offering slots').toBeDefined();
  const slotForm = formWith(pickerHtml as string, /name="start"/) as { action: string; hidden: Record<string, string> };
  const start = (/name="start" value="([^"]+)"/.exec(pickerHtml as string) as RegExpExecArray)[1];
  const held = await b.post(slotForm.action, { ...slotForm.hidden, start }, { csrf: false });
  expect(held.statusCode, held.body).toBe(303);
  const detailsHtml = await keep(located(held));
  const details = formWith(detailsHtml, /name="hold"/) as { action: string; hidden: Record<string, string> };
  const noContact = await b.post(details.action, { ...details.hidden, name: 'Anna Bianchi', email: '', phone: '' }, { csrf: false });
  expect(noContact.statusCode).toBe(400);
  pages.set(`POST ${details.action} without a contact (400)`, noContact.body);
  const done = await b.post(
    details.action,
    // By phone: an e-mail booking answers a neutral page and sends the private link by mail only.
    { ...details.hidden, name: 'Anna Bianchi', email: '', phone: '333 1234567' },
    { csrf: false },
  );
  expect(done.statusCode, done.body).toBe(303);
  const confirmed = located(done);
  await keep(confirmed);
  const [, appointment, appointmentToken] = /^\/appuntamenti\/([^/]+)\/confermato\?token=(.+)$/.exec(confirmed) ?? [];
  await keep(`/appuntamenti/${appointment}?token=${appointmentToken}`);
  await keep(`/appuntamenti/${appointment}?token=${appointmentToken}&lang=en`);
  await keep(`/appuntamenti/${appointment}/sposta?token=${appointmentToken}`);

  // The short self-assessment, answered with the first choice of each question, to its result.
  const startHtml = await keep('/competenze/breve');
  const begin = formWith(startHtml, /name="_csrf"/) as { action: string; hidden: Record<string, string> };
  const started = await b.post(begin.action, begin.hidden, { csrf: false });
  expect(started.statusCode, started.body).toBe(303);
  const attempt = located(started);
  for (let n = 0; n < 80; n += 1) {
    const html = await keep(attempt);
    const item = /name="item" value="([^"]+)"/.exec(html)?.[1];
    if (!item) break;
    const value = (/name="value"[^>]*?value="([^"]+)"/.exec(html) ?? /value="([^"]+)"[^>]*?name="value"/.exec(html))?.[1] ?? '1';
    const answer = formWith(html, /name="item"/) as { action: string; hidden: Record<string, string> };
    const res = await b.post(answer.action, { ...answer.hidden, value }, { csrf: false });
    expect(res.statusCode, res.body).toBe(303);
  }
  const review = await keep(attempt);
  const finish = formWith(review, /./) as { action: string; hidden: Record<string, string> };
  const finished = await b.post(finish.action, finish.hidden, { csrf: false });
  expect(finished.statusCode, finished.body).toBe(303);
  await keep(located(finished));
  await keep(`${located(finished)}&lang=en`);

  // Error pages.
  await keep('/pagina-che-non-esiste');
  await keep('/pagina-che-non-esiste?lang=en');
  await keep('/eventi/00000000-0000-7000-8000-000000000000');
  await keep('/sportelli/non-un-id');
  return pages;
}

describe('the Nu HTML checker', () => {
  it('finds no error on the public pages, in Italian and in English', async () => {
    const b = new Browser(t.app);
    const crawled = await crawl(
      b,
      [
        '/',
        '/?lang=en',
        '/eventi',
        '/eventi/mese',
        '/sportelli',
        '/servizi',
        '/competenze',
        '/partecipa',
        '/login',
        '/privacy',
        '/accessibilita',
      ],
      {
        follow: (path) => !/^\/(admin|api|static|logout)\b/.test(path) && !/\.(ics|pdf|csv|json)(\?|$)/.test(path),
        perShape: 2,
        limit: 160,
      },
    );
    const pages = new Map([...crawled, ...(await pagesBehindForms(b, crawled))]);
    // Every kind of page the brief names was reached.
    const paths = [...pages.keys()].join('\n');
    for (const kind of [
      /^\/eventi\/[0-9a-f-]{36} \(200\)/m,
      /^\/prenotazioni\/[^ ]+ \(200\)/m,
      /^\/sportelli\/[0-9a-f-]{36} \(200\)/m,
      /^\/appuntamenti\/[^ ]+ \(200\)/m,
      /^\/servizi\/[^/? ]+ \(200\)/m,
      /^\/competenze\/risultato\/[^ ]+ \(200\)/m,
      /^\/login /m,
      /\(404\)/m,
      /lang=en/m,
    ]) {
      expect(paths, String(kind)).toMatch(kind);
    }
    // Every page names the site's icon (browsers ask /favicon.ico when a page does not).
    const iconless = [...pages].filter(([, html]) => !html.includes('<link rel="icon" href="/favicon.ico"')).map(([page]) => page);
    expect(iconless).toEqual([]);
    const errors = await nuErrors(pages);
    expect(errors.length, `${pages.size} pages checked; errors:\n${describeErrors(errors)}`).toBe(0);
  }, 300_000);

  it('finds no error on the back office (the platform administrator’s, an organisation admin’s, a facilitator’s), and no id repeated on a page', async () => {
    const backOffice = (path: string) =>
      /^\/(admin|account)\b/.test(path) && !/\.(ics|pdf|csv|json|xlsx|zip)(\?|$)/.test(path) && !/export\//.test(path);
    const admin = new Browser(t.app);
    await admin.signIn('admin@ponte.example', DEMO_PASSWORD);
    // From the organisations whose demo has the most in it: meetings, desks, guides, facilitation.
    const seeds = ['/admin', '/account', '/admin/facilitazioni'];
    for (const org of ['prato', 'gussago', 'consorzio']) seeds.push(`/admin/organisations/${ids.organisations[org]}`);
    const pages = await crawl(admin, seeds, { follow: backOffice, perShape: 2, limit: 250 });
    expect(pages.size).toBeGreaterThan(20);
    expect([...pages.keys()].join('\n')).toMatch(/^\/admin\/desks\/[0-9a-f-]{36} \(200\)/m);
    // What other roles see differs: an organisation admin's home, a facilitator's "I miei servizi".
    for (const email of ['agenda.digitale@prato.example', 'facilitatore@prato.example']) {
      const b = new Browser(t.app);
      await b.signIn(email, DEMO_PASSWORD);
      const theirs = await crawl(b, ['/admin', '/admin/facilitazioni', '/account'], { follow: backOffice, perShape: 1, limit: 40 });
      for (const [page, html] of theirs) pages.set(`${page} as ${email}`, html);
    }
    const repeated = [...pages].map(([page, html]) => [page, repeatedIds(html)] as const).filter(([, ids]) => ids.length > 0);
    expect(repeated.map(([page, ids]) => `${page}: ${ids.join(', ')}`)).toEqual([]);
    const errors = await nuErrors(pages);
    expect(errors.length, `${pages.size} pages checked; errors:\n${describeErrors(errors)}`).toBe(0);
  }, 300_000);
});
