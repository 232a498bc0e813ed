import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ponteEnv, ROOT } from './processes.js';

/**
 * The compiled build: `npm run build && node dist/main.js serve` answers /readyz with plain Node,
 * no TypeScript loader. Built in a copy of the sources, so the working tree's dist/ is left alone.
 * The time from start to first answer is printed (bench/ measures it), never asserted.
 */
describe('the compiled build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-build-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run build, then node dist/main.js serve answers /readyz', { timeout: 120_000 }, async () => {
    for (const path of ['package.json', 'src', 'scripts', 'bin']) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: 'pipe', timeout: 90_000 });
    expect(existsSync(join(dir, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'main.ts'))).toBe(false);

    const port = await freePort();
    const started = Date.now();
    const child = spawn(process.execPath, ['dist/main.js', 'serve'], {
      cwd: dir,
      env: ponteEnv(`sqlite:${join(dir, 'data', 'ponte.db')}`, port),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    try {
      let status = 0;
      while (Date.now() - started < 60_000 && child.exitCode === null) {
        status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(status, output).toBe(200);
      console.log(`compiled build: first answer ${Date.now() - started} ms after start (fresh SQLite database, migrations included)`);
      // No TypeScript loader in the process.
      expect(output).not.toMatch(/tsx/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
