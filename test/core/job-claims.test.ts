import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/core/jobs.js';
import { addMs, nowIso, setClockOffset } from '../../src/core/time.js';
import { createTestDb, DIALECTS, type TestDb } from '../helpers.js';

/**
 * What a worker claims: the jobs due, earliest first, batch after batch; the jobs of a process that
 * stopped while running them once their lease has lapsed; nothing before it is due or while
 * another worker's lease holds.
 */
describe.each(DIALECTS)('claiming jobs (%s)', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.cleanup());
  afterEach(async () => {
    setClockOffset(0);
    await t.db.k.deleteFrom('jobs').execute();
  });

  function recording(): { queue: JobQueue; ran: number[] } {
    const queue = new JobQueue(t.db);
    const ran: number[] = [];
    queue.register('count', async (payload) => {
      ran.push((payload as { n: number }).n);
    });
    return { queue, ran };
  }

  it('runs the jobs due in the order they fell due, over several batches, and none that is not due yet', async () => {
    const { queue, ran } = recording();
    const base = Date.parse(nowIso());
    // Enqueued out of order: n is the order in which they fell due.
    for (const n of [4, 0, 6, 2, 5, 1, 3]) {
      await queue.enqueue(t.db.k, 'count', { n }, { runAt: new Date(base - (10 - n) * 60_000).toISOString() });
    }
    await queue.enqueue(t.db.k, 'count', { n: 99 }, { runAt: addMs(nowIso(), 3_600_000) });
    expect(await queue.runDue(3)).toBe(7);
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const waiting = await t.db.k.selectFrom('jobs').select(['status']).where('status', '=', 'pending').execute();
    expect(waiting).toHaveLength(1);
  });

  it('takes over a job whose worker stopped once its lease has lapsed, not before', async () => {
    const { queue, ran } = recording();
    await queue.enqueue(t.db.k, 'count', { n: 1 });
    // Another process claimed it and stopped without finishing: running, leased for five minutes.
    await t.db.k
      .updateTable('jobs')
      .set({ status: 'running', attempts: 1, locked_by: 'gone:1', locked_until: addMs(nowIso(), 300_000) })
      .execute();
    await queue.enqueue(t.db.k, 'count', { n: 2 });
    expect(await queue.runDue()).toBe(1);
    expect(ran).toEqual([2]);
    setClockOffset(301_000);
    expect(await queue.runDue()).toBe(1);
    expect(ran).toEqual([2, 1]);
    const rows = await t.db.k.selectFrom('jobs').select(['status', 'attempts']).orderBy('created_at').execute();
    expect(rows.map((r) => [r.status, Number(r.attempts)])).toEqual([
      ['done', 2],
      ['done', 1],
    ]);
  });
});
