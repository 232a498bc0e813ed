import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { now, setClockOffset } from '../../src/core/time.js';
import { onConfirmed, requestConfirmation } from '../../src/modules/participation/service.js';
import { DIALECTS } from '../helpers.js';
import { smsWorld } from '../sms-world.js';
import { type ParticipationWorld, participationWorld } from './world.js';

/** What the test kind's handler saw confirmed, by subject. */
const confirmed: string[] = [];
onConfirmed('test.subject', async ({ confirmation }) => {
  confirmed.push(confirmation.subjectId);
  return { status: 'confirmed', message: 'participation.confirm.done.comment', link: `/prova/${confirmation.subjectId}` };
});

describe.each(DIALECTS)('confirmation of a citizen (%s)', (dialect) => {
  const s = smsWorld();
  let w: ParticipationWorld;
  beforeAll(async () => {
    w = await participationWorld(dialect, { sms: s.sms });
  });
  afterAll(() => w?.close());

  // Subjects named per dialect: the handler's list is shared by both runs.
  const request = (subject: string, contact: { email: string } | { phone: string }) =>
    requestConfirmation(w.t.app.deps, {
      organisationId: w.prato,
      kind: 'test.subject',
      subjectId: `${dialect}-${subject}`,
      contact,
      locale: 'it',
    });
  const seen = (subject: string) => confirmed.filter((x) => x === `${dialect}-${subject}`).length;

  it('by SMS: a 6-digit code entered with the number at /partecipa/conferma runs the kind’s handler once', async () => {
    await request('sms-1', { phone: '333 123 4567' });
    await w.runJobs();
    const sms = s.smsc.to('+393331234567');
    expect(sms).toHaveLength(1);
    const code = /(\d{6})/.exec(sms[0].text)![1];
    const page = await w.t.app.inject({ method: 'GET', url: '/partecipa/conferma' });
    expect(page.body).toContain('Inserisci il codice');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const send = (phone: string, typed: string) =>
      w.t.app.inject({
        method: 'POST',
        url: '/partecipa/conferma',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, phone, code: typed, website: '' }).toString(),
      });
    const wrong = await send('+39 333 1234567', code === '000000' ? '111111' : '000000');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('il codice non è giusto');
    const right = await send('+39 333 1234567', code);
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('Il tuo commento ora è pubblico');
    expect(right.body).toContain(`href="/prova/${dialect}-sms-1"`);
    expect(seen('sms-1')).toBe(1);
    const again = await send('+39 333 1234567', code);
    expect(again.statusCode).toBe(404);
  });

  it('five wrong codes and the code no longer works', async () => {
    const { code } = await request('sms-2', { phone: '+393339876543' });
    const cookiePage = await w.t.app.inject({ method: 'GET', url: '/partecipa/conferma' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(cookiePage.body)![1];
    const cookie = cookiePage.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const send = (typed: string) =>
      w.t.app.inject({
        method: 'POST',
        url: '/partecipa/conferma',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, phone: '3339876543', code: typed }).toString(),
      });
    const bad = code === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) expect((await send(bad)).statusCode).toBe(422);
    expect((await send(code as string)).statusCode).toBe(404);
    expect(seen('sms-2')).toBe(0);
  });

  it('by e-mail: an unknown link is a 404, an expired one a 410, and neither runs the handler', async () => {
    const { token } = await request('mail-1', { email: 'ugo@example.org' });
    expect((await w.t.app.inject({ method: 'GET', url: '/partecipa/conferma/non-esiste' })).statusCode).toBe(404);
    // 49 hours after the request, on the clock the test runs at (smsWorld sets it to 10:00 in Rome).
    const requestedAt = now().getTime() - Date.now();
    setClockOffset(requestedAt + 49 * 3_600_000);
    try {
      const late = await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${token}` });
      expect(late.statusCode).toBe(410);
      expect(late.body).toContain('è scaduto');
    } finally {
      setClockOffset(requestedAt);
    }
    expect(seen('mail-1')).toBe(0);
    const ok = await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${token}` });
    expect(ok.statusCode).toBe(200);
    expect(seen('mail-1')).toBe(1);
  });

  it('refuses a contact that is neither an e-mail nor a mobile number: 422, nothing stored', async () => {
    const before = (await w.t.db.k.selectFrom('participation_confirmations').select('id').execute()).length;
    await expect(request('bad-1', { email: 'nessuna' })).rejects.toMatchObject({ status: 422 });
    await expect(request('bad-2', { phone: '055 123456' })).rejects.toMatchObject({ status: 422 });
    expect((await w.t.db.k.selectFrom('participation_confirmations').select('id').execute()).length).toBe(before);
  });
});
