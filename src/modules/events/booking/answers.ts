import { z } from 'zod';
import { auditLog } from '../../../core/audit.js';
import { type FieldError, fieldError, refuse } from '../../../core/problems.js';
import { hasVisibleCharacters, parse, visibleText } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import { type Op, q } from '../../../db/op-driver.js';
import { type BookingFormSettings, type Question, saveBookingForm } from './questions-repo.js';

const eventLog = auditLog('event');

/**
 * What a booking adds for an event that asks more than name and contact: the answers to the
 * event's extra questions, and for an activity for minors the child and the guardian responsible.
 * The shapes here are checked by the booking's schema (a wrong type is a 400); whether the answers
 * fit the event's questions is checked by `checkExtras` (a 422 naming each field), before anything
 * is written; `saveExtrasOp` writes them in the booking's own transaction.
 */

export const ANSWER_MAX = 500;
export const CHILD_AGE_MAX = 17;

/** `answers`: question id → the answer (text, one of the options, or yes/no as a boolean or "yes"/"no"). */
export const AnswersField = z
  .record(z.string().max(40, 'events.check.max'), z.union([z.string().max(5000, 'events.check.max'), z.boolean()]), {
    message: 'events.answers.shape',
  })
  .refine((v) => Object.keys(v).length <= 50, 'events.answers.shape')
  .optional();

export const ChildField = z
  .object({
    name: z.string().trim().max(60, 'events.check.max').optional(),
    age: z.number({ message: 'events.child.age.number' }).int('events.child.age.number').nullable().optional(),
  })
  .strict()
  .optional();

export const GuardianField = z
  .object({
    name: z.string().trim().max(120, 'events.check.max').optional(),
    consent: z.boolean({ message: 'events.child.consent' }).optional(),
  })
  .strict()
  .optional();

export interface ExtrasInput {
  name: string;
  answers?: Record<string, string | boolean>;
  child?: { name?: string; age?: number | null };
  guardian?: { name?: string; consent?: boolean };
}

/** What is stored with a booking beside its own columns. */
export interface BookingExtras {
  answers: { questionId: string; value: string }[];
  child: { name: string; age: number; guardianName: string } | null;
}

const YES = new Set(['yes', 'sì', 'si', 'true', '1']);
const NO = new Set(['no', 'false', '0']);

/** One answer as stored, or the key of what is wrong with it; '' is no answer. */
function answerValue(question: Question, raw: string | boolean | undefined): { value: string } | { error: string } {
  if (raw === undefined) return { value: '' };
  if (question.kind === 'yes-no') {
    if (typeof raw === 'boolean') return { value: raw ? 'yes' : 'no' };
    const s = raw.trim().toLowerCase();
    if (s === '') return { value: '' };
    if (YES.has(s)) return { value: 'yes' };
    if (NO.has(s)) return { value: 'no' };
    return { error: 'events.answers.yesNo' };
  }
  if (typeof raw === 'boolean') return { error: 'events.answers.text' };
  const s = raw.trim();
  if (s === '') return { value: '' };
  if (question.kind === 'choice') return question.options.includes(s) ? { value: s } : { error: 'events.answers.notOffered' };
  if (s.length > ANSWER_MAX) return { error: 'events.answers.tooLong' };
  return hasVisibleCharacters(s) ? { value: s } : { error: 'events.answers.required' };
}

/**
 * The booking's extras checked against the event's booking form: every required question
 * answered, a choice among the options offered, no answer to a question the event does not ask,
 * and for an activity for minors the child's first name and age and the guardian's declaration.
 * Staff booking for a caller may leave questions and the child's details unanswered.
 */
export function checkExtras(form: BookingFormSettings, input: ExtrasInput, source: 'web' | 'api' | 'staff'): BookingExtras {
  if (form.missing) return { answers: [], child: null };
  const errors: FieldError[] = [];
  const strict = source !== 'staff';
  const given = input.answers ?? {};
  const asked = new Set(form.questions.map((qn) => qn.id));
  for (const id of Object.keys(given)) {
    if (!asked.has(id)) errors.push(fieldError(`answers.${id}`, 'events.answers.unknown'));
  }
  const answers: BookingExtras['answers'] = [];
  for (const question of form.questions) {
    const field = `answers.${question.id}`;
    const got = answerValue(question, given[question.id]);
    if ('error' in got) errors.push(fieldError(field, got.error, { max: ANSWER_MAX }));
    else if (got.value) answers.push({ questionId: question.id, value: got.value });
    else if (question.required && strict) errors.push(fieldError(field, 'events.answers.required'));
  }
  const child = form.forMinors ? checkChild(input, strict, errors) : null;
  if (!form.forMinors && (input.child || input.guardian)) errors.push(fieldError('child', 'events.child.notForMinors'));
  if (errors.length) throw refuse(422, 'events.answers.invalid', undefined, errors);
  return { answers, child };
}

