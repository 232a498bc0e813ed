import { z } from 'zod';
import { audit } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import type { Deps } from '../../../core/deps.js';
import { newId } from '../../../core/ids.js';
import { refuse } from '../../../core/problems.js';
import { notNull, selectRows } from '../../../core/rows.js';
import { nowIso, romeDate, romeIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { DeskExceptionTable, DeskTable } from '../../../db/schema.js';
import { getEvent, SESSIONS_CHANGED_JOB } from '../../events/service.js';
import * as repo from '../repo.js';
import { assertEvent } from '../setup/desks.js';
import { EVENT_STAFF, staffAtOpening, staffDuring, staffOfEvent } from './staff.js';

/**
 * A desk that follows an event: it opens during each of the event's sessions, with the operators
 * given, as one extra opening (a desk exception of kind 'open') per session. The booking engine
 * reads those as it reads any other opening. When the event's sessions change, the events module
 * enqueues its SESSIONS_CHANGED_JOB and the openings are written again from the new sessions.
 */

const FOLLOW_EVENT_JOB = SESSIONS_CHANGED_JOB;

export const FollowBody = z.object({
  event: z.string().uuid('desks.follow.check.event'),
  /** Operators at each session: a number, or 'staff' for the event's staff on duty then (staff.ts). */
  operators: z
    .union(
      [
        z.number().int('desks.follow.check.operators').min(1, 'desks.follow.check.operators').max(20, 'desks.follow.check.operators'),
        z.literal('staff'),
      ],
      { message: 'desks.follow.check.operators' },
    )
    .transform((v) => (v === 'staff' ? EVENT_STAFF : v)),
});

export const FollowOut = z.object({
  desk: z.string(),
  event: z.string().nullable(),
  operators: z.union([z.number(), z.literal('staff')]).nullable(),
  openings: z.array(
    z.object({
      date: z.string(),
      start: z.string(),
      end: z.string(),
      operators: z.number(),
      /** With the event's staff as operators: their names. */
      staff: z.array(z.string()).optional(),
    }),
  ),
});
export type FollowView = z.output<typeof FollowOut>;

const hhmm = (ms: number) => romeIso(ms).slice(11, 16);
/** The openings' marker: the event and the session's position, rewritten whenever the sessions change. */
const marker = (eventId: string, n: number) => `${eventId}#${n + 1}`;

/** The desk's openings as they follow its event now: one per session (a session past midnight closes the day at 23:59). */
function openingsOf(
  deskId: string,
  eventId: string,
  operators: (session: { start: string; end: string }) => number,
  title: string,
  sessions: { start: string; end: string }[],
) {
  const now = nowIso();
  return sessions.map((s, n): DeskExceptionTable => {
    const start = Date.parse(s.start);
    const end = Date.parse(s.end);
    const date = romeDate(start);
    return {
      id: newId(),
      desk_id: deskId,
      kind: 'open',
      from_date: date,
      to_date: date,
      start_time: hhmm(start),
      end_time: romeDate(end) === date ? hhmm(end) : '23:59',
      operators: operators(s),
      note: title.slice(0, 200),
      event_session_id: marker(eventId, n),
      created_at: now,
    };
  });
}

/** Writes the desk's openings again from its event's sessions; a desk that follows none loses the ones it had. */
export async function syncFollowingDesk(db: Db, deskId: string): Promise<void> {
  const desk = await repo.deskRow(db.k, deskId);
  if (!desk) return;
  const follows =
    desk.event_id && desk.follow_operators != null ? { eventId: desk.event_id, operators: Number(desk.follow_operators) } : null;
  const event = follows ? await getEvent(db, follows.eventId, { includeDrafts: true }).catch(() => null) : null;
  // With the event's staff as operators, each session counts the volunteers on duty then.
  const staff = follows?.operators === EVENT_STAFF && event ? await staffOfEvent(db, event.id) : [];
  const operators = (s: { start: string; end: string }) =>
    follows?.operators === EVENT_STAFF ? staffDuring(staff, s.start, s.end).length : (follows?.operators ?? 1);
  const rows = follows && event && event.status !== 'cancelled' ? openingsOf(deskId, event.id, operators, event.title, event.sessions) : [];
  await db.k.transaction().execute(async (trx) => {
    await trx.deleteFrom('desk_exceptions').where('desk_id', '=', deskId).where('event_session_id', 'is not', null).execute();
    for (const row of rows) await repo.insertException(trx, row);
  });
}

/** The desks that follow an event, written again from its sessions (the job the events module enqueues). */
export async function syncDesksOfEvent(db: Db, eventId: string): Promise<void> {
  const desks = await selectRows(db, 'desks', { event_id: eventId, follow_operators: notNull }, [], undefined, ['id']);
  for (const d of desks) await syncFollowingDesk(db, d.id);
}

export async function followView(db: Db, deskId: string): Promise<FollowView> {
  const desk = await repo.deskRow(db.k, deskId);
  if (!desk) throw refuse(404, 'desks.error.deskNotFound');
  const rows = (await repo.exceptionsOf(db.k, deskId)).filter((e) => e.event_session_id);
  const byStaff = desk.follow_operators != null && Number(desk.follow_operators) === EVENT_STAFF;
  const staff = byStaff && desk.event_id ? await staffOfEvent(db, desk.event_id) : [];
  return {
    desk: deskId,
    event: desk.follow_operators != null ? desk.event_id : null,
    operators: byStaff ? 'staff' : (desk.follow_operators ?? null),
    openings: rows.map((e) => ({
      date: e.from_date,
      start: e.start_time ?? '',
      end: e.end_time ?? '',
      operators: Number(e.operators ?? 0),
      ...(byStaff ? { staff: staffAtOpening(staff, e.from_date, e.start_time ?? '00:00', e.end_time ?? '23:59').map((m) => m.name) } : {}),
    })),
  };
}

/** Makes the desk follow an event (its own, or one it is a partner of), then takes its openings from the sessions. */
export async function followEvent(db: Db, by: Principal | null, deskId: string, input: unknown): Promise<FollowView> {
  const data = parse(FollowBody, input);
  await changeFollowing(db, by, deskId, {
    check: (desk) => assertEvent(db, desk.organisation_id, data.event),
    set: { event_id: data.event, follow_operators: data.operators },
    action: 'desk.follows-event',
    details: { event: data.event, operators: data.operators },
  });
  return followView(db, deskId);
}

/** The desk stops following its event: the openings taken from the sessions go; its weekly hours stay. */
export async function unfollowEvent(db: Db, by: Principal | null, deskId: string): Promise<void> {
  await changeFollowing(db, by, deskId, { set: { follow_operators: null }, action: 'desk.unfollows-event' });
}

/** Changes what the desk follows (404 for no such desk), writes its openings again from the sessions and audits it. */
async function changeFollowing(
  db: Db,
  by: Principal | null,
  deskId: string,
  change: {
    check?: (desk: DeskTable) => Promise<void>;
    set: Pick<Partial<DeskTable>, 'event_id' | 'follow_operators'>;
    action: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  const desk = await repo.deskRow(db.k, deskId);
  if (!desk) throw refuse(404, 'desks.error.deskNotFound');
  await change.check?.(desk);
  await repo.updateDeskRow(db.k, deskId, { ...change.set, updated_at: nowIso() });
  await syncFollowingDesk(db, deskId);
  await audit(db.k, {
    action: change.action,
    entity: 'desk',
    entityId: deskId,
    userId: by?.userId ?? null,
    organisationId: desk.organisation_id,
    details: change.details,
  });
}

/** The active desks following an event, for its public page ("Sportello SPID durante l'incontro"). */
export async function desksFollowing(db: Db, eventId: string): Promise<{ id: string; name: string; page: string }[]> {
  const rows = await db.k
    .selectFrom('desks')
    .select(['id', 'name'])
    .where('event_id', '=', eventId)
    .where('follow_operators', 'is not', null)
    .where('active', '=', 1)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, page: `/sportelli/${r.id}` }));
}

/** Registers the job that follows an event's changed sessions. */
export function registerFollowJobs(deps: Deps): void {
  deps.jobs.register(FOLLOW_EVENT_JOB, async (payload) => {
    await syncDesksOfEvent(deps.db, (payload as { eventId: string }).eventId);
  });
}
