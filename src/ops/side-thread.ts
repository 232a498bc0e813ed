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
 * Uint8Array): the work given must be worth more than the copy.
 */
export interface SideThread {
  call<T>(moduleUrl: string, name: string, args: unknown[]): Promise<T>;
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

class Thread implements SideThread {
  private worker: Worker | null = null;
  /** Set when the thread could not start (load its code): every call then runs in the main thread. */
  private unavailable = false;
  private started = false;
  private calls = new Map<number, Call>();
  private next = 0;

  call<T>(moduleUrl: string, name: string, args: unknown[]): Promise<T> {
    if (this.unavailable) return inThisThread({ moduleUrl, name, args }) as Promise<T>;
    const worker = this.start();
    return new Promise<T>((resolve, reject) => {
      const id = ++this.next;
      this.calls.set(id, { id, moduleUrl, name, args, resolve: resolve as (v: unknown) => void, reject });
      if (this.calls.size === 1) worker.ref();
      worker.postMessage({ id, moduleUrl, name, args });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = workerOf();
    this.worker = worker;
    this.started = false;
    worker.unref();
    worker.on('message', (m: { ready?: true; id: number; value?: unknown; error?: string }) => {
      if (m.ready) {
        this.started = true;
        return;
      }
      const call = this.calls.get(m.id);
      if (!call) return;
      this.calls.delete(m.id);
      if (this.calls.size === 0) worker.unref();
      if (m.error !== undefined) call.reject(new Error(m.error));
      else call.resolve(m.value);
    });
    const ended = (err: unknown) => {
      if (this.worker !== worker) return;
      this.worker = null;
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

let thread: Thread | undefined;

/** The process's side thread. */
export function sideThread(): SideThread {
  thread ??= new Thread();
  return thread;
}
