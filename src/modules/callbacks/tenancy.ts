import { newId } from '../../core/ids.js';
import type { TenancyFixtures } from '../../core/module.js';
import { recordCallback } from './service.js';

/** The tenancy matrix's records of callbacks: an entry of the organisation's list to call. */
export const tenancy: TenancyFixtures = {
  fixtures: {
    callbackId: async (w, org) => {
      const subjectId = newId();
      await recordCallback(w.db.k, { organisationId: w.org[org], kind: 'registration', subjectId, scopeId: newId(), reason: 'promoted' });
      const row = await w.db.k.selectFrom('phone_callbacks').select('id').where('subject_id', '=', subjectId).executeTakeFirstOrThrow();
      return row.id;
    },
  },
};
