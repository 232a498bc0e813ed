import { newId } from '../../../core/ids.js';
import type { TenancyFixture, TenancyFixtures } from '../../../core/module.js';
import { nowIso } from '../../../core/time.js';
import * as repo from './repo.js';

/**
 * A proposal waiting in organisation `org`'s back office: its partner of the matrix proposes, at a
 * venue of `org` (one a partner may use), an event of a programme of `org` (the programmes module's fixture).
 */
const proposalId: TenancyFixture = async (w, org) => {
  const programme = await w.fixture('programmeId', org, {});
  const venue = w.venue[org];
  const start = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const now = nowIso();
  const id = newId();
  await repo.insertProposal(w.db.k, {
    id,
    organisation_id: w.org[org],
    partner_id: w.partner[org],
    programme_id: programme,
    venue_id: venue,
    title: `Serata digitale ${w.next()}`,
    description: null,
    audiences: '["tutti"]',
    sessions: JSON.stringify([{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }]),
    capacity: 20,
    status: 'submitted',
    comment: null,
    proposed_by: null,
    decided_by: null,
    decided_at: null,
    event_id: null,
    created_at: now,
    updated_at: now,
  });
  return id;
};

export const proposalTenancy: TenancyFixtures = {
  fixtures: { proposalId },
  bodies: {
    'POST /api/v1/event-proposals/:proposalId/approve': () => ({}),
    'POST /api/v1/event-proposals/:proposalId/return': () => ({ comment: 'Indicate anche l’orario di fine.' }),
    'POST /api/v1/event-proposals/:proposalId/decline': () => ({ comment: 'La sala è occupata in quei giorni.' }),
    'POST /admin/proposte/:proposalId/decisione': () => ({ action: 'return', comment: 'Indicate anche l’orario di fine.' }),
  },
};
