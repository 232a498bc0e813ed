import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { dropPendingJobs, JobQueue } from '../../src/core/jobs.js';
import { createSmsSender, enqueueSms, registerRenderedSms, SMS_JOB, SmsService, smsDaytime, smsJob } from '../../src/core/sms.js';
import { LocalSmsc } from '../../src/core/sms-smsc.js';
import { smsTemplate } from '../../src/core/sms-text.js';
import { localInstant, romeDate, setClockOffset } from '../../src/core/time.js';
import { createTestApp, createTestDb, DIALECTS, type TestDb, testConfig } from '../helpers.js';

/** The bookings a module would read: the renderer finds the number and the words from the id. */
const bookings = new Map<string, { phone: string; title: string; code: string }>();

const CONFIRMED = smsTemplate(
  'test.confirmed',
  { it: 'Ponte: prenotato {title}. Codice {code}', en: 'Ponte: booked {title}. Code {code}' },
  { title: 60, code: 8 },
);

const renderConfirmed = async ({ bookingId }: { bookingId: string }) => {
  const booking = bookings.get(bookingId);
  return booking ? { to: booking.phone, text: CONFIRMED.render('it', booking) } : null;
};

function smsService(db: TestDb, config: Config): { jobs: JobQueue; sms: SmsService } {
  const jobs = new JobQueue(db.db);
  const sms = new SmsService(jobs, createSmsSender(config));
  registerRenderedSms({ sms }, 'test.confirmed', renderConfirmed);
  return { jobs, sms };
}

/** The clock at 10:00 in Rome today (SMS wait for the morning at night), moved on by `ms`. */
const daytime = (ms = 0) => setClockOffset(localInstant(romeDate(Date.now()), '10:00') - Date.now() + ms);

const jobRow = (t: TestDb) => t.db.k.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();

describe('SMS hours', () => {
  it('sends between 08:00 and 21:00 in Rome, winter and summer, and otherwise at the next 08:00', () => {
    expect(smsDaytime('2026-12-06T06:59:00.000Z')).toBe('2026-12-06T07:00:00.000Z');
    expect(smsDaytime('2026-12-06T07:00:00.000Z')).toBe('2026-12-06T07:00:00.000Z');
    expect(smsDaytime('2026-12-06T19:59:00.000Z')).toBe('2026-12-06T19:59:00.000Z');
    expect(smsDaytime('2026-12-06T20:00:00.000Z')).toBe('2026-12-07T07:00:00.000Z');
    expect(smsDaytime('2026-12-06T23:30:00.000Z')).toBe('2026-12-07T07:00:00.000Z');
    expect(smsDaytime('2026-07-01T19:30:00.000Z')).toBe('2026-07-02T06:00:00.000Z');
    // The night before the clocks change: the morning is in summer time.
    expect(smsDaytime('2026-03-28T22:00:00.000Z')).toBe('2026-03-29T06:00:00.000Z');
  });

  it('gives the rows written by hand the same hours, and only ids', () => {
    expect(smsJob('events.promoted', { registrationId: 'r1' }, '2026-12-06T22:00:00.000Z', 'reg:r1:sms')).toEqual({
      kind: 'sms.send',
      payload: { sms: 'events.promoted', registrationId: 'r1' },
      runAt: '2026-12-07T07:00:00.000Z',
      dedupeKey: 'reg:r1:sms',
    });
    expect(smsJob('events.promoted', { registrationId: 'r1' }, '2026-12-06T22:00:00.000Z', null, { anyHour: true }).runAt).toBe(
      '2026-12-06T22:00:00.000Z',
    );
    expect(() => smsJob('events.promoted', { phone: '3331234567' }, '2026-12-06T10:00:00.000Z', null)).toThrow(/ids only/);
  });
});

