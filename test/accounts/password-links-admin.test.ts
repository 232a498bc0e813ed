// Administrators send set-password links instead of handing out passwords: from a member's page,
// through the API, and when creating an account. Each is audited; an organisation's admins reach
// only their own members, and never a platform administrator.
import type { ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { verifyPassword } from '../../src/core/passwords.js';
import { addMembership, createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';

const BASE_URL = 'https://ponte.example';
const PASSWORD = 'una-password-lunga';
const NEW = 'fiume lampada ventoso arancia';

function linkIn(mail: ParsedMail): string {
  const m = /https:\/\/ponte\.example(\/password\/reset\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '');
  if (!m) throw new Error(`no link in: ${mail.text}`);
  return m[1];
}

describe.each(DIALECTS)('set-password links sent by administrators (%s)', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let prato: string;
  let crema: string;
  let adminId: string;
  let memberId: string;
  let platformId: string;
  let otherMemberId: string;
  let admin: Browser;

  beforeAll(async () => {
    smtp = new TestSmtp();
    const smtpUrl = await smtp.start();
    t = await createTestApp(dialect, { smtpUrl, baseUrl: BASE_URL, loginRateLimitMax: 1000 });
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    crema = (await createOrganisation(t.db, { name: 'Comune di Crema', type: 'comune', municipality: '019035' })).id;
    ({ id: adminId } = await createUser(t.db, {
      email: 'admin@prato.example',
      name: 'Anna Neri',
      role: 'org-admin',
      organisation: prato,
      password: PASSWORD,
    }));
    ({ id: memberId } = await createUser(t.db, {
      email: 'staff@prato.example',
      name: 'Marco Rossi',
      role: 'staff',
      organisation: prato,
      password: PASSWORD,
    }));
    ({ id: otherMemberId } = await createUser(t.db, {
      email: 'staff@crema.example',
      name: 'Sara Villa',
      role: 'staff',
      organisation: crema,
      password: PASSWORD,
    }));
    ({ id: platformId } = await createUser(t.db, {
      email: 'root@ponte.example',
      name: 'Paolo Verdi',
      role: 'platform-admin',
      password: PASSWORD,
    }));
    await addMembership(t.db, platformId, prato, 'staff');
    admin = new Browser(t.app);
    await admin.signIn('admin@prato.example', PASSWORD);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  afterEach(() => smtp.clear());

  const deliver = async () => {
    for (let i = 0; i < 5 && (await t.app.deps.jobs.runDue()) > 0; i++);
  };
  const memberUrl = (org: string, user: string) => `/admin/organisations/${org}/members/${user}`;

  it("from the member's page: a reset link valid 30 minutes, e-mailed and audited; the password stays until it is used", async () => {
    const page = await admin.get(memberUrl(prato, memberId));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Invia il link per impostare la password');
    const res = await admin.post(`${memberUrl(prato, memberId)}/password-link`, {}, { from: memberUrl(prato, memberId) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${memberUrl(prato, memberId)}?linkSent=reset`);
    expect((await admin.get(res.headers.location as string)).body).toContain(
      'Abbiamo mandato a staff@prato.example un link per impostare la password: vale 30 minuti.',
    );

    await deliver();
    const [mail] = smtp.to('staff@prato.example');
    expect(mail.subject).toBe('Ponte: imposta una nuova password');
    const row = await t.db.k.selectFrom('password_links').selectAll().where('user_id', '=', memberId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ purpose: 'reset', created_by: adminId, used_at: null });
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(30 * 60 * 1000);
    const audit = await t.db.k.selectFrom('audit_log').selectAll().where('action', '=', 'user.password-link').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: adminId, organisation_id: prato, entity_id: memberId });
    expect(JSON.parse(audit[0].details!)).toEqual({ purpose: 'reset' });

    // Until the link is used, the member still signs in as before.
    await new Browser(t.app).signIn('staff@prato.example', PASSWORD);
    const b = new Browser(t.app);
    await b.get(linkIn(mail));
    expect((await b.post(linkIn(mail), { password: NEW, confirm: NEW }, { from: linkIn(mail) })).statusCode).toBe(303);
    await new Browser(t.app).signIn('staff@prato.example', NEW);
  });

  it('through the API: 202 with the purpose and expiry; staff may not, other organisations and platform admins are out of reach', async () => {
    const adminApi = bearer(t.app, await createApiToken(t.db, adminId, 'test'));
    const res = await adminApi('POST', `/api/v1/organisations/${prato}/members/${memberId}/password-link`);
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.purpose).toBe('reset');
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now() + 29 * 60 * 1000);
    await deliver();
    expect(smtp.to('staff@prato.example')).toHaveLength(1);

    const before = await t.db.k.selectFrom('password_links').select('id').execute();
    const cases: [string, number][] = [
      [`/api/v1/organisations/${prato}/members/${otherMemberId}/password-link`, 404],
      [`/api/v1/organisations/${crema}/members/${otherMemberId}/password-link`, 403],
      [`/api/v1/organisations/${prato}/members/${platformId}/password-link`, 403],
      [`/api/v1/organisations/${prato}/members/not-an-id/password-link`, 404],
    ];
    for (const [url, status] of cases) {
      const r = await adminApi('POST', url);
      expect(r.statusCode, url).toBe(status);
      expect(r.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
    const staffApi = bearer(t.app, await createApiToken(t.db, memberId, 'test'));
    expect((await staffApi('POST', `/api/v1/organisations/${prato}/members/${adminId}/password-link`)).statusCode).toBe(403);
    expect(await t.db.k.selectFrom('password_links').select('id').execute()).toHaveLength(before.length);

    // A platform administrator may send one to anybody, platform administrators included.
    const rootApi = bearer(t.app, await createApiToken(t.db, platformId, 'test'));
    expect((await rootApi('POST', `/api/v1/organisations/${crema}/members/${otherMemberId}/password-link`)).statusCode).toBe(202);
    expect((await rootApi('POST', `/api/v1/organisations/${prato}/members/${platformId}/password-link`)).statusCode).toBe(202);
  });

  it('a new account from the back office gets an invitation valid 7 days instead of a shown password', async () => {
    const res = await admin.post(
      `/admin/organisations/${prato}/members`,
      { name: 'Giulia Conti', email: 'giulia@prato.example', role: 'facilitator', credentials: 'link' },
      { from: `/admin/organisations/${prato}/members` },
    );
    expect(res.statusCode).toBe(201);
    expect(res.body).toContain("Account creato per giulia@prato.example. Gli abbiamo mandato un'e-mail");
    expect(res.body).not.toContain('Password iniziale');
    const user = await t.db.k.selectFrom('users').select('id').where('email', '=', 'giulia@prato.example').executeTakeFirstOrThrow();
    const row = await t.db.k.selectFrom('password_links').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ purpose: 'invite', created_by: adminId });
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(7 * 24 * 60 * 60 * 1000);
    expect(
      await t.db.k.selectFrom('audit_log').select('id').where('action', '=', 'user.invited').where('entity_id', '=', user.id).execute(),
    ).toHaveLength(1);

    await deliver();
    const [mail] = smtp.to('giulia@prato.example');
    expect(mail.subject).toBe('Il tuo account Ponte: scegli la password');

    // Sent again before it is used, it is an invitation again (7 days), not a 30-minute reset.
    const again = await admin.post(`${memberUrl(prato, user.id)}/password-link`, {}, { from: memberUrl(prato, user.id) });
    expect(again.headers.location).toBe(`${memberUrl(prato, user.id)}?linkSent=invite`);

    const b = new Browser(t.app);
    const form = await b.get(linkIn(mail));
    expect(form.body).toContain('Scegli la tua password');
    expect((await b.post(linkIn(mail), { password: NEW, confirm: NEW }, { from: linkIn(mail) })).statusCode).toBe(303);
    await new Browser(t.app).signIn('giulia@prato.example', NEW);
    const hash = (await t.db.k.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow())
      .password_hash;
    expect(await verifyPassword(NEW, hash)).toBe(true);
    // Every other link of the account closed with it.
    expect(
      await t.db.k.selectFrom('password_links').select('id').where('user_id', '=', user.id).where('used_at', 'is', null).execute(),
    ).toHaveLength(0);

    // Once a password is set, the next link is a reset.
    const later = await admin.post(`${memberUrl(prato, user.id)}/password-link`, {}, { from: memberUrl(prato, user.id) });
    expect(later.headers.location).toBe(`${memberUrl(prato, user.id)}?linkSent=reset`);
  });
});
