import { hasRole } from '../../core/access.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { isId } from '../../core/ids.js';
import { fieldError, forbidden, refuse } from '../../core/problems.js';
import { ORG_STAFF } from '../../core/roles.js';
import { nowIso } from '../../core/time.js';
import { getProgramme } from '../programmes/service.js';
import * as repo from './repo.js';

/* The batches of the national export: what is still to send, the numbered batches, their upload and outcome. */

// ---------- national batches ----------

/** Records of the programme still to send to the national platform (never sent, or corrected since). */
export async function nationalPending(deps: Deps, programmeId: string): Promise<{ pending: number; corrections: number }> {
  return repo.pendingCounts(deps.db.k, programmeId);
}

export interface BatchSummary {
  id: string;
  number: number;
  createdAt: string;
  from: string;
  to: string;
  pendingOnly: boolean;
  format: 'csv' | 'xlsx';
  rows: number;
  corrections: number;
  files: number;
  uploadedAt: string | null;
  hasOutcome: boolean;
}

const batchSummary = (b: repo.BatchRow): BatchSummary => ({
  id: b.id,
  number: Number(b.number),
  createdAt: b.created_at,
  from: b.period_from,
  to: b.period_to,
  pendingOnly: Number(b.pending_only) === 1,
  format: b.format,
  rows: Number(b.rows),
  corrections: Number(b.corrections),
  files: Number(b.files),
  uploadedAt: b.uploaded_at,
  hasOutcome: b.outcome !== null,
});

/** The programme's national batches, the latest first. */
export async function nationalBatches(deps: Deps, programmeId: string): Promise<BatchSummary[]> {
  return (await repo.batchesOf(deps.db.k, programmeId)).map(batchSummary);
}

/** The largest outcome file kept with a batch. */
export const OUTCOME_MAX = 5 * 1024 * 1024;

/** Staff say a batch was uploaded to the platform, optionally with the platform's outcome file. */
export async function markBatchUploaded(
  deps: Deps,
  principal: Principal | null,
  programmeId: string,
  batchId: string,
  input: { outcome: string | null; outcomeName: string | null },
): Promise<BatchSummary> {
  const programme = await getProgramme(deps.db, programmeId);
  if (principal && !hasRole(principal, programme.organisation.id, ORG_STAFF)) throw forbidden();
  const batch = isId(batchId) ? await repo.batchById(deps.db.k, batchId) : undefined;
  if (!batch || batch.programme_id !== programme.id) throw refuse(404, 'fac.err.batch.notFound');
  if (batch.uploaded_at) throw refuse(409, 'fac.err.batch.uploaded', { number: batch.number });
  if (input.outcome && input.outcome.length > OUTCOME_MAX) {
    throw refuse(422, 'fac.err.outcome.tooLarge', undefined, [fieldError('outcome', 'fac.err.outcome.max')]);
  }
  const name = (input.outcomeName ?? 'esito.csv').replace(/[^\w.-]/g, '_').slice(0, 100) || 'esito.csv';
  await deps.db.k.transaction().execute(async (trx) => {
    await repo.markBatchUploaded(trx, batch.id, {
      uploaded_at: nowIso(),
      uploaded_by: principal?.userId ?? null,
      outcome_name: input.outcome ? name : null,
      outcome: input.outcome ?? null,
    });
    await repo.auditProgramme(trx, principal, programme, 'facilitation.batch.uploaded', { batch: batch.number, outcome: !!input.outcome });
  });
  return batchSummary((await repo.batchById(deps.db.k, batch.id)) as repo.BatchRow);
}

/** The outcome file staff attached to a batch. */
export async function batchOutcome(deps: Deps, programmeId: string, batchId: string): Promise<{ name: string; text: string }> {
  const batch = isId(batchId) ? await repo.batchById(deps.db.k, batchId) : undefined;
  if (!batch || batch.programme_id !== programmeId || batch.outcome === null) throw refuse(404, 'fac.err.outcome.notFound');
  return { name: batch.outcome_name ?? 'esito.csv', text: batch.outcome };
}
