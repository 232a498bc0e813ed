import type { TenancyFixtures, TenancyOrg, TenancyWorld } from '../../core/module.js';
import { nowIso } from '../../core/time.js';
import { createProcess } from './processes/service.js';
import * as proposalsRepo from './proposals/repo.js';

/** The tenancy matrix's records of participation: a published process, a public proposal, a comment on it. */

const process = async (w: TenancyWorld, org: TenancyOrg) =>
  (
    await createProcess(w.db, null, {
      organisation: w.org[org],
      title: `Percorso ${w.next()}`,
      phases: [{ name: 'Proposte', start: '2030-01-01', end: '2030-12-31' }],
    })
  ).id;

const proposal = async (w: TenancyWorld, org: TenancyOrg) => {
  const row = proposalsRepo.proposalRowOf({
    process_id: await process(w, org),
    title: `Proposta ${w.next()}`,
    body: 'Wi-Fi gratuito in biblioteca',
    municipality_code: '100005',
    category: 'Connettività',
    confirmed_at: nowIso(),
  });
  await proposalsRepo.insertProposal(w.db.k, row);
  return row.id;
};

const phaseForm = { title: 'Percorso', status: 'published', phaseName: 'Proposte', phaseStart: '2030-01-01', phaseEnd: '2030-12-31' };

export const tenancy: TenancyFixtures = {
  fixtures: {
    processId: process,
    participationProposalId: proposal,
    commentId: async (w, org) => {
      const row = proposalsRepo.commentRowOf({ proposal_id: await proposal(w, org), body: 'Sono d’accordo', confirmed_at: nowIso() });
      await proposalsRepo.insertComment(w.db.k, row);
      return row.id;
    },
  },
  bodies: {
    'PATCH /api/v1/processes/:processId': () => ({ title: 'Un altro titolo' }),
    'POST /api/v1/proposals/:participationProposalId/hide': () => ({ reason: 'Fuori tema' }),
    'POST /api/v1/proposals/:participationProposalId/answer': () => ({ state: 'evaluating', answer: 'La stiamo valutando' }),
    'POST /api/v1/comments/:commentId/hide': () => ({ reason: 'Offensivo' }),
    'POST /admin/organisations/:organisationId/partecipazione': () => phaseForm,
    'POST /admin/processes/:processId': () => ({ ...phaseForm, title: 'Un altro titolo' }),
    'POST /admin/proposals/:participationProposalId/risposta': () => ({ state: 'evaluating', answer: 'La stiamo valutando' }),
    'POST /admin/proposals/:participationProposalId/nascondi': () => ({ reason: 'Fuori tema' }),
    'POST /admin/comments/:commentId/nascondi': () => ({ reason: 'Offensivo' }),
  },
};
