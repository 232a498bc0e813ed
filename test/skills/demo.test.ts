import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as skills from '../../src/modules/skills/service.js';
import { createDemoDb, DIALECTS, type TestDb } from '../helpers.js';

describe.each(DIALECTS)('demo self-assessments (%s)', (dialect) => {
  let t: TestDb;
  let prato: string;
  beforeAll(async () => {
    const d = await createDemoDb(dialect);
    t = d;
    prato = d.demo.ids.organisations.prato;
  });
  afterAll(() => t.cleanup());

  it('seeds a few dozen anonymous results over the demo comuni and age bands', async () => {
    const rows = await t.db.k.selectFrom('skill_results').select(['municipality_code', 'age_band', 'level_1', 'level_4']).execute();
    expect(rows.length).toBeGreaterThanOrEqual(50);
    expect(new Set(rows.map((r) => r.municipality_code)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r) => r.age_band)).size).toBeGreaterThanOrEqual(4);
    // Not everyone the same: levels spread.
    expect(new Set(rows.map((r) => Number(r.level_1))).size).toBeGreaterThan(2);
  });

  it('gives Prato aggregates to show and before/after pairs of a course', async () => {
    const agg = await skills.aggregates(t.db, prato);
    expect(agg.total?.n).toBeGreaterThanOrEqual(16);
    expect(agg.byAgeBand.length).toBeGreaterThan(0);
    const { events, programmes } = await skills.beforeAfter(t.db, prato);
    const course = [...events, ...programmes].find((r) => r.paired);
    expect(course?.paired?.n).toBe(8);
    expect(Object.values(course?.paired?.change ?? {}).some((c) => c > 0)).toBe(true);
    const stats = await skills.itemStatistics(t.db, (await skills.currentVersion(t.db)).id);
    expect(stats.filter((s) => s.share !== null).length).toBeGreaterThanOrEqual(20);
  });
});
