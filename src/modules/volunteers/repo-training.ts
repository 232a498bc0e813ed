import { sql } from 'kysely';
import { listRows } from '../../core/list-rows.js';
import { findRow, insertRow, updateRows } from '../../core/rows.js';
import type { Db } from '../../db/index.js';
import type { VolunteerTrainingTable } from '../../db/schema.js';
import { attendedBetween, type Executor } from './repo.js';

/** The volunteers' SQL for training, the trainee flag, pending sign-ups, no-show limits and messages. */

export const insertTraining = (db: Executor, row: VolunteerTrainingTable): Promise<void> => insertRow(db, 'volunteer_trainings', row);

export function trainingsOf(db: Db, volunteerIds: string[]): Promise<VolunteerTrainingTable[]> {
  return listRows(db, 'volunteer_trainings', 'volunteer_id', volunteerIds, 'held_on');
}

export async function setTrainee(db: Executor, volunteerId: string, trainee: boolean): Promise<boolean> {
  return (await updateRows(db, 'volunteers', { id: volunteerId }, { trainee: trainee ? 1 : 0 })) === 1;
}

/** The times the volunteer was marked absent from a shift they had signed up for. */
export async function noShows(db: Db, volunteerId: string): Promise<number> {
  const r = await db.k
    .selectFrom('shift_signups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('volunteer_id', '=', volunteerId)
    .where('attended', '=', 0)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function noShowLimit(db: Db, programmeId: string): Promise<number | undefined> {
  const r = await findRow(db, 'volunteer_programme_rules', { programme_id: programmeId }, ['no_show_limit']);
  return r ? Number(r.no_show_limit) : undefined;
}

export async function setNoShowLimit(db: Executor, programmeId: string, limit: number): Promise<void> {
  await db
    .insertInto('volunteer_programme_rules')
    .values({ programme_id: programmeId, no_show_limit: limit })
    .onConflict((oc) => oc.column('programme_id').doUpdateSet({ no_show_limit: limit }))
    .execute();
}

/** Moves a pending sign-up of the shift to staff's answer; false when it is not (or no longer) pending. */
export async function decideSignup(db: Executor, shiftId: string, signupId: string, status: 'confirmed' | 'refused'): Promise<boolean> {
  return (await updateRows(db, 'shift_signups', { id: signupId, shift_id: shiftId, status: 'pending' }, { status })) === 1;
}

/** Whether an experienced volunteer (not in affiancamento) holds a confirmed place on the shift. */
export async function hasExperienced(db: Db, shiftId: string): Promise<boolean> {
  const r = await sql<{ one: number }>`
    select 1 as one from shift_signups e join volunteers ev on ev.id = e.volunteer_id
    where e.shift_id = ${shiftId} and ev.trainee = 0 and e.status = 'confirmed'`.execute(db.k);
  return r.rows.length > 0;
}

/** Of these shifts, those an experienced volunteer (not in affiancamento) holds a confirmed place on. */
export async function shiftsWithExperienced(db: Db, shiftIds: string[]): Promise<Set<string>> {
  if (shiftIds.length === 0) return new Set();
  const rows = await db.k
    .selectFrom('shift_signups as e')
    .innerJoin('volunteers as ev', 'ev.id', 'e.volunteer_id')
    .select('e.shift_id')
    .distinct()
    .where('e.shift_id', 'in', shiftIds)
    .where('ev.trainee', '=', 0)
    .where('e.status', '=', 'confirmed')
    .execute();
  return new Set(rows.map((r) => r.shift_id));
}

/** The organisation's active volunteers, with what a message can be addressed by. */
export function activeVolunteers(db: Db, organisationId: string) {
  return db.k
    .selectFrom('volunteers')
    .select(['id', 'user_id', 'skills', 'trainee', 'municipality_code'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', 1)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The volunteers holding a place (confirmed or pending) on a shift. */
export async function volunteersOnShift(db: Db, shiftId: string): Promise<string[]> {
  const rows = await db.k
    .selectFrom('shift_signups')
    .select('volunteer_id')
    .where('shift_id', '=', shiftId)
    .where('status', '<>', 'refused')
    .execute();
  return rows.map((r) => r.volunteer_id);
}

/**
 * The shifts of an organisation starting in [from, to) at which a volunteer was marked present,
 * with what says where the shift was: the shift's own comune, its desk or event, the volunteer's comune.
 */
export function attendedInPeriod(db: Db, organisationId: string, from: string, to: string) {
  return attendedBetween(db, from, to)
    .select([
      'volunteers.id as volunteer_id',
      'volunteers.municipality_code as volunteer_municipality',
      'shifts.municipality_code',
      'shifts.desk_id',
      'shifts.event_id',
    ])
    .where('shifts.organisation_id', '=', organisationId)
    .execute();
}

/** Raises the version of every calendar link of the account: links given before stop working. */
export async function bumpFeedVersion(db: Db, userId: string): Promise<void> {
  await db.k.updateTable('volunteers').set({ feed_version: sql`feed_version + 1` }).where('user_id', '=', userId).execute();
}
