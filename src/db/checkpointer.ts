import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the SQLite write-ahead log back into the database file from a thread of its own, while
 * the server is writing.
 *
 * SQLite does this itself at the end of the commit that makes the log pass 1,000 pages: that
 * commit then reads the pages back, writes them into the database file and waits for two flushes
 * to disk, on the thread that answers requests. Under a stream of bookings that is about a tenth of
 * the server's time. A second connection in a worker thread runs a PASSIVE checkpoint every quarter
 * of a second instead, which never blocks the writer or the readers; the server's own connection
 * keeps SQLite's automatic checkpoint, at a higher mark, in case the worker falls behind.
 *
 * A worker thread is a whole JavaScript engine of its own, 8–10 MiB of resident memory, and most of
 * a server's life is reads. So the thread runs only while the server writes: the server's
 * connection is asked every quarter of a second how many rows it has changed (one counter, no
 * I/O); once START_AFTER_CHANGES rows have changed since the thread last ran, the thread starts,
 * and after CALM_MS without a change it copies what is left and ends. A stream of bookings starts
 * it within a second; a few scattered writes wait for the next ones, a few pages in the log. Other
 * processes writing the same database (the CLI, a `ponte worker`) keep SQLite's own checkpoint at
 * its usual mark.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 100');
db.pragma('synchronous = NORMAL');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next tick tries again, and the writer's own checkpoint is the safety net.
  }
};
checkpoint();
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage('stopped');
  parentPort.close();
});
`;

/** Pages in the log at which the writer checkpoints by itself when the worker has not (about 40 MB). */
export const WRITER_CHECKPOINT_PAGES = 10_000;

/** How long the server's connection changes nothing before the checkpointing thread ends. */
export const CALM_MS = 5_000;

/** Rows the server's connection changes, since the thread last ran, before it starts again. */
export const START_AFTER_CHANGES = 100;

export interface CheckpointerOptions {
  /** How often the thread checkpoints, and the server's connection is looked at (ms). */
  everyMs?: number;
  calmMs?: number;
  startAfterChanges?: number;
}

export interface Checkpointer {
  stop(): Promise<void>;
  /** Whether the checkpointing thread is running now. */
  running(): boolean;
}

interface Thread {
  stop(): Promise<void>;
}

function startThread(file: string, driver: string, everyMs: number): Thread {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, everyMs } });
  // The server must not stay up, nor go down, because of this thread.
  worker.unref();
  worker.on('error', () => {});
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= new Promise<void>((done) => {
        const timer = setTimeout(() => void worker.terminate().then(() => done()), 2_000);
        worker.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        worker.postMessage('stop');
      });
      return stopping;
    },
  };
}

/**
 * Checkpoints `file` from a thread that runs while `changes()` (a counter of the server's writes,
 * e.g. SQLite's total_changes()) keeps moving, and for `calmMs` after it last moved.
 */
export function startCheckpointer(file: string, changes: () => number, options: CheckpointerOptions = {}): Checkpointer {
  const { everyMs = 250, calmMs = CALM_MS, startAfterChanges = START_AFTER_CHANGES } = options;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  let thread: Thread | null = null;
  // A stopping thread is waited for before the next one starts, so that two never overlap.
  let ending: Promise<void> = Promise.resolve();
  let last = changes();
  // The counter's value when the thread last ended (or at start): what the log may hold since.
  let since = last;
  let lastChangeAt = 0;
  let stopped = false;
  const look = () => {
    let now: number;
    try {
      now = changes();
    } catch {
      // The connection was closed without stop(): nothing is left to watch.
      clearInterval(timer);
      return;
    }
    const at = performance.now();
    if (now !== last) {
      last = now;
      lastChangeAt = at;
      if (!thread && now - since >= startAfterChanges) {
        const started = ending.then(() => (stopped ? null : startThread(file, driver, everyMs)));
        thread = { stop: () => started.then((t) => t?.stop()) };
      }
    } else if (thread && at - lastChangeAt >= calmMs) {
      ending = thread.stop();
      thread = null;
      since = now;
    }
  };
  const timer = setInterval(look, everyMs);
  timer.unref();
  return {
    running: () => thread !== null,
    async stop() {
      stopped = true;
      clearInterval(timer);
      const t = thread;
      thread = null;
      await t?.stop();
      await ending;
    },
  };
}
