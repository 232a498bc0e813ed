import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, JobQueue } from '../../src/core/jobs.js';
import { createTestDb, DIALECTS, type TestDb } from '../helpers.js';

/**
 * What a job hands over to finish while the next ones run (a message on its way): the job is done
 * only once it has gone, and fails, to be tried again, when it does not; the other jobs of the
 * batch are not held back by it.
 */
describe.each(DIALECTS)('jobs that finish later (%s)', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.cleanup());

  it('marks a job done when its work went, and failed with the error when it did not', async () => {
    const queue = new JobQueue(t.db);
    const started: number[] = [];
    queue.register('deliver', async (payload, job) => {
      const { n } = payload as { n: number };
      started.push(n);
      job.finishing(new Promise<void>((ok, no) => setTimeout(() => (n === 2 ? no(new Error('the server refused message 2')) : ok()), 20)));
    });
    for (let n = 1; n <= 4; n++) await enqueueJob(t.db.k, 'deliver', { n });
    expect(await queue.runDue()).toBe(4);
    expect(started).toEqual([1, 2, 3, 4]);
    const rows = await t.db.k
      .selectFrom('jobs')
      .select(['payload', 'status', 'attempts', 'last_error'])
      .where('kind', '=', 'deliver')
      .execute();
    const byN = new Map(rows.map((r) => [(JSON.parse(r.payload) as { n: number }).n, r]));
    for (const n of [1, 3, 4]) expect(byN.get(n)).toMatchObject({ status: 'done', last_error: null });
    expect(byN.get(2)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'the server refused message 2' });
  });
});
