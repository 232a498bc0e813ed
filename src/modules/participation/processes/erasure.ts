import type { Transaction } from 'kysely';
import { auditLog } from '../../../core/audit.js';
import { dailyJob } from '../../../core/daily-job.js';
import type { Deps } from '../../../core/deps.js';
import { addMs, nowIso } from '../../../core/time.js';
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

/** The daily erasure, at 03:00 in Rome: `registerErasureJob` registers it, `planErasure` plans today's. */
const dailyErasure = dailyJob(ERASURE_JOB, (deps) => eraseExpiredProcesses(deps));
export const registerErasureJob = dailyErasure.register;
export const planErasure = dailyErasure.plan;
