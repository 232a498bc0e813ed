import type { TenancyFixtures } from '../../core/module.js';
import { addPlanItem } from './plan/service.js';
import { createProgramme } from './service.js';

/** The tenancy matrix's records of programmes. */
export const tenancy: TenancyFixtures = {
  fixtures: {
    programmeId: async (w, org) =>
      (
        await createProgramme(w.db, null, {
          organisation: w.org[org],
          name: `Programma ${w.next()}`,
          start: '2026-01-01',
          end: '2026-12-31',
          partners: [w.partner[org]],
          targets: [{ metric: 'events', value: 10, deadline: '2026-12-31' }],
        })
      ).id,
    /** A course in the plan of the programme the route names (its fixture comes first in the path). */
    planItemId: async (w, _org, ids) =>
      (await addPlanItem(w.db, null, ids.programmeId, { title: `Corso ${w.next()}`, audience: 'anziani' })).id,
  },
  bodies: {
    'PATCH /api/v1/programmes/:programmeId': () => ({ name: 'Programma rinominato' }),
    'POST /api/v1/programmes/:programmeId/plan': () => ({ title: 'Corso per anziani', audience: 'anziani' }),
    'POST /admin/programmes/:programmeId/piano/:planItemId': () => ({ title: 'Corso rinominato', audience: 'anziani' }),
    'PATCH /api/v1/programmes/:programmeId/plan/:planItemId': () => ({ title: 'Corso rinominato' }),
    'PUT /api/v1/programmes/:programmeId/targets': () => ({ targets: [{ metric: 'participants', value: 300, deadline: '2026-12-31' }] }),
  },
};
