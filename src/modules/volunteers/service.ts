import { auditLog } from '../../core/audit.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { type Lang, pickLang, t } from '../../core/i18n.js';
import { isId, newId } from '../../core/ids.js';
import { enqueueJob } from '../../core/jobs.js';
import type { Mail } from '../../core/mail.js';
import { registerRenderedMail } from '../../core/mail.js';
import { parseMobile } from '../../core/phone.js';
import { type FieldError, fieldError, refuse } from '../../core/problems.js';
import { addMs, formatRome, nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { VolunteerApplicationTable } from '../../db/schema.js';
import { createVolunteerAccount, getMember } from '../accounts/service.js';
import * as desks from '../desks/service.js';
import * as events from '../events/service.js';
import { getOrganisation, organisationIdIfExists, resolveMunicipality } from '../organisations/service.js';
import { organisationOfProgramme } from '../programmes/service.js';
import { registerApprovalJobs, signupStatusFor } from './approval.js';
import { registerMessageJobs } from './broadcast.js';
import * as repo from './repo.js';
import { hasExperienced, shiftsWithExperienced } from './repo-training.js';
import { enqueueReminderSms, registerVolunteerSms, smsApplicationOf } from './sms.js';

// What other modules read of volunteers: who was active where (the programmes' coverage board), and
// who staffs an event (a desk that follows it).
export { activeVolunteersByComune, type EventStaffMember, eventStaff } from './activity.js';

import { ApplicationCreate, type ApplicationInput, ShiftCreate, type ShiftView, type Skill } from './schemas.js';

const shiftLog = auditLog('shift');
const volunteerApplicationLog = auditLog('volunteer-application');

/**
 * Volunteers: anyone applies on a public form (no account); staff approve, which makes a volunteer
 * account through the accounts module and e-mails its set-password link, or decline with a
 * message. Staff publish shifts; a volunteer signs up for those that match their skills and comune,
 * never beyond the places a shift needs (one conditional INSERT, under the shift's row lock).
 */

// What an agreement's commitments count of a partner's volunteers.
export { type VolunteerFulfilment, volunteerFulfilment } from './generate/fulfilment.js';

export const DECLINE_MAIL_JOB = 'volunteers.decline-mail';
export const REMINDER_JOB = 'volunteers.shift-reminder';
const DAY_MS = 24 * 3_600_000;
const PHONE = /^\+?\d{6,15}$/;

const parseList = (json: string): string[] => JSON.parse(json) as string[];

export async function organisationOfApplication(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return (await repo.application(db, id))?.organisation_id;
}

export async function organisationOfShift(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return (await repo.shift(db, id))?.organisation_id;
}

/** The rules across fields of an application, each as a field error (422), before anything is written. */
function applicationErrors(data: ApplicationInput, phone: string | null): FieldError[] {
  const errors: FieldError[] = [];
  if (!data.email && !data.phone) errors.push(fieldError('email', 'volunteers.check.contact'));
  if (data.phone && !phone) errors.push(fieldError('phone', 'volunteers.check.phone'));
  if (data.sms && !(phone && parseMobile(phone).ok)) errors.push(fieldError('sms', 'volunteers.check.sms'));
  if (data.ageBand === 'under-18') {
    if (!data.guardian?.name) errors.push(fieldError('guardian.name', 'volunteers.check.guardian'));
    if (data.guardian?.consent !== true) errors.push(fieldError('guardian.consent', 'volunteers.check.consent'));
  }
  if (data.codeOfConduct !== true) errors.push(fieldError('codeOfConduct', 'volunteers.check.codeOfConduct'));
  return errors;
}

/** A public application: checked whole, then stored as pending (name and one contact only). */
export async function apply(
  db: Db,
  input: unknown,
  lang: Lang,
): Promise<{ id: string; organisation: string; status: 'pending'; createdAt: string }> {
  const data = parse(ApplicationCreate, input);
  const phone = data.phone ? data.phone.replace(/[\s./-]/g, '') : null;
  const errors = applicationErrors(data, phone && PHONE.test(phone) ? phone : null);
  const where = await resolveMunicipality(db, data.municipality);
  if (!('code' in where)) errors.push(fieldError('municipality', 'volunteers.check.municipality.unknown'));
  if (errors.length > 0) throw refuse(422, 'volunteers.error.application', undefined, errors);
  if (!(await organisationIdIfExists(db, data.organisation))) {
    throw refuse(422, 'volunteers.error.organisation', undefined, [fieldError('organisation', 'volunteers.check.organisation')]);
  }
  const now = nowIso();
  const minor = data.ageBand === 'under-18';
  const row: VolunteerApplicationTable = {
    id: newId(),
    organisation_id: data.organisation,
    status: 'pending',
    name: data.name,
    email: data.email || null,
    phone: phone || null,
    municipality_code: (where as { code: string }).code,
    age_band: data.ageBand,
    guardian_name: minor ? (data.guardian?.name ?? null) : null,
    guardian_consent_at: minor ? now : null,
    school: data.school || null,
    skills: JSON.stringify([...new Set(data.skills)]),
    languages: data.languages || null,
    availability: JSON.stringify([...new Set(data.availability)]),
    code_of_conduct_at: now,
    lang,
    decision_message: null,
    decided_at: null,
    decided_by: null,
    user_id: null,
    sms: data.sms && phone ? 1 : 0,
    created_at: now,
  };
  await repo.insertApplication(db.k, row);
  return { id: row.id, organisation: row.organisation_id, status: 'pending', createdAt: now };
}

export interface PendingApplication {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  municipality: string;
  ageBand: string;
  guardian: string | null;
  school: string | null;
  skills: string[];
  languages: string | null;
  availability: string[];
  createdAt: string;
}

export async function pendingApplications(db: Db, organisationId: string): Promise<PendingApplication[]> {
  return (await repo.pendingApplications(db, organisationId)).map((r) => ({
    id: r.id,
    name: r.name ?? '',
    email: r.email,
    phone: r.phone,
    municipality: r.municipality_code,
    ageBand: r.age_band,
    guardian: r.guardian_name,
    school: r.school,
    skills: parseList(r.skills),
    languages: r.languages,
    availability: parseList(r.availability),
    createdAt: r.created_at,
  }));
}

async function pendingApplication(db: Db, id: string): Promise<VolunteerApplicationTable> {
  const row = isId(id) ? await repo.application(db, id) : undefined;
  if (!row) throw refuse(404, 'volunteers.error.notFound');
  if (row.status !== 'pending') throw refuse(409, 'volunteers.error.decided');
  return row;
}

/**
 * Approval: the application is claimed first (so two staff approving at once make one account),
 * then the accounts module makes the volunteer's account and sends the set-password link: by e-mail,
 * or by SMS to an application that gave only a mobile number (the account signs in with it).
 */
export async function approve(deps: Deps, by: Principal, id: string): Promise<{ id: string; status: 'approved'; userId: string }> {
  const { db } = deps;
  const row = await pendingApplication(db, id);
  if (!row.email && !row.phone) throw refuse(422, 'volunteers.error.noEmail');
  const now = nowIso();
  if (!(await repo.decide(db.k, id, 'approved', 'pending', { decided_at: now, decided_by: by.userId }))) {
    throw refuse(409, 'volunteers.error.decided');
  }
  let userId: string;
  try {
    userId = (
      await createVolunteerAccount(deps, by, {
        email: row.email,
        phone: row.phone,
        name: row.name ?? row.email ?? '',
        organisationId: row.organisation_id,
      })
    ).id;
  } catch (e) {
    await repo.decide(db.k, id, 'pending', 'approved', { decided_at: null, decided_by: null });
    throw e;
  }
  await db.k.transaction().execute(async (trx) => {
    await repo.decide(trx, id, 'approved', 'approved', { user_id: userId });
    await repo.upsertVolunteer(trx, {
      id: newId(),
      organisation_id: row.organisation_id,
      user_id: userId,
      application_id: id,
      municipality_code: row.municipality_code,
      skills: row.skills,
      active: 1,
      created_at: now,
    });
    await volunteerApplicationLog(trx, 'volunteer-application.approved', { id, organisationId: row.organisation_id }, by, { userId });
  });
  return { id, status: 'approved', userId };
}

/** Declines with an optional message, e-mailed to the applicant when they gave an address. */
export async function decline(
  deps: Deps,
  by: Principal,
  id: string,
  message: string | null,
): Promise<{ id: string; status: 'declined'; userId: null }> {
  const row = await pendingApplication(deps.db, id);
  await deps.db.k.transaction().execute(async (trx) => {
    const fields = { decided_at: nowIso(), decided_by: by.userId, decision_message: message || null };
    if (!(await repo.decide(trx, id, 'declined', 'pending', fields))) throw refuse(409, 'volunteers.error.decided');
    if (row.email) await enqueueJob(trx, DECLINE_MAIL_JOB, { applicationId: id });
    await volunteerApplicationLog(trx, 'volunteer-application.declined', { id, organisationId: row.organisation_id }, by);
  });
  return { id, status: 'declined', userId: null };
}

/** The decline's e-mail, rendered when the job runs from the application as it is then. */
export function registerVolunteerJobs(deps: Deps): void {
  registerRenderedMail<{ applicationId: string }>(deps.jobs, deps.mailer, DECLINE_MAIL_JOB, async ({ applicationId }) => {
    const row = await repo.application(deps.db, applicationId);
    if (!row?.email || row.status !== 'declined') return null;
    const lang = pickLang(row.lang) ?? 'it';
    const org = await getOrganisation(deps.db, row.organisation_id);
    const body = [t(lang, 'volunteers.mail.decline.body', { name: row.name ?? '', org: org.name }), row.decision_message ?? '']
      .join('\n\n')
      .trim();
    const mail: Mail = { to: row.email, subject: t(lang, 'volunteers.mail.decline.subject'), text: body };
    return mail;
  });
  registerRenderedMail<{ signupId: string }>(deps.jobs, deps.mailer, REMINDER_JOB, (p) => reminderMail(deps, p.signupId));
  registerApprovalJobs(deps);
  registerMessageJobs(deps);
  registerVolunteerSms(deps);
}

/**
 * The reminder of a shift, the day before: rendered when the job runs, so a volunteer who withdrew
 * (the sign-up is gone) gets nothing. The address is the account's, asked of the accounts module.
 */
async function reminderMail(deps: Deps, signupId: string): Promise<Mail | null> {
  const found = await repo.signupWithShift(deps.db, signupId);
  // A sign-up still waiting for staff, or refused, has no shift to remind of.
  if (found?.status !== 'confirmed') return null;
  const person = await getMember(deps.db, found.organisation_id, found.user_id).catch(() => null);
  // An account with a phone and no e-mail has its reminders by SMS (sms.ts).
  if (!person?.email) return null;
  const lang = 'it';
  const vars = { name: person.name, title: found.title, when: formatRome(found.starts_at, lang), url: `${deps.config.baseUrl}/turni` };
  return {
    to: person.email,
    subject: t(lang, 'volunteers.mail.reminder.subject', vars),
    text: t(lang, 'volunteers.mail.reminder.body', vars),
  };
}

// ---------- shifts ----------

/** A shift as the API and the pages show it (generate/service.ts shows the shifts it makes the same way). */
export function shiftView(r: repo.ShiftWithTaken): ShiftView {
  return {
    id: r.id,
    organisation: r.organisation_id,
    programme: r.programme_id,
    desk: r.desk_id,
    event: r.event_id,
    title: r.title,
    municipality: r.municipality_code,
    start: r.starts_at,
    end: r.ends_at,
    needed: r.needed,
    taken: r.taken,
    skills: parseList(r.skills),
    published: r.published === 1,
  };
}

/** A shift of the organisation: its programme, desk or event must be the organisation's own. */
export async function createShift(db: Db, by: Principal | null, input: unknown): Promise<ShiftView> {
  const data = parse(ShiftCreate, input);
  const errors: FieldError[] = [];
  const start = new Date(data.start).toISOString();
  const end = new Date(data.end).toISOString();
  if (end <= start) errors.push(fieldError('end', 'volunteers.check.end'));
  const owns = async (field: 'programme' | 'desk' | 'event', owner: (db: Db, id: string) => Promise<string | undefined>) => {
    const id = data[field];
    if (id && (await owner(db, id)) !== data.organisation) errors.push(fieldError(field, `volunteers.check.${field}`));
  };
  await owns('programme', organisationOfProgramme);
  await owns('desk', desks.organisationOfDesk);
  await owns('event', events.organisationOfEvent);
  if (errors.length > 0) throw refuse(422, 'volunteers.error.shift', undefined, errors);
  const now = nowIso();
  const row = {
    id: newId(),
    organisation_id: data.organisation,
    programme_id: data.programme ?? null,
    desk_id: data.desk ?? null,
    event_id: data.event ?? null,
    title: data.title,
    municipality_code: data.municipality ?? null,
    starts_at: start,
    ends_at: end,
    needed: data.needed,
    skills: JSON.stringify([...new Set(data.skills)]),
    published: data.publish ? 1 : 0,
    withdraw_hours: 24,
    created_at: now,
    updated_at: now,
  };
  await db.k.transaction().execute(async (trx) => {
    await repo.insertShift(trx, row);
    await shiftLog(trx, 'shift.created', { id: row.id, organisationId: row.organisation_id }, by);
  });
  return shiftView({ ...row, taken: 0 });
}

/** The organisation's shifts not yet over (`past`: every shift, for a page about one of them). */
export async function shiftsOfOrganisation(db: Db, organisationId: string, past = false): Promise<ShiftView[]> {
  return (await repo.shiftsOf(db, [organisationId], past ? '' : nowIso())).map(shiftView);
}

export interface MyShifts {
  signedUp: {
    id: string;
    title: string;
    start: string;
    end: string;
    attended: boolean | null;
    status: 'confirmed' | 'pending' | 'refused';
  }[];
  open: ShiftView[];
  /**
   * For the open shifts of an organisation where the caller is in affiancamento: 'with' when an
   * experienced volunteer is already on the shift (the caller can sign up), 'without' otherwise.
   */
  pairing: Record<string, 'with' | 'without'>;
  /** The latest messages staff sent the caller (by e-mail or SMS), newest first. */
  messages: { id: string; subject: string; body: string; sentAt: string }[];
}

/** "I miei turni": the volunteer's shifts, and the open ones matching their skills and comune. */
export async function myShifts(db: Db, userId: string): Promise<MyShifts> {
  const mine = await repo.volunteersOfUser(db, userId);
  const now = nowIso();
  const signed = await repo.signupsOfVolunteers(
    db,
    mine.map((v) => v.id),
    now,
  );
  const taken = new Set(signed.map((s) => s.id));
  const all = await repo.shiftsOf(
    db,
    mine.map((v) => v.organisation_id),
    now,
  );
  const open = all.filter((s) => {
    const v = mine.find((x) => x.organisation_id === s.organisation_id);
    if (!v || s.published !== 1 || taken.has(s.id) || s.taken >= s.needed) return false;
    if (addMs(s.starts_at, -s.withdraw_hours * 3_600_000) <= now) return false;
    const skills = new Set(parseList(v.skills));
    return parseList(s.skills).every((k) => skills.has(k)) && (!s.municipality_code || s.municipality_code === v.municipality_code);
  });
  const asTrainee = open.filter((s) => mine.some((v) => v.organisation_id === s.organisation_id && v.trainee === 1)).map((s) => s.id);
  const experienced = await shiftsWithExperienced(db, asTrainee);
  const pairing = Object.fromEntries(asTrainee.map((id) => [id, experienced.has(id) ? 'with' : 'without'] as const));
  const messages = await repo.messagesToVolunteers(
    db,
    mine.map((v) => v.id),
    10,
  );
  return {
    pairing,
    messages: messages.map((m) => ({ id: m.id, subject: m.subject, body: m.body, sentAt: m.created_at })),
    signedUp: signed.map((s) => ({
      id: s.id,
      title: s.title,
      start: s.starts_at,
      end: s.ends_at,
      attended: s.attended === null ? null : s.attended === 1,
      status: s.status,
    })),
    open: open.map(shiftView),
  };
}

/** The shift and the caller's volunteer record in its organisation, or the refusal. */
async function shiftForVolunteer(db: Db, principal: Principal, shiftId: string) {
  const s = isId(shiftId) ? await repo.shift(db, shiftId) : undefined;
  if (!s) throw refuse(404, 'volunteers.error.shiftNotFound');
  if (s.published !== 1) throw refuse(404, 'volunteers.error.shiftNotFound');
  const v = await repo.volunteerOf(db, principal.userId, s.organisation_id);
  if (!v) throw refuse(403, 'volunteers.error.notVolunteer');
  const deadline = addMs(s.starts_at, -s.withdraw_hours * 3_600_000);
  return { s, v, closed: nowIso() >= deadline };
}

/**
 * Signs the caller up. Refusals: past the deadline, a missing skill, or a trainee with no
 * experienced volunteer on the shift (422); full, overlapping another of theirs, already signed up
 * (409). The place is taken by one conditional INSERT; after too many no-shows it is held pending
 * until staff approve.
 */
export async function signUp(
  db: Db,
  principal: Principal,
  shiftId: string,
  lang: Lang = 'it',
): Promise<{ id: string; shift: string; volunteer: string; status: 'confirmed' | 'pending' }> {
  const { s, v, closed } = await shiftForVolunteer(db, principal, shiftId);
  if (closed) throw refuse(422, 'volunteers.error.deadline', { hours: s.withdraw_hours });
  const have = new Set(parseList(v.skills));
  const missing = (parseList(s.skills) as Skill[]).filter((k) => !have.has(k));
  if (missing.length > 0) {
    // The skills are named in the caller's language: the refusal's words are, too.
    throw refuse(422, 'volunteers.error.skill', { skills: missing.map((k) => t(lang, `volunteers.skill.${k}`)).join(', ') });
  }
  const id = newId();
  const status = await signupStatusFor(db, v.id, s.programme_id);
  const trainee = v.trainee === 1;
  // A volunteer who asked for SMS gets the reminder by SMS, instead of the e-mail.
  const bySms = (await smsApplicationOf(db, v.id)) !== undefined;
  // In affiancamento: only on a shift an experienced volunteer is already on (the INSERT checks it again).
  if (trainee && !(await hasExperienced(db, s.id))) throw refuse(422, 'volunteers.error.trainee');
  const inserted = await db.k.transaction().execute(async (trx) => {
    if (!(await repo.lockShift(trx, s.id))) return false;
    const now = nowIso();
    if (!(await repo.insertSignupIfRoom(trx, { id, shiftId: s.id, volunteerId: v.id, now, status, trainee }))) return false;
    await remindOf(trx, id, s.starts_at, bySms);
    await staffChanged(trx, s.event_id);
    return true;
  });
  if (!inserted) {
    if (await repo.signup(db, s.id, v.id)) throw refuse(409, 'volunteers.error.already');
    if (await repo.hasOverlap(db, v.id, s.id, s.starts_at, s.ends_at)) throw refuse(409, 'volunteers.error.overlap');
    const now = await repo.shift(db, s.id);
    if (trainee && now && now.taken < now.needed && !(await hasExperienced(db, s.id))) throw refuse(422, 'volunteers.error.trainee');
    throw refuse(409, 'volunteers.error.full');
  }
  return { id, shift: s.id, volunteer: v.id, status };
}

/** Queues the reminder of a sign-up, the day before (at once when the shift is nearer than that), by SMS or e-mail. */
export async function remindOf(trx: repo.Executor, signupId: string, startsAt: string, bySms: boolean): Promise<void> {
  const dayBefore = addMs(startsAt, -DAY_MS);
  const runAt = dayBefore > nowIso() ? dayBefore : undefined;
  if (bySms) await enqueueReminderSms(trx, signupId, runAt);
  else await enqueueJob(trx, REMINDER_JOB, { signupId }, { runAt, dedupeKey: `volunteers.reminder:${signupId}` });
}

/** Withdraws the caller, until the deadline (24 h before the start unless the shift says otherwise). */
export async function withdraw(db: Db, principal: Principal, shiftId: string): Promise<void> {
  const { s, v, closed } = await shiftForVolunteer(db, principal, shiftId);
  if (!(await repo.signup(db, s.id, v.id))) throw refuse(404, 'volunteers.error.notSignedUp');
  if (closed) throw refuse(422, 'volunteers.error.deadline', { hours: s.withdraw_hours });
  await repo.deleteSignup(db, s.id, v.id);
  await staffChanged(db.k, s.event_id);
}

/** A sign-up of an event's shift changed the event's staff: the desks that follow the event with it take their operators again. */
export async function staffChanged(executor: Parameters<typeof enqueueJob>[0], eventId: string | null): Promise<void> {
  if (eventId) await enqueueJob(executor, events.SESSIONS_CHANGED_JOB, { eventId });
}

export async function signupsOfShift(db: Db, shiftId: string) {
  return (await repo.signupsOfShift(db, shiftId)).map((r) => ({
    id: r.id,
    userId: r.user_id,
    volunteerId: r.volunteer_id,
    attended: r.attended === null ? null : r.attended === 1,
    status: r.status,
    createdAt: r.created_at,
  }));
}

/** Staff mark a volunteer present or absent. */
export async function markAttendance(db: Db, by: Principal | null, shiftId: string, signupId: string, present: boolean): Promise<void> {
  if (!isId(signupId) || !(await repo.setAttendance(db, shiftId, signupId, present))) throw refuse(404, 'volunteers.error.signup');
  await shiftLog(db.k, 'shift.attendance', { id: shiftId, organisationId: (await organisationOfShift(db, shiftId)) ?? null }, by, {
    signupId,
    present,
  });
}
