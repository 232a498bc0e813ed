import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { smsLength } from '../../src/core/sms-text.js';
import { messageSmsText } from '../../src/modules/events/messages/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { smsWorld } from '../sms-world.js';
import { drain, expectProblem, type World, world } from './booking-fixtures.js';
import { book } from './messages-fixtures.js';

/**
 * A message staff write to an event's people goes by SMS to those who left a mobile number and no
 * e-mail, read back from a real SMPP server. Its SMS text must fit one SMS: 160 GSM-7 characters,
 * or 70 when it keeps a character GSM-7 lacks; a longer one is refused with a clear message next
 * to the field (422 problem+json in the API) and nothing is written.
 */
describe.each(DIALECTS)('SMS text of a message to an event (%s)', (dialect) => {
  const s = smsWorld();
  let w: World;
  beforeAll(async () => {
    w = await world(dialect, { sms: s.sms });
  });
  afterAll(() => w.close());
  afterEach(() => w.smtp.clear());

  const written = async (eventId: string) => ({
    messages: (await w.t.db.k.selectFrom('event_messages').select('id').where('event_id', '=', eventId).execute()).length,
    jobs: (
      await w.t.db.k
        .selectFrom('jobs')
        .select('id')
        .where('kind', 'in', ['events.message', 'sms.send'])
        .where('status', '=', 'pending')
        .execute()
    ).length,
  });
  const send = (eventId: string, body: Record<string, unknown>) =>
    w.staff('POST', `/api/v1/events/${eventId}/messages`, {
      statuses: ['booked'],
      subject: 'Cambio di sala',
      body: 'Ci vediamo in sala grande.',
      ...body,
    });

  it('sends the SMS text to a mobile-only booking, the e-mail to the others, nothing to a landline', async () => {
    const eventId = await w.event({ title: 'Incontro sullo SPID' }, 4);
    await book(w, eventId, { name: 'Anna Posta', email: 'anna.sms@example.org', privacyAccepted: true });
    await book(w, eventId, { name: 'Rosa Telefono', phone: '333 765 4321', privacyAccepted: true });
    await book(w, eventId, { name: 'Lino Fisso', phone: '0574 123456', privacyAccepted: true });
    await drain(w.t);
    // The bookings' own confirmations are not what this test reads.
    s.smsc.clear();
    w.smtp.clear();
    // Exactly one SMS: 160 places, È written E' (two places, still GSM-7).
    const text = `È cambiata la sala: SPID giovedì in sala grande, Via Roma 1. ${'x'.repeat(160)}`.slice(0, 159);
    expect(smsLength(messageSmsText(text))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    const res = await send(eventId, { sms: text });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().recipients).toBe(2);
    await drain(w.t);
    const sms = s.smsc.to('+393337654321');
    expect(sms.map((m) => m.text)).toEqual([messageSmsText(text)]);
    expect(sms[0].text.startsWith("E' cambiata la sala")).toBe(true);
    expect(s.smsc.messages).toHaveLength(1);
    expect(w.smtp.to('anna.sms@example.org').map((m) => m.subject)).toEqual(['Cambio di sala']);
    const list = (await w.staff('GET', `/api/v1/events/${eventId}/messages`)).json();
    expect(list.items[0]).toMatchObject({ sms: text, recipients: 2 });
  });

  it('refuses an SMS text over one SMS, in GSM-7 and in UCS-2, with a 422 naming the limit; nothing is written', async () => {
    const eventId = await w.event({ title: 'Incontro sulla PEC' }, 4);
    await book(w, eventId, { name: 'Rosa Telefono', phone: '333 111 2222', privacyAccepted: true });
    await drain(w.t);
    const before = await written(eventId);
    const cases: [string, RegExp][] = [
      ['a'.repeat(161), /161 caratteri, al massimo 160/],
      // The euro sign takes two places of GSM-7.
      ['€'.repeat(81), /162 caratteri, al massimo 160/],
      // An emoji has no GSM-7 spelling: the whole text becomes UCS-2, 70 characters.
      [`Ci vediamo domani 🙂 ${'b'.repeat(50)}`, /al massimo 70 perché il testo contiene caratteri speciali/],
    ];
    for (const [sms, message] of cases) {
      const body = expectProblem(await send(eventId, { sms }), 422);
      const error = body.errors?.find((e) => e.field === 'sms');
      expect(error?.message, sms).toMatch(message);
    }
    expect(await written(eventId)).toEqual(before);
  });

  it('the page shows the refusal next to the SMS field, keeps what was typed and writes nothing', async () => {
    const eventId = await w.event({ title: 'Incontro su App IO' }, 4);
    await book(w, eventId, { name: 'Rosa Telefono', phone: '333 444 5555', privacyAccepted: true });
    await drain(w.t);
    const staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', 'una-password-lunga');
    const url = `/admin/events/${eventId}/messaggi`;
    const page = await staff.get(url);
    expect(page.body).toContain('Testo SMS per chi ha lasciato solo il cellulare');
    expect(page.body).toContain('al massimo 160 caratteri, o 70 se usi caratteri speciali');
    const before = await written(eventId);
    const long = `Domani alle 10 in sala grande. ${'c'.repeat(140)}`;
    const refused = await staff.post(url, { statuses: 'booked', subject: 'Sala', body: 'Sala grande.', sms: long }, { from: url });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/<div id="e-sms" class="ponte-field-error">troppo lungo per un SMS: 171 caratteri, al massimo 160/);
    expect(refused.body).toContain(long);
    expect(await written(eventId)).toEqual(before);
  });

  it('under random texts: no 5xx, and the SMS field is refused exactly when the text does not fit one SMS', async () => {
    // Nobody booked: every call is refused, and none writes anything.
    const eventId = await w.event({ title: 'Incontro senza iscritti' }, 4);
    const before = await written(eventId);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 120 })), async (sms) => {
        const res = await send(eventId, { sms });
        expect(res.statusCode, res.body).toBe(422);
        const fields = (res.json().errors ?? []).map((e: { field: string }) => e.field);
        const fits = smsLength(messageSmsText(sms.trim())).segments <= 1;
        expect(fields.includes('sms'), JSON.stringify(sms)).toBe(!fits);
      }),
      { numRuns: 60 },
    );
    expect(await written(eventId)).toEqual(before);
  });
});
