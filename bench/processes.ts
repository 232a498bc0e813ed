import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { BENCH_HOST, INSTALLED_NODE_ARGS } from './child.js';
import { buildOnce } from './start-time.js';

const ROOT = resolve(import.meta.dirname, '..');
const live = new Set<ChildProcess>();

// Whatever happens to the harness, the servers it started do not outlive it.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ServerProcess {
  pid: number;
  port: number;
  baseUrl: string;
  /** Peak resident memory (VmHWM) since start or the last reset, in MiB; null where /proc is unavailable. */
  peakRssMb(): number | null;
  /** Starts a new peak-memory window (Linux clear_refs); false when the kernel refuses. */
  resetPeakRss(): boolean;
  stop(): Promise<void>;
}

/** Peak resident memory (VmHWM) of a process, in MiB; null where /proc is unavailable. */
export function peakRssOf(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** The plain-Node twins of the servers, for BENCH_BUILD=1 (the others have none and keep tsx). */
const BUILT: Record<string, string> = { 'server.ts': 'build-server.mjs', 'bare.ts': 'build-bare.mjs' };

/**
 * How to start a server: through tsx from the sources (the default), or with BENCH_BUILD=1 as
 * `npm start` runs the application, from the compiled build in plain Node (built once per run).
 * The TypeScript loader keeps its own thread and the sources it compiled: about 50 MiB of a
 * server's resident memory that an installed server does not have.
 */
async function entryOf(script: string): Promise<string[]> {
  const twin = BUILT[script];
  if (process.env.BENCH_BUILD !== '1' || !twin) return ['--import', 'tsx', resolve(ROOT, 'bench', script)];
  await buildOnce();
  return [...(script === 'server.ts' ? INSTALLED_NODE_ARGS : []), resolve(ROOT, 'bench', twin)];
}

/**
 * Runs a bench/ script in a Node process of its own (loaded through tsx's hook, so the pid is the
 * server itself and its memory is the server's) and waits for its "ready <port>" line.
 */
export async function startServer(script: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  // BENCH_NODE_ARGS passes flags to the servers' Node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // to profile them under load (Node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const entry = await entryOf(script);
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  live.add(child);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  exited.then(() => live.delete(child));

  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${script} did not become ready within 60 s`)), 60_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^ready (\d+)$/.exec(line.trim());
      if (m) {
        clearTimeout(timer);
        done(Number(m[1]));
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`${script} exited with code ${code} before it was ready`));
    });
  });
  const pid = child.pid!;

  return {
    pid,
    port,
    baseUrl: `http://${BENCH_HOST}:${port}`,
    peakRssMb: () => peakRssOf(pid),
    resetPeakRss: () => {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
