import { isId, newId } from '../../../core/ids.js';
import { refuse } from '../../../core/problems.js';
import type { Db } from '../../../db/index.js';
import type { BookingFormData } from './answers.js';

/**
 * The SQL of the questions asked at booking (event_questions), of their answers
 * (registration_answers) and of an event's "for minors" flag, on both dialects.
 */

export interface Question {
  id: string;
  position: number;
  kind: 'text' | 'choice' | 'yes-no';
  label: string;
  options: string[];
  required: boolean;
}

/** What the booking form of an event asks beyond name and contact. */
export interface BookingFormSettings {
  forMinors: boolean;
  questions: Question[];
  /** public, unlisted or invitation: read here so a booking needs no second read of the event. */
  visibility?: string;
  /** No such event: the booking is refused as not found, not for its answers. */
  missing?: true;
}

/** The answers and child's details of one booking, as staff read them. */
export interface BookingDetails {
  answers: { questionId: string; label: string; value: string; kind: Question['kind'] }[];
  child: { name: string; age: number | null; guardianName: string | null } | null;
}

const NONE: BookingFormSettings = { forMinors: false, questions: [], missing: true };

function parseOptions(json: string | null): string[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((o): o is string => typeof o === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The booking form of an event, in one statement (every booking reads it); an unknown event asks
 * nothing (the booking itself answers 404).
 */
export async function bookingFormOf(db: Db, eventId: string): Promise<BookingFormSettings> {
  if (!isId(eventId)) return NONE;
  const rows = await db.k
    .selectFrom('events as e')
    .leftJoin('event_questions as q', 'q.event_id', 'e.id')
    .select(['e.for_minors', 'e.visibility', 'q.id', 'q.position', 'q.kind', 'q.label', 'q.options', 'q.required'])
    .where('e.id', '=', eventId)
    .orderBy('q.position')
    .execute();
  if (rows.length === 0) return NONE;
  return {
    forMinors: Number(rows[0].for_minors ?? 0) === 1,
    visibility: rows[0].visibility,
    questions: rows
      .filter((r) => r.id !== null)
      .map((r) => ({
        id: r.id as string,
        position: Number(r.position),
        kind: r.kind as Question['kind'],
        label: r.label as string,
        options: parseOptions(r.options),
        required: Number(r.required) === 1,
      })),
  };
}

/**
 * Replaces the booking form of an event: questions sent with their id are changed in place (their
 * answers stay), those without one are new, those left out are removed with their answers.
 */
export async function saveBookingForm(db: Db, eventId: string, data: BookingFormData): Promise<BookingFormSettings> {
  if (!isId(eventId)) throw refuse(404, 'events.error.notFound');
  await db.k.transaction().execute(async (trx) => {
    const ev = await trx
      .updateTable('events')
      .set({ for_minors: data.forMinors ? 1 : 0 })
      .where('id', '=', eventId)
      .executeTakeFirst();
    if (Number(ev.numUpdatedRows) === 0) throw refuse(404, 'events.error.notFound');
    const existing = new Set(
      (await trx.selectFrom('event_questions').select('id').where('event_id', '=', eventId).execute()).map((r) => r.id),
    );
    const kept = new Set(data.questions.map((qn) => qn.id).filter((id): id is string => !!id && existing.has(id)));
    const gone = [...existing].filter((id) => !kept.has(id));
    if (gone.length) await trx.deleteFrom('event_questions').where('id', 'in', gone).execute();
    for (const [i, qn] of data.questions.entries()) {
      const fields = {
        position: i + 1,
        kind: qn.kind,
        label: qn.label,
        options: qn.kind === 'choice' ? JSON.stringify(qn.options ?? []) : null,
        required: qn.required ? 1 : 0,
      };
      if (qn.id && kept.has(qn.id)) await trx.updateTable('event_questions').set(fields).where('id', '=', qn.id).execute();
      else
        await trx
          .insertInto('event_questions')
          .values({ id: newId(), event_id: eventId, ...fields })
          .execute();
    }
  });
  return bookingFormOf(db, eventId);
}

/** The answers and child's details of an event's bookings, by registration id. */
export async function bookingDetailsOfEvent(db: Db, eventId: string): Promise<Map<string, BookingDetails>> {
  const out = new Map<string, BookingDetails>();
  if (!isId(eventId)) return out;
  const [answers, children] = await Promise.all([
    db.k
      .selectFrom('registration_answers as a')
      .innerJoin('event_questions as q', 'q.id', 'a.question_id')
      .select(['a.registration_id', 'a.question_id', 'a.value', 'q.label', 'q.kind'])
      .where('q.event_id', '=', eventId)
      .orderBy('q.position')
      .execute(),
    db.k
      .selectFrom('registrations')
      .select(['id', 'child_name', 'child_age', 'guardian_name'])
      .where('event_id', '=', eventId)
      .where('child_name', 'is not', null)
      .execute(),
  ]);
  const of = (id: string) => {
    let d = out.get(id);
    if (!d) {
      d = { answers: [], child: null };
      out.set(id, d);
    }
    return d;
  };
  for (const a of answers) of(a.registration_id).answers.push({ questionId: a.question_id, label: a.label, value: a.value, kind: a.kind });
  for (const c of children) {
    of(c.id).child = {
      name: c.child_name as string,
      age: c.child_age === null || c.child_age === undefined ? null : Number(c.child_age),
      guardianName: c.guardian_name ?? null,
    };
  }
  return out;
}

/** The answers and child's details of one booking, for the person's own page; null when there are none. */
export async function bookingDetailsOfRegistration(db: Db, registrationId: string): Promise<BookingDetails | null> {
  if (!isId(registrationId)) return null;
  const [answers, child] = await Promise.all([
    db.k
      .selectFrom('registration_answers as a')
      .innerJoin('event_questions as q', 'q.id', 'a.question_id')
      .select(['a.question_id', 'a.value', 'q.label', 'q.kind'])
      .where('a.registration_id', '=', registrationId)
      .orderBy('q.position')
      .execute(),
    db.k
      .selectFrom('registrations')
      .select(['child_name', 'child_age', 'guardian_name'])
      .where('id', '=', registrationId)
      .where('child_name', 'is not', null)
      .executeTakeFirst(),
  ]);
  if (answers.length === 0 && !child) return null;
  return {
    answers: answers.map((a) => ({ questionId: a.question_id, label: a.label, value: a.value, kind: a.kind })),
    child: child
      ? {
          name: child.child_name as string,
          age: child.child_age === null || child.child_age === undefined ? null : Number(child.child_age),
          guardianName: child.guardian_name ?? null,
        }
      : null,
  };
}
