// "Password dimenticata?": the request gives one answer whether or not the address has an account,
// is limited per account and per client address, and e-mails a single-use link valid 30 minutes
// whose secret the database and the job table never hold; following it sets a password under the
// policy and ends every session.
import type { ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { sha256 } from '../../src/core/auth.js';
import { verifyPassword } from '../../src/core/passwords.js';
import { setClockOffset } from '../../src/core/time.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, createTestDb, DIALECTS, type TestApp, testConfig } from '../helpers.js';
import { TestSmtp } from '../mail.js';

const BASE_URL = 'https://ponte.example';
const EMAIL = 'laura.bianchi@prato.example';
const OLD = 'la-vecchia-password';
const NEW = 'fiume lampada ventoso arancia';

/** The set-password link an e-mail carries, as a path of the site. */
function linkIn(mail: ParsedMail): string {
  const m = /https:\/\/ponte\.example(\/password\/reset\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '');
  if (!m) throw new Error(`no link in: ${mail.text}`);
  return m[1];
}

/** A page's body without its per-visitor CSRF token, to compare two answers. */
const withoutCsrf = (body: string) => body.replace(/name="_csrf" value="[^"]*"/g, '');

describe.each(DIALECTS)('password reset by e-mail (%s)', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let userId: string;

  beforeAll(async () => {
    smtp = new TestSmtp();
    const smtpUrl = await smtp.start();
    t = await createTestApp(dialect, { smtpUrl, baseUrl: BASE_URL, loginRateLimitMax: 1000 });
    const org = await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' });
    ({ id: userId } = await createUser(t.db, { email: EMAIL, name: 'Laura Bianchi', role: 'staff', organisation: org.id, password: OLD }));
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  afterEach(async () => {
    setClockOffset(0);
    smtp.clear();
    await t.db.k.deleteFrom('password_links').execute();
    await t.db.k.deleteFrom('jobs').execute();
  });

  const deliver = async () => {
    for (let i = 0; i < 5 && (await t.app.deps.jobs.runDue()) > 0; i++);
  };
  const hash = async () =>
    (await t.db.k.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()).password_hash;
  const ask = (b: Browser, email: string) => b.post('/password/forgot', { email }, { from: '/password/forgot' });

  it('the sign-in page leads to "Password dimenticata?"', async () => {
    const login = await new Browser(t.app).get('/login');
    expect(login.body).toMatch(/<a href="\/password\/forgot">Password dimenticata\?<\/a>/);
    const page = await new Browser(t.app).get('/password/forgot');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Indirizzo e-mail');
  });

  it('answers the same for an address with an account and one without; only the account gets an e-mail', async () => {
    const known = await ask(new Browser(t.app), EMAIL.toUpperCase());
    const unknown = await ask(new Browser(t.app), 'nessuno@prato.example');
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(withoutCsrf(known.body)).toBe(withoutCsrf(unknown.body));
    expect(known.body).toContain("Se l'indirizzo corrisponde a un account");

    // The job waiting to send it holds neither the address nor the link's secret.
    const jobs = await t.db.k.selectFrom('jobs').select(['kind', 'payload']).execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0].payload).not.toContain('@');

    await deliver();
    expect(smtp.to('nessuno@prato.example')).toHaveLength(0);
    const [mail] = smtp.to(EMAIL);
    expect(mail.subject).toBe('Ponte: imposta una nuova password');
    expect(mail.text).toContain('Il link vale una sola volta');
    const link = linkIn(mail);
    const secret = link.split('/').pop()!;
    expect(jobs[0].payload).not.toContain(secret);

    // The database keeps only the secret's hash, valid 30 minutes.
    const rows = await t.db.k.selectFrom('password_links').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: userId, purpose: 'reset', token_hash: sha256(secret), used_at: null, created_by: null });
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(Date.parse(rows[0].expires_at) - Date.parse(rows[0].created_at)).toBe(30 * 60 * 1000);
  });

  it('a malformed address is refused on the page (400), nothing recorded', async () => {
    const res = await ask(new Browser(t.app), 'non-un-indirizzo');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('indica un indirizzo e-mail valido');
    expect(await t.db.k.selectFrom('password_links').select('id').execute()).toHaveLength(0);
  });

  it('sets a new password once: the policy applies, then every session ends, the old password stops working', async () => {
    const signedIn = new Browser(t.app);
    await signedIn.signIn(EMAIL, OLD);
    await ask(new Browser(t.app), EMAIL);
    await deliver();
    const link = linkIn(smtp.to(EMAIL)[0]);

    const b = new Browser(t.app);
    const form = await b.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.body).toContain('Scegli una nuova password');
    expect(form.body).toContain(EMAIL);

    const before = await hash();
    for (const [password, message] of [
      ['aaaaaaaaaaaa', 'evita caratteri ripetuti o in sequenza'],
      ['password1234', 'troppo comune'],
      ['laura.bianchi-2026', 'non usare il tuo indirizzo e-mail'],
      [OLD, 'è uguale alla password attuale'],
    ]) {
      const weak = await b.post(link, { password, confirm: password }, { from: link });
      expect(weak.statusCode, password).toBe(422);
      expect(weak.body, password).toContain(message);
    }
    const mismatch = await b.post(link, { password: NEW, confirm: `${NEW} x` }, { from: link });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain('le due password non coincidono');
    expect(await hash()).toBe(before);

    const done = await b.post(link, { password: NEW, confirm: NEW }, { from: link });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/password/saved');
    expect((await b.get('/password/saved')).body).toContain('Password salvata');

    expect(await verifyPassword(NEW, await hash())).toBe(true);
    expect(await t.db.k.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).toHaveLength(0);
    const stale = await signedIn.get('/account');
    expect(stale.statusCode).toBe(303);
    expect(stale.headers.location).toMatch(/^\/login/);
    expect((await new Browser(t.app).post('/login', { email: EMAIL, password: OLD })).statusCode).toBe(401);
    await new Browser(t.app).signIn(EMAIL, NEW);

    // Single use: the same link now says it is no longer valid, and changes nothing.
    const again = await new Browser(t.app).get(link);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('è già stato usato oppure è scaduto');
    const after = await hash();
    const reuse = await b.post(
      link,
      { password: 'un-altra-frase lunga davvero', confirm: 'un-altra-frase lunga davvero' },
      { from: '/login' },
    );
    expect(reuse.statusCode).toBe(410);
    expect(await hash()).toBe(after);

    const audit = await t.db.k.selectFrom('audit_log').selectAll().where('action', '=', 'user.password-set').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: userId, entity_id: userId });

    // Back to the password the other tests sign in with.
    await t.db.k.updateTable('users').set({ password_hash: before }).where('id', '=', userId).execute();
  });

  it('a link expires after 30 minutes', async () => {
    await ask(new Browser(t.app), EMAIL);
    await deliver();
    const link = linkIn(smtp.to(EMAIL)[0]);
    const before = await hash();
    setClockOffset(31 * 60 * 1000);
    const b = new Browser(t.app);
    expect((await b.get(link)).statusCode).toBe(410);
    const res = await b.post(link, { password: NEW, confirm: NEW }, { from: '/login' });
    expect(res.statusCode).toBe(410);
    expect(await hash()).toBe(before);
  });

  it('an unknown or malformed link is not valid either (410), never a 5xx', async () => {
    for (const secret of ['x', 'A'.repeat(43), '%E3%80%80', `${'A'.repeat(42)}~`]) {
      const res = await new Browser(t.app).get(`/password/reset/${secret}`);
      expect(res.statusCode, secret).toBe(410);
    }
  });

  it('an account gets at most 3 reset e-mails an hour, however often its address is typed, with the same answer', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await ask(new Browser(t.app), EMAIL));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => withoutCsrf(a.body))).size).toBe(1);
    await deliver();
    expect(smtp.to(EMAIL)).toHaveLength(3);
    setClockOffset(61 * 60 * 1000);
    await ask(new Browser(t.app), EMAIL);
    await deliver();
    expect(smtp.to(EMAIL)).toHaveLength(4);
  });
});

