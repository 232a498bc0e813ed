import { hostname } from 'node:os';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Db } from '../db/index.js';
import type { Database, JobTable } from '../db/schema.js';
import { newId } from './ids.js';
import { currentRequestId, type JobLog, redactText } from './logging.js';
import { addMs, nowIso } from './time.js';

/**
 * Background work lives in the `jobs` table, so it survives restarts and is shared by every
 * process: e-mails, reminders, webhooks, anonymisation. Enqueue inside the transaction that
 * causes the work (a booking and its confirmation e-mail commit together or not at all).
 *
 * Delivery is at-least-once with one guarantee that matters to citizens: a job that finished is
 * never run again, and two processes never run the same job at the same time (PostgreSQL claims
 * with FOR UPDATE SKIP LOCKED; SQLite serialises writers, so its single UPDATE … RETURNING is
 * already exclusive).
 */
export type JobHandler = (payload: unknown, job: JobRun) => Promise<void>;

/** What a handler is told of the job it runs. */
export interface JobRun {
  id: string;
  attempts: number;
  kind: string;
  batch: BatchReads;
  /**
   * Hands over the last part of the job (a message on its way to the outbox or the SMTP server)
   * so the next job of the batch can start meanwhile: the job counts as done only once it has
   * settled, and as failed if it fails, so a process killed meanwhile leaves the job to run again.
   */
  finishing(work: Promise<void>): void;
}

/**
 * Reads shared by the jobs of one claimed batch: fifty confirmations of one event's bookings read
 * the event, its venue and its organisation once instead of fifty times. A value is as fresh as the
 * batch (it lives while the batch runs, well under a second for mail); a read that fails is
 * forgotten, so the next job of the batch tries again.
 */
export class BatchReads {
  private values = new Map<string, Promise<unknown>>();

  /** The batch's jobs, so a handler can read what all of them need in one statement (see payloadsOf). */
  constructor(private readonly jobs: readonly { kind: string; payload: unknown }[] = []) {}

  /** The payloads of the batch's jobs of these kinds. */
  payloadsOf(kinds: readonly string[]): unknown[] {
    return this.jobs.filter((j) => kinds.includes(j.kind)).map((j) => j.payload);
  }

  /** Forgets every value read: a job that may have changed what they hold ran. */
  clear(): void {
    this.values.clear();
  }

  get<T>(key: string, read: () => Promise<T>): Promise<T> {
    let value = this.values.get(key) as Promise<T> | undefined;
    if (!value) {
      value = read();
      this.values.set(key, value);
      value.catch(() => this.values.delete(key));
    }
    return value;
  }
}

/** Thrown by a handler when trying again cannot help (an SMS to a number that does not exist): the job fails at once. */
export class PermanentJobError extends Error {}

export interface EnqueueOptions {
  /** Earliest run time (ISO instant); default now. */
  runAt?: string;
  /** A job with the same key is never enqueued twice; the second enqueue is a no-op. */
  dedupeKey?: string;
  maxAttempts?: number;
}

type Executor = Kysely<Database> | Transaction<Database>;

/** Retry delay after the n-th failed attempt: 30 s, 1 min, 2 min … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

const LEASE_MS = 5 * 60 * 1000;

/**
 * Jobs claimed at once. A backlog of confirmations is mostly about a few events: the more jobs a
 * batch holds, the more of its reads (the event, the registrations) are shared, and the fewer the
 * claims and the done-markings; 200 mails still leave their batch in well under a minute.
 */
const BATCH = 200;

/**
 * Jobs claimed at once when requests came in during the batch before (see noteRequest): a batch's
 * claim, shared reads and done-marking are each one statement that holds the loop on SQLite for as
 * long as it takes, so under a rush they are kept small; once the requests stop, the backlog goes
 * in batches of BATCH again.
 */
const BATCH_WHILE_BUSY = 50;

/** A slice of jobs lasts this share of the event loop's turn before it (see makeWay): a third of the time under a rush. */
const JOB_SHARE = 0.5;

/** Jobs of a batch whose last part (see JobRun.finishing) may be under way at once. */
const FINISHING_AT_ONCE = 64;

/** A job whose handler returned, waiting on what it handed to `finishing`: each settles to its error, or null. */
interface Finishing {
  job: JobTable;
  errors: Promise<unknown>[];
}

