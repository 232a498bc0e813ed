import { type Kysely, sql, type Transaction } from 'kysely';
import { deleteRows, findRow, insertRow, selectRows, updateRows } from '../../core/rows.js';
import type { Db } from '../../db/index.js';
import type { Database, ShiftTable, VolunteerApplicationTable, VolunteerMessageTable, VolunteerTable } from '../../db/schema.js';

/** The volunteers' SQL: applications, volunteers, shifts and sign-ups (one code for both dialects). */

export type Executor = Kysely<Database> | Transaction<Database>;

export const insertApplication = (db: Executor, row: VolunteerApplicationTable): Promise<void> =>
  insertRow(db, 'volunteer_applications', row);

export const application = (db: Db, id: string): Promise<VolunteerApplicationTable | undefined> =>
  findRow(db, 'volunteer_applications', { id });

export const pendingApplications = (db: Db, organisationId: string): Promise<VolunteerApplicationTable[]> =>
  selectRows(db, 'volunteer_applications', { organisation_id: organisationId, status: 'pending' }, ['created_at', 'id']);

/** Moves a pending application to its answer; false when someone answered it a moment ago. */
export async function decide(
  db: Executor,
  id: string,
  status: 'approved' | 'declined' | 'pending',
  from: 'pending' | 'approved',
  fields: Partial<VolunteerApplicationTable>,
): Promise<boolean> {
  return (await updateRows(db, 'volunteer_applications', { id, status: from }, { ...fields, status })) === 1;
}

/** A new volunteer: experienced and with its first calendar link unless the row says otherwise. */
export type NewVolunteer = Omit<VolunteerTable, 'trainee' | 'feed_version'> & Partial<Pick<VolunteerTable, 'trainee' | 'feed_version'>>;

export async function insertVolunteer(db: Executor, row: NewVolunteer): Promise<void> {
  await db
    .insertInto('volunteers')
    .values({ trainee: 0, feed_version: 0, ...row })
    .execute();
}

/**
 * The volunteer row of an approved application: new, or, for someone already a volunteer of the
 * organisation (a second application, or a return after leaving), the same row active again with the
 * newer application's comune and skills. One statement, so two approvals at once cannot collide.
 */
export async function upsertVolunteer(db: Executor, row: NewVolunteer): Promise<void> {
  await db
    .insertInto('volunteers')
    .values({ trainee: 0, feed_version: 0, ...row })
    .onConflict((oc) =>
      oc.columns(['user_id', 'organisation_id']).doUpdateSet({
        application_id: row.application_id,
        municipality_code: row.municipality_code,
        skills: row.skills,
        active: 1,
      }),
    )
    .execute();
}

export const volunteerOf = (db: Db, userId: string, organisationId: string): Promise<VolunteerTable | undefined> =>
  findRow(db, 'volunteers', { user_id: userId, organisation_id: organisationId, active: 1 });

export const volunteersOfUser = (db: Db, userId: string): Promise<VolunteerTable[]> =>
  selectRows(db, 'volunteers', { user_id: userId, active: 1 }, []);

export const insertShift = (db: Executor, row: ShiftTable): Promise<void> => insertRow(db, 'shifts', row);

export type ShiftWithTaken = ShiftTable & { taken: number };

const shiftsWithTaken = (db: Db) =>
  db.k
    .selectFrom('shifts')
    .selectAll('shifts')
    .select((eb) =>
      eb
        .selectFrom('shift_signups')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('shift_signups.shift_id', '=', 'shifts.id')
        .where('shift_signups.status', '<>', 'refused')
        .as('taken'),
    );

export async function shift(db: Db, id: string): Promise<ShiftWithTaken | undefined> {
  const r = await shiftsWithTaken(db).where('shifts.id', '=', id).executeTakeFirst();
  return r ? { ...r, taken: Number(r.taken ?? 0) } : undefined;
}

export async function shiftsOf(db: Db, organisationIds: string[], from: string): Promise<ShiftWithTaken[]> {
  if (organisationIds.length === 0) return [];
  const rows = await shiftsWithTaken(db)
    .where('shifts.organisation_id', 'in', organisationIds)
    .where('shifts.ends_at', '>', from)
    .orderBy('shifts.starts_at')
    .orderBy('shifts.id')
    .execute();
  return rows.map((r) => ({ ...r, taken: Number(r.taken ?? 0) }));
}

/** Sign-ups with their shift: where the reads of sign-ups start. */
const signupsAndShifts = (db: Db) => db.k.selectFrom('shift_signups').innerJoin('shifts', 'shifts.id', 'shift_signups.shift_id');

/** Sign-ups with their shift and the volunteer who signed up. */
export const signupsShiftsVolunteers = (db: Db) =>
  signupsAndShifts(db).innerJoin('volunteers', 'volunteers.id', 'shift_signups.volunteer_id');

