import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (tens of seconds each: child processes, thousands of generated rows,
 * every route of the tenancy matrix), started first so that no worker is left running one of them
 * alone at the end. Without it a fresh clone, which has no timings of an earlier run, orders files
 * by size, and the two eight-line matrix files, the longest of all, came last. In the order they
 * should start; an entry is a part of a test file's path.
 */
export const LONGEST_FIRST = [
  'facilitation/national.test.ts',
  'ops/dockerfile.test.ts',
  'tenancy/matrix-postgres.test.ts',
  'ops/rolling-restart.test.ts',
  'cli/cli.test.ts',
  'ops/workers.test.ts',
  'site/html-validity.test.ts',
  'events/concurrency.test.ts',
  'desks/concurrency.test.ts',
  'cli/rotate-data-key.test.ts',
  'facilitation/cli.test.ts',
  'ops/backup.test.ts',
  'volunteers/concurrency.test.ts',
  'tenancy/matrix-sqlite.test.ts',
  'volunteers/pairs-concurrency.test.ts',
  'core/metrics.test.ts',
];

const rank = (spec: TestSpecification) => {
  const path = spec.moduleId.replaceAll('\\', '/');
  const i = LONGEST_FIRST.findIndex((part) => path.endsWith(`/test/${part}`));
  return i === -1 ? LONGEST_FIRST.length : i;
};

/** Vitest's own order (by the last run's timings when it has them), with the longest files first. */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map(({ spec }) => spec);
  }
}
