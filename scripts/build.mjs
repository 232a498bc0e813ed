// Compiles src/ into plain JavaScript in dist/ (one file per source file, imports unchanged), and
// copies the files the code reads beside itself (stylesheets, icons), then the public files pages
// link under hashed, pre-compressed names (build-assets.mjs). Production runs dist/ with
// plain Node: no TypeScript loader in the process, which saves its start-up time and a third of
// an idle process's memory. `npm install` runs it (prepare); bin/ponte.mjs runs it again when a
// source file is newer than the build.
import { cpSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildAssets } from './build-assets.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const OUT = join(ROOT, 'dist');

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

export async function buildDist() {
  const files = filesUnder(SRC);
  const sources = files.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
  // Built beside the old one and swapped in, so a process starting meanwhile never reads half a build.
  const next = `${OUT}.${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  await build({
    entryPoints: sources,
    outdir: next,
    outbase: SRC,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  for (const f of files) if (!/\.tsx?$/.test(f)) cpSync(f, join(next, relative(SRC, f)));
  await buildAssets(ROOT, next);
  const old = `${OUT}.old.${process.pid}`;
  if (existsSync(OUT)) renameSync(OUT, old);
  renameSync(next, OUT);
  rmSync(old, { recursive: true, force: true });
  return sources.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = await buildDist();
  process.stderr.write(`Built ${n} files into dist/.\n`);
}
