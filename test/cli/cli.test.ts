import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/core/roles.js';
import { createDb } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, runCli, type TestApp } from '../helpers.js';

// The CLI is exercised on temporary SQLite files; the commands share their code with the app,
// whose behaviour on PostgreSQL the integration tests cover.

/** Child processes are slow to start on a busy machine: a generous time limit for each test. */
const SLOW = 180_000;

// Production refuses guessable secrets: these are shaped like `openssl rand -base64 32`.
const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'Jq3v9XhT0bLrWm2ZsK7eYc4NdPa8Gf1uQiVo6EtRyH5=',
  DATA_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 73 + 11) % 256)).toString('base64'),
};

describe('the ponte command line', () => {
  let t: TestApp;
  let dir: string;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { loginRateLimitMax: 1000 });
    dir = mkdtempSync(join(tmpdir(), 'ponte-cli-'));
    orgId = (await createOrganisation(t.db, { name: 'Comune di Gussago', type: 'comune', municipality: '017081' })).id;
    await createUser(t.db, {
      email: 'urp@gussago.example',
      name: 'Elena Marchina',
      role: 'org-admin',
      organisation: orgId,
      password: 'una-password-lunga',
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const db = () => ({ DATABASE_URL: t.url });
  const organisationNames = async (url: string) => {
    const other = createDb(url);
    try {
      return (await other.k.selectFrom('organisations').select('name').execute()).map((o) => o.name);
    } finally {
      await other.destroy();
    }
  };

  // Each test starts two commands at once: one Node process per core.

  it(
    'user create prints a generated password that then signs in, and refuses an unknown role in one line',
    async () => {
      const [res, bad] = await Promise.all([
        runCli(
          ['user', 'create', '--email', 'Nuova@Gussago.example', '--name', 'Anna Nuova', '--role', 'staff', '--organisation', orgId],
          db(),
        ),
        runCli(['user', 'create', '--email', 'boss@gussago.example', '--name', 'Boss', '--role', 'admin', '--organisation', orgId], db()),
      ]);
      expect(res.code, res.stderr).toBe(0);
      const password = /^Generated password: (\S+)$/m.exec(res.stdout)?.[1];
      expect(password).toBeDefined();
      expect(password!.length).toBeGreaterThanOrEqual(12);

      const row = await t.db.k.selectFrom('users').selectAll().where('email', '=', 'nuova@gussago.example').executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(row.password_hash).not.toContain(password!);
      const membership = await t.db.k.selectFrom('memberships').selectAll().where('user_id', '=', row.id).executeTakeFirstOrThrow();
      expect(membership).toMatchObject({ organisation_id: orgId, role: 'staff' });

      const b = new Browser(t.app);
      await b.signIn('nuova@gussago.example', password!);
      const me = await b.api('GET', '/api/v1/me');
      expect(me.json()).toMatchObject({ email: 'nuova@gussago.example', roles: [{ organisation: orgId, role: 'staff' }] });

      expect(bad.code).toBe(1);
      const lines = bad.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('role');
      for (const role of ROLES) expect(lines[0]).toContain(role);
      expect(
        await t.db.k.selectFrom('users').select('email').where('email', '=', 'boss@gussago.example').executeTakeFirst(),
      ).toBeUndefined();
    },
    SLOW,
  );

  it(
    'token create prints the token as its last line (it works on /api/v1/me); user update sets the national id',
    async () => {
      const [res, update] = await Promise.all([
        runCli(['token', 'create', '--email', 'URP@gussago.example'], db()),
        runCli(['user', 'update', '--email', 'urp@gussago.example', '--national-id', '01708104'], db()),
      ]);
      expect(res.code, res.stderr).toBe(0);
      const token = res.stdout.trim().split('\n').at(-1)!;
      expect(token).toMatch(/^pt_[A-Za-z0-9_-]{20,}$/);
      const me = await bearer(t.app, token)('GET', '/api/v1/me');
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ email: 'urp@gussago.example', roles: [{ organisation: orgId, role: 'org-admin' }] });

      expect(update.code, update.stderr).toBe(0);
      const row = await t.db.k
        .selectFrom('users')
        .select('national_id')
        .where('email', '=', 'urp@gussago.example')
        .executeTakeFirstOrThrow();
      expect(row.national_id).toBe('01708104');
    },
    SLOW,
  );

  it(
    'user update sets the codice fiscale and the name on the national platform, and refuses bad ones in one line, changing nothing',
    async () => {
      await createUser(t.db, { email: 'facilitatrice@gussago.example', name: 'Anna Ferrari', role: 'facilitator', organisation: orgId });
      const row = () =>
        t.db.k
          .selectFrom('users')
          .select(['national_id', 'national_name'])
          .where('email', '=', 'facilitatrice@gussago.example')
          .executeTakeFirstOrThrow();
      const ok = await runCli(
        [
          'user',
          'update',
          '--email',
          'Facilitatrice@gussago.example',
          '--national-id',
          'rssmra80a01h501u',
          '--national-name',
          "D'Ferrari Anna",
        ],
        db(),
      );
      expect(ok.code, ok.stderr).toBe(0);
      expect(await row()).toEqual({ national_id: 'RSSMRA80A01H501U', national_name: "D'Ferrari Anna" });

      const [badId, badName, neither] = await Promise.all([
        runCli(
          [
            'user',
            'update',
            '--email',
            'facilitatrice@gussago.example',
            '--national-id',
            'FAC-017081-04',
            '--national-name',
            'Ferrari Anna',
          ],
          db(),
        ),
        runCli(['user', 'update', '--email', 'facilitatrice@gussago.example', '--national-name', 'Ferrari Anna 2'], db()),
        runCli(['user', 'update', '--email', 'facilitatrice@gussago.example'], db()),
      ]);
      expect(badId.code).toBe(1);
      expect(badId.stderr.trim().split('\n')).toHaveLength(1);
      expect(badId.stderr).toContain('nationalId');
      expect(badName.code).toBe(1);
      expect(badName.stderr.trim().split('\n')).toHaveLength(1);
      expect(badName.stderr).toContain('nationalName: il nominativo non può contenere cifre');
      expect(neither.code).toBe(1);
      expect(neither.stderr.trim()).toBe('user update needs --email and --national-id, --national-name or both');
      expect(await row()).toEqual({ national_id: 'RSSMRA80A01H501U', national_name: "D'Ferrari Anna" });

      // An empty value clears the field, the other stays.
      const cleared = await runCli(['user', 'update', '--email', 'facilitatrice@gussago.example', '--national-name', ''], db());
      expect(cleared.code, cleared.stderr).toBe(0);
      expect(await row()).toEqual({ national_id: 'RSSMRA80A01H501U', national_name: null });
    },
    SLOW,
  );

  it(
    'seed-demo fills an empty database and prints the logins; production refuses it; a second run is refused',
    async () => {
      const url = `sqlite:${join(dir, 'demo.db')}`;
      const productionFile = join(dir, 'production.db');
      const productionUrl = `sqlite:${productionFile}`;
      const [res, production] = await Promise.all([
        runCli(['seed-demo'], { DATABASE_URL: url }),
        runCli(['seed-demo'], { ...PRODUCTION, DATABASE_URL: productionUrl }),
      ]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain('Demo programme loaded');
      expect(res.stdout).toMatch(/admin@ponte\.example\s+platform-admin/);
      expect(res.stdout).toMatch(/urp@gussago\.example\s+org-admin/);
      const names = await organisationNames(url);
      for (const name of ['Comune di Prato', 'Comune di Gussago', 'Consorzio.it', 'Unione dei Comuni Valnure e Valchero']) {
        expect(names).toContain(name);
      }

      expect(production.code).toBe(1);
      expect(production.stderr.trim()).toBe('seed-demo is refused with NODE_ENV=production');
      // Refused before the database was even created.
      expect(existsSync(productionFile)).toBe(false);

      const again = await runCli(['seed-demo'], { DATABASE_URL: url });
      expect(again.code).toBe(1);
      expect(again.stderr.trim()).toBe('the database already holds organisations: demo not loaded');
      expect((await organisationNames(url)).length).toBe(names.length);
    },
    SLOW,
  );
});
