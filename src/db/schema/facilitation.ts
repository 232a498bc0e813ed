/** Tables owned by facilitation: facilitation records, citizens, roll-ups and national batches. Conventions in ../schema.ts. */

export interface FacilitationSettingsTable {
  programme_id: string;
  /** Days a facilitator may correct their own records; null: the configured default. */
  edit_window_days: number | null;
  admits_minors: number;
  updated_at: string;
}

export interface FacilitationCitizenTable {
  id: string;
  organisation_id: string;
  /** HMAC-SHA256 of the codice fiscale (or another identifier), under the key `key_id`. */
  key_hash: string;
  key_id: string;
  kind: 'cf' | 'other';
  /** AES-256-GCM ciphertext of the codice fiscale; null for other identifiers. */
  cf_enc: string | null;
  /** AES-256-GCM ciphertext of [first name, surname, codice fiscale] as JSON, for the national upload only. */
  names_enc: string | null;
  gender: string | null;
  education: string | null;
  employment: string | null;
  citizenship: string | null;
  province: string | null;
  created_at: string;
  updated_at: string;
}

export interface FacilitationRecordTable {
  id: string;
  programme_id: string;
  organisation_id: string;
  venue_id: string;
  municipality_code: string;
  facilitator_id: string;
  service_group_id: string | null;
  service_date: string;
  duration_minutes: number;
  /** National codes joined with ':' (SE3, SE5, SE4, SE6). */
  kinds: string;
  competences: string;
  areas: string;
  services: string;
  details: string | null;
  citizen_id: string | null;
  /** 1 when the citizen was identified by codice fiscale (a citizen's kind never changes), else 0. */
  has_fiscal_code: number;
  /** AN7 letter. */
  gender: string | null;
  /** '14-17' | '18-29' | '30-54' | '55-74' | '75+'. */
  age_band: string | null;
  /** Null only where a group record was created without the attendee's profile. */
  education: string | null;
  employment: string | null;
  citizenship: string | null;
  province: string | null;
  consent_channel: string | null;
  consent_date: string | null;
  first_time: string | null;
  previous_kinds: string | null;
  survey_status: 'not_sent' | 'sent' | 'answered';
  survey_token_hash: string | null;
  survey_sent_at: string | null;
  survey_answered_at: string | null;
  es1: string | null;
  es2: string | null;
  es3: string | null;
  es4: string | null;
  es5: string | null;
  es6: number | null;
  source: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface FacilitationBatchTable {
  id: string;
  programme_id: string;
  /** 1, 2, … per programme. */
  number: number;
  format: 'csv' | 'xlsx';
  period_from: string;
  period_to: string;
  pending_only: number;
  rows: number;
  corrections: number;
  files: number;
  created_by: string | null;
  created_at: string;
  uploaded_at: string | null;
  uploaded_by: string | null;
  /** The platform's outcome file, as staff attached it. */
  outcome_name: string | null;
  outcome: string | null;
}

export interface FacilitationBatchRecordTable {
  batch_id: string;
  record_id: string;
  correction: number;
  /** The batch's start: a record changed after it is a correction still to send. */
  sent_at: string;
}

export interface FacilitationCitizenProgrammeTable {
  programme_id: string;
  citizen_id: string;
  first_record_id: string;
  first_date: string;
}

export interface FacilitationRollupTable {
  programme_id: string;
  /** 'YYYY-MM'. */
  month: string;
  dim: string;
  value: string;
  services: number;
  minutes: number;
  citizens: number;
  rating_sum: number;
  rating_count: number;
}

export interface FacilitationRollupVenueTable extends FacilitationRollupTable {
  venue_id: string;
  municipality_code: string;
}
