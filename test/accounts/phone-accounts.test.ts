// Accounts with a mobile number instead of an e-mail: created unique by number however it is
// written, refused without any contact; an administrator's set-password link to such a member goes
// by SMS (a real SMPP server) and works; and migration 040, which rebuilds `users` on SQLite to make
// the e-mail optional, keeps an existing database's accounts, their memberships and sessions, the
// e-mail's uniqueness and the cascades of the foreign keys.
import { type Migration, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { createDb } from '../../src/db/index.js';
import { migrations } from '../../src/db/migrate.js';
import { createUser, findUserBySignIn } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { smsWorld } from '../sms-world.js';

describe.each(DIALECTS)('accounts by mobile number (%s)', (dialect) => {
  const s = smsWorld();
  let t: TestApp;
  let org: string;
  let admin: ReturnType<typeof bearer>;

  beforeAll(async () => {
    t = await createTestApp(dialect, { sms: s.sms, baseUrl: 'https://ponte.example', loginRateLimitMax: 1000 });
    org = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    const { id } = await createUser(t.db, {
      email: 'admin@prato.example',
      name: 'Admin',
      role: 'org-admin',
      organisation: org,
      password: 'una-password-lunga',
    });
    admin = bearer(t.app, await createApiToken(t.db, id, 'test'));
  });
  afterAll(() => t?.close());

  const runJobs = async () => {
    for (let i = 0; i < 5 && (await t.app.deps.jobs.runDue()) > 0; i++);
  };

  it('creates an account by number, unique however written, and refuses one with no contact at all', async () => {
    const { id } = await createUser(t.db, { phone: '333 222 4455', name: 'Rita Sala', role: 'volunteer', organisation: org });
    const row = await t.db.k.selectFrom('users').select(['email', 'phone']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ email: null, phone: '+393332224455' });
    expect((await findUserBySignIn(t.db, '+39 333 222 4455'))?.id).toBe(id);
    expect((await findUserBySignIn(t.db, 'non un numero'))?.id).toBeUndefined();

    const count = async () => (await t.db.k.selectFrom('users').select('id').execute()).length;
    const before = await count();
    await expect(createUser(t.db, { phone: '0039 3332224455', name: 'Altra', role: 'volunteer', organisation: org })).rejects.toMatchObject(
      {
        status: 409,
      },
    );
    await expect(createUser(t.db, { name: 'Nessun contatto', role: 'volunteer', organisation: org })).rejects.toMatchObject({
      status: 400,
    });
    await expect(createUser(t.db, { phone: '0574 123456', name: 'Fisso', role: 'volunteer', organisation: org })).rejects.toMatchObject({
      status: 400,
    });
    expect(await count()).toBe(before);
  });

  it("sends an administrator's set-password link by SMS to a member without e-mail, and it works", async () => {
    const { id } = await createUser(t.db, { phone: '+39 347 000 1122', name: 'Ugo Neri', role: 'staff', organisation: org });
    const sent = await admin('POST', `/api/v1/organisations/${org}/members/${id}/password-link`);
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json().purpose).toBe('reset');
    await runJobs();
    const received = s.smsc.to('+393470001122');
    expect(received).toHaveLength(1);
    expect(received[0].parts).toBe(1);
    const link = /^Ponte: per una nuova password apri entro 30 minuti: https:\/\/ponte\.example(\/password\/reset\/[\w-]{43})$/.exec(
      received[0].text,
    )?.[1];
    expect(link, received[0].text).toBeTruthy();
    const b = new Browser(t.app);
    const page = await b.get(link!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('+39 347 000 1122');
    const password = 'ginepro battello soffitta verde';
    expect((await b.post(link!, { password, confirm: password }, { from: link! })).statusCode).toBe(303);
    const signedIn = new Browser(t.app);
    expect((await signedIn.post('/login', { email: '347 0001122', password })).statusCode).toBe(303);
    // The account page and the member list show the number where the e-mail was.
    const account = await signedIn.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Ugo Neri · +39 347 000 1122');
    const members = await admin('GET', `/api/v1/organisations/${org}/members`);
    expect(members.json().items).toContainEqual(expect.objectContaining({ id, email: null, phone: '+393470001122' }));
    const me = await signedIn.api('GET', '/api/v1/me');
    expect(me.json()).toMatchObject({ id, email: null, name: 'Ugo Neri' });
  });
});

describe('migration 040 on an existing SQLite database', () => {
  it('keeps the accounts, their memberships and sessions, the unique e-mail and the cascades', async () => {
    const db = createDb('sqlite::memory:');
    try {
      const provider = (upTo: string) => ({
        getMigrations: async () =>
          Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= upTo)) as Record<string, Migration>,
      });
      const before = await new Migrator({ db: db.k, provider: provider('039_zzz') }).migrateToLatest();
      expect(before.error).toBeUndefined();
      const now = new Date().toISOString();
      const user = {
        email: 'laura@prato.example',
        name: 'Laura',
        password_hash: 'x',
        active: 1,
        created_at: now,
        password_changed_at: now,
      };
      await db.k
        .insertInto('users')
        .values({ id: 'u-1', ...user } as never)
        .execute();
      await db.k
        .insertInto('memberships')
        .values({ id: 'm-1', user_id: 'u-1', organisation_id: null, role: 'platform-admin', created_at: now })
        .execute();
      await db.k
        .insertInto('sessions')
        .values({ id: 's-1', user_id: 'u-1', created_at: now, last_seen_at: now, expires_at: now })
        .execute();

      const after = await new Migrator({ db: db.k, provider: provider('999') }).migrateToLatest();
      expect(after.error).toBeUndefined();
      expect(after.results?.map((r) => r.migrationName)).toContain('040_user_phone');

      const row = await db.k.selectFrom('users').selectAll().where('id', '=', 'u-1').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ email: 'laura@prato.example', phone: null, name: 'Laura' });
      expect(db.sqlite?.pragma('foreign_keys', { simple: true })).toBe(1);
      // A phone-only account now fits; the e-mail and the number stay unique.
      await db.k
        .insertInto('users')
        .values({ id: 'u-2', ...user, email: null, phone: '+393331234567' })
        .execute();
      await expect(
        db.k
          .insertInto('users')
          .values({ id: 'u-3', ...user })
          .execute(),
      ).rejects.toThrow(/UNIQUE/);
      await expect(
        db.k
          .insertInto('users')
          .values({ id: 'u-4', ...user, email: null, phone: '+393331234567' })
          .execute(),
      ).rejects.toThrow(/UNIQUE/);
      // The other tables still point at users, and deleting an account still cascades.
      await db.k.deleteFrom('users').where('id', '=', 'u-1').execute();
      expect(await db.k.selectFrom('memberships').select('id').execute()).toEqual([]);
      expect(await db.k.selectFrom('sessions').select('id').execute()).toEqual([]);
      await expect(
        db.k
          .insertInto('memberships')
          .values({ id: 'm-2', user_id: 'nobody', organisation_id: null, role: 'platform-admin', created_at: now })
          .execute(),
      ).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await db.destroy();
    }
  });
});
