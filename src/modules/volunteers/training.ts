import { DateTime } from 'luxon';
import { z } from 'zod';
import { auditLog } from '../../core/audit.js';
import type { Principal } from '../../core/auth.js';
import { isId, newId } from '../../core/ids.js';
import { type FieldError, fieldError, refuse } from '../../core/problems.js';
import { nowIso, romeDate } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import { getMember } from '../accounts/service.js';
import * as events from '../events/service.js';
import * as repo from './repo.js';
import * as training from './repo-training.js';

const volunteerLog = auditLog('volunteer');

/**
 * What a volunteer learnt before working alone: the courses they did (an event of the
 * organisation, counted only when the door checked them in, or an outside course staff enter with
 * its title, day and hours) and the "in affiancamento" flag, which staff set and clear.
 */

export const TrainingCreate = z.object({
  event: z.string().uuid('volunteers.check.event').optional().nullable(),
  title: z.string().trim().max(200, 'volunteers.check.max').optional().nullable(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'volunteers.check.date')
    .optional()
    .nullable(),
  hours: z.number().positive('volunteers.check.hours').max(500, 'volunteers.check.hours').optional().nullable(),
});
export const TraineeBody = z.object({ trainee: z.boolean() });

export interface TrainingView {
  id: string;
  event: string | null;
  title: string;
  date: string;
  hours: number;
}

const view = (r: { id: string; event_id: string | null; title: string; held_on: string; hours: number }): TrainingView => ({
  id: r.id,
  event: r.event_id,
  title: r.title,
  date: r.held_on,
  hours: Number(r.hours),
});

/** The hours of the sessions of the event at which the door checked in a booking made with `email`. */
async function hoursAttended(db: Db, eventId: string, email: string): Promise<number> {
  const [{ items }, sessions] = await Promise.all([events.listRegistrations(db, eventId), events.sessionAttendees(db, eventId)]);
  const mine = new Set(items.filter((r) => r.email?.toLowerCase() === email.toLowerCase()).map((r) => `booking:${r.id}:`));
  let ms = 0;
  for (const s of sessions) {
    if (s.people.some((p) => [...mine].some((prefix) => p.key.startsWith(prefix)))) ms += Date.parse(s.end) - Date.parse(s.start);
  }
  return Math.round((ms / 3_600_000) * 100) / 100;
}

/** Records a course: an event (title, day and hours from the door) or an outside course; 422 naming the field otherwise. */
export async function addTraining(db: Db, by: Principal | null, volunteerId: string, input: unknown): Promise<TrainingView> {
  const data = parse(TrainingCreate, input);
  const v = isId(volunteerId) ? await repo.volunteer(db, volunteerId) : undefined;
  if (!v) throw refuse(404, 'volunteers.error.volunteerNotFound');
  const errors: FieldError[] = [];
  let row: { event_id: string | null; title: string; held_on: string; hours: number } | undefined;
  if (data.event) {
    const ev = (await events.organisationOfEvent(db, data.event)) === v.organisation_id ? await events.getEvent(db, data.event) : null;
    if (!ev) errors.push(fieldError('event', 'volunteers.check.event'));
    else {
      const person = await getMember(db, v.organisation_id, v.user_id).catch(() => null);
      const hours = person?.email ? await hoursAttended(db, ev.id, person.email) : 0;
      if (hours === 0) errors.push(fieldError('event', 'volunteers.check.notAttended'));
      else row = { event_id: ev.id, title: ev.title, held_on: romeDate(Date.parse(ev.start)), hours };
    }
  } else {
    if (!data.title) errors.push(fieldError('title', 'volunteers.check.required'));
    if (!data.date || !DateTime.fromISO(data.date).isValid) errors.push(fieldError('date', 'volunteers.check.date'));
    if (!data.hours) errors.push(fieldError('hours', 'volunteers.check.hours'));
    if (errors.length === 0)
      row = { event_id: null, title: data.title as string, held_on: data.date as string, hours: data.hours as number };
  }
  if (errors.length > 0 || !row) throw refuse(422, 'volunteers.error.training', undefined, errors);
  const stored = { id: newId(), volunteer_id: v.id, ...row, created_by: by?.userId ?? null, created_at: nowIso() };
  await db.k.transaction().execute(async (trx) => {
    await training.insertTraining(trx, stored);
    await volunteerLog(trx, 'volunteer.training-added', { id: v.id, organisationId: v.organisation_id }, by, {
      trainingId: stored.id,
      event: stored.event_id,
    });
  });
  return view(stored);
}

/** Staff set or clear "in affiancamento". */
export async function setTrainee(db: Db, by: Principal | null, volunteerId: string, trainee: boolean) {
  const v = isId(volunteerId) ? await repo.volunteer(db, volunteerId) : undefined;
  if (!v) throw refuse(404, 'volunteers.error.volunteerNotFound');
  await db.k.transaction().execute(async (trx) => {
    await training.setTrainee(trx, v.id, trainee);
    await volunteerLog(
      trx,
      trainee ? 'volunteer.trainee-set' : 'volunteer.trainee-cleared',
      { id: v.id, organisationId: v.organisation_id },
      by,
    );
  });
  return { id: v.id, trainee };
}

export interface VolunteerProfile {
  id: string;
  organisation: string;
  userId: string;
  name: string;
  municipality: string;
  skills: string[];
  trainee: boolean;
  noShows: number;
  trainings: TrainingView[];
}

export async function volunteerProfile(db: Db, volunteerId: string): Promise<VolunteerProfile> {
  const v = isId(volunteerId) ? await repo.volunteer(db, volunteerId) : undefined;
  if (!v) throw refuse(404, 'volunteers.error.volunteerNotFound');
  const [person, trainings, noShows] = await Promise.all([
    getMember(db, v.organisation_id, v.user_id).catch(() => null),
    training.trainingsOf(db, [v.id]),
    training.noShows(db, v.id),
  ]);
  return {
    id: v.id,
    organisation: v.organisation_id,
    userId: v.user_id,
    name: person?.name ?? '',
    municipality: v.municipality_code,
    skills: JSON.parse(v.skills) as string[],
    trainee: v.trainee === 1,
    noShows,
    trainings: trainings.map(view),
  };
}

/** The caller's courses and flag in each organisation, for "I miei turni". */
export async function trainingOfUser(db: Db, userId: string): Promise<{ trainee: boolean; trainings: TrainingView[] }> {
  const mine = await repo.volunteersOfUser(db, userId);
  const rows = await training.trainingsOf(
    db,
    mine.map((v) => v.id),
  );
  return { trainee: mine.some((v) => v.trainee === 1), trainings: rows.map(view) };
}
