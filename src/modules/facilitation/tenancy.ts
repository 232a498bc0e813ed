import { DateTime } from 'luxon';
import { newId } from '../../core/ids.js';
import type { TenancyFixtures } from '../../core/module.js';
import { createProgramme } from '../programmes/service.js';
import { createRecord } from './service.js';

/** The tenancy matrix's records of facilitation: a record, a dashboard breakdown, a national batch. */
export const tenancy: TenancyFixtures = {
  fixtures: {
    recordId: async (w, org) => {
      // A facilitation record written by the organisation's facilitator (A) or admin (B), today, in a
      // programme of the organisation that does not report nationally (no codice fiscale needed).
      const today = DateTime.now().setZone('Europe/Rome');
      const programme = await createProgramme(w.db, null, {
        organisation: w.org[org],
        name: `Facilitazione ${w.next()}`,
        start: today.minus({ days: 30 }).toISODate()!,
        end: today.plus({ days: 30 }).toISODate()!,
      });
      const { id } = await createRecord(w.deps, null, {
        programme: programme.id,
        venue: w.venue[org],
        date: today.toISODate()!,
        duration: '00:30',
        kinds: ['A'],
        competences: [9],
        services: ['A'],
        facilitator: w.author[org],
        citizen: {
          education: 'C',
          employment: 'G',
          citizenship: 'A',
          province: 'Prato',
          consent: { channel: 'CARTACEO', date: today.toISODate()! },
        },
      });
      return id;
    },
    breakdown: async () => 'month.csv',
    batchId: async (w, org, ids) => {
      // A national batch of the programme named before it, with the platform's outcome attached.
      const programme = ids.programmeId ?? (await w.fixture('programmeId', org, ids));
      const id = newId();
      await w.db.k
        .insertInto('facilitation_batches')
        .values({
          id,
          programme_id: programme,
          number: Number(w.next()),
          format: 'csv',
          period_from: '2026-01-01',
          period_to: '2026-12-31',
          pending_only: 1,
          rows: 0,
          corrections: 0,
          files: 1,
          created_by: null,
          created_at: new Date().toISOString(),
          uploaded_at: null,
          uploaded_by: null,
          outcome_name: 'esito.csv',
          outcome: 'IDFacilitatore;Esito',
        })
        .execute();
      return id;
    },
  },
  bodies: {
    'PATCH /api/v1/facilitations/:recordId': () => ({ duration: '00:45', details: 'Corretto dal test' }),
    'DELETE /api/v1/facilitations/:recordId': () => ({}),
    'POST /api/v1/facilitations/:recordId/questionnaire': () => ({ email: 'cittadino@esempio.it' }),
    'POST /api/v1/programmes/:programmeId/facilitations/batches/:batchId/uploaded': () => ({ outcome: 'esito' }),
    'POST /admin/programmes/:programmeId/export/batches/:batchId/caricato': () => ({}),
    'PUT /api/v1/programmes/:programmeId/facilitation-settings': () => ({ editWindowDays: 3, admitsMinors: false }),
    'POST /admin/facilitazioni/:recordId/elimina': () => ({}),
    'POST /admin/programmes/:programmeId/cruscotto/impostazioni': () => ({ editWindowDays: '5' }),
  },
};