/**
 * Finished jobs are kept this long (to read what happened, and so a dedupe key keeps a repeated
 * enqueue a no-op while it could still matter), then deleted: every booking leaves a few rows.
 */
export const FINISHED_JOBS_KEPT_DAYS = 30;
const PURGE_EVERY_MS = 3_600_000;

/**
 * Adds a job; pass the open transaction so the job commits with the change that caused it. Needs no
 * queue: code that has only the database (a service called from the command line) can enqueue too.
 */
export async function enqueueJob(executor: Executor, kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<void> {
  const now = nowIso();
  const row = {
    id: newId(),
    kind,
    payload: JSON.stringify(payload),
    run_at: opts.runAt ?? now,
    status: 'pending' as const,
    attempts: 0,
    max_attempts: opts.maxAttempts ?? 8,
    locked_until: null,
    locked_by: null,
    last_error: null,
    dedupe_key: opts.dedupeKey ?? null,
    created_at: now,
    finished_at: null,
    // The request that caused the work, so the job's log lines can be read beside the request's.
    request_id: currentRequestId(),
  };
  await executor
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/**
 * Deletes the pending jobs whose dedupe key starts with one of `prefixes`: the work queued about
 * one record (its e-mails, its reminder), when that record's personal data is erased. A job
 * already running finishes, and finds the record erased.
 */
export async function dropPendingJobs(executor: Executor, prefixes: string[]): Promise<number> {
  if (prefixes.length === 0) return 0;
  const res = await executor
    .deleteFrom('jobs')
    .where('status', '=', 'pending')
    // substr, not LIKE: the same on both dialects, and no character of a key is a wildcard.
    .where((eb) => eb.or(prefixes.map((p) => eb(sql`substr(dedupe_key, 1, ${p.length})`, '=', p))))
    .executeTakeFirst();
  return Number(res.numDeletedRows ?? 0);
}

/** Resolves after the event loop has handled the I/O that is ready (setImmediate runs after the poll phase). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

type Parsed = { value: unknown } | { error: unknown };

/** A job's payload read once for the batch; a payload that is not JSON fails its job when it runs. */
function parsedPayload(text: string): Parsed {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error };
  }
}

function parsedValue(parsed: Parsed): unknown {
  return 'value' in parsed ? parsed.value : undefined;
}

export class JobQueue {
  private handlers = new Map<string, JobHandler>();
  /** Kinds whose payload is blanked once the job has finished (see register). */
  private forgetful = new Set<string>();
  /** Kinds that change nothing a batch's shared reads hold (see register). */
  private readsOnly = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  /** Set by stop(): the batch in hand is not finished, its jobs not yet started go back to the queue. */
  private stopping = false;
  /** Until when (performance.now()) the jobs' present slice lasts (see makeWay). */
  private sliceEnds = 0;
  /** Requests the process has received (noteRequest), and how many it had when the last batch was claimed. */
  private requests = 0;
  private requestsAtClaim = 0;
  readonly workerId = `${hostname()}:${process.pid}:${newId().slice(-6)}`;

  constructor(
    private db: Db,
    private log?: JobLog,
  ) {}

  /**
   * `forgetPayload`: once the job is done (or has failed for good) its payload is replaced by `{}`,
   * for work whose payload holds what should not stay in the table for the days finished jobs are
   * kept (a message to an address that is stored nowhere else). `readsOnly`: the job only reads
   * and sends (mail); after any other job the batch's shared reads are forgotten, since it may
   * have changed them (an offer lapsed, a booking erased).
   */
  register(kind: string, handler: JobHandler, opts: { forgetPayload?: boolean; readsOnly?: boolean } = {}): void {
    this.handlers.set(kind, handler);
    if (opts.forgetPayload) this.forgetful.add(kind);
    else this.forgetful.delete(kind);
    if (opts.readsOnly) this.readsOnly.add(kind);
    else this.readsOnly.delete(kind);
  }

