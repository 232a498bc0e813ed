import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../helpers.js';
import { describeErrors, nuErrors, repeatedIds } from '../site/nu-checker.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

/** The volunteers' pages are valid HTML (the Nu checker) with no id used twice, as the site's others. */
describe('volunteers pages: valid HTML', () => {
  let w: VolunteerWorld;
  beforeAll(async () => {
    w = await volunteerWorld('sqlite');
  });
  afterAll(() => w?.close());

  it('finds no error on the application form (empty, refused, sent), "I miei turni" and the staff pages', {
    timeout: 120_000,
  }, async () => {
    const pages = new Map<string, string>();
    const visitor = new Browser(w.t.app);
    const form = `/volontariato/${w.prato}`;
    pages.set(form, (await visitor.get(form)).body);
    pages.set(`${form} (refused)`, (await visitor.post(form, { name: 'Luca', ageBand: 'under-18' }, { from: form })).body);
    const sent = await visitor.post(
      form,
      { name: 'Luca', email: 'luca@example.org', municipality: 'Prato', ageBand: '30-64', codeOfConduct: '1' },
      { from: form },
    );
    pages.set(`${form} (sent)`, sent.body);
    const ada = await w.volunteer('ada@example.org', ['smartphone', 'spid-cie']);
    const shift = await w.shift({}, 100);
    expect((await ada.client('POST', `/api/v1/shifts/${shift}/signups`)).statusCode).toBe(201);
    await w.shift({ title: 'Turno aperto', skills: [] }, 200);
    const mine = await ada.client('GET', '/turni');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Turno aperto');
    pages.set('/turni', mine.body);
    const staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', 'una-password-lunga');
    await w.anonymous(
      'POST',
      '/api/v1/volunteer-applications',
      w.application({ email: 'bice@example.org', ageBand: 'under-18', guardian: { name: 'Rita', consent: true } }),
    );
    for (const path of [`/admin/organisations/${w.prato}/volontari`, `/admin/organisations/${w.prato}/turni`, `/admin/shifts/${shift}`]) {
      const res = await staff.get(path);
      expect(res.statusCode, path).toBe(200);
      pages.set(path, res.body);
    }
    const list = `/admin/organisations/${w.prato}/turni`;
    pages.set(`${list} (refused)`, (await staff.post(list, { title: '', date: 'x', needed: '0' }, { from: list })).body);
    for (const [path, html] of pages) expect(repeatedIds(html), path).toEqual([]);
    const errors = await nuErrors(pages);
    expect(errors.length, describeErrors(errors)).toBe(0);
  });
});
