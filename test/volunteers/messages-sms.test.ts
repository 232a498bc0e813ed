import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { smsLength } from '../../src/core/sms-text.js';
import { messageChannel, messageSmsText } from '../../src/modules/volunteers/sms.js';
import { Browser, bearer, DIALECTS } from '../helpers.js';
import { smsWorld } from '../sms-world.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

/**
 * Staff's messages to volunteers by SMS: those who chose SMS get one SMS (to a real SMPP server, the
 * in-process SMSC), the others an e-mail (a real SMTP server); the message is stored and shown on
 * the volunteer's "I miei turni" page, where a long message's SMS points. Each test starts at 10:00 in Rome.
 */
describe.each(DIALECTS)('volunteers: messages by SMS and by e-mail (%s)', (dialect) => {
  const s = smsWorld();
  let w: VolunteerWorld;
  let ada: ReturnType<typeof bearer>;

  /** Applies with the body's contacts and is approved; answers an API client of the new account. */
  async function volunteer(body: Record<string, unknown>) {
    const applied = await w.anonymous('POST', '/api/v1/volunteer-applications', w.application({ skills: ['smartphone'], ...body }));
    expect(applied.statusCode, applied.body).toBe(201);
    const approved = await w.staff('POST', `/api/v1/volunteer-applications/${applied.json().id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    return bearer(w.t.app, await createApiToken(w.t.db, approved.json().userId, 'volontario'));
  }

  beforeAll(async () => {
    w = await volunteerWorld(dialect, { sms: s.sms });
    ada = await volunteer({ email: 'ada.msg@example.org', phone: '+39 333 123 4567', sms: true });
    await volunteer({ email: 'bea.msg@example.org' });
    await volunteer({ email: 'cora.msg@example.org', phone: '+39 333 111 2222' });
    // The invitations to set a password leave now.
    await w.runJobs();
  }, 60_000);
  afterAll(() => w?.close());

  const send = (body: Record<string, unknown>) => w.staff('POST', `/api/v1/organisations/${w.prato}/volunteer-messages`, body);

  it('sends by SMS to who chose SMS and by e-mail to the others, and stores the message', async () => {
    w.smtp.clear();
    const res = await send({ subject: 'Riunione', body: 'Ci vediamo giovedì alle 18 in biblioteca.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ recipients: 3, email: 2, sms: 1 });
    await w.runJobs();

    expect(s.smsc.to('+393331234567').map((m) => m.text)).toEqual(['Comune di Prato: Riunione: Ci vediamo giovedì alle 18 in biblioteca.']);
    expect(s.smsc.messages).toHaveLength(1);
    expect(w.smtp.to('ada.msg@example.org')).toEqual([]);
    for (const address of ['bea.msg@example.org', 'cora.msg@example.org']) {
      const [mail, ...more] = w.smtp.to(address);
      expect(more).toEqual([]);
      expect(mail.subject).toBe('Riunione');
      expect(mail.text).toContain('Ci vediamo giovedì alle 18 in biblioteca.');
    }

    const stored = await w.t.db.k.selectFrom('volunteer_messages').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect({ body: stored.body, email: Number(stored.email_count), sms: Number(stored.sms_count) }).toEqual({
      body: 'Ci vediamo giovedì alle 18 in biblioteca.',
      email: 2,
      sms: 1,
    });
    const channels = await w.t.db.k
      .selectFrom('volunteer_message_recipients')
      .select('channel')
      .where('message_id', '=', res.json().id)
      .execute();
    expect(channels.map((c) => c.channel).sort()).toEqual(['email', 'email', 'sms']);
  });

  it('cuts a long message to one SMS that points to the page, where the whole text is', async () => {
    const body = `Cari volontari, ${'domenica prossima apriamo lo sportello SPID anche nella frazione di Narnali, '.repeat(4)}grazie a tutti.`;
    const res = await send({ subject: 'Sportello di domenica', body, role: 'experienced' });
    expect(res.statusCode, res.body).toBe(200);
    await w.runJobs();
    const [sms, ...more] = s.smsc.to('+393331234567');
    expect(more).toEqual([]);
    expect(sms.text).toMatch(/^Comune di Prato: Sportello di domenica: Cari volontari, domenica .+ \(continua su ponte\.test\/turni\)$/);
    expect(smsLength(sms.text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    const page = await ada('GET', '/turni');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Messaggi dallo staff');
    expect(page.body).toContain('Sportello di domenica');
    expect(page.body).toContain('grazie a tutti.');
  });

  it('shows staff how many went by e-mail and by SMS', async () => {
    const staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', 'una-password-lunga');
    const form = `/admin/organisations/${w.prato}/volontari/messaggio`;
    const res = await staff.post(
      form,
      { role: 'all', subject: 'Turni di dicembre', body: 'Sono aperti i turni di dicembre.' },
      { from: form },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Messaggio inviato a 3 persone. Per e-mail: 2; per SMS: 1.');
    // The messages sent stay on the page, with their text and counts.
    const history = res.body.slice(res.body.indexOf('Messaggi inviati'));
    expect(history).toContain('Sono aperti i turni di dicembre.');
    expect(history).toContain('Ci vediamo giovedì alle 18 in biblioteca.');
    expect(history).toContain('Per e-mail: 2; per SMS: 1.');
  });

  it('refuses an empty message and a shift of another organisation, storing and sending nothing', async () => {
    const before = await w.t.db.k.selectFrom('volunteer_messages').select('id').execute();
    const jobs = await w.t.db.k.selectFrom('jobs').select('id').execute();
    // The API's schema refuses it (400), naming the field.
    const empty = await send({ subject: 'Vuoto', body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    const other = await send({ subject: 'Altrove', body: 'Testo', shift: '00000000-0000-4000-8000-000000000000' });
    expect(other.statusCode).toBe(422);
    expect(other.json().errors.map((e: { field: string }) => e.field)).toEqual(['shift']);
    expect(await w.t.db.k.selectFrom('volunteer_messages').select('id').execute()).toHaveLength(before.length);
    expect(await w.t.db.k.selectFrom('jobs').select('id').execute()).toHaveLength(jobs.length);
  });
});

describe('volunteers: the channel and the text of a message by SMS', () => {
  it('chooses SMS for who asked for it or has a mobile and no e-mail, e-mail otherwise', () => {
    expect(messageChannel({ email: 'a@example.org', phone: '3331234567', sms: 1 })).toBe('sms');
    expect(messageChannel({ email: null, phone: '+39 333 123 4567', sms: 0 })).toBe('sms');
    expect(messageChannel({ email: 'a@example.org', phone: '3331234567', sms: 0 })).toBe('email');
    // A landline cannot receive SMS: e-mail, even without an address (the e-mail then finds no one).
    expect(messageChannel({ email: null, phone: '0574 123456', sms: 0 })).toBe('email');
    expect(messageChannel(undefined)).toBe('email');
  });

  it('keeps every message to one GSM-7 SMS, in both languages', () => {
    const long = 'È così: “tutti” — ognuno porta il proprio portatile € ['.repeat(10);
    for (const lang of ['it', 'en'] as const) {
      const text = messageSmsText(lang, 'Unione dei Comuni Valnure e Valchero', 'Avviso', long, 'ponte.unionevalnure.example.it');
      expect(smsLength(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      expect(text).toMatch(lang === 'it' ? /\(continua su ponte\.unionevalnure\.example\.it\/turni\)$/ : /\(more at .+\/turni\)$/);
    }
    expect(messageSmsText('it', 'Comune di Prato', 'Ciao', 'Breve.', 'ponte.test')).toBe('Comune di Prato: Ciao: Breve.');
  });
});
