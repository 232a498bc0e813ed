import type autocannon from 'autocannon';
import type { Db, Dialect } from '../src/db/index.js';
import type { DemoIds } from '../src/demo/seed.js';

/** What a figure sees while it prepares data and describes its load. */
export interface BenchContext {
  dialect: Dialect;
  /** The benchmark database, opened by the harness; use it (through the services) to prepare data. */
  db: Db;
  /** The DATABASE_URL the measured server process opens. */
  databaseUrl: string;
  /** Ids of the demo programme seeded into every benchmark database. */
  demo: DemoIds;
}

/**
 * The load of one figure: a path on the server under test plus the autocannon request options.
 * The harness adds the address, connections and duration, so every figure runs under the same terms.
 */
export type FigureLoad = Pick<autocannon.Options, 'method' | 'headers' | 'body' | 'requests' | 'idReplacement'> & {
  /** Path and query of the request, e.g. '/api/v1/municipalities?q=san'. */
  path: string;
  /**
   * Before measuring, the harness sends the request once and refuses to measure unless the answer
   * is 2xx (a figure of 404s is no figure). Set false for loads whose first request is not
   * representative on its own (e.g. a `requests` sequence).
   */
  probe?: boolean;
  /**
   * Concurrent connections for this figure instead of the run's (e.g. a staff page a handful of
   * people open at once, not fifty citizens).
   */
  connections?: number;
};

/**
 * One benchmark figure: a small module in bench/figures/, listed in bench/run.ts.
 * `prepare` runs once per dialect before the server starts; what it returns is handed to `requests`.
 */
export interface Figure<P = unknown> {
  /** Printed in the JSON line and matched by `--only`. */
  name: string;
  /**
   * A figure that writes one thing per request (a booking) is printed beside the SQLite write
   * yardstick too: one row inserted in one Kysely transaction behind a bare route (bench/bare-write.ts).
   */
  writes?: boolean;
  prepare?(ctx: BenchContext): Promise<P> | P;
  requests(ctx: BenchContext, prepared: P): FigureLoad;
}

/** Identity helper that infers the type `prepare` returns, so `requests` receives it typed. */
export function defineFigure<P = undefined>(figure: Figure<P>): Figure<P> {
  return figure;
}
