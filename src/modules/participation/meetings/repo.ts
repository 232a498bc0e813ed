import type { Kysely, Transaction } from 'kysely';
import {
  findRow,
  hasRow,
  insertRow,
  organisationOfRow,
  organisationThrough,
  replaceRows,
  selectRows,
  updateRows,
} from '../../../core/rows.js';
import type { Db } from '../../../db/index.js';
import type { Database, MeetingPollTable, ProcessMeetingTable } from '../../../db/schema.js';

/** The SQL of meetings, their linked proposals and their live polls. */

type Ex = Kysely<Database> | Transaction<Database>;

export const organisationOfMeeting = (db: Db, id: string): Promise<string | undefined> =>
  organisationOfRow(db, 'participation_meetings', id);

export const organisationOfPoll = (db: Db, id: string): Promise<string | undefined> =>
  organisationThrough(db, 'participation_polls', 'meeting_id', 'participation_meetings', id);

export async function insertMeeting(ex: Ex, row: ProcessMeetingTable): Promise<boolean> {
  const r = await ex
    .insertInto('participation_meetings')
    .values(row)
    .onConflict((oc) => oc.columns(['process_id', 'event_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const meeting = (db: Db, id: string): Promise<ProcessMeetingTable | undefined> => findRow(db, 'participation_meetings', { id });

export const meetingsOfProcess = (db: Db, processId: string): Promise<ProcessMeetingTable[]> =>
  selectRows(db, 'participation_meetings', { process_id: processId }, ['created_at'], 500);

export async function updateMeeting(ex: Ex, id: string, set: Partial<ProcessMeetingTable>): Promise<void> {
  await updateRows(ex, 'participation_meetings', { id }, set);
}

export async function replaceProposals(ex: Ex, meetingId: string, proposalIds: string[]): Promise<void> {
  const rows = proposalIds.map((proposal_id) => ({ meeting_id: meetingId, proposal_id }));
  await replaceRows(ex, 'participation_meeting_proposals', { meeting_id: meetingId }, rows);
}

export const proposalsOfMeetings = (db: Db, meetingIds: string[]): Promise<{ meeting_id: string; proposal_id: string }[]> =>
  selectRows(db, 'participation_meeting_proposals', { meeting_id: meetingIds }, []);

// ---------- polls ----------

export async function insertPoll(ex: Ex, poll: MeetingPollTable, options: { id: string; label: string }[]): Promise<void> {
  await insertRow(ex, 'participation_polls', poll);
  await ex
    .insertInto('participation_poll_options')
    .values(options.map((o, position) => ({ id: o.id, poll_id: poll.id, position, label: o.label, hands: 0 })))
    .execute();
}

export const codeTaken = (db: Db, code: string): Promise<boolean> => hasRow(db, 'participation_polls', { code }, 'id');

export const poll = (db: Db, id: string): Promise<MeetingPollTable | undefined> => findRow(db, 'participation_polls', { id });

export const pollByCode = (db: Db, code: string): Promise<MeetingPollTable | undefined> => findRow(db, 'participation_polls', { code });

export const pollsOfMeetings = (db: Db, meetingIds: string[]): Promise<MeetingPollTable[]> =>
  selectRows(db, 'participation_polls', { meeting_id: meetingIds }, ['opened_at']);

/** Each option with its hands and the answers given from phones. */
export async function optionsWithCounts(
  db: Db,
  pollIds: string[],
): Promise<{ id: string; poll_id: string; position: number; label: string; hands: number; answers: number }[]> {
  if (pollIds.length === 0) return [];
  const rows = await db.k
    .selectFrom('participation_poll_options as o')
    .leftJoin('participation_poll_answers as a', 'a.option_id', 'o.id')
    .select((eb) => ['o.id', 'o.poll_id', 'o.position', 'o.label', 'o.hands', eb.fn.count<number>('a.device_hash').as('answers')])
    .where('o.poll_id', 'in', pollIds)
    .groupBy(['o.id', 'o.poll_id', 'o.position', 'o.label', 'o.hands'])
    .orderBy('o.position')
    .execute();
  return rows.map((r) => ({ ...r, position: Number(r.position), hands: Number(r.hands), answers: Number(r.answers) }));
}

/** One answer of a device: false when the device had already answered. */
export async function insertAnswer(db: Db, pollId: string, deviceHash: string, optionId: string, at: string): Promise<boolean> {
  const r = await db.k
    .insertInto('participation_poll_answers')
    .values({ poll_id: pollId, device_hash: deviceHash, option_id: optionId, created_at: at })
    .onConflict((oc) => oc.columns(['poll_id', 'device_hash']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const hasAnswered = (db: Db, pollId: string, deviceHash: string): Promise<boolean> =>
  hasRow(db, 'participation_poll_answers', { poll_id: pollId, device_hash: deviceHash }, 'poll_id');

export async function setHands(ex: Ex, pollId: string, hands: Map<string, number>): Promise<void> {
  for (const [optionId, n] of hands)
    await ex.updateTable('participation_poll_options').set({ hands: n }).where('id', '=', optionId).where('poll_id', '=', pollId).execute();
}

/** Closes an open poll; false when it was not open. */
export async function closePoll(ex: Ex, pollId: string, at: string): Promise<boolean> {
  return (await updateRows(ex, 'participation_polls', { id: pollId, status: 'open' }, { status: 'closed', closed_at: at })) === 1;
}
