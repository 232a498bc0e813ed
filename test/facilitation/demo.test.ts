import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { DemoIds } from '../../src/demo/seed.js';
import { programmeDashboard } from '../../src/modules/facilitation/dashboard.js';
import { nationalPrecheck } from '../../src/modules/facilitation/national-export.js';
import { nationalDownload } from '../../src/modules/facilitation/national-files.js';
import { todayInRome } from '../../src/modules/facilitation/service.js';
import { getProgramme } from '../../src/modules/programmes/service.js';
import { createDemoDb, DIALECTS, type TestDb, testConfig } from '../helpers.js';
import { expectRollupsConsistent } from './fixtures.js';
import { uploadCsv } from './national-upload.js';

describe.each(DIALECTS)('demo facilitation services (%s)', (dialect) => {
  let t: TestDb;
  let ids: DemoIds;
  beforeAll(async () => {
    const d = await createDemoDb(dialect);
    t = d;
    ({ ids } = d.demo);
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
      // The file itself, through the national platform's upload: every row accepted.
      const programme = await getProgramme(t.db, ids.programmes.consorzio);
      const download = await nationalDownload(app.deps, null, programme, {
        programme: programme.id,
        from: '2000-01-01',
        to: todayInRome(),
      });
      expect(download.type).toBe('text/csv; charset=utf-8');
      let csv = '';
      for await (const c of download.body) csv += typeof c === 'string' ? c : Buffer.from(c).toString('utf8');
      const venues = await t.db.k.selectFrom('venues').select(['name', 'national_name']).execute();
      const result = uploadCsv(csv, {
        facilitators: [{ name: 'Garatti Andrea' }],
        venues: venues.map((v) => v.national_name ?? v.name),
        start: programme.start,
        end: programme.end,
      });
      expect(result.refused).toBeUndefined();
      expect(result.discarded).toEqual([]);
      expect(result.accepted.length).toBe(check.valid);
      expect(new Set(result.accepted.map((r) => r.NominativoSede))).toContain('Punto Digitale Facile Crema - Biblioteca');
      await expectRollupsConsistent({ ...t, app, config: app.deps.config, close: async () => {} });
    } finally {
      await app.close();
    }
  });
});
