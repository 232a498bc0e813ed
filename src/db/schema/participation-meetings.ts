/** Tables owned by participation for meetings, live polls and the agenda's tracking. Conventions in ../schema.ts. */

export interface ProcessMeetingTable {
  id: string;
  organisation_id: string;
  /** The participatory process, by id. */
  process_id: string;
  /** The event of the catalogue the meeting is (events module), by id only. */
  event_id: string;
  /** Written before the meeting. */
  agenda: string | null;
  /** Written after it. */
  minutes: string | null;
  decisions: string | null;
  /** People present, taken from the door when the minutes are published. */
  attendance: number | null;
  minutes_published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MeetingProposalTable {
  meeting_id: string;
  /** A proposal of the same process, by id. */
  proposal_id: string;
}

export interface MeetingPollTable {
  id: string;
  meeting_id: string;
  /** The short code of the poll's address (/v/<code>). */
  code: string;
  question: string;
  status: 'open' | 'closed';
  opened_at: string;
  closed_at: string | null;
}

export interface MeetingPollOptionTable {
  id: string;
  poll_id: string;
  position: number;
  label: string;
  /** Hands counted by staff in the room, added to the answers given from phones. */
  hands: number;
}

export interface MeetingPollAnswerTable {
  poll_id: string;
  /** Hash of the random device cookie: one answer per device, nothing about the person. */
  device_hash: string;
  option_id: string;
  created_at: string;
}

export interface AgendaActionTable {
  id: string;
  organisation_id: string;
  process_id: string;
  title: string;
  description: string | null;
  /** Who is responsible (an office, a partner), free text. */
  owner: string;
  /** 'YYYY-MM-DD' or null. */
  deadline: string | null;
  status: 'planned' | 'in-progress' | 'done' | 'discarded';
  /** 0–100. */
  progress: number;
  created_at: string;
  updated_at: string;
}

export interface AgendaActionOriginTable {
  action_id: string;
  kind: 'proposal' | 'meeting';
  /** A proposal or a meeting of the same process. */
  origin_id: string;
}

export interface AgendaActionUpdateTable {
  id: string;
  action_id: string;
  /** 'YYYY-MM-DD', the day the update reports. */
  day: string;
  body: string;
  /** The progress and status the update set, if it set them. */
  progress: number | null;
  status: string | null;
  created_by: string | null;
  created_at: string;
}
