import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the SQLite write-ahead log back into the database file from a thread of its own.
 *
 * SQLite does this itself at the end of the commit that makes the log pass 1,000 pages: that
 * commit then reads the pages back, writes them into the database file and waits for two flushes
 * to disk, on the thread that answers requests. Under a stream of bookings that is about a tenth of
 * the server's time. A second connection in a worker thread runs a PASSIVE checkpoint every quarter
 * of a second instead, which never blocks the writer or the readers; the server's own connection
 * keeps SQLite's automatic checkpoint, at a higher mark, in case the worker falls behind.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 100');
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next tick tries again, and the writer's own checkpoint is the safety net.
  }
}, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage('stopped');
  parentPort.close();
});
`;

/** Pages in the log at which the writer checkpoints by itself when the worker has not (about 40 MB). */
export const WRITER_CHECKPOINT_PAGES = 10_000;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, everyMs = 250): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
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
