import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { enqueueJob, JobQueue } from '../../src/core/jobs.js';
import { createTestDb, DIALECTS, type TestDb, testConfig } from '../helpers.js';

/**
 * Jobs make way for requests: a request that comes in while the queue works through a long batch
 * is answered before the batch is over, not after it; and with no request about, the batch still
 * runs to its end.
 */
describe.each(DIALECTS)('jobs and requests at once (%s)', (dialect) => {
  let t: TestDb;
  let server: Server;
  let url: string;
  let jobsDone = 0;
  /** How many jobs had run when the server answered the request. */
  let doneWhenAnswered = -1;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    server = createServer((_req, res) => {
      doneWhenAnswered = jobsDone;
      res.end('ok');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
    await t.cleanup();
  });

  it('answers a request that comes in during a batch of 150 jobs of 3 ms before the batch ends', async () => {
    const queue = new JobQueue(t.db);
    queue.register('render', async () => {
      // Work that never leaves the event loop, like rendering an e-mail.
      const until = performance.now() + 3;
      while (performance.now() < until);
      jobsDone++;
    });
    for (let n = 0; n < 150; n++) await enqueueJob(t.db.k, 'render', { n });
    jobsDone = 0;
    doneWhenAnswered = -1;
    const running = queue.runDue();
    // Sent once the batch is under way.
    while (jobsDone < 5) await new Promise((r) => setImmediate(r));
    const answer = await fetch(url).then((r) => r.text());
    expect(answer).toBe('ok');
    expect(await running).toBe(150);
    expect(jobsDone).toBe(150);
    expect(doneWhenAnswered).toBeGreaterThanOrEqual(5);
    // Served within a few jobs' time, not after the remaining 145 jobs' 435 ms.
    expect(doneWhenAnswered).toBeLessThan(75);
  });

  it('claims a small batch after requests came in during the batch before, and a full one when none did', async () => {
    const queue = new JobQueue(t.db);
    /** For each job as it ran: how many jobs its batch claimed (claimed ones stay running until the batch ends). */
    const batches: number[] = [];
    queue.register('count', async () => {
      const { n } = await t.db.k
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'running')
        .executeTakeFirstOrThrow();
      batches.push(Number(n));
      // A request reaches the process while the first batch runs.
      if (batches.length === 100) queue.noteRequest();
    });
    for (let n = 0; n < 400; n++) await enqueueJob(t.db.k, 'count', { n });
    expect(await queue.runDue()).toBe(400);
    // 200 (nothing came in before), 50 (a request came in during the first), then the other 150 at once.
    expect([...new Set(batches)]).toEqual([200, 50, 150]);
    expect(batches.filter((b) => b === 50)).toHaveLength(50);
  });

  it('counts the requests of an application that runs its jobs itself, and not of one that leaves them to a worker', async () => {
    for (const workers of [true, false]) {
      const app = await buildApp({ config: testConfig({ workers }), db: t.db, logger: false });
      try {
        await app.ready();
        const before = app.deps.jobs.requestsNoted;
        await app.inject({ method: 'GET', url: '/healthz' });
        await app.inject({ method: 'GET', url: '/healthz' });
        expect(app.deps.jobs.requestsNoted - before).toBe(workers ? 2 : 0);
      } finally {
        await app.close();
      }
    }
  });
});
