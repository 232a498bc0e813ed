import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { hasVisibleCharacters } from '../../src/core/validation.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

/** Long enough for every minimum length once trimmed: only the visibility rule can refuse them. */
const INVISIBLE = [
  '\u200B\u200B\u200B\u200B\u200B',
  '\u200C\u200D\u2060\uFEFF\u200B',
  '\u200E\u200F\u202A\u202C\u2066\u2069',
  '\u200B\u3164\u2800\u115F\u200B',
  '\u200B\u00A0\u2060\u3000\u200D',
];

describe('visible characters', () => {
  it('tells text a reader sees from format characters, blanks and fillers', () => {
    for (const s of INVISIBLE) expect(hasVisibleCharacters(s), JSON.stringify(s)).toBe(false);
    for (const s of ['Anna', 'é', '李', '\u200BAnna\u200B', '1', '🙂', 'Ação']) expect(hasVisibleCharacters(s), s).toBe(true);
  });
});

describe.each(DIALECTS)('titles and names made only of invisible characters (%s)', (dialect) => {
  let t: TestApp;
  let platform: ReturnType<typeof bearer>;
  let staff: ReturnType<typeof bearer>;
  let prato: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    const token = async (email: string, role: 'platform-admin' | 'staff', org?: string) => {
      const { id } = await createUser(t.db, { email, name: email.split('@')[0], role, organisation: org, password: 'una-password-lunga' });
      return bearer(t.app, await createApiToken(t.db, id, 'test'));
    };
    platform = await token('admin@ponte.example', 'platform-admin');
    staff = await token('staff@prato.example', 'staff', prato);
  });
  afterAll(() => t.close());

  const count = async (table: 'organisations' | 'venues' | 'service_sheets') =>
    Number(
      (
        await t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const refused = (res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, field: string) => {
    expect(res.statusCode).toBe(400);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    const errors = (res.json() as { errors?: { field: string; message: string }[] }).errors ?? [];
    expect(errors.find((e) => e.field === field)?.message).toMatch(/visibili/);
  };

  it('refuses them as an organisation name and a venue name, writing nothing', async () => {
    const before = { orgs: await count('organisations'), venues: await count('venues') };
    for (const name of INVISIBLE) {
      refused(await platform('POST', '/api/v1/organisations', { name, type: 'comune', municipality: '100005' }), 'name');
      refused(
        await platform('POST', `/api/v1/organisations/${prato}/venues`, { name, address: 'Via Roma 1', municipality: '100005' }),
        'name',
      );
    }
    expect({ orgs: await count('organisations'), venues: await count('venues') }).toEqual(before);
    const ok = await platform('POST', '/api/v1/organisations', { name: 'Arci\u200B Prato', type: 'associazione', municipality: '100005' });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses them as the title of a guide (service sheet), writing nothing', async () => {
    const before = await count('service_sheets');
    const sheet = {
      organisation: prato,
      summary: 'Con SPID entri nei siti pubblici con un solo nome utente e una sola password.',
      category: 'identita-digitale',
      access: ['none'],
      url: 'https://www.spid.gov.it',
    };
    for (const name of INVISIBLE) refused(await staff('POST', '/api/v1/services', { ...sheet, name }), 'name');
    expect(await count('service_sheets')).toBe(before);
    const ok = await staff('POST', '/api/v1/services', { ...sheet, name: 'Attivare lo SPID' });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
