/** Tables owned by volunteers: applications, volunteers, shifts and sign-ups. Conventions in ../schema.ts. */

export interface VolunteerApplicationTable {
  id: string;
  organisation_id: string;
  /** 'pending', 'approved' or 'declined'. */
  status: 'pending' | 'approved' | 'declined';
  /** Personal data, as a registration's: name and the one contact given. */
  name: string | null;
  email: string | null;
  phone: string | null;
  /** ISTAT code of the comune where the applicant can help. */
  municipality_code: string;
  /** 'under-18', '18-29', '30-64', '65-plus'. */
  age_band: string;
  /** Under 18 only: the guardian who consented, and when. */
  guardian_name: string | null;
  guardian_consent_at: string | null;
  school: string | null;
  /** JSON array of skill codes. */
  skills: string;
  /** Languages spoken, free text. */
  languages: string | null;
  /** JSON array of 'weekday:part' (e.g. 'mon:morning'). */
  availability: string;
  code_of_conduct_at: string;
  lang: string;
  decision_message: string | null;
  decided_at: string | null;
  decided_by: string | null;
  /** The account approval created. */
  user_id: string | null;
  /** 1: the reminders of shifts go by SMS to `phone`, not by e-mail (migration 039). */
  sms?: number;
  created_at: string;
}

export interface VolunteerTable {
  id: string;
  organisation_id: string;
  /** The account (accounts module), by id only. */
  user_id: string;
  application_id: string | null;
  municipality_code: string;
  /** JSON array of skill codes. */
  skills: string;
  active: number;
  /** 1 while "in affiancamento": signs up only for a shift an experienced volunteer is on. */
  trainee: number;
  /** Raised to revoke the volunteer's calendar link (the link's MAC covers it). */
  feed_version: number;
  created_at: string;
}

export interface ShiftTable {
  id: string;
  organisation_id: string;
  programme_id: string | null;
  desk_id: string | null;
  event_id: string | null;
  title: string;
  /** Where the shift is (ISTAT), to match volunteers' comune; null: anywhere. */
  municipality_code: string | null;
  starts_at: string;
  ends_at: string;
  needed: number;
  /** JSON array of the skill codes a volunteer must have. */
  skills: string;
  published: number;
  /** Hours before the start after which a volunteer can no longer sign up or withdraw. */
  withdraw_hours: number;
  /** 'desk:<id>' or 'event:<id>' for a generated shift: one per source and start. */
  source?: string | null;
  created_at: string;
  updated_at: string;
}

export interface ShiftSignupTable {
  id: string;
  shift_id: string;
  volunteer_id: string;
  /** null until staff mark it: 1 present, 0 absent. */
  attended: number | null;
  /** 'confirmed'; 'pending' while staff approve (after too many no-shows), then 'confirmed' or 'refused'. */
  status: 'confirmed' | 'pending' | 'refused';
  created_at: string;
}

/** A course a volunteer did: an event of the organisation (attendance from its door) or an outside one. */
export interface VolunteerTrainingTable {
  id: string;
  volunteer_id: string;
  /** The event (events module), by id only; null for an outside course. */
  event_id: string | null;
  title: string;
  /** YYYY-MM-DD. */
  held_on: string;
  hours: number;
  created_by: string | null;
  created_at: string;
}

/** Per programme: after this many no-shows a volunteer's sign-ups wait for staff approval (2 when absent). */
export interface VolunteerProgrammeRuleTable {
  programme_id: string;
  no_show_limit: number;
}

/** A message staff sent to volunteers: the text as written and how many it reached by each channel. */
export interface VolunteerMessageTable {
  id: string;
  organisation_id: string;
  subject: string;
  body: string;
  /** JSON: { role, skill, shift } as chosen. */
  audience: string;
  sent_by: string | null;
  email_count: number;
  sms_count: number;
  created_at: string;
}

/** A volunteer a message went to, and by which channel. */
export interface VolunteerMessageRecipientTable {
  message_id: string;
  volunteer_id: string;
  channel: 'email' | 'sms';
}
