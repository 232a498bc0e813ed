import { parentPort } from 'node:worker_threads';

/**
 * The side thread (side-thread.ts): runs the exported function each message names and posts back
 * what it returned, or its error's message. Modules load with their first call.
 */
const modules = new Map<string, Promise<Record<string, (...args: unknown[]) => unknown>>>();

parentPort?.on('message', async (m: { id: number; moduleUrl: string; name: string; args: unknown[] }) => {
  try {
    let mod = modules.get(m.moduleUrl);
    if (!mod) {
      mod = import(m.moduleUrl);
      modules.set(m.moduleUrl, mod);
    }
    const value = await (await mod)[m.name](...m.args);
    parentPort?.postMessage({ id: m.id, value });
  } catch (err) {
    parentPort?.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});

// Loaded: calls made before now were queued and are answered in turn.
parentPort?.postMessage({ ready: true });
