import type SQLite from 'better-sqlite3';
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

// ---------- synchronous bookings ----------

interface SyncWaiting {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

const syncQueues = new WeakMap<Db, SyncWaiting[]>();
const syncRunners = new WeakMap<SQLite.Database, SQLite.Transaction<(group: SyncWaiting[]) => Outcome[]>>();

/**
 * The same group commit for a booking written as synchronous statements on better-sqlite3's
 * handle (repo.bookPlainSqlite): the group is one write transaction and each booking a nested one
 * (a savepoint), with no await between statements, so a booking costs its statements and not a
 * promise per statement. A booking that throws rolls back its own savepoint only; if the shared
 * transaction fails (busy, another process writing), every booking of the group is rejected with
 * that error and nothing of it is kept.
 */
export function groupedSync<T>(db: Db, fn: () => T): Promise<T> {
  const handle = db.sqlite;
  if (!handle) return Promise.reject(new Error('groupedSync needs SQLite'));
  return new Promise<T>((resolve, reject) => {
    let queue = syncQueues.get(db);
    if (!queue) {
      const fresh: SyncWaiting[] = [];
      queue = fresh;
      syncQueues.set(db, fresh);
      setImmediate(() => {
        syncQueues.delete(db);
        flushSync(db, handle, fresh);
      });
    }
    queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
  });
}

function syncRunner(handle: SQLite.Database): SQLite.Transaction<(group: SyncWaiting[]) => Outcome[]> {
  let runner = syncRunners.get(handle);
  if (!runner) {
    const one = handle.transaction((fn: () => unknown) => fn());
    runner = handle.transaction((group: SyncWaiting[]): Outcome[] =>
      group.map((w) => {
        try {
          return { ok: true, value: one(w.fn) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
    syncRunners.set(handle, runner);
  }
  return runner;
}

function flushSync(db: Db, handle: SQLite.Database, group: SyncWaiting[]): void {
  const runner = syncRunner(handle);
  // Kysely's connection mutex: no Kysely transaction is half-way through on this handle meanwhile.
  db.k
    .connection()
    .execute(async () => runner.immediate(group))
    .then(
      (outcomes) => {
        for (const [i, o] of outcomes.entries()) {
          if (o.ok) group[i].resolve(o.value);
          else group[i].reject(o.error);
        }
      },
      (err) => {
        for (const w of group) w.reject(err);
      },
    );
}
