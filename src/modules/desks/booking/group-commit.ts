import type { Transaction } from 'kysely';
import type { Db } from '../../../db/index.js';
import type { Database } from '../../../db/schema.js';
import * as repo from '../repo.js';

/**
 * Group commit of desk bookings on SQLite: the bookings that arrive during one turn of the event
 * loop run in one write transaction, each in its own savepoint, so a refusal (the slot taken, the
 * per-person limit) rolls back that booking only. A commit writes every changed page to the
 * write-ahead log, and the pages of the places taken, the appointments and the jobs are largely the
 * same for all of them: one commit instead of fifty. Each caller is answered once the shared
 * transaction has committed. PostgreSQL keeps one transaction per booking (repo.transaction): a
 * group there would hold the rows of the places taken while every booking of the group runs.
 *
 * If the shared transaction itself fails (SQLite busy because another process writes, or the
 * commit refused), nothing of the group is kept and each booking runs again on its own, with
 * repo.transaction's retries.
 *
 * This is the long way's group, whose bookings await each statement through Kysely; the short way
 * (repo.bookPlainOp) is an operation of db/op-driver.ts and joins that driver's synchronous group.
 */

type Body<T> = (trx: Transaction<Database>) => Promise<T>;

interface Waiting {
  fn: Body<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

const queues = new WeakMap<Db, Waiting[]>();

export function groupedTransaction<T>(db: Db, fn: Body<T>): Promise<T> {
  if (db.dialect !== 'sqlite') return repo.transaction(db, fn);
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      const fresh: Waiting[] = [];
      queue = fresh;
      queues.set(db, fresh);
      setImmediate(() => {
        queues.delete(db);
        void flush(db, fresh);
      });
    }
    queue.push({ fn: fn as Body<unknown>, resolve: resolve as (value: unknown) => void, reject });
  });
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

async function flush(db: Db, group: Waiting[]): Promise<void> {
  if (group.length === 1) {
    const [only] = group;
    repo.transaction(db, only.fn).then(only.resolve, only.reject);
    return;
  }
  let outcomes: Outcome[];
  try {
    outcomes = await runGroup(db, group);
  } catch {
    // Nothing of the group was kept: each booking on its own, as if it had come alone.
    for (const w of group) repo.transaction(db, w.fn).then(w.resolve, w.reject);
    return;
  }
  for (const [i, o] of outcomes.entries()) {
    if (o.ok) group[i].resolve(o.value);
    else group[i].reject(o.error);
  }
}

async function runGroup(db: Db, group: Waiting[]): Promise<Outcome[]> {
  const trx = await db.k.startTransaction().execute();
  try {
    const outcomes: Outcome[] = [];
    for (const [i, w] of group.entries()) {
      const name = `booking${i}`;
      const sp = await trx.savepoint(name).execute();
      try {
        const value = await w.fn(sp);
        await sp.releaseSavepoint(name).execute();
        outcomes.push({ ok: true, value });
      } catch (error) {
        // Busy is the transaction's, not the booking's: the group is given up and run again one by one.
        if (isBusy(error)) throw error;
        await sp.rollbackToSavepoint(name).execute();
        await sp.releaseSavepoint(name).execute();
        outcomes.push({ ok: false, error });
      }
    }
    await trx.commit().execute();
    return outcomes;
  } catch (err) {
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    throw err;
  }
}
