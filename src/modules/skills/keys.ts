import type { Deps } from '../../core/deps.js';
import type { KeyRing } from '../../core/keys.js';
import type { KeyRotation } from '../../core/module.js';
import { rewriteRows } from '../../core/rows.js';

/**
 * `rotate-data-key` for results: each result's private link (derived from its chain) has its hash
 * stored again for the link under the new key; links sent before still open while the old key is
 * in DATA_KEY_PREVIOUS (core/keys.ts).
 */
export async function rotateKeys(deps: Pick<Deps, 'db'>, next: KeyRing): Promise<KeyRotation> {
  let links = 0;
  await deps.db.k.transaction().execute((trx) =>
    rewriteRows(trx, 'skill_results', 'id', ['id', 'chain_id', 'token_hash'], (r) => {
      const link = next.relinkedHash('skills.result', r.chain_id, r.token_hash);
      if (link === null) return null;
      links++;
      return { token_hash: link };
    }),
  );
  return { rekeyed: { 'result links': links } };
}
