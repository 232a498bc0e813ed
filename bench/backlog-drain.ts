import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { BENCH_HOST } from './child.js';
import bookings from './figures/bookings.js';
import { meetingAtCoiano } from './figures/meeting.js';
import { type LoadTerms, type Measurement, measure } from './load.js';
import { peakRssOf } from './processes.js';
import { answers, buildOnce, freePort, startInstalled } from './start-time.js';
import type { BenchContext, FigureLoad } from './types.js';

/**
 * Event bookings as installed, and the job backlog they leave: the compiled build started as an
 * install starts it (`node dist/main.js serve`, production settings, jobs in the same process,
 * the e-mails written to an outbox directory as when no SMTP_URL is set), booked at full speed
 * for `bookingSeconds` (60 by default); then the time until the `jobs` table has nothing due and
 * nothing running. The operations issue's goal: drained within as long as the booking lasted,
 * p99 < 50 ms while booking. Only the figure's own jobs are counted: those the preparation of
 * other figures left due (the bench's other servers run no jobs) are moved a year ahead first.
 */

const POLL_MS = 200;

export interface Drain {
  m: Measurement;
  booking_s: number;
  /** Jobs due or running when the booking stopped. */
  backlog_jobs: number;
  /** Seconds from the end of the booking until no job was due or running; null when not within the limit. */
  drain_s: number | null;
  drain_limit_s: number;
  /** Jobs still due or running at the limit (0 when drained). */
  jobs_left: number;
  peak_rss_mb: number | null;
}

/** Jobs due now or running, counted from the harness's own connection. */
async function dueJobs(ctx: BenchContext): Promise<number> {
  const now = new Date().toISOString();
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from jobs where (status = 'pending' and run_at <= ${now}) or status = 'running'`.execute(ctx.db.k);
  return Number(rows[0]?.n ?? 0);
}

/** Events the bookings go round: an event takes at most 100,000 seats, a quiet machine books more in a minute. */
const EVENTS = 8;

/** Prepares the figure's events (before any server runs, like the other figures' data). */
export async function prepareDrain(ctx: BenchContext): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const title = `Incontro ${i + 1} per il benchmark dello smaltimento dei lavori`;
    ids.push(await meetingAtCoiano(ctx, 30, { title, capacity: 100_000, maxSeatsPerBooking: 4 }));
  }
  return ids;
}

/** The bookings figure's request, a new person each time, on the events in turn. */
function bookingLoad(eventIds: string[]): FigureLoad {
  let n = 0;
  const template = bookings.requests({} as BenchContext, eventIds[0]);
  return {
    ...template,
    idReplacement: false,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const i = n++;
          return {
            ...req,
            path: `/api/v1/events/${eventIds[i % eventIds.length]}/registrations`,
            body: JSON.stringify({ name: 'Persona di prova', email: `persona-${i}@example.org`, seats: 1 }),
          };
        },
      },
    ],
  };
}

export async function measureBacklogDrain(ctx: BenchContext, eventIds: string[], terms: LoadTerms, bookingSeconds: number): Promise<Drain> {
  await buildOnce();
  const later = new Date(Date.now() + 365 * 86_400_000).toISOString();
  const now = new Date().toISOString();
  await sql`update jobs set run_at = ${later} where status = 'pending' and run_at <= ${now}`.execute(ctx.db.k);

  const port = await freePort();
  const outbox = mkdtempSync(join(tmpdir(), 'ponte-bench-outbox-'));
  const server = startInstalled(
    ctx.databaseUrl,
    port,
    {
      BASE_URL: `http://${BENCH_HOST}:${port}`,
      // One client sends every booking: the public rate limit would refuse most of them.
      RATE_LIMIT_MAX: '0',
      OUTBOX_DIR: outbox,
      WORKERS: 'true',
      // The log lines (JSON, as installed) are written and thrown away.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    benchNodeArgs(),
  );
  const baseUrl = `http://${BENCH_HOST}:${port}`;
  try {
    const started = performance.now();
    while (!(await answers(`${baseUrl}/readyz`))) {
      if (server.exitCode() !== undefined)
        throw new Error(`dist/main.js serve exited with code ${server.exitCode()} before answering /readyz`);
      if (performance.now() - started > 60_000) throw new Error('dist/main.js serve did not answer /readyz within 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const load = bookingLoad(eventIds);
    const m = await measure(baseUrl, load, { ...terms, duration: bookingSeconds });
    const stopped = performance.now();
    const backlog = await dueJobs(ctx);
    let left = backlog;
    let drained: number | null = left === 0 ? 0 : null;
    while (drained === null && performance.now() - stopped < bookingSeconds * 1000) {
      if (server.exitCode() !== undefined) throw new Error(`dist/main.js serve exited with code ${server.exitCode()} while draining`);
      await new Promise((r) => setTimeout(r, POLL_MS));
      left = await dueJobs(ctx);
      if (left === 0) drained = Math.round((performance.now() - stopped) / 100) / 10;
    }
    return {
      m,
      booking_s: terms.warmup + bookingSeconds,
      backlog_jobs: backlog,
      drain_s: drained,
      drain_limit_s: bookingSeconds,
      jobs_left: left,
      peak_rss_mb: peakRssOf(server.child.pid!),
    };
  } finally {
    await server.stop();
    rmSync(outbox, { recursive: true, force: true });
  }
}

/** BENCH_NODE_ARGS, as the other servers get them (e.g. --cpu-prof). */
function benchNodeArgs(): string[] {
  return (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}
