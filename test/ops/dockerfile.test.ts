import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Cmd, DockerfileParser, type Env, type Instruction } from 'dockerfile-ast';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freePort, ROOT, type Running, startPonte, stopPonte } from './processes.js';

/**
 * The container recipe. Base images cannot be pulled where the tests run, so the Dockerfile is
 * read with a parser and its rules checked, and then its steps are run on this machine, in order,
 * in clean folders standing for the two stages; the image's command must answer /readyz as a user
 * other than root.
 */
const dockerfile = DockerfileParser.parse(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));

/** The instructions of each stage, by the stage's name. */
function stages(): Map<string, Instruction[]> {
  const out = new Map<string, Instruction[]>();
  let current: Instruction[] = [];
  for (const i of dockerfile.getInstructions()) {
    if (i.getKeyword() === 'FROM') {
      current = [];
      out.set(i.getArguments().at(-1)?.getValue() ?? String(out.size), current);
    } else current.push(i);
  }
  return out;
}

const keyword = (list: Instruction[], k: string) => list.filter((i) => i.getKeyword() === k);

describe('the Dockerfile and compose.yaml', () => {
  it('build in two stages on Node 20 slim and run as a user other than root, with a health check on /readyz', () => {
    const froms = dockerfile.getFROMs();
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(`${f.getImageName()}:${f.getImageTag()}`).toBe('node:20-slim');
    const byStage = stages();
    expect([...byStage.keys()]).toEqual(['build', 'runtime']);
    const runtime = byStage.get('runtime') as Instruction[];
    const build = byStage.get('build') as Instruction[];
    expect(keyword(build, 'RUN').map((r) => r.getArgumentsContent())).toContain('npm run build');
    expect(keyword(runtime, 'RUN').some((r) => r.getArgumentsContent()?.startsWith('npm ci --omit=dev'))).toBe(true);

    const users = keyword(runtime, 'USER').map((u) => u.getArgumentsContent());
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
    const health = dockerfile.getHEALTHCHECKs();
    expect(health).toHaveLength(1);
    expect(health[0].getArgumentsContent()).toContain('/readyz');
    expect(keyword(runtime, 'EXPOSE').map((e) => e.getArgumentsContent())).toEqual(['3000']);
    expect(keyword(runtime, 'VOLUME').map((v) => v.getArgumentsContent())).toEqual(['/data']);
    const env = Object.fromEntries(
      (keyword(runtime, 'ENV') as Env[]).flatMap((e) => e.getProperties().map((p) => [p.getName(), p.getValue()])),
    );
    expect(env.DATABASE_URL).toBe('sqlite:/data/ponte.db');
    // The command in JSON form: node is the process that receives SIGTERM.
    const cmd = dockerfile.getCMDs() as Cmd[];
    expect(JSON.parse(cmd.at(-1)?.getArgumentsContent() ?? '')).toEqual(['node', 'bin/ponte.mjs', 'serve']);
    // The build reads no installed modules, builds or databases from the working tree.
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const p of ['node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(p);
  });

  it('compose.yaml runs a web process without jobs, a worker, PostgreSQL and Redis', () => {
    const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true });
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis', 'web', 'worker']);
    const { web, worker } = compose.services;
    expect(web.environment.WORKERS).toBe('false');
    expect(web.environment.DATABASE_URL).toMatch(/^postgres:\/\/ponte:.*@postgres:5432\/ponte$/);
    expect(web.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(web.environment.NODE_ENV).toBe('production');
    expect(worker.command).toEqual(['node', 'bin/ponte.mjs', 'worker']);
    expect(worker.environment.DATABASE_URL).toBe(web.environment.DATABASE_URL);
    for (const secret of ['SESSION_SECRET', 'DATA_KEY']) expect(web.environment[secret]).toMatch(/^\$\{\w+:\?/);
    expect(web.depends_on.postgres.condition).toBe('service_healthy');
    expect(web.volumes).toContain('ponte-data:/data');
  });

  describe('its steps, run on this machine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-image-'));
    let server: Running | undefined;
    afterAll(async () => {
      await stopPonte(server);
      rmSync(dir, { recursive: true, force: true });
    });

    it('build, install the production dependencies in a clean folder, and start as an unprivileged user', {
      timeout: 240_000,
    }, async () => {
      const stageDir = { build: join(dir, 'build'), runtime: join(dir, 'app') };
      const run = (command: string, cwd: string) => execFileSync('sh', ['-c', command], { cwd, stdio: 'pipe', timeout: 180_000 });
      for (const [stage, instructions] of stages()) {
        const cwd = stageDir[stage as keyof typeof stageDir];
        mkdirSync(cwd, { recursive: true });
        for (const i of instructions) {
          const args = i.getArguments().map((a) => a.getValue());
          if (i.getKeyword() === 'COPY') {
            const from = args[0].startsWith('--from=') ? stageDir[args.shift()?.slice('--from='.length) as keyof typeof stageDir] : ROOT;
            const dest = join(cwd, args.pop() as string);
            for (const source of args) {
              const path = join(from, source.replace(/^\/app\/?/, ''));
              const target = dest.endsWith('/') || args.length > 1 ? join(dest, source.split('/').at(-1) as string) : dest;
              mkdirSync(dirname(target), { recursive: true });
              cpSync(path, target, { recursive: true });
            }
          } else if (i.getKeyword() === 'RUN') {
            const command = i.getArgumentsContent() ?? '';
            if (command === 'npm ci --no-audit --no-fund') {
              // The build stage's full install stands for the one already made here (with its
              // compiled native module): installing the test tools again would take minutes.
              symlinkSync(join(ROOT, 'node_modules'), join(cwd, 'node_modules'));
            } else if (command.startsWith('npm ')) run(command, cwd);
            // The others set up the container's system (packages, /data): not this machine's.
          }
        }
      }
      // The build's output is plain JavaScript; the runtime folder holds no TypeScript sources.
      expect(readFileSync(join(stageDir.runtime, 'dist', 'main.js'), 'utf8')).toContain('serve');
      expect(() => readFileSync(join(stageDir.runtime, 'src', 'main.ts'))).toThrow();
      // Production dependencies only.
      expect(existsSync(join(stageDir.runtime, 'node_modules', 'fastify'))).toBe(true);
      expect(existsSync(join(stageDir.runtime, 'node_modules', 'vitest'))).toBe(false);

      const data = join(dir, 'data');
      mkdirSync(data);
      chmodSync(dir, 0o755);
      chmodSync(data, 0o777);
      const port = await freePort();
      const env = Object.fromEntries(
        (stages().get('runtime') as Instruction[])
          .filter((i) => i.getKeyword() === 'ENV')
          .flatMap((e) => (e as Env).getProperties().map((p) => [p.getName(), p.getValue() ?? ''])),
      );
      const cmd = JSON.parse(dockerfile.getCMDs().at(-1)?.getArgumentsContent() ?? '[]') as string[];
      const rootUser = process.getuid?.() === 0;
      server = await startPonte(
        [],
        {
          ...env,
          PATH: process.env.PATH ?? '',
          PORT: String(port),
          HOST: '127.0.0.1',
          // The volume, and production's required secrets (test values shaped like real ones).
          DATABASE_URL: `sqlite:${join(data, 'ponte.db')}`,
          OUTBOX_DIR: join(data, 'outbox'),
          SESSION_SECRET: 'Jq3v9XhT0bLrWm2ZsK7eYc4NdPa8Gf1uQiVo6EtRyH5=',
          DATA_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 73 + 11) % 256)).toString('base64'),
          BASE_URL: `http://127.0.0.1:${port}`,
        },
        // As nobody (65534) when the tests run as root; otherwise as the unprivileged user running them.
        { cwd: stageDir.runtime, command: cmd, ...(rootUser ? { uid: 65534, gid: 65534 } : {}) },
      );
      const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1];
      expect(uid).not.toBe('0');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'sqlite' });
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.status).toBe(200);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    });
  });
});
