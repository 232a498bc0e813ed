import { parentPort } from 'node:worker_threads';
import { callExported } from './exported-call.js';
import type { Answer } from './side-thread.js';

/**
 * The side thread (side-thread.ts): runs the exported function each call names, the calls of a
 * message one after the other, and posts back what they returned, or their errors' messages, in
 * one message. Modules load with their first call.
 */
async function run(m: { id: number; moduleUrl: string; name: string; args: unknown[] }): Promise<Answer> {
  try {
    return { id: m.id, value: await callExported(m.moduleUrl, m.name, m.args) };
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
