import { auditLog } from '../../core/audit.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { t } from '../../core/i18n.js';
import { isId } from '../../core/ids.js';
import { enqueueJob } from '../../core/jobs.js';
import { registerRenderedMail } from '../../core/mail.js';
import { fieldError, refuse } from '../../core/problems.js';
import { formatRome } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { getMember } from '../accounts/service.js';
import { SESSIONS_CHANGED_JOB } from '../events/service.js';
import * as repo from './repo.js';
import * as training from './repo-training.js';

const programmeLog = auditLog('programme');
const shiftLog = auditLog('shift');

/**
 * Sign-ups that wait for staff: once a volunteer has been absent N times (N per programme, 2 unless
 * the programme says otherwise), their sign-ups hold a place as 'pending' until staff confirm or
 * refuse them; the volunteer is told by e-mail either way.
 */

export const DEFAULT_NO_SHOW_LIMIT = 2;
export const DECISION_MAIL_JOB = 'volunteers.signup-decision-mail';

export async function noShowLimitOf(db: Db, programmeId: string | null): Promise<number> {
  return (programmeId ? await training.noShowLimit(db, programmeId) : undefined) ?? DEFAULT_NO_SHOW_LIMIT;
}

/** 'pending' when the volunteer reached the no-shows limit of the shift's programme. */
export async function signupStatusFor(db: Db, volunteerId: string, programmeId: string | null): Promise<'confirmed' | 'pending'> {
  const [absences, limit] = await Promise.all([training.noShows(db, volunteerId), noShowLimitOf(db, programmeId)]);
  return absences >= limit ? 'pending' : 'confirmed';
}

/** Sets the programme's limit (staff of the programme's organisation, checked by the route). */
export async function setNoShowLimit(db: Db, by: Principal | null, programmeId: string, organisationId: string, limit: number) {
  await db.k.transaction().execute(async (trx) => {
    await training.setNoShowLimit(trx, programmeId, limit);
    await programmeLog(trx, 'programme.volunteer-rules', { id: programmeId, organisationId }, by, { noShowLimit: limit });
  });
  return { programme: programmeId, noShowLimit: limit };
}

/** Staff confirm or refuse a pending sign-up; anything but a pending sign-up of this shift is a 404 or 409. */
export async function decideSignup(
  db: Db,
  by: Principal | null,
  shiftId: string,
  signupId: string,
  approve: boolean,
): Promise<{ id: string; status: 'confirmed' | 'refused' }> {
  const shift = isId(shiftId) ? await repo.shift(db, shiftId) : undefined;
  if (!shift) throw refuse(404, 'volunteers.error.shiftNotFound');
  // The sign-up is named in the body: one that is not this shift's is a field error, not a missing page.
  const row = isId(signupId) ? (await repo.signupsOfShift(db, shiftId)).find((r) => r.id === signupId) : undefined;
  if (!row) throw refuse(422, 'volunteers.error.signup', undefined, [fieldError('signup', 'volunteers.check.signup')]);
  const status = approve ? 'confirmed' : 'refused';
  await db.k.transaction().execute(async (trx) => {
    if (!(await training.decideSignup(trx, shiftId, signupId, status))) throw refuse(409, 'volunteers.error.notPending');
    await enqueueJob(trx, DECISION_MAIL_JOB, { signupId }, { dedupeKey: `volunteers.decision:${signupId}` });
    // A confirmed sign-up adds to the event's staff, a refused one does not: the following desks count again.
    if (shift.event_id) await enqueueJob(trx, SESSIONS_CHANGED_JOB, { eventId: shift.event_id });
    await shiftLog(
      trx,
      approve ? 'shift.signup-confirmed' : 'shift.signup-refused',
      { id: shiftId, organisationId: shift.organisation_id },
      by,
      { signupId },
    );
  });
  return { id: signupId, status };
}

/** The answer's e-mail, rendered when the job runs from the sign-up as it is then. */
export function registerApprovalJobs(deps: Deps): void {
  registerRenderedMail<{ signupId: string }>(deps.jobs, deps.mailer, DECISION_MAIL_JOB, async ({ signupId }) => {
    const found = await repo.signupWithShift(deps.db, signupId);
    if (!found || found.status === 'pending') return null;
    const person = await getMember(deps.db, found.organisation_id, found.user_id).catch(() => null);
    // A volunteer who signs in by phone only has no address: the answer shows on their shifts page.
    if (!person?.email) return null;
    const vars = { name: person.name, title: found.title, when: formatRome(found.starts_at, 'it'), url: `${deps.config.baseUrl}/turni` };
    const kind = found.status === 'confirmed' ? 'confirmed' : 'refused';
    return {
      to: person.email,
      subject: t('it', `volunteers.mail.signup.${kind}.subject`, vars),
      text: t('it', `volunteers.mail.signup.${kind}.body`, vars),
    };
  });
}
