import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, JobQueue } from '../../src/core/jobs.js';
import { createTestDb, DIALECTS, type TestDb } from '../helpers.js';

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

  it('claims small batches while requests keep coming in, and large ones again once they stop', async () => {
    const queue = new JobQueue(t.db);
    /** For each job as it ran: the jobs its batch claimed (claimed ones stay running until the batch ends), and whether requests were coming in. */
    const seen: { batch: number; busy: boolean }[] = [];
    let busy = true;
    queue.register('count', async () => {
      const { n } = await t.db.k
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'running')
        .executeTakeFirstOrThrow();
      seen.push({ batch: Number(n), busy });
      if (seen.length === 300) busy = false;
      // A millisecond of work that never leaves the event loop, as rendering a message.
      const until = performance.now() + 1;
      while (performance.now() < until);
    });
    for (let n = 0; n < 600; n++) await enqueueJob(t.db.k, 'count', { n });
    // Four clients, each sending its next request as soon as the last is answered, to a server that
    // computes for 4 ms a request: the loop's turns between slices of jobs are long.
    const slow = createServer((_req, res) => {
      const until = performance.now() + 4;
      while (performance.now() < until);
      res.end('ok');
    });
    await new Promise<void>((ok) => slow.listen(0, '127.0.0.1', ok));
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
    const clients = Array.from({ length: 4 }, async () => {
      while (busy) await fetch(slowUrl).then((r) => r.text());
    });
    try {
      expect(await queue.runDue()).toBe(600);
    } finally {
      busy = false;
      await Promise.all(clients);
      await new Promise((ok) => slow.close(ok));
    }
    // The first batch is claimed before any request has been seen: 200.
    expect(seen[0].batch).toBe(200);
    // While requests come in, later batches hold 50; once they stop, 200 again.
    expect(seen.slice(200).some((s) => s.busy && s.batch === 50)).toBe(true);
    expect(seen.some((s) => !s.busy && s.batch === 200)).toBe(true);
  });
});
