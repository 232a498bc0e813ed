import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { commandDeps } from '../core/command-deps.js';
import type { Deps } from '../core/deps.js';
import { keyRing } from '../core/keys.js';
import type { KeyRotation, PonteModule } from '../core/module.js';
import type { Db } from '../db/index.js';
import { MODULES } from './index.js';

/**
 * `rotate-data-key --new-key K`: every module moves what it derived from DATA_KEY under the new
 * key (`rotateKeys` in its manifest). Afterwards DATA_KEY is set to the new key and the old one
 * is added to DATA_KEY_PREVIOUS: links and values written before the rotation keep working.
 */

/** A mistake on the command line, reported in one line (main.ts tells these apart by name). */
export class KeyRotationError extends Error {
  override name = 'CliError';
}

const fmt = new Intl.NumberFormat('en-GB');

/** One line per module: "events: Re-keyed 3 contact hashes, 3 manage links". */
export function describeRotation(name: string, r: KeyRotation): string {
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([what, n]) => `${fmt.format(n)} ${what}`)
      .join(', ');
  const parts = [r.reencrypted && `Re-encrypted ${list(r.reencrypted)}`, r.rekeyed && `Re-keyed ${list(r.rekeyed)}`].filter(Boolean);
  return `${name}: ${parts.join('; ')}`;
}

/** Runs every module's rotation under `newKey`, in list order; returns what each moved. */
export async function rotateAllKeys(
  deps: Deps,
  newKey: string,
  modules: readonly PonteModule[] = MODULES,
): Promise<{ module: string; rotation: KeyRotation }[]> {
  const next = keyRing(deps.config).rotatedTo(newKey);
  const done: { module: string; rotation: KeyRotation }[] = [];
  for (const m of modules) if (m.rotateKeys) done.push({ module: m.name, rotation: await m.rotateKeys(deps, next) });
  return done;
}

export async function rotateCommand(config: Config, db: Db, args: string[], modules: readonly PonteModule[] = MODULES): Promise<void> {
  const { values } = parseArgs({ args, options: { 'new-key': { type: 'string' } } });
  const key = values['new-key'];
  if (!key || Buffer.from(key, 'base64').length !== 32)
    throw new KeyRotationError('rotate-data-key needs --new-key with base64 of 32 random bytes (openssl rand -base64 32)');
  if (key === config.dataKey) throw new KeyRotationError('the new key is the current DATA_KEY');
  const results = await rotateAllKeys(commandDeps(config, db), key, modules);
  for (const r of results) console.log(describeRotation(r.module, r.rotation));
  console.log(`Everything is under key ${keyRing({ dataKey: key }).currentId}.`);
  console.log('Now set DATA_KEY to the new key and add the old one to DATA_KEY_PREVIOUS (comma-separated), then restart Ponte.');
}
