/** Tables owned by events: events, sessions, registrations, the door, messages and surveys. Conventions in ../schema.ts. */

export interface EventSeriesTable {
  id: string;
  organisation_id: string;
  title: string;
  /** JSON: how the series was generated (frequency, count, venues). */
  rule: string;
  created_at: string;
}

export interface EventTable {
  id: string;
  organisation_id: string;
  programme_id: string | null;
  series_id: string | null;
  title: string;
  description: string | null;
  type: string;
  format: string;
  venue_id: string | null;
  /** Revealed only to booked people. */
  online_url: string | null;
  /** Where it happens (the venue's comune; for online events the organiser's), for filters and feeds. */
  municipality_code: string;
  capacity: number;
  /** Seats held by confirmed and offered registrations; only ever changed by single conditional statements. */
  taken: number;
  /** Seats waiting in the list. */
  waiting: number;
  max_seats_per_booking: number;
  booking_required: number;
  booking_opens_at: string | null;
  booking_closes_at: string | null;
  status: string;
  cancel_reason: string | null;
  accessibility: string | null;
  /** 'auto' promotes the first in line; 'offer' sends an offer valid offer_hours. */
  waitlist_mode: string;
  offer_hours: number;
  /** 1 when attendees are invited to take the digital-competence test before and after the event. */
  skills_check: number;
  /** 1 for an activity for minors: each booking names the child and the guardian responsible. */
  for_minors?: number;
  starts_at: string;
  ends_at: string;
  /** Normalised title, description and place, for the catalogue's full-text search. */
  search_text: string;
  created_at: string;
  updated_at: string;
  /** Revision of its calendar file (SEQUENCE), one up with every change; 0 until the first. */
  sequence?: number;
  /** 'public', 'unlisted' (by link only) or 'invitation' (unlisted, only the invited book): see events/visibility.ts. */
  visibility?: string;
}

/** Who may book an event by invitation: keyed hashes of normalised contacts (see events/visibility.ts). */
export interface EventInvitationTable {
  event_id: string;
  /** Keyed hash ('events.contact') of the contact, as a booking's contact_hash. */
  contact_hash: string;
  /** The normalised contact ('e:' e-mail or 'p:' phone digits), for staff to read the list; erased with the event's personal data. */
  contact: string;
  created_at: string;
}

export interface EventSessionTable {
  id: string;
  event_id: string;
  position: number;
  starts_at: string;
  ends_at: string;
}

export interface EventAudienceTable {
  event_id: string;
  audience: string;
}

export interface EventTopicTable {
  event_id: string;
  topic: string;
}

export interface EventPartnerTable {
  event_id: string;
  organisation_id: string;
}

export interface RegistrationTable {
  id: string;
  event_id: string;
  status: 'confirmed' | 'waitlisted' | 'offered' | 'cancelled';
  seats: number;
  /** Personal data: erased (null) when the programme's retention period ends. */
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Keyed hash of the normalised e-mail or phone: recognises a second booking by the same person. */
  contact_hash: string | null;
  audience: string | null;
  age_band: string | null;
  manage_token_hash: string;
  /** Short code printed as the QR ticket, for check-in. */
  ticket_code: string;
  offer_expires_at: string | null;
  source: string;
  booked_by: string | null;
  lang: string;
  privacy_accepted_at: string | null;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
  anonymised_at: string | null;
  /** Revision of its calendar file (SEQUENCE), one up with every change; 0 until the first. */
  sequence?: number;
  /** Children's activities: the child's first name and age, the guardian responsible (personal data, erased with the name). */
  child_name?: string | null;
  child_age?: number | null;
  guardian_name?: string | null;
  /** When the guardian declared to be the parent or to act as one. */
  guardian_consent_at?: string | null;
}

/** An extra question an event asks at booking. */
export interface EventQuestionTable {
  id: string;
  event_id: string;
  position: number;
  kind: 'text' | 'choice' | 'yes-no';
  label: string;
  /** JSON array of the options offered, for 'choice'. */
  options: string | null;
  required: number;
}

/** One booking's answer to one question; erased with the booking's personal data. */
export interface RegistrationAnswerTable {
  registration_id: string;
  question_id: string;
  value: string;
}

export interface EventCheckinTable {
  id: string;
  organisation_id: string;
  event_id: string;
  session_id: string;
  /** Null for a walk-in. */
  registration_id: string | null;
  people: number;
  /** A walk-in's optional name: personal data, erased with the bookings'. */
  name: string | null;
  audience: string | null;
  age_band: string | null;
  /** code (typed or scanned), list, walk-in, api. */
  method: string;
  checked_in_by: string | null;
  created_at: string;
}

export interface EventSurveyTable {
  id: string;
  organisation_id: string;
  event_id: string;
  registration_id: string;
  token_hash: string;
  rating: number | null;
  comment: string | null;
  sent_at: string | null;
  answered_at: string | null;
  created_at: string;
}

export interface EventMessageTable {
  id: string;
  organisation_id: string;
  event_id: string;
  /** JSON array of statuses: booked, checked-in, no-show, waiting. */
  audience: string;
  subject: string;
  body: string;
  /** The text sent by SMS to people with a mobile number and no e-mail; null: none (migration 029). */
  sms: string | null;
  recipients: number;
  created_by: string | null;
  created_at: string;
}

/** An event a partner organisation proposes to a programme's owner: approved, it becomes an event of the owner. */
export interface EventProposalTable {
  id: string;
  /** The programme's owner, whose staff decide. */
  organisation_id: string;
  /** The proposing partner. */
  partner_id: string;
  programme_id: string;
  venue_id: string;
  title: string;
  description: string | null;
  /** JSON array of audience codes. */
  audiences: string;
  /** JSON array of { start, end } instants, sorted. */
  sessions: string;
  capacity: number;
  status: 'submitted' | 'returned' | 'approved' | 'declined';
  /** Staff's comment when sent back, or the reason when declined. */
  comment: string | null;
  proposed_by: string | null;
  decided_by: string | null;
  decided_at: string | null;
  /** The event approval created. */
  event_id: string | null;
  created_at: string;
  updated_at: string;
}
