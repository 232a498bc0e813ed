/** Tables owned by participation: processes, confirmations, proposals and what hangs on them. Conventions in ../schema.ts. */

export type ProcessStatus = 'draft' | 'published' | 'closed';

export interface ParticipationProcessTable {
  id: string;
  organisation_id: string;
  title: string;
  description: string;
  /** JSON array of the ISTAT codes of the comuni the process is about (the organisation's). */
  municipalities: string;
  /** JSON array of the categories proposals choose from. */
  categories: string;
  status: ProcessStatus;
  /** Days after closing when the participants' personal data is erased. */
  retention_days: number;
  /** Supports that mark a proposal "per l'assemblea" (0: none). */
  support_threshold: number;
  closed_at: string | null;
  /** When the personal data of the process was erased. */
  erased_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ParticipationPhaseTable {
  id: string;
  process_id: string;
  position: number;
  name: string;
  description: string | null;
  /** 'YYYY-MM-DD', both included. */
  starts_on: string;
  ends_on: string;
}

/**
 * A citizen's pending confirmation of something they did without an account (a proposal, a
 * support, a comment, a survey response): `kind` names the part that handles it once confirmed.
 */
export interface ParticipationConfirmationTable {
  id: string;
  organisation_id: string;
  process_id: string | null;
  kind: string;
  subject_id: string;
  channel: 'email' | 'sms';
  /** Keyed hash of the normalised contact (core/keys.ts): one person, never readable. */
  contact_hash: string;
  /** The contact encrypted, only until the message has left. */
  contact_sealed: string | null;
  /** SHA-256 of the link's token. */
  token_hash: string;
  /** SMS only: keyed hash of the 6-digit code. */
  code_hash: string | null;
  attempts: number;
  lang: string;
  expires_at: string;
  confirmed_at: string | null;
  created_at: string;
}

export type ProposalState = 'evaluating' | 'accepted' | 'merged' | 'not-feasible';

export interface ParticipationProposalTable {
  id: string;
  process_id: string;
  title: string;
  body: string;
  municipality_code: string;
  category: string;
  author_hash: string | null;
  /** The optional public signature; erased with the rest ("un cittadino"). */
  author_name: string | null;
  /** Null while the author's e-mail is not confirmed: not public. */
  confirmed_at: string | null;
  state: ProposalState | null;
  state_reason: string | null;
  merged_into: string | null;
  answer: string | null;
  answered_at: string | null;
  hidden_at: string | null;
  hidden_reason: string | null;
  /** Confirmed supports, kept with each support's insert. */
  supports: number;
  /** Confirmed, visible comments. */
  comments: number;
  has_image: number;
  created_at: string;
  updated_at: string;
}

export interface ParticipationProposalImageTable {
  proposal_id: string;
  mime: string;
  data: Buffer;
}

export interface ParticipationSupportTable {
  id: string;
  proposal_id: string;
  /** Null once erased. */
  contact_hash: string | null;
  created_at: string;
}

export interface ParticipationCommentTable {
  id: string;
  proposal_id: string;
  /** A reply names the comment it answers (one level only). */
  parent_id: string | null;
  body: string;
  author_hash: string | null;
  author_name: string | null;
  confirmed_at: string | null;
  hidden_at: string | null;
  hidden_reason: string | null;
  created_at: string;
}
