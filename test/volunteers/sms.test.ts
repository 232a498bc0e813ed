import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { now } from '../../src/core/time.js';
import { Browser, bearer, DIALECTS } from '../helpers.js';
import { daytime, smsWorld } from '../sms-world.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

const HOUR = 3_600_000;

/**
 * Reminders of shifts by SMS, for a volunteer who asked for them when applying, sent to a real
 * SMPP server (the in-process SMSC of the tests). Each test starts at 10:00 in Rome.
 */
describe.each(DIALECTS)('volunteers: reminders by SMS (%s)', (dialect) => {
  const s = smsWorld();
  let w: VolunteerWorld;

  beforeAll(async () => {
    w = await volunteerWorld(dialect, { sms: s.sms });
  });
  afterAll(() => w?.close());

  const applications = () => w.t.db.k.selectFrom('volunteer_applications').select('id').execute();

  /** Applies with the body's contacts, is approved, and answers an API client of the new account. */
  async function volunteer(body: Record<string, unknown>) {
    const applied = await w.anonymous('POST', '/api/v1/volunteer-applications', w.application({ skills: [], ...body }));
    expect(applied.statusCode, applied.body).toBe(201);
    const approved = await w.staff('POST', `/api/v1/volunteer-applications/${applied.json().id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    return bearer(w.t.app, await createApiToken(w.t.db, approved.json().userId, 'volontario'));
  }

  /** A shift of Prato two days from the test's 10:00, so its reminder falls at 10:00 tomorrow. */
  async function shift(title: string) {
    const start = now().getTime() + 48 * HOUR;
    const res = await w.staff('POST', '/api/v1/shifts', {
      organisation: w.prato,
      title,
      start: new Date(start).toISOString(),
      end: new Date(start + 3 * HOUR).toISOString(),
      needed: 3,
      skills: [],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  it('sends the reminder by SMS the day before, instead of the e-mail, and none after a withdrawal', async () => {
    const ada = await volunteer({ email: 'ada.sms@example.org', phone: '+39 333 123 4567', sms: true });
    const bea = await volunteer({ email: 'bea.sms@example.org', phone: '+39 333 765 4321', sms: true });
    const kept = await shift('Sportello SPID in biblioteca');
    const dropped = await shift('Turno lasciato');
    expect((await ada('POST', `/api/v1/shifts/${kept}/signups`)).statusCode).toBe(201);
    expect((await bea('POST', `/api/v1/shifts/${dropped}/signups`)).statusCode).toBe(201);
    expect((await bea('DELETE', `/api/v1/shifts/${dropped}/signups`)).statusCode).toBe(204);
    // The invitations to set a password leave now; no reminder is due yet.
    await w.runJobs();
    expect(s.smsc.messages).toEqual([]);
    w.smtp.clear();

    daytime(25 * HOUR);
    await w.runJobs();
    const [sms, ...more] = s.smsc.to('+393331234567');
    expect(more).toEqual([]);
    expect(sms.text).toMatch(/^Promemoria turno: Sportello SPID in biblioteca, .+ ore \d+:\d\d\. Se non puoi venire: ponte\.test\/turni$/);
    expect(s.smsc.to('+393337654321')).toEqual([]);
    // No e-mail reminder to either.
    expect(w.smtp.to('ada.sms@example.org')).toEqual([]);
    expect(w.smtp.to('bea.sms@example.org')).toEqual([]);
  });

  it('keeps the e-mail reminder for a volunteer who did not ask for SMS, even with a phone', async () => {
    const cora = await volunteer({ email: 'cora.sms@example.org', phone: '+39 333 111 2222' });
    const id = await shift('Turno per e-mail');
    expect((await cora('POST', `/api/v1/shifts/${id}/signups`)).statusCode).toBe(201);
    await w.runJobs();
    w.smtp.clear();
    daytime(25 * HOUR);
    await w.runJobs();
    expect(s.smsc.messages).toEqual([]);
    expect(w.smtp.to('cora.sms@example.org').map((m) => m.subject)).toEqual(['Promemoria: il tuo turno «Turno per e-mail»']);
  });

  it('refuses SMS without a mobile number, naming the field, and writes nothing', async () => {
    const before = (await applications()).length;
    for (const body of [
      { email: 'dora@example.org', sms: true },
      { email: 'dora@example.org', phone: '0574 123456', sms: true },
    ]) {
      const res = await w.anonymous('POST', '/api/v1/volunteer-applications', w.application(body));
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors).toContainEqual({ field: 'sms', message: 'per i promemoria per SMS scrivi un numero di cellulare' });
    }
    expect(await applications()).toHaveLength(before);
  });

  it('offers the choice on the public form and records it', async () => {
    const url = `/volontariato/${w.prato}`;
    const b = new Browser(w.t.app);
    const form = await b.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Voglio i promemoria dei turni per SMS al mio cellulare, invece che per e-mail');
    const fields = { name: 'Elena Bruni', municipality: '100005', ageBand: '18-29', codeOfConduct: '1', sms: '1' };
    const refused = await b.post(url, { ...fields, email: 'elena@example.org' }, { from: url });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('per i promemoria per SMS scrivi un numero di cellulare');
    const sent = await b.post(url, { ...fields, phone: '333 444 5555' }, { from: url });
    expect(sent.statusCode, sent.body).toBe(201);
    const row = await w.t.db.k
      .selectFrom('volunteer_applications')
      .select(['phone', 'sms'])
      .where('name', '=', 'Elena Bruni')
      .executeTakeFirstOrThrow();
    expect({ phone: row.phone, sms: Number(row.sms) }).toEqual({ phone: '3334445555', sms: 1 });
  });
});
