import { sql } from 'kysely';
import type { Deps } from '../../core/deps.js';
import { nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { DataKeys, dataKeys } from './crypto.js';
import * as repo from './repo.js';

export * from './batches.js';
export type { AgeBand, Gender } from './codes.js';
export { todayInRome } from './dates.js';
export * from './erasure.js';
export * from './lookup.js';
export * from './prepare.js';
export { type FacilitationPlaceFigures, facilitationByPlace } from './programme-places.js';
export * from './questionnaire.js';
export * from './record-view.js';
export * from './records.js';
export { BREAKDOWNS, type Breakdown, formatDuration } from './schemas.js';
export * from './settings.js';
export * from './write.js';

// ---------- key rotation ----------

export interface RotationReport {
  citizens: number;
  newKeyId: string;
}

/**
 * Re-encrypts every codice fiscale, and recomputes its keyed hash, under a new key. Resumable: rows
 * already under the new key are skipped. Hashes of other identifiers cannot be recomputed (only
 * their hash is kept): they still match while the old key is listed in DATA_KEY_PREVIOUS, and are
 * re-hashed on the citizen's next visit.
 */
export async function rotateDataKey(deps: Deps, newKey: string, onProgress?: (done: number) => void): Promise<RotationReport> {
  const old = dataKeys(deps.config);
  const next = new DataKeys(newKey, [deps.config.dataKey, ...(deps.config.dataKeysPrevious ?? [])]);
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const batch = await repo.citizensNotUnder(deps.db.k, next.currentId, 500, after);
    if (batch.length === 0) break;
    await deps.db.k.transaction().execute(async (trx) => {
      for (const c of batch) {
        if (!c.cf_enc) continue;
        const read = (enc: string) => (old.canDecrypt(enc) ? old.decrypt(enc) : next.decrypt(enc));
        const cf = read(c.cf_enc);
        await trx
          .updateTable('facilitation_citizens')
          .set({
            cf_enc: next.encrypt(cf),
            // The names go with the codice fiscale: both under the new key.
            names_enc: c.names_enc ? next.encrypt(read(c.names_enc)) : null,
            key_hash: next.hash(`cf:${cf}`),
            key_id: next.currentId,
            updated_at: nowIso(),
          })
          .where('id', '=', c.id)
          .execute();
      }
      await repo.audit(trx, {
        userId: null,
        organisationId: null,
        action: 'facilitation.rotate-key',
        entity: 'data_key',
        entityId: next.currentId,
        details: { citizens: batch.length },
      });
    });
    done += batch.length;
    after = batch[batch.length - 1].id;
    onProgress?.(done);
  }
  return { citizens: done, newKeyId: next.currentId };
}

/**
 * The citizens a programme facilitated from its start up to a day (YYYY-MM-DD, Rome), each once:
 * a citizen is recognised by the keyed hash of their codice fiscale (or other identifier), so two
 * services to the same person count one. For the programme's "users" targets.
 */
export async function programmeFacilitatedCitizens(db: Db, programmeId: string, upTo: string): Promise<number> {
  const row = await db.k
    .selectFrom('facilitation_records')
    .select(sql<number>`count(distinct citizen_id)`.as('n'))
    .where('programme_id', '=', programmeId)
    .where('service_date', '<=', upTo)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
