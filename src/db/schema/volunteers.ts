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
  created_at: string;
}
