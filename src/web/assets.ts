import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';

/** Where the files with a content hash in their name are served; browsers keep them a year. */
export const ASSET_PREFIX = '/static/v/';

const ROOT = resolve(import.meta.dirname, '../..');
const LIST: Record<string, string> = JSON.parse(readFileSync(join(import.meta.dirname, 'assets.json'), 'utf8'));

export type AssetName = keyof typeof LIST & string;

export interface AssetTable {
  /** Asset name (as in assets.json) → file name with its hash. */
  files: Record<string, string>;
  /** Built: the folder of the pre-compressed files; from sources: hashed name → source file. */
  builtDir?: string;
  sources: Map<string, string>;
}

function contentHash(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 10);
}

function hashedName(name: string, data: Buffer): string {
  const ext = extname(name);
  return `${basename(name, ext)}.${contentHash(data)}${ext}`;
}

/**
 * The build's manifest (scripts/build-assets.mjs), when there is one made from the sources as they
 * are now: a stylesheet edited since the build is served from the source, not from the old build.
 * An install without sources trusts its build.
 */
function builtTable(): AssetTable | null {
  const manifestPath = join(ROOT, 'dist/asset-manifest.json');
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, string>; sources: Record<string, string> };
  for (const [name, source] of Object.entries(LIST)) {
    const path = join(ROOT, source);
    if (!manifest.files[name]) return null;
    if (existsSync(path) && manifest.sources[name] !== contentHash(readFileSync(path))) return null;
  }
  return { files: manifest.files, builtDir: join(ROOT, 'dist/public'), sources: new Map() };
}

/** Without a build (tests and development run from src/): the same names, hashed at start-up. */
function sourceTable(): AssetTable {
  const files: Record<string, string> = {};
  const sources = new Map<string, string>();
  for (const [name, source] of Object.entries(LIST)) {
    const path = join(ROOT, source);
    const file = hashedName(name, readFileSync(path));
    files[name] = file;
    sources.set(file, path);
  }
  return { files, sources };
}

let table: AssetTable | undefined;

/** The table of the process, worked out once. */
export function assetTable(): AssetTable {
  table ??= builtTable() ?? sourceTable();
  return table;
}

/** The address of a stylesheet, script or icon pages link, with its content hash in the name. */
export function assetUrl(name: AssetName): string {
  const file = assetTable().files[name];
  if (!file) throw new Error(`unknown asset ${name}`);
  return ASSET_PREFIX + file;
}
