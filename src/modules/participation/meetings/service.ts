import { randomInt } from 'node:crypto';
import { auditLog } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import { isId, newId } from '../../../core/ids.js';
import { fieldError, found, refuse } from '../../../core/problems.js';
import { nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { MeetingPollTable, ProcessMeetingTable } from '../../../db/schema.js';
import { eventAttendance, getEvents, organisationOfEvent } from '../../events/service.js';
import { type ProcessRef, processRef, proposalRefs } from './process-link.js';
import * as repo from './repo.js';
import { HandsBody, MeetingCreate, MeetingPatch, PollCreate } from './schemas.js';

const meetingLog = auditLog('participation_meeting');
const pollLog = auditLog('participation_poll');

/**
 * Meetings of a participatory process: each is an event of the catalogue (booked and checked in at
 * the door as any other), with an agenda written before and minutes after. The minutes take the
 * attendance from the door when they are published, name the decisions and link the proposals of
 * the process that were discussed. During a meeting staff may open a live poll: people present
 * answer from their phone at a short address (one answer per device), or staff enter the hands
 * counted in the room; once closed the results go with the minutes.
 */

export interface PollView {
  id: string;
  meetingId: string;
  code: string;
  url: string;
  question: string;
  status: 'open' | 'closed';
  options: { id: string; label: string; answers: number; hands: number; total: number }[];
  total: number;
}

export interface MeetingView {
  id: string;
  processId: string;
  event: { id: string; title: string; start: string; end: string; page: string };
  agenda: string | null;
  minutes: string | null;
  decisions: string | null;
  attendance: number | null;
  published: boolean;
  publishedAt: string | null;
  proposals: { id: string; title: string }[];
  polls: PollView[];
}

// ---------- owners, for access rules ----------

export async function organisationOfMeeting(db: Db, id: string | undefined): Promise<string | undefined> {
  return isId(id) ? repo.organisationOfMeeting(db, id) : undefined;
}

export async function organisationOfPoll(db: Db, id: string | undefined): Promise<string | undefined> {
  return isId(id) ? repo.organisationOfPoll(db, id) : undefined;
}

export async function organisationOfProcess(db: Db, id: string | undefined): Promise<string | undefined> {
  return (await processRef(db, id))?.organisationId;
}

async function processOrThrow(db: Db, id: string): Promise<ProcessRef> {
  return found(await processRef(db, id), 'participation.meetings.error.process');
}

async function meetingOrThrow(db: Db, id: string): Promise<ProcessMeetingTable> {
  return found(isId(id) ? await repo.meeting(db, id) : undefined, 'participation.meetings.error.notFound');
}

// ---------- meetings ----------

/** Links an event of the process's organisation to the process as one of its meetings. */
export async function linkMeeting(db: Db, principal: Principal | null, processId: string, input: unknown): Promise<MeetingView> {
  const process = await processOrThrow(db, processId);
  const data = parse(MeetingCreate, input);
  if ((await organisationOfEvent(db, data.event)) !== process.organisationId)
    throw refuse(422, 'participation.meetings.error.event', undefined, [fieldError('event', 'participation.meetings.check.event')]);
  const now = nowIso();
  const id = newId();
  const linked = await db.k.transaction().execute(async (tx) => {
    const ok = await repo.insertMeeting(tx, {
      id,
      organisation_id: process.organisationId,
      process_id: process.id,
      event_id: data.event,
      agenda: data.agenda || null,
      minutes: null,
      decisions: null,
      attendance: null,
      minutes_published_at: null,
      created_at: now,
      updated_at: now,
    });
    if (ok)
      await meetingLog(tx, 'meeting.linked', { id, organisationId: process.organisationId }, principal, {
        process: process.id,
        event: data.event,
      });
    return ok;
  });
  if (!linked) throw refuse(409, 'participation.meetings.error.linked');
  return getMeeting(db, id);
}

/**
 * Writes the agenda, the minutes, the decisions and the linked proposals (each of the meeting's
 * process, or nothing is written).
 */
export async function updateMeeting(db: Db, principal: Principal | null, meetingId: string, input: unknown): Promise<MeetingView> {
  const m = await meetingOrThrow(db, meetingId);
  const data = parse(MeetingPatch, input);
  let proposals: string[] | undefined;
  if (data.proposals) {
    proposals = [...new Set(data.proposals)];
    const found = await proposalRefs(db, proposals);
    if (found.length !== proposals.length || found.some((p) => p.processId !== m.process_id))
      throw refuse(422, 'participation.meetings.error.proposals', undefined, [
        fieldError('proposals', 'participation.meetings.check.proposals'),
      ]);
  }
  const set: Partial<ProcessMeetingTable> = { updated_at: nowIso() };
  if (data.agenda !== undefined) set.agenda = data.agenda || null;
  if (data.minutes !== undefined) set.minutes = data.minutes || null;
  if (data.decisions !== undefined) set.decisions = data.decisions || null;
  await db.k.transaction().execute(async (tx) => {
    await repo.updateMeeting(tx, m.id, set);
    if (proposals) await repo.replaceProposals(tx, m.id, proposals);
    await meetingLog(tx, 'meeting.updated', { id: m.id, organisationId: m.organisation_id }, principal, {
      fields: Object.keys(data),
      proposals: proposals?.length,
    });
  });
  return getMeeting(db, m.id);
}

/**
 * Publishes the minutes, with the attendance counted at the door (checked-in people and walk-ins):
 * minutes need their text first. Publishing again refreshes the count.
 */
export async function publishMinutes(db: Db, principal: Principal | null, meetingId: string): Promise<MeetingView> {
  const m = await meetingOrThrow(db, meetingId);
  if (!m.minutes?.trim())
    throw refuse(422, 'participation.meetings.error.noMinutes', undefined, [
      fieldError('minutes', 'participation.meetings.check.required'),
    ]);
  const attendance = (await eventAttendance(db, m.event_id)).total.present;
  const now = nowIso();
  await db.k.transaction().execute(async (tx) => {
    await repo.updateMeeting(tx, m.id, { attendance, minutes_published_at: m.minutes_published_at ?? now, updated_at: now });
    await meetingLog(tx, 'meeting.minutes-published', { id: m.id, organisationId: m.organisation_id }, principal, { attendance });
  });
  return getMeeting(db, m.id);
}

export async function getMeeting(db: Db, meetingId: string): Promise<MeetingView> {
  const m = await meetingOrThrow(db, meetingId);
  return (await views(db, [m]))[0];
}

/** The meetings of a process, by the date of their event; `publicOnly` leaves out unpublished minutes and open polls. */
export async function meetingsOfProcess(db: Db, processId: string, opts: { publicOnly?: boolean } = {}): Promise<MeetingView[]> {
  const rows = await repo.meetingsOfProcess(db, processId);
  const all = await views(db, rows);
  if (!opts.publicOnly) return all;
  return all.map((m) =>
    m.published
      ? { ...m, polls: m.polls.filter((p) => p.status === 'closed') }
      : { ...m, minutes: null, decisions: null, attendance: null, proposals: [], polls: [] },
  );
}

/** The meetings named, of any process (for the agenda's origins). */
export async function meetingsByIds(db: Db, ids: string[]): Promise<MeetingView[]> {
  const rows = (await Promise.all(ids.filter((id) => isId(id)).map((id) => repo.meeting(db, id)))).filter(
    (m): m is ProcessMeetingTable => !!m,
  );
  return views(db, rows);
}

async function views(db: Db, rows: ProcessMeetingTable[]): Promise<MeetingView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [events, links, polls] = await Promise.all([
    getEvents(
      db,
      rows.map((r) => r.event_id),
      { includeDrafts: true },
    ),
    repo.proposalsOfMeetings(db, ids),
    pollViews(db, await repo.pollsOfMeetings(db, ids)),
  ]);
  const proposals = new Map((await proposalRefs(db, [...new Set(links.map((l) => l.proposal_id))])).map((p) => [p.id, p]));
  const eventOf = new Map(events.map((e) => [e.id, e]));
  const out = rows.map((m) => {
    const ev = eventOf.get(m.event_id);
    return {
      id: m.id,
      processId: m.process_id,
      event: ev
        ? { id: ev.id, title: ev.title, start: ev.start, end: ev.end, page: ev.page }
        : { id: m.event_id, title: '', start: m.created_at, end: m.created_at, page: '' },
      agenda: m.agenda,
      minutes: m.minutes,
      decisions: m.decisions,
      attendance: m.attendance === null ? null : Number(m.attendance),
      published: m.minutes_published_at !== null,
      publishedAt: m.minutes_published_at,
      proposals: links
        .filter((l) => l.meeting_id === m.id)
        .map((l) => proposals.get(l.proposal_id))
        .filter((p) => !!p)
        .map((p) => ({ id: p.id, title: p.title })),
      polls: polls.filter((p) => p.meetingId === m.id),
    };
  });
  return out.sort((a, b) => a.event.start.localeCompare(b.event.start) || a.id.localeCompare(b.id));
}

