import { DateTime } from 'luxon';
import { dailyJob } from '../../core/daily-job.js';
import type { Deps } from '../../core/deps.js';
import { listProgrammes } from '../programmes/service.js';
import { todayInRome } from './dates.js';
import * as repo from './repo.js';

/* The erasure of the citizens' identities once their programmes' retention ends. */

// ---------- erasure of the citizens' identities ----------

export const ERASURE_JOB = 'facilitation.erase-identities';

/**
 * The codice fiscale and the names are kept for the national upload only. Once every programme a
 * citizen was served in has passed its end by its retention period (the programme's
 * `retentionDays`), both are erased; the records, their anonymous profile and the keyed hash that
 * counts unique citizens stay. Returns how many citizens were erased.
 */
export async function eraseExpiredIdentities(deps: Deps, today = todayInRome()): Promise<number> {
  const expired: string[] = [];
  const live: string[] = [];
  for (const p of await listProgrammes(deps.db, null)) {
    const until = DateTime.fromISO(p.end, { zone: 'utc' }).plus({ days: p.retentionDays }).toISODate() as string;
    (until < today ? expired : live).push(p.id);
  }
  if (expired.length === 0) return 0;
  const erased = await repo.eraseIdentities(deps.db.k, expired, live);
  if (erased > 0) {
    await repo.audit(deps.db.k, {
      userId: null,
      organisationId: null,
      action: 'facilitation.identities-erased',
      entity: 'citizens',
      entityId: today,
      details: { citizens: erased, programmes: expired.length },
    });
  }
  return erased;
}

/** The daily erasure, at 03:00 in Rome: `registerErasureJob` registers it, `planErasure` plans today's. */
const dailyErasure = dailyJob(ERASURE_JOB, (deps) => eraseExpiredIdentities(deps));
export const registerErasureJob = dailyErasure.register;
export const planErasure = dailyErasure.plan;
