import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** Server processes for the tests that sign up through two of them over one PostgreSQL schema. */

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

export function stop(c: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (c.exitCode !== null) return ok();
    c.once('exit', () => ok());
    c.kill('SIGTERM');
  });
}

/** Starts `ponte serve` as a child process and waits until it listens. */
export async function serve(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${port}`,
      RATE_LIMIT_MAX: '0',
      SEED_DEMO: 'false',
      WORKERS: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server on ${port} did not start: ${output}`)), 45_000);
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ponte is listening')) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server on ${port} exited with ${code}: ${output}`));
    });
  });
  child.removeAllListeners('exit');
  return child;
}
