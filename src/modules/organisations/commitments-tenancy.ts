import type { TenancyFixture } from '../../core/module.js';
import { addCommitment } from './commitments.js';
import { createAgreement } from './service.js';

/** A commitment of the agreement the path names (or of a new agreement of `org` with its partner). */
export const commitmentId: TenancyFixture = async (w, org, ids) => {
  const agreementId =
    ids.agreementId ??
    (await createAgreement(w.db, w.org[org], { title: `Protocollo ${w.next()}`, partners: [w.partner[org]], start: '2025-01-01' })).id;
  return (await addCommitment(w.db, null, agreementId, { partner: w.partner[org], venues: [], hours: 10, period: 'month', volunteers: 2 }))
    .id;
};

export const commitmentBodies = {
  'POST /api/v1/agreements/:agreementId/commitments': (w: { partner: Record<string, string> }, org: 'A' | 'B') => ({
    partner: w.partner[org],
    venues: [],
    hours: 8,
    period: 'month',
    volunteers: 1,
  }),
};
