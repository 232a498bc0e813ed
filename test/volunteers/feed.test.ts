import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { readCalendar } from '../ical.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

describe.each(DIALECTS)('private calendar of shifts (%s)', (dialect) => {
  let w: VolunteerWorld;
  let ada: Awaited<ReturnType<VolunteerWorld['volunteer']>>;
  let feedPath: string;
  beforeAll(async () => {
    w = await volunteerWorld(dialect);
    ada = await w.volunteer('ada@example.org', ['smartphone', 'spid-cie']);
    const page = await ada.client('GET', '/turni');
    expect(page.statusCode).toBe(200);
    const link = page.body.match(/href="http:\/\/ponte\.test(\/volontariato\/turni\/[^"]+\.ics)"/);
    expect(link).not.toBeNull();
    feedPath = link![1];
  });
  afterAll(async () => {
    await w?.close();
  });

  it('"I miei turni" shows the secret link; the feed lists the shifts signed up for and nothing else', async () => {
    const empty = await w.anonymous('GET', feedPath);
    expect(empty.statusCode).toBe(200);
    expect(readCalendar(empty.body).events).toEqual([]);

    const mine = await w.shift({ title: 'Sportello SPID in biblioteca' }, 72);
    await w.shift({ title: 'Turno di altri' }, 90);
    expect((await ada.client('POST', `/api/v1/shifts/${mine}/signups`)).statusCode).toBe(201);

    const res = await w.anonymous('GET', feedPath);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const cal = readCalendar(res.body);
    expect(cal.method).toBe('PUBLISH');
    expect(cal.prodids).toBe(1);
    expect(cal.events.map((e) => e.summary)).toEqual(['Sportello SPID in biblioteca']);

    expect((await ada.client('DELETE', `/api/v1/shifts/${mine}/signups`)).statusCode).toBe(204);
    expect(readCalendar((await w.anonymous('GET', feedPath)).body).events).toEqual([]);
  });

  it('a wrong or altered token is a 404, and one volunteer’s link shows nobody else’s shifts', async () => {
    const token = feedPath.slice('/volontariato/turni/'.length, -'.ics'.length);
    const [userId, mac] = token.split('.');
    expect(userId).toBe(ada.userId);
    for (const bad of [`${userId}.${mac.slice(0, -1)}x`, `${userId}.sbagliato`, userId, 'nessuno.abc', `${token}.txt`]) {
      const res = await w.anonymous('GET', `/volontariato/turni/${bad}.ics`);
      expect(res.statusCode, bad).toBe(404);
      expect(res.body).not.toContain('BEGIN:VCALENDAR');
    }
    expect((await w.anonymous('GET', `/volontariato/turni/${token}`)).statusCode).toBe(404);
    const bea = await w.volunteer('bea@example.org');
    const page = await bea.client('GET', '/turni');
    expect(page.body).toContain(`/volontariato/turni/${bea.userId}.`);
    expect(page.body).not.toContain(token);
  });

  it('a new link revokes the previous one on its own; other volunteers keep theirs', async () => {
    // Dora had an account with a password already: approval adds the volunteer role to it.
    await createUser(w.t.db, {
      email: 'dora@example.org',
      name: 'Dora',
      role: 'partner',
      organisation: w.firenze,
      password: 'una-password-lunga',
    });
    await w.volunteer('dora@example.org');
    const link = (body: string) => body.match(/href="http:\/\/ponte\.test(\/volontariato\/turni\/[^"]+\.ics)"/)![1];
    const dora = new Browser(w.t.app);
    await dora.signIn('dora@example.org', 'una-password-lunga');
    const before = link((await dora.get('/turni')).body);
    const renewed = await dora.post('/turni/calendario/nuovo', {}, { from: '/turni' });
    expect(renewed.statusCode, renewed.body).toBe(303);
    expect(renewed.headers.location).toBe('/turni?fatto=calendario');
    const page = await dora.get('/turni?fatto=calendario');
    expect(page.body).toContain('Nuovo indirizzo del calendario creato');
    const fresh = link(page.body);
    expect(fresh).not.toBe(before);
    expect((await w.anonymous('GET', before)).statusCode).toBe(404);
    expect((await w.anonymous('GET', fresh)).statusCode).toBe(200);
    // Ada's link is untouched.
    expect((await w.anonymous('GET', feedPath)).statusCode).toBe(200);
  });
});
