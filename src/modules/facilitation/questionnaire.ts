import { createHash } from 'node:crypto';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { isId, newToken } from '../../core/ids.js';
import { refuse } from '../../core/problems.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import { getProgramme } from '../programmes/service.js';
import { joinCodes } from './codes.js';
import { dataKeys } from './crypto.js';
import type { RecordView } from './record-view.js';
import { canSee, getRecord, loadRecord } from './records.js';
import * as repo from './repo.js';
import { QuestionnaireAnswer, QuestionnaireSend } from './schemas.js';

/* The satisfaction questionnaire (ES1–ES6): sent as a private link, answered by the citizen. */

export const QUESTIONNAIRE_JOB = 'facilitation.questionnaire';

// ---------- satisfaction questionnaire ----------

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Sends the ES1–ES6 questionnaire as a private link. The e-mail address is used once and never
 * stored in clear: it travels to the job encrypted, with the link's token; the record keeps only
 * the token's hash and its status (not sent, sent, answered).
 */
export async function sendQuestionnaire(deps: Deps, principal: Principal | null, id: string, input: unknown): Promise<RecordView> {
  const { email } = parse(QuestionnaireSend, input);
  const row = await loadRecord(deps, id);
  if (!canSee(principal, row)) throw refuse(404, 'fac.err.record.notFound');
  if (row.survey_status === 'answered') throw refuse(409, 'fac.err.questionnaire.answered');
  const token = newToken();
  const keys = dataKeys(deps.config);
  await deps.db.k.transaction().execute(async (trx) => {
    await repo.updateRecordRow(trx, id, {
      survey_status: 'sent',
      survey_token_hash: tokenHash(token),
      survey_sent_at: nowIso(),
      updated_at: nowIso(),
    });
    await deps.jobs.enqueue(trx, QUESTIONNAIRE_JOB, { recordId: id, to: keys.encrypt(email), token: keys.encrypt(token) });
    await repo.audit(trx, {
      userId: principal?.userId ?? null,
      organisationId: row.organisation_id,
      action: 'facilitation.questionnaire.send',
      entityId: id,
    });
  });
  return getRecord(deps, principal, id);
}

export function questionnaireUrl(deps: Deps, id: string, token: string): string {
  return `${deps.config.baseUrl}/questionario/${id}?token=${encodeURIComponent(token)}`;
}

/** The job that delivers the questionnaire link. */
export function registerQuestionnaireJob(deps: Deps): void {
  deps.jobs.register(QUESTIONNAIRE_JOB, async (payload) => {
    const { recordId, to, token } = payload as { recordId: string; to: string; token: string };
    const row = await repo.recordById(deps.db.k, recordId);
    if (row?.survey_status !== 'sent') return;
    const keys = dataKeys(deps.config);
    const plainToken = keys.decrypt(token);
    if (row.survey_token_hash !== tokenHash(plainToken)) return; // a newer link was sent since
    const url = questionnaireUrl(deps, recordId, plainToken);
    const programme = await getProgramme(deps.db, row.programme_id);
    await deps.mailer.send({
      to: keys.decrypt(to),
      subject: `Com'è andata? Un questionario di un minuto – ${programme.name}`,
      text: [
        'Buongiorno,',
        '',
        `grazie per esserti rivolto al servizio di facilitazione digitale di ${programme.organisation.name}.`,
        'Ci aiuti a migliorarlo? Rispondi a sei domande, in forma anonima, da questo indirizzo personale:',
        '',
        url,
        '',
        'Il collegamento vale una volta sola. Se non hai chiesto tu questo messaggio, puoi ignorarlo.',
      ].join('\n'),
    });
  });
}

export interface QuestionnaireView {
  id: string;
  status: 'sent' | 'answered';
  programmeName: string;
  organisationName: string;
  date: string;
}

/** The questionnaire behind a private link; a wrong or used token is a 404. */
export async function questionnaireFor(deps: Deps, id: string, token: string | undefined): Promise<QuestionnaireView> {
  if (!isId(id) || !token) throw refuse(404, 'fac.err.questionnaire.notFound');
  const row = await repo.recordById(deps.db.k, id);
  if (!row) throw refuse(404, 'fac.err.questionnaire.notFound');
  const programme = await getProgramme(deps.db, row.programme_id);
  const view = { id, programmeName: programme.name, organisationName: programme.organisation.name, date: row.service_date };
  if (row.survey_token_hash === null || row.survey_token_hash !== tokenHash(token)) throw refuse(404, 'fac.err.questionnaire.notFound');
  // A used link says thanks (it stays valid for that, and only for that).
  return { ...view, status: row.survey_status === 'answered' ? 'answered' : 'sent' };
}

export async function answerQuestionnaire(deps: Deps, id: string, token: string | undefined, input: unknown): Promise<void> {
  const data = parse(QuestionnaireAnswer, input);
  if (!isId(id) || !token) throw refuse(404, 'fac.err.questionnaire.notFound');
  await deps.db.k.transaction().execute(async (trx) => {
    const row = await repo.recordById(trx, id);
    if (row?.survey_status !== 'sent' || row.survey_token_hash !== tokenHash(token)) throw refuse(404, 'fac.err.questionnaire.notFound');
    // One conditional statement: two submissions of the same link cannot both count.
    const res = await trx
      .updateTable('facilitation_records')
      .set({
        es1: data.es1.length ? joinCodes(data.es1) : null,
        es2: data.es2.length ? joinCodes(data.es2) : null,
        es3: data.es3 ?? null,
        es4: data.es4 ?? null,
        es5: data.es5.length ? joinCodes(data.es5) : null,
        es6: data.es6,
        survey_status: 'answered',
        survey_answered_at: nowIso(),
      })
      .where('id', '=', id)
      .where('survey_status', '=', 'sent')
      .where('survey_token_hash', '=', tokenHash(token))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw refuse(404, 'fac.err.questionnaire.notFound');
    await repo.applyDeltas(
      trx,
      repo.deltasOf({ ...row, es6: data.es6 }, 1, 'service').map((d) => ({ ...d, services: 0, minutes: 0 })),
    );
    await repo.audit(trx, { userId: null, organisationId: row.organisation_id, action: 'facilitation.questionnaire.answer', entityId: id });
  });
}