// ---------- live polls ----------

const CODE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newCode(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += CODE_LETTERS[randomInt(CODE_LETTERS.length)];
  return s;
}

/** A poll's short code as typed: case and spaces do not matter. */
export function normaliseCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase().slice(0, 12);
}

export const pollPath = (code: string) => `/v/${code}`;

async function pollViews(db: Db, polls: MeetingPollTable[]): Promise<PollView[]> {
  const options = await repo.optionsWithCounts(
    db,
    polls.map((p) => p.id),
  );
  return polls.map((p) => {
    const mine = options
      .filter((o) => o.poll_id === p.id)
      .map((o) => ({ id: o.id, label: o.label, answers: o.answers, hands: o.hands, total: o.answers + o.hands }));
    return {
      id: p.id,
      meetingId: p.meeting_id,
      code: p.code,
      url: pollPath(p.code),
      question: p.question,
      status: p.status,
      options: mine,
      total: mine.reduce((n, o) => n + o.total, 0),
    };
  });
}

export async function getPoll(db: Db, pollId: string): Promise<PollView> {
  const p = found(isId(pollId) ? await repo.poll(db, pollId) : undefined, 'participation.polls.error.notFound');
  return (await pollViews(db, [p]))[0];
}

/** The open or closed poll of a code (as typed: spaces and case do not matter). */
const pollOfCode = async (db: Db, code: string) =>
  found(await repo.pollByCode(db, normaliseCode(code)), 'participation.polls.error.notFound');

