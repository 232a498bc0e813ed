// Accounts that sign in by mobile number: a volunteer who applied with a phone and no e-mail is
// approved, receives the set-password link by SMS (a real SMPP server), sets the password, signs in
// with the number written either way and sees their shifts; "Password dimenticata?" with the number
// sends the link by SMS and answers the same for a number without an account; bad input is said
// so and writes nothing; the lockout counts a number however it is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, LOCKOUT_FAILURES } from '../../src/core/auth.js';
import { Browser, bearer, DIALECTS } from '../helpers.js';
import { smsWorld } from '../sms-world.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

const NUMBER = '+393331112233';
const PASSWORD = 'fiume lampada ventoso arancia';
const NEW_PASSWORD = 'castagna treno nuvola matita';

/** A page's body without its per-visitor CSRF token, to compare two answers. */
const withoutCsrf = (body: string) => body.replace(/name="_csrf" value="[^"]*"/g, '');

describe.each(DIALECTS)('volunteers: accounts that sign in by mobile number (%s)', (dialect) => {
  const s = smsWorld();
  let w: VolunteerWorld;
  let userId: string;

  beforeAll(async () => {
    w = await volunteerWorld(dialect, { sms: s.sms, loginRateLimitMax: 1000 });
  });
  afterAll(() => w?.close());

  /** The one SMS a number received since the test began, and the link it carries as a path. */
  function linkSmsTo(e164: string) {
    const received = s.smsc.to(e164);
    expect(received).toHaveLength(1);
    const [sms] = received;
    const link = /http:\/\/ponte\.test(\/password\/reset\/[A-Za-z0-9_-]{43})$/.exec(sms.text)?.[1];
    expect(link, sms.text).toBeTruthy();
    return { sms, link: link as string };
  }

  const signIn = (b: Browser, login: string, password: string) => b.post('/login', { email: login, password, next: '/turni' });
  const throttleRows = () => w.t.db.k.selectFrom('login_throttle').selectAll().execute();

  it('approves a phone-only application: the link comes by SMS, sets the password, and the number signs in to the shifts', async () => {
    const applied = await w.anonymous(
      'POST',
      '/api/v1/volunteer-applications',
      w.application({ email: null, phone: '333 111 2233', name: 'Nadia Conti' }),
    );
    expect(applied.statusCode, applied.body).toBe(201);
    const approved = await w.staff('POST', `/api/v1/volunteer-applications/${applied.json().id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    userId = approved.json().userId;
    expect(approved.json()).toMatchObject({ status: 'approved', userId: expect.any(String) });
    const user = await w.t.db.k.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    expect({ email: user.email, phone: user.phone, name: user.name }).toEqual({ email: null, phone: NUMBER, name: 'Nadia Conti' });

    await w.runJobs();
    const { sms, link } = linkSmsTo(NUMBER);
    expect(sms.text).toMatch(/^Ponte: il tuo account è pronto, scegli la password: http:\/\/ponte\.test\/password\/reset\//);
    // One GSM-7 SMS, and no e-mail to anyone about it.
    expect({ parts: sms.parts, dataCoding: sms.dataCoding }).toEqual({ parts: 1, dataCoding: 0 });
    expect(w.smtp.messages).toEqual([]);
    // The job table holds the link's id only: neither the number nor the secret waits there.
    const jobs = await w.t.db.k.selectFrom('jobs').select('payload').execute();
    for (const j of jobs) expect(String(j.payload)).not.toContain(link.split('/').pop());

    const b = new Browser(w.t.app);
    const page = await b.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('+39 333 111 2233');
    // The number the account signs in with cannot be the password, nor part of it.
    const weak = 'Nadia-3331112233!';
    const refused = await b.post(link, { password: weak, confirm: weak }, { from: link });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('non usare il tuo numero di cellulare nella password');
    const saved = await b.post(link, { password: PASSWORD, confirm: PASSWORD }, { from: link });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe('/password/saved');

    // The number as people write it, nationally and internationally.
    for (const written of ['333 111 2233', '+39 333 111 2233', '0039 3331112233']) {
      const browser = new Browser(w.t.app);
      const res = await signIn(browser, written, PASSWORD);
      expect(res.statusCode, `${written}: ${res.body.slice(0, 200)}`).toBe(303);
      expect(res.headers.location).toBe('/turni');
      const shifts = await browser.get('/turni');
      expect(shifts.statusCode).toBe(200);
      expect(shifts.body).toContain('I miei turni');
      expect(shifts.body).toContain('Attestato di ore e attività (PDF) – Comune di Prato');
    }
    // The link is spent.
    expect((await new Browser(w.t.app).get(link)).statusCode).toBe(410);
  });

  it('shows the number where an e-mail used to be: the staff list and the member API', async () => {
    const members = await w.staff('GET', `/api/v1/organisations/${w.prato}/members`);
    expect(members.statusCode, members.body).toBe(200);
    expect(members.json().items).toContainEqual(expect.objectContaining({ id: userId, email: null, phone: NUMBER, role: 'volunteer' }));
    // Mail senders skip the account: a shift confirmed by staff sends no e-mail and fails no job.
    const client = bearer(w.t.app, await createApiToken(w.t.db, userId, 'volontario'));
    const shift = await w.shift({}, 72);
    expect((await client('POST', `/api/v1/shifts/${shift}/signups`)).statusCode).toBe(201);
    await w.runJobs();
    const failed = await w.t.db.k.selectFrom('jobs').select(['kind', 'last_error']).where('last_error', 'is not', null).execute();
    expect(failed).toEqual([]);
  });

  it('resets a password by number: the link by SMS, and the same answer for a number without an account', async () => {
    const ask = (b: Browser, login: string) => b.post('/password/forgot', { email: login }, { from: '/password/forgot' });
    const known = await ask(new Browser(w.t.app), '333 111 2233');
    const unknown = await ask(new Browser(w.t.app), '+39 333 999 0000');
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(withoutCsrf(known.body)).toBe(withoutCsrf(unknown.body));
    expect(known.body).toContain('un SMS, se hai scritto un numero di cellulare');

    await w.runJobs();
    expect(s.smsc.to('+393339990000')).toEqual([]);
    const { sms, link } = linkSmsTo(NUMBER);
    expect(sms.text).toMatch(/^Ponte: per una nuova password apri entro 30 minuti: http:\/\/ponte\.test\/password\/reset\//);
    expect(sms.parts).toBe(1);

    const b = new Browser(w.t.app);
    expect((await b.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { from: link })).statusCode).toBe(303);
    expect((await signIn(new Browser(w.t.app), NUMBER, PASSWORD)).statusCode).toBe(401);
    expect((await signIn(new Browser(w.t.app), '3331112233', NEW_PASSWORD)).statusCode).toBe(303);
  });

  it('refuses what is neither an address nor a mobile number, in Italian, and writes nothing', async () => {
    const links = async () => (await w.t.db.k.selectFrom('password_links').select('id').execute()).length;
    const before = { throttle: (await throttleRows()).length, links: await links() };
    for (const bad of ['12ab', '333', '0574 123456', 'chiamami al 333']) {
      const res = await signIn(new Browser(w.t.app), bad, PASSWORD);
      expect(res.statusCode, bad).toBe(400);
      expect(res.body).toContain('Scrivi un indirizzo e-mail (nome@comune.it) o un numero di cellulare');
      expect(res.body).not.toContain('I miei turni');
      const forgot = await new Browser(w.t.app).post('/password/forgot', { email: bad }, { from: '/password/forgot' });
      expect(forgot.statusCode, bad).toBe(400);
      expect(forgot.body).toContain('o un numero di cellulare, ad esempio 333 123 4567');
    }
    expect({ throttle: (await throttleRows()).length, links: await links() }).toEqual(before);
    // A number without an account: the same answer as a wrong password.
    const unknown = await signIn(new Browser(w.t.app), '+39 333 999 0000', PASSWORD);
    const wrong = await signIn(new Browser(w.t.app), NUMBER, 'non-e-questa');
    for (const res of [unknown, wrong]) {
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('E-mail o password non corretti.');
    }
  });

  it('locks a number after repeated failures, however it is written, and the link by SMS lifts the lock', async () => {
    await w.t.db.k.deleteFrom('login_throttle').execute();
    const forms = ['333 111 2233', '+39 333 111 2233', '0039 333 111 2233'];
    let last: Awaited<ReturnType<typeof signIn>> | undefined;
    for (let i = 0; i < LOCKOUT_FAILURES; i++) last = await signIn(new Browser(w.t.app), forms[i % forms.length], 'sbagliata');
    expect(last?.statusCode).toBe(429);
    const right = await signIn(new Browser(w.t.app), '3331112233', NEW_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain('Troppi tentativi non riusciti');
    expect((await throttleRows()).map((r) => r.email)).toEqual([NUMBER]);

    const asked = await new Browser(w.t.app).post('/password/forgot', { email: NUMBER }, { from: '/password/forgot' });
    expect(asked.statusCode).toBe(200);
    await w.runJobs();
    const { link } = linkSmsTo(NUMBER);
    const b = new Browser(w.t.app);
    expect((await b.post(link, { password: PASSWORD, confirm: PASSWORD }, { from: link })).statusCode).toBe(303);
    expect((await signIn(new Browser(w.t.app), NUMBER, PASSWORD)).statusCode).toBe(303);
  });

  it('keeps numbers unique: an application to another club with the same number joins the same account', async () => {
    const applied = await w.anonymous(
      'POST',
      '/api/v1/volunteer-applications',
      w.application({ organisation: w.firenze, municipality: '048017', email: null, phone: '+39 333 111 2233', name: 'Nadia Conti' }),
    );
    expect(applied.statusCode, applied.body).toBe(201);
    const approved = await w.outsider('POST', `/api/v1/volunteer-applications/${applied.json().id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().userId).toBe(userId);
    expect(await w.t.db.k.selectFrom('users').select('id').where('phone', '=', NUMBER).execute()).toHaveLength(1);
    // An existing account gets no new invitation.
    await w.runJobs();
    expect(s.smsc.to(NUMBER)).toEqual([]);
  });
});
