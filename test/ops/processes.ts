import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';

/** Ponte's own processes for the operations tests: started as an operator would, stopped by signal. */

export const ROOT = resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => ok(port));
    });
  });
}

export interface Running {
  child: ChildProcess;
  /** Everything written to standard output and error so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  exited: Promise<number | string>;
}

/** The environment of a test process: a port of its own, no demo data, no rate limit. */
export function ponteEnv(databaseUrl: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: `http://127.0.0.1:${port}`,
    RATE_LIMIT_MAX: '0',
    SEED_DEMO: 'false',
    WORKERS: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...extra,
  };
}

/**
 * Starts `node <entry> …args` (`bin/ponte.mjs`, the compiled build as `npm start` runs it, unless
 * `entry` says otherwise) and waits for `ready` in its output.
 */
export async function startPonte(
  args: string[],
  env: Record<string, string>,
  opts: { ready?: string; entry?: string[]; cwd?: string; command?: string[]; uid?: number; gid?: number } = {},
): Promise<Running> {
  const [cmd, ...pre] = opts.command ?? [process.execPath, ...(opts.entry ?? ['bin/ponte.mjs'])];
  const child = spawn(cmd, [...pre, ...args], {
    cwd: opts.cwd ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: opts.uid,
    gid: opts.gid,
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number | string>((ok) => child.once('exit', (code, signal) => ok(code ?? signal ?? -1)));
  const ready = opts.ready ?? 'Ponte is listening';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no "${ready}" within 60 s: ${out}`)), 60_000);
    const check = setInterval(() => {
      if (out.includes(ready)) {
        clearTimeout(timer);
        clearInterval(check);
        ok();
      }
    }, 20);
    exited.then((code) => {
      clearTimeout(timer);
      clearInterval(check);
      fail(new Error(`exited with ${code} before "${ready}": ${out}`));
    });
  });
  return { child, output: () => out, exited };
}

/** Ends a process started here (used by the tests' cleanup; a no-op once it has exited). */
export async function stopPonte(p: Running | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited;
}

/** A real SMTP server that takes `delayMs` over each message: a job backlog that takes time to drain. */
export class SlowSmtp {
  readonly subjects: string[] = [];
  private server: SMTPServer;
  port = 0;

  constructor(delayMs: number) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        let text = '';
        stream.on('data', (c: Buffer) => {
          text += c.toString();
        });
        stream.on('end', () => {
          const subject = /^Subject: (.*)$/m.exec(text)?.[1]?.trim() ?? '';
          setTimeout(() => {
            this.subjects.push(subject);
            callback();
          }, delayMs);
        });
      },
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', () => ok()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}
