import type SQLite from 'better-sqlite3';
import { CompiledQuery, type Transaction } from 'kysely';
import type { Db } from './index.js';
import type { Database } from './schema.js';
import { keptStatement } from './statements.js';

/**
 * Operations written once for both dialects, each run in one transaction: an operation is a
 * generator that yields SQL (with `?` placeholders) and receives the rows. On SQLite a synchronous
 * driver runs it on better-sqlite3's handle (no await between statements: a statement costs a few
 * microseconds, not a promise), inside the group commit below; on PostgreSQL an async driver runs
 * it inside a Kysely transaction. A statement that fails is thrown back into the operation at its
 * `yield`, so an operation may turn a database error into an outcome of its own.
 */

export type Row = Record<string, unknown>;
export interface Statement {
  sql: string;
  params: unknown[];
}
export interface Result {
  rows: Row[];
  changes: number;
}
export type Op<T> = Generator<Statement, T, Result>;

/** One statement of an operation (`?` placeholders): the driver runs it and hands back the rows. */
export function* q(sql: string, ...params: unknown[]): Op<Result> {
  return yield { sql, params };
}
/** The first row of one statement, if any. */
export function* one(sql: string, ...params: unknown[]): Op<Row | undefined> {
  return (yield* q(sql, ...params)).rows[0];
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// ---------- SQLite ----------

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Waiting {
  make: () => Op<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface SqliteRunner {
  /** One operation in one transaction, or in a savepoint when a transaction is open. */
  tx: SQLite.Transaction<(op: Op<unknown>) => unknown>;
  /** Several operations in one transaction, each in a savepoint (a nested `tx`). */
  batch: SQLite.Transaction<(items: Waiting[]) => Outcome[]>;
  /** Several operations in one transaction without savepoints: the first that throws rolls back all (`OpFailed`). */
  straight: SQLite.Transaction<(items: Waiting[]) => Outcome[]>;
}

/** What `straight` throws when an operation (not the transaction) failed: the group runs again with savepoints. */
class OpFailed extends Error {}
const sqliteRunners = new WeakMap<SQLite.Database, SqliteRunner>();

function driveSqlite(handle: SQLite.Database, op: Op<unknown>): unknown {
  let step = op.next();
  while (!step.done) {
    const { sql, params } = step.value;
    let result: Result;
    try {
      const stmt = keptStatement(handle, sql);
      if (stmt.reader) {
        const rows = stmt.all(...params) as Row[];
        result = { rows, changes: rows.length };
      } else {
        result = { rows: [], changes: stmt.run(...params).changes };
      }
    } catch (err) {
      step = op.throw(err);
      continue;
    }
    step = op.next(result);
  }
  return step.value;
}

function sqliteRunner(handle: SQLite.Database): SqliteRunner {
  let runner = sqliteRunners.get(handle);
  if (runner) return runner;
  const tx = handle.transaction((op: Op<unknown>) => driveSqlite(handle, op));
  const batch = handle.transaction((items: Waiting[]): Outcome[] =>
    items.map((item) => {
      try {
        return { ok: true, value: tx(item.make()) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  const straight = handle.transaction((items: Waiting[]): Outcome[] =>
    items.map((item) => {
      try {
        return { ok: true, value: driveSqlite(handle, item.make()) };
      } catch {
        throw new OpFailed();
      }
    }),
  );
  runner = { tx, batch, straight };
  sqliteRunners.set(handle, runner);
  return runner;
}

const waiting = new WeakMap<SQLite.Database, Waiting[]>();

/**
 * Group commit on SQLite: the operations that arrive during one turn of the event loop (fifty
 * people booking at once) run in one write transaction, each in its own savepoint, so an operation
 * that throws rolls back its own writes only. A commit writes the changed pages to the WAL, and
 * the pages that bookings change are largely the same for all of them (the row counting the
 * places, the bookings' table, the jobs): one commit instead of fifty. Each caller is answered
 * once the shared transaction has committed; if the transaction itself fails (busy because another
 * process writes, or the commit refused), nothing of the group is kept and every caller gets that
 * error.
 */
function groupCommit(db: Db, handle: SQLite.Database, make: () => Op<unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let queue = waiting.get(handle);
    if (!queue) {
      const fresh: Waiting[] = [];
      queue = fresh;
      waiting.set(handle, fresh);
      setImmediate(() => {
        waiting.delete(handle);
        flush(db, sqliteRunner(handle), fresh);
      });
    }
    queue.push({ make, resolve, reject });
  });
}

/**
 * A savepoint costs two statements more per operation, and operations are rarely refused: a group
 * runs first without them, and only when one of its operations throws is everything rolled back
 * and the group run again, each operation in its own savepoint. An operation alone needs none:
 * the transaction is its own.
 */
function runGroup(runner: SqliteRunner, group: Waiting[]): Outcome[] {
  if (group.length === 1) {
    try {
      return [{ ok: true, value: runner.tx.immediate(group[0].make()) }];
    } catch (error) {
      return [{ ok: false, error }];
    }
  }
  try {
    return runner.straight.immediate(group);
  } catch (err) {
    if (!(err instanceof OpFailed)) throw err;
    return runner.batch.immediate(group);
  }
}

function flush(db: Db, runner: SqliteRunner, group: Waiting[]): void {
  // Kysely's connection mutex: no Kysely transaction is half-way through on this handle meanwhile.
  db.k
    .connection()
    .execute(async () => runGroup(runner, group))
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

// ---------- PostgreSQL ----------

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

/** Runs an operation's statements one after the other through `run`, awaiting each. */
async function driveAsync<T>(op: Op<T>, run: (sql: string, params: unknown[], n: number) => Promise<Result>): Promise<T> {
  let step = op.next();
  for (let n = 0; !step.done; n++) {
    let result: Result;
    try {
      result = await run(step.value.sql, step.value.params, n);
    } catch (err) {
      step = op.throw(err);
      continue;
    }
    step = op.next(result);
  }
  return step.value;
}

function drivePg<T>(trx: Transaction<Database>, op: Op<T>): Promise<T> {
  return driveAsync(op, async (sql, params) => {
    const res = await trx.executeQuery<Row>(CompiledQuery.raw(toPg(sql), params));
    return { rows: res.rows, changes: Number(res.numAffectedRows ?? res.rows.length) };
  });
}

// ---------- running an operation ----------

/**
 * Runs an operation in one transaction. Pass `trx` to run it inside a transaction already open
 * (e.g. an event update that also changes capacity); on SQLite it then becomes a savepoint.
 */
export async function runOp<T>(db: Db, make: () => Op<T>, trx?: Transaction<Database>): Promise<T> {
  if (db.sqlite) {
    // Inside an open Kysely transaction we already hold the one connection: run straight away.
    if (trx) return sqliteRunner(db.sqlite).tx(make()) as T;
    return groupCommit(db, db.sqlite, make) as Promise<T>;
  }
  if (trx) return drivePg(trx, make());
  return db.k.transaction().execute((t) => drivePg(t, make()));
}

/**
 * Runs an operation that yields one statement on PostgreSQL: a statement is atomic by itself, so
 * it goes without BEGIN and COMMIT around it, one round trip instead of three. On SQLite the
 * operation may yield several and joins the group commit as runOp's do.
 */
export async function runStatementOp<T>(db: Db, make: () => Op<T>): Promise<T> {
  if (db.sqlite) return groupCommit(db, db.sqlite, make) as Promise<T>;
  const pool = db.pg;
  if (!pool) return runOp(db, make);
  return driveAsync(make(), async (sql, params, n) => {
    if (n > 0) throw new Error('runStatementOp: an operation outside a transaction yielded a second statement');
    const res = await pool.query<Row>({ name: statementName(sql), text: toPg(sql), values: params });
    return { rows: res.rows, changes: res.command === 'SELECT' ? res.rows.length : Number(res.rowCount ?? res.rows.length) };
  });
}

/**
 * Statements run alone are prepared once on each connection, under a name of their own: the
 * server parses and plans a long statement (a booking's CTEs) once, and each run sends only its
 * values. Names are per process and per text, so one name never stands for two texts.
 */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `ponte_op_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}
