import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, JobQueue } from '../../src/core/jobs.js';
import { MAIL_JOB } from '../../src/core/mail.js';
import { createTestDb, DIALECTS, type TestDb } from '../helpers.js';
import { bookingLoad, roomyEvent } from './booking-load.js';
import { freePort, ponteEnv, type Running, SlowSmtp, startPonte, stopPonte } from './processes.js';

/**
 * SIGTERM to a server that is answering bookings and working through a job backlog far longer
 * than its deadline: it stops within the deadline, every request it accepted is answered, and no
 * job is lost — the ones it did not run wait in the table for the next process.
 */
describe('graceful shutdown under load (SQLite)', () => {
  let t: TestDb;
  let smtp: SlowSmtp;
  let server: Running | undefined;

  beforeAll(async () => {
    t = await createTestDb('sqlite');
    // 100 ms a message and 400 messages queued: 40 s of work, four times the deadline.
    smtp = new SlowSmtp(100);
  });
  afterAll(async () => {
    await stopPonte(server);
    await smtp.stop();
    await t.cleanup();
  });

  it('stops within the deadline without failing a request or losing a job', { timeout: 120_000 }, async () => {
    const smtpUrl = await smtp.start();
    const eventId = await roomyEvent(t.db, t.url);
    const QUEUED = 400;
    for (let i = 0; i < QUEUED; i++) {
      await enqueueJob(t.db.k, MAIL_JOB, { to: `lettore${i}@example.org`, subject: `Avviso ${i}`, text: 'Il corso è confermato.' });
    }
    const port = await freePort();
    server = await startPonte(['serve'], ponteEnv(t.url, port, { WORKERS: 'true', SMTP_URL: smtpUrl, MAIL_FROM: 'ponte@prato.example' }));
    const load = bookingLoad(`http://127.0.0.1:${port}`, eventId, 6, 'stop');
    // The jobs are running and bookings are being answered when the signal comes.
    while (smtp.subjects.length < 5 || load.confirmed().length < 30) await new Promise((r) => setTimeout(r, 50));

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    const code = await server.exited;
    const took = Date.now() - signalled;
    const outcomes = await load.ended();

    expect(code, server.output()).toBe(0);
    expect(took).toBeLessThan(11_000);
    // Every request was either answered in full or refused before it was accepted (the port closed).
    const failed = outcomes.filter((o) => o.status !== 201 && o.error !== 'ECONNREFUSED');
    expect(failed).toEqual([]);
    const answeredAfterSignal = outcomes.filter((o) => o.status === 201 && o.answeredAt > signalled);
    const confirmed = load.confirmed();
    const rows = await t.db.k.selectFrom('registrations').select('id').where('event_id', '=', eventId).execute();
    const stored = new Set(rows.map((r) => r.id));
    expect(confirmed.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBe(confirmed.length);

    const jobs = await t.db.k.selectFrom('jobs').select(['payload', 'status', 'locked_by']).where('kind', '=', MAIL_JOB).execute();
    const byStatus = (s: string) => jobs.filter((j) => j.status === s).length;
    expect(jobs).toHaveLength(QUEUED);
    // Nothing left claimed by the process that stopped, nothing failed, most still waiting.
    expect(byStatus('running')).toBe(0);
    expect(byStatus('failed')).toBe(0);
    expect(byStatus('pending')).toBeGreaterThan(QUEUED / 2);
    expect(jobs.filter((j) => j.status === 'pending').every((j) => j.locked_by === null)).toBe(true);
    // Each job done was delivered once; none was delivered and still left to do again.
    const delivered = smtp.subjects.filter((s) => s.startsWith('Avviso '));
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered.length).toBe(byStatus('done'));
    console.log(
      `stopped ${took} ms after SIGTERM; ${answeredAfterSignal.length} bookings answered after it; ${byStatus('done')} jobs done, ${byStatus('pending')} waiting`,
    );
  });
});

describe.each(DIALECTS)('a job queue asked to stop mid-batch (%s)', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('finishes the job running and gives the rest of its batch back, unclaimed and with no attempt counted', async () => {
    const queue = new JobQueue(t.db);
    let started = 0;
    let release: () => void = () => {};
    const firstRunning = new Promise<void>((ok) => {
      queue.register('ops.slow', async () => {
        started++;
        ok();
        await new Promise<void>((done) => {
          release = done;
        });
      });
    });
    for (let i = 0; i < 10; i++) await enqueueJob(t.db.k, 'ops.slow', { n: i });
    const run = queue.runDue();
    await firstRunning;
    const stopped = queue.stop();
    release();
    await stopped;
    expect(await run).toBe(1);
    expect(started).toBe(1);
    const rows = await t.db.k
      .selectFrom('jobs')
      .select(['status', 'attempts', 'locked_by', 'locked_until'])
      .where('kind', '=', 'ops.slow')
      .execute();
    expect(rows.filter((r) => r.status === 'done')).toHaveLength(1);
    const back = rows.filter((r) => r.status === 'pending');
    expect(back).toHaveLength(9);
    for (const r of back) expect(r).toMatchObject({ attempts: 0, locked_by: null, locked_until: null });
  });
});
