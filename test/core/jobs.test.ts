import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/core/jobs.js';
import { createMailer, MAIL_JOB, registerMailJob } from '../../src/core/mail.js';
import { setClockOffset } from '../../src/core/time.js';
import { createTestDb, DIALECTS, type TestDb, testConfig } from '../helpers.js';
import { TestSmtp } from '../mail.js';

describe.each(DIALECTS)('job table (%s)', (dialect) => {
  let t: TestDb;
  let smtp: TestSmtp;
  let smtpUrl: string;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    smtp = new TestSmtp();
    smtpUrl = await smtp.start();
  });
  afterAll(async () => {
    await smtp.stop();
    await t.cleanup();
  });
  afterEach(async () => {
    setClockOffset(0);
    smtp.clear();
    await t.db.k.deleteFrom('jobs').execute();
  });

  it('delivers a queued e-mail through real SMTP once, and never again after success', async () => {
    const jobs = new JobQueue(t.db);
    const mailer = createMailer(testConfig({ smtpUrl }));
    registerMailJob(jobs, mailer);
    await jobs.enqueue(t.db.k, MAIL_JOB, { to: 'cittadino@example.org', subject: 'Prenotazione confermata', text: 'Ci vediamo giovedì.' });
    expect(await jobs.runDue()).toBe(1);
    expect(await jobs.runDue()).toBe(0);
    const received = smtp.to('cittadino@example.org');
    expect(received).toHaveLength(1);
    expect(received[0].subject).toBe('Prenotazione confermata');
    expect(received[0].text?.trim()).toBe('Ci vediamo giovedì.');
    const row = await t.db.k.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('done');
    // The message (address included) does not stay in the table once it has left.
    expect(row.payload).toBe('{}');
    mailer.close();
  });

  it('retries a failing job with back-off, then marks it failed after its attempts', async () => {
    const jobs = new JobQueue(t.db);
    let calls = 0;
    jobs.register('flaky', async () => {
      calls++;
      throw new Error('server down');
    });
    await jobs.enqueue(t.db.k, 'flaky', {}, { maxAttempts: 2 });
    expect(await jobs.runDue()).toBe(1);
    let row = await t.db.k.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.last_error).toBe('server down');
    expect(await jobs.runDue()).toBe(0); // not due before the back-off has passed
    setClockOffset(31_000);
    expect(await jobs.runDue()).toBe(1);
    row = await t.db.k.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(calls).toBe(2);
  });

  it('deletes finished jobs after the keeping period, never pending ones', async () => {
    const jobs = new JobQueue(t.db);
    jobs.register('ok', async () => {});
    await jobs.enqueue(t.db.k, 'ok', {});
    await jobs.enqueue(t.db.k, 'ok', {}, { runAt: new Date(Date.now() + 60 * 86_400_000).toISOString() });
    expect(await jobs.runDue()).toBe(1);
    setClockOffset(29 * 86_400_000);
    expect(await jobs.purgeFinished()).toBe(0);
    setClockOffset(31 * 86_400_000);
    expect(await jobs.purgeFinished()).toBe(1);
    const left = await t.db.k.selectFrom('jobs').select('status').execute();
    expect(left).toEqual([{ status: 'pending' }]);
  });

  it('enqueues a job with a dedupe key only once', async () => {
    const jobs = new JobQueue(t.db);
    await jobs.enqueue(t.db.k, 'reminder', { id: 1 }, { dedupeKey: 'reminder:1' });
    await jobs.enqueue(t.db.k, 'reminder', { id: 1 }, { dedupeKey: 'reminder:1' });
    const rows = await t.db.k.selectFrom('jobs').selectAll().execute();
    expect(rows).toHaveLength(1);
  });

  it('never runs one job in two workers at once', async () => {
    const a = new JobQueue(t.db);
    const b = new JobQueue(t.db);
    const runs: string[] = [];
    for (const q of [a, b]) {
      q.register('count', async (payload) => {
        runs.push((payload as { n: number }).n.toString());
        await new Promise((r) => setTimeout(r, 2));
      });
    }
    for (let n = 0; n < 40; n++) await a.enqueue(t.db.k, 'count', { n });
    const [ra, rb] = await Promise.all([a.runDue(5), b.runDue(5)]);
    expect(ra + rb).toBe(40);
    expect(new Set(runs).size).toBe(40);
    expect(runs).toHaveLength(40);
  });
});
