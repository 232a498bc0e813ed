import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * One second thread for work the main thread need not do itself: drawing a confirmation's QR
 * ticket and writing its message into the outbox are two thirds of what a backlog of booking
 * confirmations costs, and the main thread also answers requests. `call` runs an exported
 * function of a module (named by its URL, `import.meta.url`) in that thread and answers what it
 * returns; the thread starts with the first call and keeps the process up only while a call is
 * under way. When the thread cannot start, the calls run in the main thread, as before.
 *
 * The arguments and the answer are copied between the threads (a Buffer comes back as a
 * Uint8Array): the work given must be worth more than the copy. The calls made one after the other
 * (a batch of jobs handing over its messages) travel together, up to CALLS_A_MESSAGE in one message,
 * and their answers come back together: each message between threads cost about a tenth of a
 * millisecond of processor time on both sides, as much as writing the file it carried.
 */
export interface SideThread {
  call<T>(moduleUrl: string, name: string, args: unknown[]): Promise<T>;
  /** Calls given and not yet answered: work the caller could do itself rather than add to them. */
  readonly waiting: number;
}

interface Call {
  id: number;
  moduleUrl: string;
  name: string;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** The thread's own file: compiled beside this one, or the source run through tsx (tests, `npm run` scripts). */
function workerOf(): Worker {
  const compiled = new URL('./side-thread-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled);
  const source = new URL('./side-thread-worker.ts', import.meta.url).href;
  // tsx's ES module API (its CommonJS one cannot register hooks from a worker).
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return new Worker(
    `const { workerData } = require('node:worker_threads');
    import(workerData.tsx).then(({ register }) => { register(); return import(workerData.source); });`,
    { eval: true, workerData: { tsx, source } },
  );
}

async function inThisThread(call: Pick<Call, 'moduleUrl' | 'name' | 'args'>): Promise<unknown> {
  const mod = (await import(call.moduleUrl)) as Record<string, (...args: unknown[]) => unknown>;
  return mod[call.name](...call.args);
}

/** Calls sent in one message at most: enough to share its cost, few enough that the thread starts on them soon. */
const CALLS_A_MESSAGE = 16;

type Sent = Pick<Call, 'id' | 'moduleUrl' | 'name' | 'args'>;

class Thread implements SideThread {
  private worker: Worker | null = null;
  /** Calls not yet posted: posted when CALLS_A_MESSAGE are waiting, or once the current turn of the event loop has run. */
  private unsent: Sent[] = [];
  private flushing: NodeJS.Immediate | null = null;
  /** Set when the thread could not start (load its code): every call then runs in the main thread. */
  private unavailable = false;
  private started = false;
  private calls = new Map<number, Call>();
  private next = 0;

  get waiting(): number {
    return this.calls.size;
  }

  call<T>(moduleUrl: string, name: string, args: unknown[]): Promise<T> {
    if (this.unavailable) return inThisThread({ moduleUrl, name, args }) as Promise<T>;
    const worker = this.start();
    return new Promise<T>((resolve, reject) => {
      const id = ++this.next;
      this.calls.set(id, { id, moduleUrl, name, args, resolve: resolve as (v: unknown) => void, reject });
      if (this.calls.size === 1) worker.ref();
      this.unsent.push({ id, moduleUrl, name, args });
      if (this.unsent.length >= CALLS_A_MESSAGE) this.flush();
      else this.flushing ??= setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = null;
    const calls = this.unsent;
    this.unsent = [];
    if (calls.length > 0) this.worker?.postMessage(calls);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = workerOf();
    this.worker = worker;
    this.started = false;
    worker.unref();
    worker.on('message', (m: { ready: true } | Answer[]) => {
      if (!Array.isArray(m)) {
        this.started = true;
        return;
      }
      for (const a of m) {
        const call = this.calls.get(a.id);
        if (!call) continue;
        this.calls.delete(a.id);
        if (a.error !== undefined) call.reject(new Error(a.error));
        else call.resolve(a.value);
      }
      if (this.calls.size === 0) worker.unref();
    });
    const ended = (err: unknown) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.unsent = [];
      const calls = [...this.calls.values()];
      this.calls.clear();
      // A thread that never started will not: its calls, and every later one, run here.
      if (!this.started) this.unavailable = true;
      for (const c of calls) {
        if (this.unavailable) inThisThread(c).then(c.resolve, c.reject);
        else c.reject(err instanceof Error ? err : new Error('the side thread stopped'));
      }
    };
    worker.on('error', ended);
    worker.on('exit', ended);
    return worker;
  }
}

/** The thread's answer to one call: what it returned, or its error's message. */
export interface Answer {
  id: number;
  value?: unknown;
  error?: string;
}

let thread: Thread | undefined;

/** The process's side thread. */
export function sideThread(): SideThread {
  thread ??= new Thread();
  return thread;
}