/** The sign-ups marked present at a shift starting in [from, to), with the shift and the volunteer. */
export const attendedBetween = (db: Db, from: string, to: string) =>
  signupsShiftsVolunteers(db)
    .where('shift_signups.attended', '=', 1)
    .where('shifts.starts_at', '>=', from)
    .where('shifts.starts_at', '<', to);

/** The shifts a volunteer signed up for, from `from` on, with the sign-up's id and attendance. */
export function signupsOfVolunteers(db: Db, volunteerIds: string[], from: string) {
  if (volunteerIds.length === 0) return Promise.resolve([]);
  return signupsAndShifts(db)
    .select([
      'shift_signups.id as signup_id',
      'shift_signups.attended',
      'shift_signups.status',
      'shifts.id',
      'shifts.title',
      'shifts.starts_at',
      'shifts.ends_at',
    ])
    .where('shift_signups.volunteer_id', 'in', volunteerIds)
    .where('shifts.ends_at', '>', from)
    .orderBy('shifts.starts_at')
    .execute();
}

/**
 * The one statement that takes a place: it inserts the sign-up only while the shift has fewer
 * places held (confirmed or pending) than it needs, the volunteer has no other shift overlapping it
 * (this one included, so a second sign-up for the same shift is refused too) and, for a trainee,
 * an experienced volunteer already holds a confirmed place on it. The caller holds the shift's row
 * lock, so on PostgreSQL the count is read after every earlier sign-up of the shift has committed.
 */
