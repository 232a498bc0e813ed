import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * The better-sqlite3 handle as Kysely's SQLite dialect sees it, with prepared statements kept.
 *
 * Kysely's driver prepares every query it runs: SQLite parses and plans the SQL again each time,
 * which was a tenth of an event page's time. The query builder produces the same SQL text for the
 * same query shape, so statements are kept by text, the most recently added `max` of them (lists of
 * varying length, `in (?, ?, …)`, make new texts). A statement runs synchronously and is reset after
 * each `all` or `run`, so sharing one is safe; `iterate` (Kysely's `stream()`) keeps a statement
 * busy until the iteration ends, so it gets a fresh one. SQLite re-prepares a kept statement by
 * itself when the schema changes (a migration).
 */
export function keepingStatements(handle: SQLite.Database, max = 500): SqliteDatabase {
  const kept = new Map<string, SqliteStatement>();
  return {
    close: () => handle.close(),
    prepare(sql: string): SqliteStatement {
      let stmt = kept.get(sql);
      if (stmt) return stmt;
      const prepared = handle.prepare(sql);
      stmt = {
        reader: prepared.reader,
        all: (parameters) => prepared.all(parameters),
        run: (parameters) => prepared.run(parameters),
        iterate: (parameters) => handle.prepare(sql).iterate(parameters) as IterableIterator<unknown>,
      };
      if (kept.size >= max) kept.delete(kept.keys().next().value as string);
      kept.set(sql, stmt);
      return stmt;
    },
  };
}

const keptOnHandle = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/**
 * A prepared statement of a better-sqlite3 handle, kept by its text: for code that writes
 * synchronously on the handle (inside a group commit) rather than through Kysely, whose own
 * statements `keepingStatements` keeps. At most `max` texts a handle, the oldest dropped first.
 */
export function keptStatement(handle: SQLite.Database, sql: string, max = 300): SQLite.Statement {
  let kept = keptOnHandle.get(handle);
  if (!kept) {
    kept = new Map();
    keptOnHandle.set(handle, kept);
  }
  let stmt = kept.get(sql);
  if (!stmt) {
    stmt = handle.prepare(sql);
    if (kept.size >= max) kept.delete(kept.keys().next().value as string);
    kept.set(sql, stmt);
  }
  return stmt;
}
