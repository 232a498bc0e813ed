import { parentPort } from 'node:worker_threads';
import type { Answer } from './side-thread.js';

/**
 * The side thread (side-thread.ts): runs the exported function each call names, the calls of a
 * message one after the other, and posts back what they returned, or their errors' messages, in
 * one message. Modules load with their first call.
 */
const modules = new Map<string, Promise<Record<string, (...args: unknown[]) => unknown>>>();

async function run(m: { id: number; moduleUrl: string; name: string; args: unknown[] }): Promise<Answer> {
  try {
    let mod = modules.get(m.moduleUrl);
    if (!mod) {
      mod = import(m.moduleUrl);
      modules.set(m.moduleUrl, mod);
    }
    return { id: m.id, value: await (await mod)[m.name](...m.args) };
  } catch (err) {
    return { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
}

parentPort?.on('message', async (calls: { id: number; moduleUrl: string; name: string; args: unknown[] }[]) => {
  const answers: Answer[] = [];
  for (const call of calls) answers.push(await run(call));
  parentPort?.postMessage(answers);
});

// Loaded: calls made before now were queued and are answered in turn.
parentPort?.postMessage({ ready: true });