export async function insertSignupIfRoom(
  trx: Executor,
  row: { id: string; shiftId: string; volunteerId: string; now: string; status?: 'confirmed' | 'pending'; trainee?: boolean },
): Promise<boolean> {
  const r = await sql`
    insert into shift_signups (id, shift_id, volunteer_id, status, created_at)
    select ${row.id}, s.id, ${row.volunteerId}, ${row.status ?? 'confirmed'}, ${row.now}
    from shifts s
    where s.id = ${row.shiftId}
      and (select count(*) from shift_signups c where c.shift_id = s.id and c.status <> 'refused') < s.needed
      and not exists (
        select 1 from shift_signups m join shifts o on o.id = m.shift_id
        where m.volunteer_id = ${row.volunteerId} and o.starts_at < s.ends_at and o.ends_at > s.starts_at
          and (m.status <> 'refused' or o.id = s.id)
      )
      and (${row.trainee ? 1 : 0} = 0 or exists (
        select 1 from shift_signups e join volunteers ev on ev.id = e.volunteer_id
        where e.shift_id = s.id and ev.trainee = 0 and e.status = 'confirmed'
      ))`.execute(trx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** Takes the shift's row lock for the rest of the transaction (a no-op write, as the booking engine does). */
export async function lockShift(trx: Executor, id: string): Promise<boolean> {
  const r = await trx.updateTable('shifts').set({ needed: sql`needed` }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Whether the volunteer has a shift overlapping [start, end) other than `shiftId`. */
export async function hasOverlap(db: Db, volunteerId: string, shiftId: string, start: string, end: string): Promise<boolean> {
  const r = await signupsAndShifts(db)
    .select('shift_signups.id')
    .where('shift_signups.volunteer_id', '=', volunteerId)
    .where('shift_signups.status', '<>', 'refused')
    .where('shifts.id', '<>', shiftId)
    .where('shifts.starts_at', '<', end)
    .where('shifts.ends_at', '>', start)
    .executeTakeFirst();
  return !!r;
}

export const signup = (db: Db, shiftId: string, volunteerId: string) =>
  findRow(db, 'shift_signups', { shift_id: shiftId, volunteer_id: volunteerId });

export async function deleteSignup(db: Db, shiftId: string, volunteerId: string): Promise<boolean> {
  return (await deleteRows(db, 'shift_signups', { shift_id: shiftId, volunteer_id: volunteerId })) === 1;
}

export async function setAttendance(db: Db, shiftId: string, signupId: string, present: boolean): Promise<boolean> {
  return (await updateRows(db, 'shift_signups', { id: signupId, shift_id: shiftId }, { attended: present ? 1 : 0 })) === 1;
}

/** The sign-ups of one shift with the volunteer's account id, for staff. */
export function signupsOfShift(db: Db, shiftId: string) {
  return db.k
    .selectFrom('shift_signups')
    .innerJoin('volunteers', 'volunteers.id', 'shift_signups.volunteer_id')
    .select([
      'shift_signups.id',
      'shift_signups.attended',
      'shift_signups.status',
      'shift_signups.created_at',
      'volunteers.user_id',
      'volunteers.id as volunteer_id',
    ])
    .where('shift_signups.shift_id', '=', shiftId)
    .orderBy('shift_signups.created_at')
    .execute();
}

/** A sign-up with its shift and the volunteer's account, for the reminder. */
export function signupWithShift(db: Db, signupId: string) {
  return signupsShiftsVolunteers(db)
    .select([
      'shifts.title',
      'shifts.starts_at',
      'shifts.organisation_id',
      'volunteers.user_id',
      'shift_signups.volunteer_id',
      'shift_signups.status',
    ])
    .where('shift_signups.id', '=', signupId)
    .executeTakeFirst();
}

/** The shifts of an organisation each volunteer was marked present at, with the volunteer's account. */
export function attendedShifts(db: Db, organisationId: string) {
  return signupsShiftsVolunteers(db)
    .select(['volunteers.user_id', 'shifts.starts_at', 'shifts.ends_at'])
    .where('shifts.organisation_id', '=', organisationId)
    .where('shift_signups.attended', '=', 1)
    .execute();
}

export const volunteer = (db: Db, id: string): Promise<VolunteerTable | undefined> => findRow(db, 'volunteers', { id });

/** The shifts one volunteer was marked present at, starting in [from, to), oldest first: the certificate's activities. */
export function attendedShiftsOfVolunteer(db: Db, volunteerId: string, from: string, to: string) {
  return attendedBetween(db, from, to)
    .select(['shifts.title', 'shifts.starts_at', 'shifts.ends_at'])
    .where('shift_signups.volunteer_id', '=', volunteerId)
    .orderBy('shifts.starts_at')
    .orderBy('shifts.id')
    .execute();
}

// ---------- messages from staff ----------

/** What of each volunteer's application says how a message reaches them: e-mail, phone, the SMS choice, the language. */
export function contactsOfVolunteers(db: Db, volunteerIds: string[]) {
  if (volunteerIds.length === 0) return Promise.resolve([]);
  return db.k
    .selectFrom('volunteers')
    .innerJoin('volunteer_applications', 'volunteer_applications.id', 'volunteers.application_id')
    .select([
      'volunteers.id',
      'volunteer_applications.email',
      'volunteer_applications.phone',
      'volunteer_applications.sms',
      'volunteer_applications.lang',
    ])
    .where('volunteers.id', 'in', volunteerIds)
    .execute();
}

export async function insertMessage(
  db: Executor,
  row: VolunteerMessageTable,
  recipients: { volunteerId: string; channel: 'email' | 'sms' }[],
): Promise<void> {
  await insertRow(db, 'volunteer_messages', row);
  for (let i = 0; i < recipients.length; i += 200) {
    await db
      .insertInto('volunteer_message_recipients')
      .values(recipients.slice(i, i + 200).map((r) => ({ message_id: row.id, volunteer_id: r.volunteerId, channel: r.channel })))
      .execute();
  }
}

/** The messages, one row for each volunteer each went to. */
const messagesAndRecipients = (db: Db) =>
  db.k
    .selectFrom('volunteer_messages')
    .innerJoin('volunteer_message_recipients', 'volunteer_message_recipients.message_id', 'volunteer_messages.id');

/** A message with the channel it went to one volunteer by; undefined when it did not go to them. */
export function messageTo(db: Db, messageId: string, volunteerId: string) {
  return messagesAndRecipients(db)
    .select([
      'volunteer_messages.id',
      'volunteer_messages.organisation_id',
      'volunteer_messages.subject',
      'volunteer_messages.body',
      'volunteer_messages.created_at',
      'volunteer_message_recipients.channel',
    ])
    .where('volunteer_messages.id', '=', messageId)
    .where('volunteer_message_recipients.volunteer_id', '=', volunteerId)
    .executeTakeFirst();
}

/** The latest messages these volunteers received, newest first. */
export function messagesToVolunteers(db: Db, volunteerIds: string[], limit: number) {
  if (volunteerIds.length === 0) return Promise.resolve([]);
  return messagesAndRecipients(db)
    .select(['volunteer_messages.id', 'volunteer_messages.subject', 'volunteer_messages.body', 'volunteer_messages.created_at'])
    .where('volunteer_message_recipients.volunteer_id', 'in', volunteerIds)
    .orderBy('volunteer_messages.created_at', 'desc')
    .orderBy('volunteer_messages.id', 'desc')
    .limit(limit)
    .execute();
}

/** The organisation's latest messages, newest first, with how many they reached by each channel. */
export function messagesOf(db: Db, organisationId: string, limit: number) {
  const columns = ['id', 'subject', 'body', 'email_count', 'sms_count', 'created_at'] as const;
  return selectRows(db, 'volunteer_messages', { organisation_id: organisationId }, ['created_at desc', 'id desc'], limit, columns);
}

/** The active trainees (in affiancamento) of these organisations, with the name of their application. */
export function traineesOf(db: Db, organisationIds: string[]) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db.k
    .selectFrom('volunteers')
    .leftJoin('volunteer_applications', 'volunteer_applications.id', 'volunteers.application_id')
    .select(['volunteers.id', 'volunteers.organisation_id', 'volunteer_applications.name'])
    .where('volunteers.organisation_id', 'in', organisationIds)
    .where('volunteers.active', '=', 1)
    .where('volunteers.trainee', '=', 1)
    .orderBy('volunteer_applications.name')
    .orderBy('volunteers.id')
    .execute();
}
