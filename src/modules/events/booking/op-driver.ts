import type SQLite from 'better-sqlite3';
import { CompiledQuery, type Transaction } from 'kysely';
import type { Db } from '../../../db/index.js';
import type { Database } from '../../../db/schema.js';

/**
 * How the booking engine's operations (booking.ts) run, in one transaction each.
 *
 * One code for both dialects: each operation is a generator that yields SQL (with `?` placeholders)
 * and receives the rows. On SQLite a synchronous driver runs it inside one better-sqlite3
 * transaction (no await between statements: the hot path costs a few microseconds per statement);
 * on PostgreSQL an async driver runs it inside a Kysely transaction.
 */

export type Row = Record<string, unknown>;
interface Query {
  sql: string;
  params: unknown[];
}
interface Result {
  rows: Row[];
  changes: number;
}
export type Op<T> = Generator<Query, T, Result>;

/** One statement of an operation (`?` placeholders): the driver runs it and hands back the rows. */
export function* q(sql: string, ...params: unknown[]): Op<Result> {
  return yield { sql, params };
}
/** The first row of one statement, if any. */
export function* one(sql: string, ...params: unknown[]): Op<Row | undefined> {
  return (yield* q(sql, ...params)).rows[0];
}

/** Thrown inside an operation to roll it back and report why (the service turns it into a Problem). */
export class Refusal extends Error {
  constructor(
    public readonly code:
      | 'not-found'
      | 'gone'
      | 'unavailable'
      | 'no-seats'
      | 'too-many-seats'
      | 'not-offered'
      | 'offer-expired'
      | 'below-taken'
      | 'already-cancelled'
      /** The person already has a booking of the event a move was asked to. */
      | 'already-booked'
      /** The event asks for more than a plain booking (invitation, questions, a child): check its form first. */
      | 'form',
    public readonly data: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

// ---------- drivers ----------

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface SqliteRunner {
  statements: Map<string, SQLite.Statement>;
  tx: SQLite.Transaction<(op: Op<unknown>) => unknown>;
  /** Several operations in one transaction, each in a savepoint (a nested `tx`). */
  batch: SQLite.Transaction<(items: Waiting[]) => Outcome[]>;
}
const sqliteRunners = new WeakMap<SQLite.Database, SqliteRunner>();

function sqliteRunner(handle: SQLite.Database): SqliteRunner {
  let runner = sqliteRunners.get(handle);
  if (runner) return runner;
  const statements = new Map<string, SQLite.Statement>();
  const drive = (op: Op<unknown>): unknown => {
    let step = op.next();
    while (!step.done) {
      const { sql, params } = step.value;
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = handle.prepare(sql);
        statements.set(sql, stmt);
      }
      if (stmt.reader) {
        const rows = stmt.all(...params) as Row[];
        step = op.next({ rows, changes: rows.length });
      } else {
        step = op.next({ rows: [], changes: stmt.run(...params).changes });
      }
    }
    return step.value;
  };
  const tx = handle.transaction(drive);
  const batch = handle.transaction((items: Waiting[]): Outcome[] =>
    items.map((item) => {
      try {
        return { ok: true, value: tx(item.make()) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  runner = { statements, tx, batch };
  sqliteRunners.set(handle, runner);
  return runner;
}

const pgText = new Map<string, string>();
function toPg(sql: string): string {
  let text = pgText.get(sql);
  if (!text) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    pgText.set(sql, text);
  }
  return text;
}

async function drivePg<T>(trx: Transaction<Database>, op: Op<T>): Promise<T> {
  let step = op.next();
  while (!step.done) {
    const res = await trx.executeQuery<Row>(CompiledQuery.raw(toPg(step.value.sql), step.value.params));
    step = op.next({ rows: res.rows, changes: Number(res.numAffectedRows ?? res.rows.length) });
  }
  return step.value;
}

interface Waiting {
  make: () => Op<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}
const waiting = new WeakMap<SQLite.Database, Waiting[]>();

/**
 * Group commit on SQLite: the operations that arrive during one turn of the event loop (fifty
 * people booking at once) run in one write transaction, each in its own savepoint, so a refusal
 * rolls back that operation only. A commit writes the changed pages to the WAL, and the pages of
 * the event's row, the registrations and the jobs are the same for all of them: one commit
 * instead of fifty. Each caller is answered once the shared transaction has committed.
 */
function groupCommit(db: Db, handle: SQLite.Database, runner: SqliteRunner, make: () => Op<unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let queue = waiting.get(handle);
    if (!queue) {
      queue = [];
      waiting.set(handle, queue);
      setImmediate(() => {
        waiting.delete(handle);
        flush(db, runner, queue as Waiting[]);
      });
    }
    queue.push({ make, resolve, reject });
  });
}

function flush(db: Db, runner: SqliteRunner, batch: Waiting[]): void {
  // Kysely's connection mutex: no Kysely transaction is half-way through on this handle meanwhile.
  db.k
    .connection()
    .execute(async () => runner.batch.immediate(batch))
    .then(
      (outcomes) => {
        for (const [i, o] of outcomes.entries()) {
          if (o.ok) batch[i].resolve(o.value);
          else batch[i].reject(o.error);
        }
      },
      (err) => {
        for (const w of batch) w.reject(err);
      },
    );
}

/**
 * Runs an operation in one transaction. Pass `trx` to run it inside a transaction already open
 * (e.g. an event update that also changes capacity); on SQLite it then becomes a savepoint.
 */
export async function runOp<T>(db: Db, make: () => Op<T>, trx?: Transaction<Database>): Promise<T> {
  if (db.sqlite) {
    const runner = sqliteRunner(db.sqlite);
    // Inside an open Kysely transaction we already hold the one connection: run straight away.
    if (trx) return runner.tx(make()) as T;
    return groupCommit(db, db.sqlite, runner, make as () => Op<unknown>) as Promise<T>;
  }
  if (trx) return drivePg(trx, make());
  return db.k.transaction().execute((t) => drivePg(t, make()));
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
