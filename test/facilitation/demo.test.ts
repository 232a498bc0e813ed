import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type DemoIds, seedDemo } from '../../src/demo/seed.js';
import { programmeDashboard } from '../../src/modules/facilitation/dashboard.js';
import { nationalPrecheck } from '../../src/modules/facilitation/exports.js';
import { todayInRome } from '../../src/modules/facilitation/service.js';
import { createTestDb, DIALECTS, type TestDb, testConfig } from '../helpers.js';
import { expectRollupsConsistent } from './fixtures.js';

describe.each(DIALECTS)('demo facilitation services (%s)', (dialect) => {
  let t: TestDb;
  let ids: DemoIds;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    ({ ids } = await seedDemo(t.db));
  });
  afterAll(() => t.cleanup());

  it('fills every demo programme, with a complete national export for Consorzio.it', async () => {
    const app = await buildApp({ config: testConfig({ databaseUrl: t.url }), db: t.db, logger: false });
    try {
      for (const key of ['prato', 'firenze', 'consorzio', 'valnure', 'gussago']) {
        const d = await programmeDashboard(app.deps, ids.programmes[key], { from: '2000-01-01', to: todayInRome() });
        expect(d.totals.services, key).toBeGreaterThan(20);
        expect(d.breakdowns.month.filter((m) => m.services > 0).length, key).toBeGreaterThan(2);
      }
      const check = await nationalPrecheck(app.deps, { programme: ids.programmes.consorzio, from: '2000-01-01', to: todayInRome() });
      expect(check.total).toBeGreaterThan(100);
      expect(check.rejected).toBe(0);
      await expectRollupsConsistent({ ...t, app, config: app.deps.config, close: async () => {} });
    } finally {
      await app.close();
    }
  });
});