function checkChild(input: ExtrasInput, strict: boolean, errors: FieldError[]): BookingExtras['child'] {
  const name = input.child?.name?.trim() ?? '';
  const age = input.child?.age ?? null;
  const nameOk = name.length > 0 && hasVisibleCharacters(name);
  const ageOk = age !== null && Number.isInteger(age) && age >= 0 && age <= CHILD_AGE_MAX;
  if (!nameOk && (strict || name)) errors.push(fieldError('child.name', 'events.child.name'));
  if (!ageOk && (strict || age !== null)) errors.push(fieldError('child.age', 'events.child.age', { max: CHILD_AGE_MAX }));
  if (strict && input.guardian?.consent !== true) errors.push(fieldError('guardian.consent', 'events.child.consent'));
  const guardianName = input.guardian?.name?.trim() || input.name.trim();
  if (!nameOk || !ageOk) return null;
  return { name, age: age as number, guardianName };
}

/** True when the booking carries anything beyond the registration's own columns. */
export function hasExtras(extras: BookingExtras | undefined): extras is BookingExtras {
  return !!extras && (extras.answers.length > 0 || extras.child !== null);
}

/** Writes a new booking's answers and child's details, inside the booking's transaction. */
export function* saveExtrasOp(registrationId: string, extras: BookingExtras, now: string): Op<void> {
  for (const a of extras.answers) {
    yield* q(
      'insert into registration_answers (registration_id, question_id, value) values (?, ?, ?)',
      registrationId,
      a.questionId,
      a.value,
    );
  }
  if (extras.child) {
    yield* q(
      'update registrations set child_name = ?, child_age = ?, guardian_name = ?, guardian_consent_at = ? where id = ?',
      extras.child.name,
      extras.child.age,
      extras.child.guardianName,
      now,
      registrationId,
    );
  }
}

/** Erases the answers and the child's and guardian's names of one registration or of all of an event's. */
export function* eraseExtrasOp(column: 'id' | 'event_id', value: string): Op<void> {
  const which = column === 'id' ? 'registration_id = ?' : 'registration_id in (select id from registrations where event_id = ?)';
  yield* q(`delete from registration_answers where ${which}`, value);
  yield* q(
    `update registrations set child_name = null, child_age = null, guardian_name = null where ${column} = ? and (child_name is not null or guardian_name is not null)`,
    value,
  );
}

// ---------- staff edit the questions ----------

export const QUESTION_KINDS = ['text', 'choice', 'yes-no'] as const;
export const MAX_QUESTIONS = 20;

const QuestionIn = z
  .object({
    id: z.string().max(40).optional(),
    kind: z.enum(QUESTION_KINDS, { message: 'events.questions.kind' }),
    label: visibleText(z.string().trim().min(2, 'events.questions.label').max(200, 'events.check.max')),
    options: z
      .array(z.string().trim().min(1, 'events.questions.option').max(80, 'events.check.max'))
      .max(12, 'events.questions.options.max')
      .optional(),
    required: z.boolean().default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    const options = v.options ?? [];
    if (v.kind === 'choice' && (options.length < 2 || new Set(options).size !== options.length)) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'events.questions.options' });
    }
  });

/** The booking form of an event as staff set it: whether it is for minors, and its questions in order. */
export const BookingFormBody = z
  .object({
    forMinors: z.boolean({ message: 'events.questions.forMinors' }).default(false),
    questions: z.array(QuestionIn).max(MAX_QUESTIONS, 'events.questions.max').default([]),
  })
  .strict();
export type BookingFormInput = z.input<typeof BookingFormBody>;
export type BookingFormData = z.output<typeof BookingFormBody>;

/** Staff set an event's booking form (the questions and the "for minors" flag); the change is audited. */
export async function setBookingForm(
  db: Db,
  eventId: string,
  input: unknown,
  by: { userId: string | null; organisationId: string | null },
): Promise<BookingFormSettings> {
  const data = parse(BookingFormBody, input);
  const saved = await saveBookingForm(db, eventId, data);
  await eventLog(db.k, 'event-questions', { id: eventId, organisationId: by.organisationId }, by, {
    forMinors: saved.forMinors,
    questions: saved.questions.length,
  });
  return saved;
}
