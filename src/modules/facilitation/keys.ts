import type { Deps } from '../../core/deps.js';
import type { KeyRing } from '../../core/keys.js';
import type { KeyRotation } from '../../core/module.js';
import { rotateDataKey } from './service.js';

/**
 * `rotate-data-key` for facilitation: every codice fiscale (and the names kept with it) encrypted
 * again and its keyed hash computed again under the new key; resumable.
 */
export async function rotateKeys(deps: Deps, next: KeyRing, onProgress?: (done: number) => void): Promise<KeyRotation> {
  const report = await rotateDataKey(deps, next.current.base64, onProgress);
  return { reencrypted: { 'codici fiscali': report.citizens } };
}