  /** Adds a job; pass the open transaction so the job commits with the change that caused it. */
  async enqueue(executor: Executor, kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<void> {
    await enqueueJob(executor, kind, payload, opts);
  }

  /**
   * Claims up to `limit` due jobs for this worker in one statement: the earliest pending jobs due,
   * and the running ones whose lease has lapsed (their process stopped), each read in the order of
   * the (status, run_at) index and limited there. One `where` with both conditions joined by `or`
   * made both databases collect and sort every due job to keep `limit` of them: with a backlog of
   * 100,000 jobs, 100 ms for each batch of 50, so a growing backlog drained slower and slower.
   */
  private async claim(limit: number): Promise<JobTable[]> {
    const now = nowIso();
    const lease = addMs(now, LEASE_MS);
    const lock = this.db.dialect === 'postgres' ? sql`for update skip locked` : sql``;
    const result = await sql<JobTable>`
      update jobs set status = 'running', attempts = attempts + 1, locked_until = ${lease}, locked_by = ${this.workerId}
      where id in (
        select id from (
          select id, run_at from (
            select id, run_at from jobs where status = 'pending' and run_at <= ${now} order by run_at limit ${limit} ${lock}
          ) due
          union all
          select id, run_at from (
            select id, run_at from jobs where status = 'running' and locked_until < ${now} order by run_at limit ${limit} ${lock}
          ) lapsed
        ) claimable
        order by run_at
        limit ${limit}
      )
      returning *`.execute(this.db.k);
    return result.rows;
  }

  /**
   * Runs every job due now (in batches) and returns how many ran. Tests call it directly. The jobs
   * of a batch run one after the other; what a job hands to `finishing` (a message being written or
   * sent) goes on while the next ones run. The jobs that succeed are marked done together, in one
   * statement at the end of the batch (or when the queue stops in its middle), once all they handed
   * over has settled, rather than one UPDATE each.
   */
  async runDue(limit = BATCH): Promise<number> {
    let total = 0;
    for (;;) {
      const busy = this.requests !== this.requestsAtClaim;
      this.requestsAtClaim = this.requests;
      const asked = busy ? Math.min(limit, BATCH_WHILE_BUSY) : limit;
      // RETURNING gives no order on PostgreSQL: run them as they fell due, as on SQLite.
      const jobs = (await this.claim(asked)).sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : 0));
      if (jobs.length === 0) return total;
      const payloads = jobs.map((j) => parsedPayload(j.payload));
      // The payloads as parsed (a payload that is not JSON gives nothing to a batch's shared reads).
      const batch = new BatchReads(jobs.map((j, i) => ({ kind: j.kind, payload: parsedValue(payloads[i]) })));
      const done: JobTable[] = [];
      const finishing: Finishing[] = [];
      for (const [i, job] of jobs.entries()) {
        if (this.stopping) {
          await this.settle(finishing, done);
          await this.markDone(done);
          await this.release(jobs.slice(i));
          return total + i;
        }
        // A job that writes (an erasure, say) runs after what the jobs before it handed over has
        // settled, as if each had finished before the next began: a message that fails to go out
        // is back in the queue before an erasure looks for the queued work about that person.
        if (finishing.length > 0 && !this.readsOnly.has(job.kind)) await this.settle(finishing.splice(0), done);
        await this.makeWay();
        const ran = await this.runOne(job, payloads[i], batch);
        if (ran === 'done') done.push(job);
        else if (ran !== 'failed') finishing.push(ran);
        if (finishing.length > FINISHING_AT_ONCE) await this.settle(finishing.splice(0, 1), done);
      }
      await this.settle(finishing, done);
      await this.markDone(done);
      total += jobs.length;
      if (jobs.length < asked || this.stopping) return total;
    }
  }

  /** Waits for what the jobs handed over, in order: done when it all went, failed (recorded here) when some of it did not. */
  private async settle(finishing: Finishing[], done: JobTable[]): Promise<void> {
    for (const { job, errors } of finishing) {
      const error = (await Promise.all(errors)).find((e) => e !== null);
      if (error === undefined) done.push(job);
      else await this.fail(job, error);
    }
  }

  /**
   * Gives claimed jobs that have not started back to the queue, as if never claimed: a process
   * stopping does not keep them leased for minutes, and the attempt it did not make is not counted.
   */
  private async release(jobs: JobTable[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.db.k
      .updateTable('jobs')
      .set((eb) => ({ status: 'pending', attempts: eb('attempts', '-', 1), locked_until: null, locked_by: null }))
      .where(
        'id',
        'in',
        jobs.map((j) => j.id),
      )
      .where('status', '=', 'running')
      .where('locked_by', '=', this.workerId)
      .execute();
  }

  /**
   * Runs one job: 'done' when it succeeded (markDone records it), 'failed' when it failed (recorded
   * here), or what it still has under way (see JobRun.finishing).
   */
  private async runOne(job: JobTable, payload: Parsed, batch: BatchReads): Promise<'done' | 'failed' | Finishing> {
    const handler = this.handlers.get(job.kind);
    const errors: Promise<unknown>[] = [];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      if ('error' in payload) throw payload.error;
      await handler(payload.value, {
        id: job.id,
        attempts: job.attempts,
        kind: job.kind,
        batch,
        // Settled to its error (or null) at once, so a failure before the batch waits for it is never an unhandled rejection.
        finishing: (work) => {
          errors.push(
            work.then(
              () => null,
              (err: unknown) => err ?? new Error('failed'),
            ),
          );
        },
      });
    } catch (err) {
      await this.fail(job, err);
      return 'failed';
    } finally {
      if (!this.readsOnly.has(job.kind)) batch.clear();
    }
    return errors.length ? { job, errors } : 'done';
  }

  /** Records a failed attempt: tried again later with a backoff, or failed for good. */
  private async fail(job: JobTable, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const failed = job.attempts >= job.max_attempts || err instanceof PermanentJobError;
    // An error's text can quote an address or a number (an SMTP refusal): masked in the log.
    this.log?.warn(
      { job: job.id, kind: job.kind, reqId: job.request_id ?? undefined, attempts: job.attempts, failed, error: redactText(message) },
      'job failed',
    );
    await this.db.k
      .updateTable('jobs')
      .set({
        status: failed ? 'failed' : 'pending',
        run_at: failed ? job.run_at : addMs(nowIso(), backoffMs(job.attempts)),
        finished_at: failed ? nowIso() : null,
        locked_until: null,
        last_error: message.slice(0, 2000),
        ...(failed ? this.forgotten(job) : {}),
      })
      .where('id', '=', job.id)
      .where('locked_by', '=', this.workerId)
      .execute();
  }

  /** Marks the jobs that succeeded as done, in one statement for the kinds that keep their payload and one for those that forget it. */
  private async markDone(jobs: JobTable[]): Promise<void> {
    if (jobs.length === 0) return;
    const finishedAt = nowIso();
    for (const forget of [false, true]) {
      const group = jobs.filter((j) => this.forgetful.has(j.kind) === forget);
      if (group.length === 0) continue;
      await this.db.k
        .updateTable('jobs')
        .set({ status: 'done', finished_at: finishedAt, locked_until: null, last_error: null, ...this.forgotten(group[0]) })
        .where(
          'id',
          'in',
          group.map((j) => j.id),
        )
        .where('locked_by', '=', this.workerId)
        .execute();
    }
    for (const job of jobs) this.log?.debug({ job: job.id, kind: job.kind, reqId: job.request_id ?? undefined }, 'job done');
  }

  private forgotten(job: JobTable): { payload?: string } {
    return this.forgetful.has(job.kind) ? { payload: '{}' } : {};
  }

  /** Deletes jobs finished (done or failed) more than `days` days ago; returns how many. */
  async purgeFinished(days = FINISHED_JOBS_KEPT_DAYS): Promise<number> {
    const res = await this.db.k
      .deleteFrom('jobs')
      .where('status', 'in', ['done', 'failed'])
      .where('finished_at', '<', addMs(nowIso(), -days * 86_400_000))
      .executeTakeFirst();
    return Number(res.numDeletedRows ?? 0);
  }

  /**
   * Before each job, requests go first. A job's statements on SQLite never leave the event loop
   * (better-sqlite3 is synchronous) and the mail it hands over is not waited for, so a batch of 200
   * confirmations used to hold every request back for as long as all of them took. Now jobs run in
   * slices: after a slice the loop takes a turn, reading the sockets and serving what came in, and
   * the next slice lasts half as long as that turn did. Under a rush, requests get about two thirds
   * of the time and jobs the rest, and no request waits behind more than one slice; with no request
   * about, a turn is over at once and jobs run one after the other. Letting jobs run only when no
   * request came at all would stop them for as long as a rush lasts, however long its backlog.
   */
  private async makeWay(): Promise<void> {
    const left = performance.now();
    if (left < this.sliceEnds) return;
    await nextTurn();
    const back = performance.now();
    this.sliceEnds = back + (back - left) * JOB_SHARE;
  }

  /**
   * Counts a request the process received (the application's onRequest hook, where jobs run in the
   * web process): the next batch is claimed small when any came in since the last claim.
   */
  noteRequest(): void {
    this.requests++;
  }

  /** How many requests noteRequest has counted (for the tests of the hook that calls it). */
  get requestsNoted(): number {
    return this.requests;
  }

  /** Polls for due jobs until stop(); several processes may poll the same table. */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.stopping = false;
    let lastPurge = 0;
    const tick = () => {
      if (this.running) return;
      const purge = Date.now() - lastPurge > PURGE_EVERY_MS;
      if (purge) lastPurge = Date.now();
      this.running = (purge ? this.purgeFinished().catch(() => 0) : Promise.resolve(0)).then(() => this.runDue()).catch(() => 0);
      this.running.finally(() => {
        this.running = null;
      });
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  /**
   * Stops polling and waits only for the job running now: the rest of its batch goes back to the
   * queue (release), so a process asked to stop under a backlog stops in the time of one job.
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopping = true;
    if (this.running) await this.running;
  }
}

// ---------- job rows written by hand-made statements ----------
// The booking engine writes its jobs in the same statement as the change that causes them (one
// round trip, several rows). These build what it embeds, so the shape of a job row stays here.

/** A job to write: what enqueueJob takes, as one value. */
export interface JobSpec {
  kind: string;
  payload: unknown;
  /** ISO instant. */
  runAt: string;
  dedupeKey: string | null;
  /** The request that caused the job (logging.ts currentRequestId), when known. */
  requestId?: string | null;
}

/** The columns of `jobs` in the order of jobRowValues. */
export const JOB_COLUMNS =
  'id, kind, payload, run_at, status, attempts, max_attempts, locked_until, locked_by, last_error, dedupe_key, created_at, finished_at, request_id';

/** The placeholders of one new row in JOB_COLUMNS' order: seven values (jobRowValues), the rest constant. */
const JOB_ROW = "?, ?, ?, ?, 'pending', 0, 8, null, null, null, ?, ?, null, ?";

/**
 * The values of one new row for JOB_ROW's placeholders (the default of 8 attempts, as enqueueJob).
 * The request id is the job spec's own when it has one: the booking engine may write, in one
 * statement, the jobs of bookings that came in through several requests.
 */
export function jobRowValues(job: JobSpec, now: string): unknown[] {
  return [newId(), job.kind, JSON.stringify(job.payload), job.runAt, job.dedupeKey, now, job.requestId ?? null];
}

/** One INSERT of `n` new rows with `?` placeholders (values: jobRowValues of each, in order); a repeated dedupe key is skipped. */
export function insertJobsSql(n: number): string {
  const rows = Array.from({ length: n }, () => `(${JOB_ROW})`).join(', ');
  return `insert into jobs (${JOB_COLUMNS}) values ${rows} on conflict (dedupe_key) do nothing`;
}

/**
 * The INSERT of one new row (values: jobRowValues, then the condition's own) written only when the
 * SQL `condition` holds, in the same statement.
 */
export function insertJobWhereSql(condition: string): string {
  return `insert into jobs (${JOB_COLUMNS}) select ${JOB_ROW} where ${condition}`;
}

/**
 * The INSERT … SELECT of the rows of a `source` (a FROM clause yielding `id, kind, payload, run_at,
 * dedupe_key, request_id`, aliased `j`), at the instant `now` (an SQL expression), where `condition`
 * holds; a repeated dedupe key is skipped. For statements that write many jobs from arrays (PostgreSQL).
 */
export function insertJobsFromSql(source: string, now: string, condition: string): string {
  return `insert into jobs (${JOB_COLUMNS})
    select j.id, j.kind, j.payload, j.run_at, 'pending', 0, 8, null, null, null, j.dedupe_key, ${now}, null, j.request_id
    from ${source}
    where ${condition}
    on conflict (dedupe_key) do nothing`;
}

/**
 * The UPDATE that moves the pending jobs of a kind whose dedupe key is among the values of the SQL
 * `dedupeKeys` subquery to a new time (values: run_at, kind, then the subquery's own).
 */
export function rescheduleJobsSql(dedupeKeys: string): string {
  return `update jobs set run_at = ? where kind = ? and status = 'pending' and dedupe_key in (${dedupeKeys})`;
}
