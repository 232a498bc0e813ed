import type { Deps } from '../../../core/deps.js';
import { newId } from '../../../core/ids.js';
import { nowIso } from '../../../core/time.js';
import { onConfirmed } from '../confirm/service.js';
import { onProcessErasure } from '../processes/erasure.js';
import * as repo from './repo.js';

/**
 * What confirming does for proposals, supports and comments, and what the erasure of a process
 * takes from them. Registered with the module's jobs: a confirmation link works in any process
 * that runs the routes, and the erasure in the one that runs the jobs.
 */
export function registerProposalJobs(_deps: Deps): void {
  onConfirmed('proposal', async ({ trx, confirmation }) => {
    await repo.confirmProposal(trx, confirmation.subjectId, nowIso());
    return { status: 'confirmed', message: 'participation.confirm.done.proposal', link: `/partecipa/proposte/${confirmation.subjectId}` };
  });
  onConfirmed('support', async ({ trx, confirmation }) => {
    const link = `/partecipa/proposte/${confirmation.subjectId}`;
    const counted = await repo.addSupport(trx, {
      id: newId(),
      proposalId: confirmation.subjectId,
      contactHash: confirmation.contactHash,
      now: nowIso(),
    });
    return counted
      ? { status: 'confirmed', message: 'participation.confirm.done.support', link }
      : { status: 'already', message: 'participation.error.alreadySupported', link };
  });
  onConfirmed('comment', async ({ trx, confirmation }) => {
    const proposalId = await repo.confirmComment(trx, confirmation.subjectId, nowIso());
    return {
      status: 'confirmed',
      message: 'participation.confirm.done.comment',
      ...(proposalId ? { link: `/partecipa/proposte/${proposalId}#commenti` } : {}),
    };
  });
  onProcessErasure('proposals', (trx, processId) => repo.eraseOfProcess(trx, processId));
}
