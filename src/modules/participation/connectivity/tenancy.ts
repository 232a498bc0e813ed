import type { TenancyFixtures } from '../../../core/module.js';
import { createReport } from './service.js';

/** For each fixture report, another open report of the same organisation to merge it into. */
const partnerOf = new Map<string, string>();

const report = async (db: Parameters<typeof createReport>[0]['db'], organisation: string) =>
  (await createReport({ db }, { organisation, lat: 45.1, lon: 9.1, problem: 'no-broadband', operator: 'unknown', building: 'home' })).id;

/** The tenancy matrix's records of connectivity gaps: an open report, and bodies for its writes. */
export const connectivityTenancy: TenancyFixtures = {
  fixtures: {
    connectivityReportId: async (w, org) => {
      const id = await report(w.db, w.org[org]);
      partnerOf.set(id, await report(w.db, w.org[org]));
      return id;
    },
  },
  bodies: {
    'POST /api/v1/connectivity-reports/:connectivityReportId/merge': (_w, _org, ids) => ({ into: partnerOf.get(ids.connectivityReportId) }),
    'POST /admin/connectivity-reports/:connectivityReportId/unisci': (_w, _org, ids) => ({
      into: partnerOf.get(ids.connectivityReportId) ?? '',
    }),
  },
};
