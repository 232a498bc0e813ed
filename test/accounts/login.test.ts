import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

describe.each(DIALECTS)('sign in and out (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' });
    await createUser(t.db, {
      email: 'staff@prato.example',
      name: 'Marco Rossi',
      role: 'staff',
      organisation: org.id,
      password: 'una-password-lunga',
    });
  });
  afterAll(() => t.close());

  it('signs in with the right password and reaches the staff area', async () => {
    const b = new Browser(t.app);
    const res = await b.post('/login', { email: 'Staff@Prato.example', password: 'una-password-lunga' });
    expect(res.statusCode).toBe(303);
    const admin = await b.get('/admin');
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain('Comune di Prato');
    const rows = await t.db.k.selectFrom('sessions').selectAll().execute();
    expect(rows.length).toBe(1);
  });

  it('refuses a wrong password with an Italian message and no session', async () => {
    const b = new Browser(t.app);
    const before = (await t.db.k.selectFrom('sessions').selectAll().execute()).length;
    const res = await b.post('/login', { email: 'staff@prato.example', password: 'sbagliata' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('E-mail o password non corretti.');
    expect((await t.db.k.selectFrom('sessions').selectAll().execute()).length).toBe(before);
  });
});
