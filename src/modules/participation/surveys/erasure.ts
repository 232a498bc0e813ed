import type { Transaction } from 'kysely';
import { nowIso } from '../../../core/time.js';
import type { Database } from '../../../db/schema.js';
import { onProcessErasure } from '../processes/erasure.js';

/**
 * The respondents' contacts (keyed hashes) only serve "one response per person". They go when the
 * process's retention ends, or at once when a survey of no process closes; pending responses,
 * never confirmed, go with them. The confirmed answers stay, anonymous.
 */
export async function eraseSurveyContacts(trx: Transaction<Database>, surveyIds: string[]): Promise<void> {
  if (surveyIds.length === 0) return;
  await trx.deleteFrom('survey_responses').where('survey_id', 'in', surveyIds).where('status', '=', 'pending').execute();
  await trx.updateTable('survey_responses').set({ contact_hash: null }).where('survey_id', 'in', surveyIds).execute();
  await trx.updateTable('surveys').set({ contacts_erased_at: nowIso() }).where('id', 'in', surveyIds).execute();
}

export function registerSurveyErasure(): void {
  onProcessErasure('surveys', async (trx, processId) => {
    const ids = (await trx.selectFrom('surveys').select('id').where('process_id', '=', processId).execute()).map((r) => r.id);
    await eraseSurveyContacts(trx, ids);
  });
}
