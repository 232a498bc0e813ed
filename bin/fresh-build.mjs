// Whether dist/ is older than the sources, and the build when it is: bin/ponte.mjs runs it before
// every start, and the test run once before its first file (test/global-setup.ts), so the tests'
// child processes run the compiled build of the sources under test, as `npm run ponte` does.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MAIN = join(ROOT, 'dist', 'main.js');

function newestUnder(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/main.js is missing or a source file is newer; an install of the build alone (no src/) is never stale. */
function buildIsStale() {
  const src = join(ROOT, 'src');
  return !existsSync(MAIN) || (existsSync(src) && newestUnder(src) > statSync(MAIN).mtimeMs);
}

/**
 * Builds when stale, in a process of its own: the builder (esbuild's service process, about
 * 170 MiB, and the compiler's memory) must not stay beside a server for as long as it runs. Its
 * warnings and errors are passed on; its closing line ("Built N files") is not a server's log.
 * Returns the builder's exit status (0 when nothing was to do).
 */
export function buildIfStale() {
  if (!buildIsStale()) return 0;
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  process.stderr.write(built.stderr.replace(/^Built \d+ files into dist\/\.\n/m, ''));
  return built.status ?? 1;
}