export async function pollByCode(db: Db, code: string): Promise<PollView> {
  return (await pollViews(db, [await pollOfCode(db, code)]))[0];
}

/** Opens a poll during a meeting: a question and two to eight options, answered at /v/<code>. */
export async function openPoll(db: Db, principal: Principal | null, meetingId: string, input: unknown): Promise<PollView> {
  const m = await meetingOrThrow(db, meetingId);
  const data = parse(PollCreate, input);
  let code = newCode();
  for (let i = 0; i < 5 && (await repo.codeTaken(db, code)); i++) code = newCode();
  const id = newId();
  await db.k.transaction().execute(async (tx) => {
    await repo.insertPoll(
      tx,
      { id, meeting_id: m.id, code, question: data.question, status: 'open', opened_at: nowIso(), closed_at: null },
      data.options.map((label) => ({ id: newId(), label })),
    );
    await pollLog(tx, 'poll.opened', { id, organisationId: m.organisation_id }, principal, { meeting: m.id });
  });
  return getPoll(db, id);
}

/**
 * One answer from a device present at the meeting: the poll must be open, the option one of its
 * own, and the device must not have answered already (409).
 */
export async function answerPoll(db: Db, code: string, deviceHash: string, optionId: string): Promise<PollView> {
  const p = await pollOfCode(db, code);
  if (p.status !== 'open') throw refuse(409, 'participation.polls.error.closed');
  const view = (await pollViews(db, [p]))[0];
  if (!view.options.some((o) => o.id === optionId))
    throw refuse(422, 'participation.polls.error.option', undefined, [fieldError('option', 'participation.polls.check.option')]);
  if (!(await repo.insertAnswer(db, p.id, deviceHash, optionId, nowIso()))) throw refuse(409, 'participation.polls.error.answered');
  return getPoll(db, p.id);
}

export async function hasAnswered(db: Db, pollId: string, deviceHash: string): Promise<boolean> {
  return repo.hasAnswered(db, pollId, deviceHash);
}

/** The hands counted in the room, per option (replacing any earlier count). */
export async function enterHands(db: Db, principal: Principal | null, pollId: string, input: unknown): Promise<PollView> {
  const view = await getPoll(db, pollId);
  const data = parse(HandsBody, input);
  const known = new Set(view.options.map((o) => o.id));
  const unknown = Object.keys(data.hands).filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw refuse(422, 'participation.polls.error.option', undefined, [fieldError('hands', 'participation.polls.check.option')]);
  const organisationId = await repo.organisationOfPoll(db, pollId);
  await db.k.transaction().execute(async (tx) => {
    await repo.setHands(tx, pollId, new Map(Object.entries(data.hands)));
    await pollLog(tx, 'poll.hands-entered', { id: pollId, organisationId }, principal, { hands: data.hands });
  });
  return getPoll(db, pollId);
}

export async function closePoll(db: Db, principal: Principal | null, pollId: string): Promise<PollView> {
  const view = await getPoll(db, pollId);
  if (view.status === 'closed') return view;
  const organisationId = await repo.organisationOfPoll(db, pollId);
  await db.k.transaction().execute(async (tx) => {
    if (await repo.closePoll(tx, pollId, nowIso()))
      await pollLog(tx, 'poll.closed', { id: pollId, organisationId }, principal, { total: view.total });
  });
  return getPoll(db, pollId);
}
