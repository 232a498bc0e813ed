import { hasRole } from '../../../core/access.js';
import { auditLog } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import { newId } from '../../../core/ids.js';
import { type FieldError, fieldError, Problem, refuse } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { ShiftTable } from '../../../db/schema.js';
import * as desks from '../../desks/service.js';
import * as events from '../../events/service.js';
import { shiftView } from '../service.js';
import { type GenerateInput, type GenerateResult, GenerateShifts, MAX_GENERATE_DAYS } from './schemas.js';

const shiftLog = auditLog('shift');

/**
 * Shifts generated from what already has a timetable: one per opening of a desk in a date range,
 * or one per session of an event. Each shift remembers its source ('desk:<id>', 'event:<id>') and
 * a unique key on (source, start) makes a second generation add only what is new.
 */

interface Source {
  key: string;
  organisationId: string;
  name: string;
  programmeId: string | null;
  municipality: string | null;
  deskId: string | null;
  eventId: string | null;
  periods: { start: string; end: string }[];
}

const DAY_MS = 86_400_000;
const field = (name: string, key: string) => refuse(422, 'volunteers.generate.error', undefined, [fieldError(name, key)]);

function rangeErrors(data: GenerateInput): FieldError[] {
  const errors: FieldError[] = [];
  if (data.desk && !data.from) errors.push(fieldError('from', 'volunteers.generate.check.from'));
  if (data.desk && !data.to) errors.push(fieldError('to', 'volunteers.generate.check.to'));
  if (data.from && data.to) {
    if (data.to < data.from) errors.push(fieldError('to', 'volunteers.generate.check.reversed'));
    else if ((Date.parse(data.to) - Date.parse(data.from)) / DAY_MS >= MAX_GENERATE_DAYS) {
      errors.push(fieldError('to', 'volunteers.generate.check.long'));
    }
  }
  return errors;
}

/** The desk or event the form names, read from its module: one that does not exist is an error on its field. */
async function known<T>(read: Promise<T>, name: string, key: string): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof Problem && err.status === 404) throw field(name, key);
    throw err;
  }
}

async function deskSource(db: Db, deskId: string, from: string, to: string): Promise<Source> {
  const desk = await known(desks.getDesk(db, deskId, { includeInactive: true }), 'desk', 'volunteers.generate.check.deskUnknown');
  return {
    key: `desk:${desk.id}`,
    organisationId: desk.organisation.id,
    name: desk.name,
    programmeId: null,
    municipality: desk.venue.municipality?.code ?? null,
    deskId: desk.id,
    eventId: null,
    periods: await desks.deskOpenings(db, desk.id, from, to),
  };
}

async function eventSource(db: Db, eventId: string, from: string | null, to: string | null): Promise<Source> {
  const ev = await known(events.getEvent(db, eventId, { includeDrafts: true }), 'event', 'volunteers.generate.check.eventUnknown');
  // A session belongs to the range by its Rome day; Rome is never more than two hours from UTC.
  const day = (iso: string) => new Date(Date.parse(iso) + 2 * 3_600_000).toISOString().slice(0, 10);
  const inRange = (s: { start: string }) => (!from || day(s.start) >= from) && (!to || day(s.start) <= to);
  return {
    key: `event:${ev.id}`,
    organisationId: ev.organisation.id,
    name: ev.title,
    programmeId: ev.programme?.id ?? null,
    municipality: ev.municipality?.code ?? null,
    deskId: null,
    eventId: ev.id,
    periods: ev.sessions.filter(inRange),
  };
}

/** Generates the shifts; the caller must be staff of the desk's or event's organisation (else 403). */
export async function generateShifts(db: Db, by: Principal | null, input: unknown): Promise<GenerateResult> {
  const data = parse(GenerateShifts, input);
  const errors = rangeErrors(data);
  if (!data.desk && !data.event) errors.push(fieldError('desk', 'volunteers.generate.check.source'));
  if (data.desk && data.event) errors.push(fieldError('event', 'volunteers.generate.check.both'));
  if (errors.length > 0) throw refuse(422, 'volunteers.generate.error', undefined, errors);
  const source = data.desk
    ? await deskSource(db, data.desk, data.from as string, data.to as string)
    : await eventSource(db, data.event as string, data.from ?? null, data.to ?? null);
  if (by && !hasRole(by, source.organisationId, ORG_STAFF)) throw refuse(403, 'volunteers.error.staffOnly');
  const now = nowIso();
  const rows: ShiftTable[] = source.periods.map((p) => ({
    id: newId(),
    organisation_id: source.organisationId,
    programme_id: source.programmeId,
    desk_id: source.deskId,
    event_id: source.eventId,
    title: `${data.role} · ${source.name}`,
    municipality_code: source.municipality,
    starts_at: p.start,
    ends_at: p.end,
    needed: data.needed,
    skills: JSON.stringify([...new Set(data.skills)]),
    published: 1,
    withdraw_hours: 24,
    source: source.key,
    created_at: now,
    updated_at: now,
  }));
  const created = await db.k.transaction().execute(async (trx) => {
    const made: ShiftTable[] = [];
    for (const row of rows) {
      // The unique key on (source, start) turns a repeated generation into nothing written.
      const r = await trx
        .insertInto('shifts')
        .values(row)
        .onConflict((oc) => oc.columns(['source', 'starts_at']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) made.push(row);
    }
    if (made.length > 0) {
      await shiftLog(trx, 'shift.generated', { id: made[0].id, organisationId: source.organisationId }, by, {
        source: source.key,
        count: made.length,
        from: data.from ?? null,
        to: data.to ?? null,
      });
    }
    return made;
  });
  return { items: created.map((r) => shiftView({ ...r, taken: 0 })), skipped: rows.length - created.length };
}

/** The desks and events of an organisation a staff form offers as sources. */
export async function generationSources(db: Db, organisationId: string) {
  const [deskList, eventList] = await Promise.all([
    desks.listDesks(db, { organisation: organisationId, includeInactive: true }),
    events.organisationEvents(db, organisationId),
  ]);
  const upcoming = eventList.upcoming.filter((e) => e.status !== 'cancelled');
  return {
    desks: deskList.map((d) => ({ id: d.id, name: d.name })),
    events: upcoming.map((e) => ({ id: e.id, title: e.title, start: e.start })),
  };
}