describe.each(DIALECTS)('password reset limits and logs (%s)', (dialect) => {
  it('is limited per client address (429 past the limit) and the link never reaches the log', async () => {
    const smtp = new TestSmtp();
    const smtpUrl = await smtp.start();
    const tdb = await createTestDb(dialect);
    const lines: string[] = [];
    const config = testConfig({ databaseUrl: tdb.url, smtpUrl, baseUrl: BASE_URL, loginRateLimitMax: 3, logLevel: 'info' });
    const app = await buildApp({ config, db: tdb.db, logStream: { write: (line) => void lines.push(line) } });
    await app.ready();
    try {
      const org = await createOrganisation(tdb.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' });
      await createUser(tdb.db, { email: EMAIL, name: 'Laura Bianchi', role: 'staff', organisation: org.id, password: OLD });
      const b = new Browser(app);
      const csrf = await b.csrf('/password/forgot');
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await b.post('/password/forgot', { email: `persona${i}@prato.example` }, { csrf })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);

      // A fresh app is a fresh counter; the account's own request goes through.
      await app.close();
      const again = await buildApp({
        config: { ...config, loginRateLimitMax: 100 },
        db: tdb.db,
        logStream: { write: (line) => void lines.push(line) },
      });
      await again.ready();
      try {
        await new Browser(again).post('/password/forgot', { email: EMAIL }, { from: '/password/forgot' });
        for (let i = 0; i < 5 && (await again.deps.jobs.runDue()) > 0; i++);
        const link = linkIn(smtp.to(EMAIL)[0]);
        const secret = link.split('/').pop()!;
        lines.length = 0;
        await new Browser(again).get(link);
        const logged = lines.join('');
        expect(logged).toContain('/password/reset/[REDACTED]');
        expect(logged).not.toContain(secret);
      } finally {
        await again.close();
      }
    } finally {
      await tdb.cleanup();
      await smtp.stop();
    }
  });
});
