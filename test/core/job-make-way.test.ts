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
});
