import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoConnectivity } from '../../src/modules/participation/connectivity/demo.js';
import { listReports, localityCounts } from '../../src/modules/participation/connectivity/service.js';
import { DIALECTS } from '../helpers.js';
import { type ConnectivityWorld, connectivityWorld } from './connectivity-world.js';

describe.each(DIALECTS)('the demo map of gaps (%s)', (dialect) => {
  let w: ConnectivityWorld;
  beforeAll(async () => {
    w = await connectivityWorld(dialect);
    await seedDemoConnectivity(w.t.db, { organisations: { valnure: w.valnure }, venues: {}, programmes: {}, more: {} });
  });
  afterAll(async () => w?.close());

  it('gives the Unione 15 reports over its comuni: schools without fibre, and one point outside flagged', async () => {
    const reports = await listReports(w.t.db, w.valnure, {});
    expect(reports).toHaveLength(15);
    expect(reports.filter((r) => r.building === 'school').map((r) => r.schoolName)).toEqual(
      expect.arrayContaining(['Scuola primaria di Gropparello', 'Scuola secondaria di primo grado di Carpaneto']),
    );
    expect(reports.filter((r) => r.outside)).toHaveLength(1);
    const counts = await localityCounts(w.t.db, w.valnure);
    // Every comune of the Unione has a report, and the point outside has a row of its own.
    expect(counts.filter((c) => c.code !== null).every((c) => c.total > 0)).toBe(true);
    expect(counts.find((c) => c.code === null)?.total).toBe(1);
    expect(counts.reduce((n, c) => n + c.total, 0)).toBe(15);
  });
});
