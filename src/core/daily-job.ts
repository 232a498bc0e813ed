import type { Deps } from './deps.js';
import { enqueueJob } from './jobs.js';
import { inRome, nowIso } from './time.js';

/**
 * A job that runs once a day, at 03:00 in Rome: each run plans the next day's, and each day's job
 * is one whatever the restarts (its dedupe key is the job's name and the day). `register` gives
 * the module's job handler, `plan` its start: today's run unless it is planned already.
 */
export function dailyJob(kind: string, run: (deps: Deps) => Promise<unknown>) {
  return {
    register(deps: Deps): void {
      deps.jobs.register(kind, async () => {
        await run(deps);
        const next = inRome(nowIso()).plus({ days: 1 }).startOf('day').plus({ hours: 3 });
        await enqueueJob(deps.db.k, kind, {}, { runAt: next.toUTC().toISO() as string, dedupeKey: `${kind}:${next.toISODate()}` });
      });
    },
    async plan(deps: Deps): Promise<void> {
      await enqueueJob(deps.db.k, kind, {}, { dedupeKey: `${kind}:${inRome(nowIso()).toISODate()}` });
    },
  };
}
