import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../src/core/jobs.js';
import { MAIL_JOB } from '../../src/core/mail.js';
import { createTestDb, DIALECTS, type TestDb } from '../helpers.js';
import { freePort, ponteEnv, type Running, SlowSmtp, startPonte, stopPonte } from './processes.js';

/**
 * Scale-out on PostgreSQL: `ponte worker` processes share one job table; each claims its jobs with
 * FOR UPDATE SKIP LOCKED, so every job runs exactly once however many workers poll.
 */
// Declared only where PostgreSQL is configured (CI, and `npm test` where the local server answers).
if (DIALECTS.includes('postgres'))
  describe('two job workers on one PostgreSQL schema', () => {
    let t: TestDb;
    let smtp: SlowSmtp;
    let workers: Running[] = [];

    beforeAll(async () => {
      t = await createTestDb('postgres');
      smtp = new SlowSmtp(15);
    });
    afterAll(async () => {
      await Promise.all(workers.map(stopPonte));
      await smtp.stop();
      await t.cleanup();
    });

    it('runs each of 600 jobs exactly once, shared between the two', { timeout: 120_000 }, async () => {
      const smtpUrl = await smtp.start();
      // More than one claim's batch (200), so that the second worker finds work left to claim.
      const N = 600;
      for (let i = 0; i < N; i++) {
        await enqueueJob(t.db.k, MAIL_JOB, { to: `socio${i}@example.org`, subject: `Circolare ${i}`, text: 'Nuovi corsi in biblioteca.' });
      }
      const env = async () => ponteEnv(t.url, await freePort(), { SMTP_URL: smtpUrl, MAIL_FROM: 'ponte@prato.example' });
      workers = await Promise.all([
        startPonte(['worker'], await env(), { ready: 'Ponte worker is running jobs' }),
        startPonte(['worker'], await env(), { ready: 'Ponte worker is running jobs' }),
      ]);
      const deadline = Date.now() + 90_000;
      for (;;) {
        const left = await t.db.k
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('kind', '=', MAIL_JOB)
          .where('status', '!=', 'done')
          .executeTakeFirstOrThrow();
        if (Number(left.n) === 0 || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const jobs = await t.db.k.selectFrom('jobs').select(['status', 'attempts', 'locked_by']).where('kind', '=', MAIL_JOB).execute();
      expect(jobs.filter((j) => j.status !== 'done')).toEqual([]);
      expect(jobs.every((j) => j.attempts === 1)).toBe(true);
      const expected = Array.from({ length: N }, (_, i) => `Circolare ${i}`).sort();
      expect([...smtp.subjects].sort()).toEqual(expected);
      // Both processes took a share of the work.
      const byWorker = new Map<string, number>();
      for (const j of jobs) byWorker.set(j.locked_by ?? '', (byWorker.get(j.locked_by ?? '') ?? 0) + 1);
      expect(byWorker.size).toBe(2);
      for (const w of workers) expect(w.output()).not.toMatch(/error/i);

      // They stop on SIGTERM, with nothing left to do.
      for (const w of workers) w.child.kill('SIGTERM');
      expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    });
  });