describe.each(DIALECTS)('SMS through the job table to an SMPP server (%s)', (dialect) => {
  let t: TestDb;
  let smsc: LocalSmsc;
  let config: Config;
  let jobs: JobQueue;
  let sms: SmsService;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    smsc = new LocalSmsc();
    config = testConfig({}, { SMS_URL: await smsc.start(), SMS_FROM: 'ComuneBS' });
    ({ jobs, sms } = smsService(t, config));
  });
  afterAll(async () => {
    sms.close();
    await smsc.stop();
    await t.cleanup();
  });
  beforeEach(() => daytime());
  afterEach(async () => {
    setClockOffset(0);
    smsc.clear();
    bookings.clear();
    await t.db.k.deleteFrom('jobs').execute();
  });

  it('renders a message from ids when the job runs and submits it to the SMSC in GSM-7', async () => {
    bookings.set('b1', { phone: '333 123 4567', title: 'Facciamo lo SPID insieme', code: 'K7P2QX' });
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'b1' }, { dedupeKey: 'b1:sms:confirmed' });
    // The table holds the kind of message and the id: no number, no text.
    const queued = await jobRow(t);
    expect(queued.kind).toBe(SMS_JOB);
    expect(JSON.parse(queued.payload)).toEqual({ sms: 'test.confirmed', bookingId: 'b1' });
    // The booking changes before the job runs: the person reads it as it is then.
    bookings.set('b1', { phone: '+39 333 123 4567', title: 'Facciamo lo SPID insieme (sala 2)', code: 'K7P2QX' });
    expect(await jobs.runDue()).toBe(1);
    expect(smsc.messages).toEqual([
      {
        to: '+393331234567',
        from: 'ComuneBS',
        text: 'Ponte: prenotato Facciamo lo SPID insieme (sala 2). Codice K7P2QX',
        dataCoding: 0,
        parts: 1,
      },
    ]);
    expect((await jobRow(t)).status).toBe('done');
    expect(await jobs.runDue()).toBe(0);
    expect(smsc.messages).toHaveLength(1);
  });

  it('sends a text outside GSM-7 in UCS-2, and a long one in joined parts', async () => {
    registerRenderedSms({ sms }, 'test.free', async ({ text }: { text: string }) => ({ to: '+447911123456', text: `Grüße ✓ ${text}` }));
    await enqueueSms(t.db.k, 'test.free', { text: 'uno' });
    await enqueueSms(t.db.k, 'test.free', { text: 'x'.repeat(150) });
    expect(await jobs.runDue()).toBe(2);
    expect(smsc.to('+447911123456')).toEqual([
      { to: '+447911123456', from: 'ComuneBS', text: 'Grüße ✓ uno', dataCoding: 8, parts: 1 },
      { to: '+447911123456', from: 'ComuneBS', text: `Grüße ✓ ${'x'.repeat(150)}`, dataCoding: 8, parts: 3 },
    ]);
  });

  it('drops the message of a booking erased since it was queued', async () => {
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'gone' });
    expect(await jobs.runDue()).toBe(1);
    expect(smsc.messages).toEqual([]);
    expect((await jobRow(t)).status).toBe('done');
  });

  it('binds again after the SMSC dropped the session, and retries with back-off when it refuses the bind', async () => {
    bookings.set('b2', { phone: '3201234567', title: 'Il fascicolo sanitario', code: 'MM22AB' });
    await smsc.disconnect();
    smsc.refuseBinds(1);
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'b2' });
    expect(await jobs.runDue()).toBe(1);
    let row = await jobRow(t);
    expect(row.status).toBe('pending');
    expect(row.last_error).toBe('SMPP: the SMSC refused the bind (status 0x000d)');
    expect(smsc.messages).toEqual([]);
    expect(await jobs.runDue()).toBe(0); // not before the back-off
    daytime(31_000);
    expect(await jobs.runDue()).toBe(1);
    row = await jobRow(t);
    expect(row.status).toBe('done');
    expect(smsc.binds).toBe(2);
    expect(smsc.to('+393201234567').map((m) => m.text)).toEqual(['Ponte: prenotato Il fascicolo sanitario. Codice MM22AB']);
  });

  it('tries again later when the SMSC cannot be reached', async () => {
    const gone = new LocalSmsc();
    const url = await gone.start();
    await gone.stop();
    const unreachable = smsService(t, testConfig({}, { SMS_URL: url }));
    bookings.set('b11', { phone: '333 123 4567', title: 'Corso base', code: 'AB12CD' });
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'b11' });
    expect(await unreachable.jobs.runDue()).toBe(1);
    const row = await jobRow(t);
    expect(row.status).toBe('pending');
    expect(row.last_error).toMatch(/^SMPP: cannot reach 127\.0\.0\.1:\d+: connect ECONNREFUSED/);
    unreachable.sms.close();
  });

  it('fails at once, without retry, when the SMSC says the number does not exist', async () => {
    bookings.set('b3', { phone: '333 000 0000', title: 'Pagare con pagoPA', code: 'ZZ11YY' });
    smsc.refuseNumber('+393330000000');
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'b3' });
    expect(await jobs.runDue()).toBe(1);
    const row = await jobRow(t);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error: 'SMPP: the SMSC refused the message (status 0x000b)' });
    daytime(3_600_000);
    expect(await jobs.runDue()).toBe(0);
    expect(smsc.messages).toEqual([]);
  });

  it('fails at once when the stored number is a landline, and does not write it in the table', async () => {
    bookings.set('b4', { phone: '030 123 4567', title: 'Pagare con pagoPA', code: 'ZZ11YY' });
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'b4' });
    expect(await jobs.runDue()).toBe(1);
    const row = await jobRow(t);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toBe('SMS test.confirmed: the stored number cannot receive SMS (phone.not-mobile)');
    expect(JSON.stringify(row)).not.toContain('1234567');
    expect(smsc.binds).toBe(0);
  });

  it('keeps a message that falls due at night for 08:00 in Rome, unless told any hour will do', async () => {
    daytime(12 * 3_600_000); // 22:00 in Rome
    bookings.set('b9', { phone: '333 123 4567', title: 'Promosso dalla lista di attesa', code: 'NN11MM' });
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'b9' });
    expect(await jobs.runDue()).toBe(0);
    const tomorrow = new Date(Date.parse(`${romeDate(Date.now())}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect((await jobRow(t)).run_at).toBe(new Date(localInstant(tomorrow, '08:00')).toISOString());
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'b9' }, { anyHour: true });
    expect(await jobs.runDue()).toBe(1);
    expect(smsc.messages).toHaveLength(1);
  });

  it('loses the SMS still queued about a record when its personal data is erased', async () => {
    bookings.set('b10', { phone: '333 123 4567', title: 'Corso base', code: 'AB12CD' });
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'b10' }, { dedupeKey: 'booking:b10:sms:confirmed' });
    await enqueueSms(
      t.db.k,
      'test.confirmed',
      { bookingId: 'b10' },
      { dedupeKey: 'booking:b10:sms:reminder', runAt: '2099-01-01T09:00:00.000Z' },
    );
    expect(await dropPendingJobs(t.db.k, ['booking:b10:'])).toBe(2);
    expect(await jobs.runDue()).toBe(0);
    expect(smsc.messages).toEqual([]);
  });

  it('refuses to queue a payload that holds a number or a text, and writes nothing', async () => {
    await expect(enqueueSms(t.db.k, 'test.confirmed', { phone: '+393331234567' })).rejects.toThrow(/ids only, and phone/);
    await expect(enqueueSms(t.db.k, 'test.confirmed', { text: 'Ciao Maria' })).rejects.toThrow(/ids only, and text/);
    expect(await t.db.k.selectFrom('jobs').selectAll().execute()).toEqual([]);
  });
});

describe.each(DIALECTS)('SMS of the application (%s)', (dialect) => {
  it('is configured by SMS_URL and sends what a module renders through the workers', async () => {
    const smsc = new LocalSmsc('comune', 'pw123');
    const url = await smsc.start();
    const app = await createTestApp(dialect, { sms: testConfig({}, { SMS_URL: url }).sms });
    try {
      daytime();
      registerRenderedSms(app.app.deps, 'test.confirmed', renderConfirmed);
      bookings.set('b5', { phone: '0039 333 765 4321', title: 'Corso base', code: 'AB12CD' });
      await enqueueSms(app.db.k, 'test.confirmed', { bookingId: 'b5' });
      expect(await app.app.deps.jobs.runDue()).toBe(1);
      expect(smsc.to('+393337654321').map((m) => [m.from, m.text])).toEqual([['Ponte', 'Ponte: prenotato Corso base. Codice AB12CD']]);
    } finally {
      setClockOffset(0);
      bookings.clear();
      await app.close();
      await smsc.stop();
    }
  });
});

describe.each(DIALECTS)('SMS without SMS_URL and through an HTTP provider (%s)', (dialect) => {
  let t: TestDb;
  let outbox: string;
  let http: Server;
  let httpUrl: string;
  const requests: { auth?: string; type?: string; body: unknown }[] = [];
  const answers: number[] = [];
  beforeAll(async () => {
    t = await createTestDb(dialect);
    outbox = mkdtempSync(join(tmpdir(), 'ponte-sms-'));
    http = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        requests.push({ auth: req.headers.authorization, type: req.headers['content-type'], body: JSON.parse(body) });
        res.statusCode = answers.shift() ?? 202;
        res.end('{"id":"x1"}');
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
    httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/v1/sms`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    rmSync(outbox, { recursive: true, force: true });
    await t.cleanup();
  });
  beforeEach(() => daytime());
  afterEach(async () => {
    setClockOffset(0);
    bookings.clear();
    requests.length = 0;
    answers.length = 0;
    await t.db.k.deleteFrom('jobs').execute();
  });

  it('writes each message as a file in the outbox when SMS_URL is unset', async () => {
    const { jobs } = smsService(t, testConfig({ outboxDir: outbox }));
    bookings.set('b6', { phone: '+39 347 111 2222', title: 'Usare la app IO', code: 'QW34ER' });
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'b6' });
    expect(await jobs.runDue()).toBe(1);
    const files = readdirSync(outbox).filter((f) => f.endsWith('.sms.txt'));
    expect(files).toHaveLength(1);
    expect(readFileSync(join(outbox, files[0]), 'utf8')).toBe(
      'To: +393471112222\nFrom: Ponte\nEncoding: GSM-7, 47 characters, 1 SMS\n\nPonte: prenotato Usare la app IO. Codice QW34ER\n',
    );
  });

  it('posts {to, from, text} with the bearer token to an HTTP provider, retrying a server error', async () => {
    const config = testConfig({}, { SMS_URL: httpUrl, SMS_TOKEN: 'tok-123', SMS_FROM: '+393400000000' });
    const { jobs } = smsService(t, config);
    bookings.set('b7', { phone: '333 123 4567', title: 'Prenotare una visita', code: 'PL09OK' });
    answers.push(503);
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'b7' });
    expect(await jobs.runDue()).toBe(1);
    expect((await jobRow(t)).last_error).toBe('SMS provider answered HTTP 503');
    daytime(31_000);
    expect(await jobs.runDue()).toBe(1);
    expect((await jobRow(t)).status).toBe('done');
    const sent = { to: '+393331234567', from: '+393400000000', text: 'Ponte: prenotato Prenotare una visita. Codice PL09OK' };
    expect(requests).toEqual([
      { auth: 'Bearer tok-123', type: 'application/json', body: sent },
      { auth: 'Bearer tok-123', type: 'application/json', body: sent },
    ]);
  });

  it('fails at once when the provider refuses the message (422)', async () => {
    const { jobs } = smsService(t, testConfig({}, { SMS_URL: httpUrl, SMS_TOKEN: 'tok-123' }));
    bookings.set('b8', { phone: '333 123 4567', title: 'Prenotare una visita', code: 'PL09OK' });
    answers.push(422);
    await enqueueSms(t.db.k, 'test.confirmed', { bookingId: 'b8' });
    expect(await jobs.runDue()).toBe(1);
    expect(await jobRow(t)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'SMS provider answered HTTP 422' });
  });
});
