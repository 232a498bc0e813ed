#!/usr/bin/env node
// Runs Ponte from its compiled build (dist/), building it first when it is missing or older than
// a source file: `npm start` after an edit runs the edit, and never through a TypeScript loader.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(ROOT, 'dist', 'main.js');

function newestUnder(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const src = join(ROOT, 'src');
// An install of the build alone (no src/) runs what it has.
const stale = !existsSync(MAIN) || (existsSync(src) && newestUnder(src) > statSync(MAIN).mtimeMs);
if (stale) {
  // In a process of its own: the builder (esbuild's service process, about 170 MiB, and the
  // compiler's memory) must not stay beside the server for as long as it runs.
  // Its warnings and errors are passed on; its closing line ("Built N files") is not a server's log.
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  process.stderr.write(built.stderr.replace(/^Built \d+ files into dist\/\.\n/m, ''));
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import(pathToFileURL(MAIN).href);
