import type { Transaction } from 'kysely';
import { auditLog } from '../../../core/audit.js';
import type { Deps } from '../../../core/deps.js';
import { enqueueJob } from '../../../core/jobs.js';
import { addMs, inRome, nowIso } from '../../../core/time.js';
import type { Database } from '../../../db/schema.js';
import { forgetConfirmationsOfProcess, forgetExpiredConfirmations } from '../confirm/service.js';
import * as repo from './repo.js';

const processLog = auditLog('participation-process');

/**
 * Personal data of a process's participants (contacts' hashes, signatures, encrypted contacts) is
 * erased once the process has been closed for its retention period; what they wrote stays,
 * signed "un cittadino". Each part of the module registers what it erases with `onProcessErasure`;
 * a daily job runs them all, in one transaction per process.
 */

export const ERASURE_JOB = 'participation.erase';

type Eraser = (trx: Transaction<Database>, processId: string) => Promise<void>;
const erasers = new Map<string, Eraser>();

/** Registers what a part of the module erases when a process's retention ends (one per name). */
export function onProcessErasure(name: string, eraser: Eraser): void {
  erasers.set(name, eraser);
}

/** Erases every process whose retention after closing has passed; answers their ids. */
export async function eraseExpiredProcesses(deps: Pick<Deps, 'db'>, at = nowIso()): Promise<string[]> {
  const due = (await repo.closedNotErased(deps.db)).filter((p) => p.closed_at && addMs(p.closed_at, p.retention_days * 86_400_000) <= at);
  for (const p of due) {
    await deps.db.k.transaction().execute(async (trx) => {
      for (const erase of erasers.values()) await erase(trx, p.id);
      await forgetConfirmationsOfProcess(trx, p.id);
      await repo.updateProcess(trx, p.id, { erased_at: at });
      await processLog(trx, 'participation.process.erased', { id: p.id, organisationId: p.organisation_id });
    });
  }
  await forgetExpiredConfirmations(deps.db.k);
  return due.map((p) => p.id);
}

/** The daily erasure: runs, then plans itself for the next day at 03:00 in Rome. */
export function registerErasureJob(deps: Deps): void {
  deps.jobs.register(ERASURE_JOB, async () => {
    await eraseExpiredProcesses(deps);
    const next = inRome(nowIso()).plus({ days: 1 }).startOf('day').plus({ hours: 3 });
    await enqueueJob(
      deps.db.k,
      ERASURE_JOB,
      {},
      { runAt: next.toUTC().toISO() as string, dedupeKey: `${ERASURE_JOB}:${next.toISODate()}` },
    );
  });
}

/** Plans today's erasure unless it is planned already. */
export async function planErasure(deps: Deps): Promise<void> {
  await enqueueJob(deps.db.k, ERASURE_JOB, {}, { dedupeKey: `${ERASURE_JOB}:${inRome(nowIso()).toISODate()}` });
}
