// Compiles src/ into plain JavaScript in dist/ (one file per source file, imports unchanged), and
// copies the files the code reads beside itself (stylesheets, icons), then the public files pages
// link under hashed, pre-compressed names (build-assets.mjs). Production runs dist/ with
// plain Node: no TypeScript loader in the process, which saves its start-up time and a third of
// an idle process's memory. `npm install` runs it (prepare); bin/ponte.mjs runs it again when a
// source file is newer than the build.
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildAssets } from './build-assets.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const OUT = join(ROOT, 'dist');

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * Packages bundled into the server's chunks instead of loaded from node_modules: written as
 * hundreds of small ES modules each (Kysely 263 files, Zod 95), whose resolving and compiling one
 * by one was a large part of a start. Every other package stays in node_modules.
 */
const BUNDLED = new Set(['kysely', 'zod']);

const packageOf = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Code that finds files beside itself (stylesheets, data) through import.meta, or imports a module
 * whose name is held in a variable, is told where it was in src/: the bundle's chunks live in
 * dist/_chunks/, while those files stay in dist/ beside each module's own compiled file.
 */
function placedAsInSource(text, file) {
  const rel = relative(SRC, file).split(sep).join('/');
  const dir = dirname(rel) === '.' ? '' : dirname(rel);
  let out = text
    .replaceAll('import.meta.dirname', `__ponteDir(${JSON.stringify(dir)})`)
    .replaceAll('import.meta.url', `__ponteUrl(${JSON.stringify(rel.replace(/\.tsx?$/, '.js'))})`);
  if (/\bimport\((\w+)\)/.test(out)) {
    // A module named in a string of the file (e.g. '../events/service.js') is bundled like any other.
    const known = [...new Set([...out.matchAll(/'(\.\.?\/[^']+)\.js'/g)].map((m) => m[1]))].filter((spec) =>
      ['.ts', '.tsx'].some((ext) => existsSync(join(dirname(file), spec + ext))),
    );
    const table = known.map((spec) => `${JSON.stringify(`${spec}.js`)}: () => import(${JSON.stringify(`${spec}.js`)})`).join(', ');
    out = out.replace(/\bimport\((\w+)\)/g, (_, name) => `(({ ${table} })[${name}] ?? (() => import(${name})))()`);
  }
  return out;
}

// In every output file of the bundle: where dist/ is, from the file's own place (dist/ or dist/_chunks/).
const BANNER = `import { fileURLToPath as __ponteFromUrl } from 'node:url';
const __ponteRoot = new URL(/\\/_chunks\\/[^/]*$/.test(import.meta.url) ? '../' : './', import.meta.url);
const __ponteUrl = (rel) => new URL(rel, __ponteRoot).href;
const __ponteDir = (rel) => __ponteFromUrl(new URL(rel ? \`\${rel}/\` : './', __ponteRoot)).replace(/\\/$/, '');`;

/**
 * dist/main.js as one bundle of the server's code split at its dynamic imports (dist/_chunks/):
 * `node dist/main.js` loads a hundred files instead of about 1,300, and starts in about a third
 * less processor time. The other files of dist/ stay as compiled one by one, for code that imports
 * them directly (bench/build-server.mjs).
 */
async function bundleMain(outdir) {
  await build({
    entryPoints: { main: join(SRC, 'main.ts') },
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: '_chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    banner: { js: BANNER },
    logLevel: 'warning',
    plugins: [
      {
        name: 'ponte-bundle',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('node:') || !BUNDLED.has(packageOf(args.path)) ? { path: args.path, external: true } : undefined,
          );
          b.onLoad({ filter: /\.tsx?$/ }, (args) => {
            if (!args.path.startsWith(SRC + sep)) return undefined;
            return {
              contents: placedAsInSource(readFileSync(args.path, 'utf8'), args.path),
              loader: args.path.endsWith('x') ? 'tsx' : 'ts',
            };
          });
        },
      },
    ],
  });
}

/** Builds into `out` (dist/ unless told otherwise, e.g. a copy kept apart to compare two builds). */
export async function buildDist(out = OUT) {
  const files = filesUnder(SRC);
  const sources = files.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
  // Built beside the old one and swapped in, so a process starting meanwhile never reads half a build.
  const next = `${out}.${process.pid}`;
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
  await bundleMain(next);
  for (const f of files) if (!/\.tsx?$/.test(f)) cpSync(f, join(next, relative(SRC, f)));
  await buildAssets(ROOT, next);
  const old = `${out}.old.${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(next, out);
  rmSync(old, { recursive: true, force: true });
  return sources.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ? resolve(process.argv[2]) : OUT;
  const n = await buildDist(out);
  process.stderr.write(`Built ${n} files into ${relative(ROOT, out)}/.\n`);
}
