import { z } from 'zod';
import { hasRole } from '../../core/access.js';
import type { Principal } from '../../core/auth.js';
import { type Lang, t } from '../../core/i18n.js';
import { isId, newId } from '../../core/ids.js';
import { fieldError, refuse } from '../../core/problems.js';
import { ORG_STAFF } from '../../core/roles.js';
import { addMs, nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import type { VolunteerTable } from '../../db/schema.js';
import { signupStatusFor } from './approval.js';
import * as repo from './repo.js';
import { remindOf, staffChanged } from './service.js';
import { smsApplicationOf } from './sms.js';

/**
 * A trainee ("in affiancamento") and the experienced volunteer who accompanies them, signed up for
 * a shift in one step: by the experienced volunteer (`trainee`: the trainee's volunteer id) or by
 * staff of the shift's organisation (`volunteer` too). Both places are taken in one transaction
 * under the shift's row lock, each by the conditional INSERT of a single sign-up (never beyond
 * `needed`, no overlap); if the second cannot be taken the first is undone, so either both are
 * written or nothing is. Refusals name what is wrong: not two places left, the trainee is not one
 * (422); a missing skill or past the deadline (422); either already on it or on a shift at the
 * same time (409).
 */

/** The sign-up's body: empty for oneself; `trainee` to sign up with a trainee; `volunteer` too for staff. */
export const SignupBody = z.object({
  trainee: z.string().trim().min(1, 'volunteers.check.pairTrainee').optional(),
  volunteer: z.string().trim().min(1, 'volunteers.check.pairVolunteer').optional(),
});

export const PairOut = z.object({
  id: z.string(),
  shift: z.string(),
  volunteer: z.string(),
  status: z.enum(['confirmed', 'pending']),
  trainee: z.object({ id: z.string(), volunteer: z.string(), status: z.enum(['confirmed', 'pending']) }).optional(),
});

export interface PairRequest {
  trainee?: string;
  /** Staff only: the experienced volunteer (the caller, when absent). */
  volunteer?: string;
}

const parseList = (json: string): string[] => JSON.parse(json) as string[];

class NoRoom extends Error {}

/** The two volunteers of the pair, checked: both active volunteers of the organisation, one experienced, one in affiancamento. */
async function pairOf(db: Db, principal: Principal, organisationId: string, req: PairRequest) {
  let leader: VolunteerTable | undefined;
  if (req.volunteer) {
    if (!hasRole(principal, organisationId, ORG_STAFF)) throw refuse(403, 'volunteers.error.pairStaff');
    leader = isId(req.volunteer) ? await repo.volunteer(db, req.volunteer) : undefined;
    if (leader?.organisation_id !== organisationId || leader.active !== 1) {
      throw refuse(422, 'volunteers.error.pair', undefined, [fieldError('volunteer', 'volunteers.check.pairVolunteer')]);
    }
  } else {
    leader = await repo.volunteerOf(db, principal.userId, organisationId);
    if (!leader) throw refuse(403, 'volunteers.error.notVolunteer');
  }
  if (leader.trainee === 1) throw refuse(422, 'volunteers.error.pair', undefined, [fieldError('volunteer', 'volunteers.check.pairLeader')]);
  const trainee = req.trainee && isId(req.trainee) ? await repo.volunteer(db, req.trainee) : undefined;
  if (trainee?.organisation_id !== organisationId || trainee.active !== 1 || trainee.trainee !== 1) {
    throw refuse(422, 'volunteers.error.pair', undefined, [fieldError('trainee', 'volunteers.check.pairTrainee')]);
  }
  return { leader, trainee };
}

/** Signs up the pair; answers the experienced volunteer's sign-up with the trainee's. */
export async function signUpPair(
  db: Db,
  principal: Principal,
  shiftId: string,
  req: PairRequest,
  lang: Lang = 'it',
): Promise<z.output<typeof PairOut>> {
  const s = isId(shiftId) ? await repo.shift(db, shiftId) : undefined;
  if (s?.published !== 1) throw refuse(404, 'volunteers.error.shiftNotFound');
  const { leader, trainee } = await pairOf(db, principal, s.organisation_id, req);
  if (nowIso() >= addMs(s.starts_at, -s.withdraw_hours * 3_600_000))
    throw refuse(422, 'volunteers.error.deadline', { hours: s.withdraw_hours });
  const needs = parseList(s.skills);
  const missing = [...new Set([leader, trainee].flatMap((v) => needs.filter((k) => !parseList(v.skills).includes(k))))];
  if (missing.length > 0) {
    throw refuse(422, 'volunteers.error.pairSkill', { skills: missing.map((k) => t(lang, `volunteers.skill.${k}`)).join(', ') });
  }
  // Staff signing up the pair approve it; a volunteer whose own sign-ups wait for staff cannot accompany.
  const byStaff = req.volunteer !== undefined;
  const leaderStatus = byStaff ? 'confirmed' : await signupStatusFor(db, leader.id, s.programme_id);
  if (leaderStatus !== 'confirmed') throw refuse(422, 'volunteers.error.pairPending');
  const traineeStatus = byStaff ? 'confirmed' : await signupStatusFor(db, trainee.id, s.programme_id);
  const rows = [
    { id: newId(), volunteer: leader, status: leaderStatus, trainee: false },
    { id: newId(), volunteer: trainee, status: traineeStatus, trainee: true },
  ] as const;
  const bySms = await Promise.all(rows.map(async (r) => (await smsApplicationOf(db, r.volunteer.id)) !== undefined));
  const inserted = await db.k
    .transaction()
    .execute(async (trx) => {
      if (!(await repo.lockShift(trx, s.id))) throw new NoRoom();
      const now = nowIso();
      for (const [i, r] of rows.entries()) {
        const row = { id: r.id, shiftId: s.id, volunteerId: r.volunteer.id, now, status: r.status, trainee: r.trainee };
        // The experienced volunteer's row is the one the trainee's INSERT finds; a refusal undoes both.
        if (!(await repo.insertSignupIfRoom(trx, row))) throw new NoRoom();
        await remindOf(trx, r.id, s.starts_at, bySms[i]);
      }
      await staffChanged(trx, s.event_id);
      return true;
    })
    .catch((e) => {
      if (e instanceof NoRoom) return false;
      throw e;
    });
  if (!inserted) await whyRefused(db, s, [leader.id, trainee.id]);
  const [lead, follow] = rows;
  return {
    id: lead.id,
    shift: s.id,
    volunteer: lead.volunteer.id,
    status: lead.status,
    trainee: { id: follow.id, volunteer: follow.volunteer.id, status: follow.status },
  };
}

/** After the transaction refused the pair: why, as the refusal to answer. */
async function whyRefused(db: Db, s: repo.ShiftWithTaken, volunteerIds: string[]): Promise<never> {
  for (const id of volunteerIds) {
    if (await repo.signup(db, s.id, id)) throw refuse(409, 'volunteers.error.pairAlready');
  }
  for (const id of volunteerIds) {
    if (await repo.hasOverlap(db, id, s.id, s.starts_at, s.ends_at)) throw refuse(409, 'volunteers.error.pairOverlap');
  }
  const now = await repo.shift(db, s.id);
  throw refuse(422, 'volunteers.error.pairRoom', { left: Math.max(0, (now?.needed ?? 0) - (now?.taken ?? 0)) });
}

/** The trainees of these organisations an experienced volunteer can sign up with, by name (from their application). */
export async function traineesToAccompany(db: Db, userId: string): Promise<Record<string, { id: string; name: string }[]>> {
  const mine = (await repo.volunteersOfUser(db, userId)).filter((v) => v.trainee !== 1);
  const rows = await repo.traineesOf(
    db,
    mine.map((v) => v.organisation_id),
  );
  const out: Record<string, { id: string; name: string }[]> = {};
  for (const r of rows) {
    out[r.organisation_id] = [...(out[r.organisation_id] ?? []), { id: r.id, name: r.name ?? '' }];
  }
  return out;
}
