import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, JobQueue } from '../../src/core/jobs.js';
import { createTestDb, DIALECTS, type TestDb } from '../helpers.js';

/**
 * A handler reads what the jobs of its batch need in one statement from their payloads
 * (BatchReads.payloadsOf): it is given the payloads as they were enqueued, those of the kinds it
 * asks for only, and nothing for a payload that is not JSON.
 */
describe.each(DIALECTS)("a batch's payloads (%s)", (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.cleanup());

  it('are the payloads enqueued, of the kinds asked for', async () => {
    const queue = new JobQueue(t.db);
    const seen: unknown[][] = [];
    queue.register(
      'mail',
      async (_payload, job) => {
        seen.push(job.batch.payloadsOf(['mail']));
      },
      { readsOnly: true },
    );
    queue.register('other', async () => {}, { readsOnly: true });
    await enqueueJob(t.db.k, 'mail', { registrationId: 'r1' });
    await enqueueJob(t.db.k, 'other', { registrationId: 'elsewhere' });
    await enqueueJob(t.db.k, 'mail', { registrationId: 'r2' });
    await t.db.k
      .insertInto('jobs')
      .values({
        id: 'not-json',
        kind: 'mail',
        payload: '{not json',
        run_at: new Date().toISOString(),
        status: 'pending',
        attempts: 0,
        max_attempts: 1,
        locked_until: null,
        locked_by: null,
        last_error: null,
        dedupe_key: null,
        created_at: new Date().toISOString(),
        finished_at: null,
        request_id: null,
      })
      .execute();
    expect(await queue.runDue()).toBe(4);
    expect(seen.length).toBe(2);
    for (const payloads of seen) {
      expect(payloads.filter((p) => p !== undefined)).toEqual(expect.arrayContaining([{ registrationId: 'r1' }, { registrationId: 'r2' }]));
      expect(payloads).toHaveLength(3);
      expect(payloads).toContain(undefined);
    }
  });
});
