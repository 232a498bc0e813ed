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
  /** The build's folder of pre-compressed files (scripts/build-assets.mjs), when there is a build. */
  builtDir?: string;
  /** Hashed name → source file, for the assets served from their sources. */
  sources: Map<string, string>;
}

interface Manifest {
  files: Record<string, string>;
  sources: Record<string, string>;
}

function contentHash(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 10);
}

function hashedName(name: string, data: Buffer): string {
  const ext = extname(name);
  return `${basename(name, ext)}.${contentHash(data)}${ext}`;
}

function readManifest(buildDir: string): Manifest | null {
  const path = join(buildDir, 'asset-manifest.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Manifest) : null;
}

/**
 * Each asset from the build (purged, pre-compressed) while its source is as it was built; one edited
 * since then, or all of them when there is no build (tests and development run from src/), from its
 * source under a hash worked out at start-up. An install without sources trusts its build.
 */
export function buildTable(root = ROOT, buildDir = join(root, 'dist')): AssetTable {
  const manifest = readManifest(buildDir);
  const table: AssetTable = { files: {}, sources: new Map() };
  if (manifest) table.builtDir = join(buildDir, 'public');
  for (const [name, source] of Object.entries(LIST)) {
    const path = join(root, source);
    const built = manifest?.files[name];
    const data = existsSync(path) ? readFileSync(path) : null;
    if (built && (!data || manifest.sources[name] === contentHash(data))) {
      table.files[name] = built;
      continue;
    }
    if (!data) throw new Error(`asset ${name}: neither built nor found at ${source}`);
    const file = hashedName(name, data);
    table.files[name] = file;
    table.sources.set(file, path);
  }
  return table;
}

let table: AssetTable | undefined;

/** The table of the process, worked out once. */
export function assetTable(): AssetTable {
  table ??= buildTable();
  return table;
}

/** The address of a stylesheet, script or icon pages link, with its content hash in the name. */
export function assetUrl(name: AssetName): string {
  const file = assetTable().files[name];
  if (!file) throw new Error(`unknown asset ${name}`);
  return ASSET_PREFIX + file;
}
