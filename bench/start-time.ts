import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { BENCH_HOST, INSTALLED_NODE_ARGS } from './child.js';

/**
 * Start to first answer: the compiled build started as an install starts it (`node dist/main.js
 * serve`, production settings, background jobs on, no demo to seed), timed from the spawn to the
 * first 200 of `/readyz`, which answers once the database is open and the routes are registered.
 * The operations issue's goal is under a second on SQLite. The database is the benchmark's, already
 * migrated, as on any start after the first.
 */

const ROOT = resolve(import.meta.dirname, '..');

export interface StartTime {
  /** Each start, in ms, in the order measured. */
  runs_ms: number[];
  median_ms: number;
  max_ms: number;
}

let built: Promise<unknown> | undefined;

/** Builds dist/ once per run (`npm run build`), for what runs the compiled build. */
export function buildOnce(): Promise<unknown> {
  built ??= import('../scripts/build.mjs').then((m: { buildDist(): Promise<number> }) => m.buildDist());
  return built;
}

/** A free loopback port, for a server started with PORT set. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, BENCH_HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Whether GET `url` answers 200 now. */
export async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** The compiled build serving as an install runs it; `exitCode()` is undefined while it runs. */
export interface InstalledServer {
  child: ChildProcess;
  exitCode(): number | null | undefined;
  /** SIGTERM, then SIGKILL after 15 s; nothing once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `node dist/main.js serve` as installed (production settings, fresh secrets, no demo, the
 * installed Node flags), its output thrown away; `env` and `nodeArgs` add to that.
 */
export function startInstalled(
  databaseUrl: string,
  port: number,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): InstalledServer {
  const child = spawn(process.execPath, [...nodeArgs, ...INSTALLED_NODE_ARGS, resolve(ROOT, 'dist/main.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(32).toString('base64'),
      DATA_KEY: randomBytes(32).toString('base64'),
      DATABASE_URL: databaseUrl,
      HOST: BENCH_HOST,
      PORT: String(port),
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let exitCode: number | null | undefined;
  exited.then((code) => {
    exitCode = code;
  });
  return {
    child,
    exitCode: () => exitCode,
    async stop() {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One start: spawn, poll /readyz every 5 ms until it answers 200, then stop the server. */
async function startOnce(databaseUrl: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const server = startInstalled(databaseUrl, port);
  try {
    for (;;) {
      const exitCode = server.exitCode();
      if (exitCode !== undefined) throw new Error(`dist/main.js serve exited with code ${exitCode} before answering /readyz`);
      if (await answers(`http://${BENCH_HOST}:${port}/readyz`)) return performance.now() - started;
      if (performance.now() - started > 30_000) throw new Error('dist/main.js serve did not answer /readyz within 30 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await server.stop();
  }
}

/** Builds dist/ once per run (as BENCH_BUILD=1 does), then starts the server `runs` times. */
export async function measureStartTime(databaseUrl: string, runs = 5): Promise<StartTime> {
  await buildOnce();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(Math.round(await startOnce(databaseUrl)));
  const sorted = [...times].sort((a, b) => a - b);
  return { runs_ms: times, median_ms: sorted[Math.floor(sorted.length / 2)], max_ms: sorted[sorted.length - 1] };
}
