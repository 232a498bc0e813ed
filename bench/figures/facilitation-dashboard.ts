import { loadConfig } from '../../src/config.js';
import { type FacilitationBench, generateFacilitation } from '../facilitation-data.js';
import { type BenchContext, defineFigure } from '../types.js';

/**
 * The facilitation dashboards over a region's worth of records (FACILITATION_RECORDS, default one
 * million, generated once per benchmark database): one programme for one calendar year, and the
 * same year over every programme. Under the harness's concurrent load; `bench/facilitation.ts`
 * measures the single-request latency and the exports.
 */
const RECORDS = Number(process.env.FACILITATION_RECORDS ?? 1_000_000);
const STAFF_CONNECTIONS = 5;

const prepared = new WeakMap<BenchContext['db'], Promise<FacilitationBench>>();

export function facilitationData(ctx: BenchContext): Promise<FacilitationBench> {
  let p = prepared.get(ctx.db);
  if (!p) {
    p = generateFacilitation(ctx.db, loadConfig({ DATA_KEY: process.env.DATA_KEY, LOG_LEVEL: 'silent' }), {
      records: RECORDS,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    prepared.set(ctx.db, p);
  }
  return p;
}

export const facilitationDashboardProgramme = defineFigure({
  name: 'facilitation dashboard, one programme, one year',
  prepare: facilitationData,
  requests: (_ctx, d) => ({
    path: `/api/v1/programmes/${d.big}/dashboard?from=${d.year}-01-01&to=${d.year}-12-31&by=venue`,
    headers: { authorization: `Bearer ${d.staffToken}`, accept: 'application/json' },
    // A programme's staff, not the public: a handful of people at once.
    connections: STAFF_CONNECTIONS,
  }),
});

export const facilitationDashboardAll = defineFigure({
  name: 'facilitation dashboard, all programmes, one year',
  prepare: facilitationData,
  requests: (_ctx, d) => ({
    path: `/api/v1/facilitation/dashboard?from=${d.year}-01-01&to=${d.year}-12-31&by=municipality`,
    headers: { authorization: `Bearer ${d.adminToken}`, accept: 'application/json' },
    connections: STAFF_CONNECTIONS,
  }),
});
