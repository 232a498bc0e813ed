// Writes the files pages link (src/web/assets.json) into dist/public/ under names that carry a hash
// of their content, each with a brotli (.br) and a gzip (.gz) copy made once here at the strongest
// settings, and a manifest (dist/asset-manifest.json) the views read to link those names. A hashed
// name never changes content, so browsers may keep it a year without asking again.
//
// Bootstrap Italia's stylesheet (612 KB) is cut to the rules the views can use: PurgeCSS keeps the
// selectors whose class and tag names appear in the sources. Fonts stay as Bootstrap Italia ships
// them (Latin and Latin Extended in one woff2 each, about 18 KB): no maintained font subsetter is
// among the dependencies, and the browser only downloads the weights a page uses.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { PurgeCSS } from 'purgecss';

/** Classes the views build from variables (`alert-${kind}`): no source names them whole. */
const SAFELIST = [/^alert-/];

/** File types worth compressing; woff2, png and ico are compressed already. */
const COMPRESSIBLE = /\.(css|js|svg|json|txt)$/;

export function contentHash(data) {
  return createHash('sha256').update(data).digest('hex').slice(0, 10);
}

function hashedName(file, data) {
  const ext = extname(file);
  return `${basename(file, ext)}.${contentHash(data)}${ext}`;
}

function write(dir, name, data) {
  writeFileSync(join(dir, name), data);
  if (!COMPRESSIBLE.test(name)) return;
  writeFileSync(join(dir, `${name}.br`), brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(join(dir, `${name}.gz`), gzipSync(data, { level: 9 }));
}

async function purgedBootstrapItalia(root, source) {
  const [result] = await new PurgeCSS().purge({
    content: [join(root, 'src/**/*.tsx'), join(root, 'src/**/*.ts'), join(root, 'src/web/static/*.js')],
    css: [join(root, source)],
    safelist: { standard: SAFELIST },
  });
  return Buffer.from(result.css);
}

/** fonts.css with each font it loads copied under a hashed name, and the addresses rewritten. */
function fontsWithHashedFiles(root, css, dir, prefix) {
  return Buffer.from(
    css.toString('utf8').replace(/url\("\/static\/bi\/(fonts\/[^"]+\.woff2)"\)/g, (_, path) => {
      const font = readFileSync(join(root, 'node_modules/bootstrap-italia/dist', path));
      const name = hashedName(path, font);
      write(dir, name, font);
      return `url("${prefix}${name}")`;
    }),
  );
}

/**
 * Builds the public files into `outDir/public` and the manifest into `outDir/asset-manifest.json`:
 * for each asset, the hashed file name and the hash of its source (the running app uses the
 * manifest only while the sources are unchanged).
 */
export async function buildAssets(root, outDir, prefix = '/static/v/') {
  const dir = join(outDir, 'public');
  mkdirSync(dir, { recursive: true });
  const list = JSON.parse(readFileSync(join(root, 'src/web/assets.json'), 'utf8'));
  const manifest = { files: {}, sources: {} };
  for (const [name, source] of Object.entries(list)) {
    let data = readFileSync(join(root, source));
    manifest.sources[name] = contentHash(data);
    if (name === 'bootstrap-italia.css') data = await purgedBootstrapItalia(root, source);
    if (name === 'fonts.css') data = fontsWithHashedFiles(root, data, dir, prefix);
    const file = hashedName(name, data);
    write(dir, file, data);
    manifest.files[name] = file;
  }
  writeFileSync(join(outDir, 'asset-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
