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

/** One figure's result in one dialect: a JSON line on stdout, a line of the summary. */
export interface ResultRow {
  figure: string;
  dialect: Dialect;
  rps?: number;
  p50_ms?: number;
  p99_ms?: number;
  requests?: number;
  non2xx?: number;
  errors?: number;
  timeouts?: number;
  bare_rps?: number;
  ratio?: number;
  /** For figures that write: the bare one-row write route's rate on the same dialect in the same run, and the figure's share of it. */
  write_rps?: number;
  write_ratio?: number;
  connections: number;
  duration_s: number;
  peak_rss_mb?: number | null;
  /** Start to first answer: each start of the compiled build, in ms, and their median and maximum. */
  start_runs_ms?: number[];
  start_median_ms?: number;
  start_max_ms?: number;
  /** The backlog drain (bench/backlog-drain.ts): seconds of booking, jobs due when it stopped, seconds until none was due (null: not within the limit). */
  booking_s?: number;
  backlog_jobs?: number;
  drain_s?: number | null;
  drain_limit_s?: number;
  jobs_left?: number;
  error?: string;
}
