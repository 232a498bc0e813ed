/**
 * Table types shared by both dialects. Conventions that keep one code base for SQLite and
 * PostgreSQL: ids are UUIDv7 text; instants are ISO-8601 UTC text (they sort and compare as
 * text); dates are 'YYYY-MM-DD'; booleans are integers 0/1.
 */
export interface MunicipalityTable {
  code: string;
  name: string;
  search_name: string;
  province: string;
  province_code: string;
  region: string;
  cadastral_code: string;
  active: number;
  replaced_by: string | null;
  updated_at: string;
}

export interface OrganisationTable {
  id: string;
  name: string;
  type: string;
  municipality_code: string;
  description: string | null;
  website: string | null;
  email: string | null;
  /** Code of the organisation in the Indice dei domicili digitali della PA (IPA), e.g. c_g999. */
  ipa_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrganisationMunicipalityTable {
  organisation_id: string;
  municipality_code: string;
}

export interface VenueTable {
  id: string;
  organisation_id: string;
  name: string;
  address: string;
  municipality_code: string;
  latitude: number | null;
  longitude: number | null;
  capacity: number | null;
  step_free: number;
  accessibility: string | null;
  opening_notes: string | null;
  /** The facilitation point's numeric id on the national platform (IDSede). */
  national_id: string | null;
  /** Its name there, character for character (NominativoSede); null: the venue's name. */
  national_name: string | null;
  postal_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface AgreementTable {
  id: string;
  organisation_id: string;
  title: string;
  start_date: string;
  end_date: string | null;
  commitments: string | null;
  document_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface AgreementPartnerTable {
  agreement_id: string;
  organisation_id: string;
}

/** A partnership asked by `organisation_id` of `partner_id`; only an accepted one opens the partner's venues. */
export interface PartnershipTable {
  id: string;
  organisation_id: string;
  partner_id: string;
  /** The two organisations' ids in order, joined by "|": one live partnership per couple. */
  pair: string;
  status: 'pending' | 'accepted' | 'declined' | 'ended';
  requested_by: string | null;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  ended_by: string | null;
  ended_at: string | null;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  /** IDFacilitatore: codice fiscale (preferred) or numeric id on the national platform. */
  national_id: string | null;
  /** NominativoFacilitatore: "Cognome Nome" exactly as registered on the national platform. */
  national_name: string | null;
  active: number;
  created_at: string;
  password_changed_at: string;
}

export interface MembershipTable {
  id: string;
  user_id: string;
  /** null only for platform admins, whose role spans every organisation. */
  organisation_id: string | null;
  role: string;
  created_at: string;
}

export interface SessionTable {
  /** sha256 of the cookie's token, so a database dump cannot be replayed as a cookie. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  token_hash: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** A single-use link to set one's password (migration 016); only the secret's hash is kept. */
export interface PasswordLinkTable {
  id: string;
  user_id: string;
  purpose: 'reset' | 'invite';
  token_hash: string;
  lang: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  created_by: string | null;
}

export interface LoginThrottleTable {
  email: string;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

export interface AuditTable {
  id: string;
  at: string;
  user_id: string | null;
  organisation_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  details: string | null;
}

export interface JobTable {
  id: string;
  kind: string;
  /** JSON text. */
  payload: string;
  run_at: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  /** At most one job per key ever (e.g. one reminder per registration). */
  dedupe_key: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  /** null while the first request is still being handled. */
  status_code: number | null;
  response: string | null;
  created_at: string;
}

export interface ProgrammeTable {
  id: string;
  organisation_id: string;
  name: string;
  description: string | null;
  funding: string | null;
  start_date: string;
  end_date: string;
  /** 1 when the programme reports each service to the national monitoring platform. */
  national_reporting: number;
  /** Days after an event when its registrations' personal data is erased. */
  retention_days: number;
  /** YYYY-MM-DD from which citizens aged 14–17 may be served (AN8 = E); null: never. */
  minors_from: string | null;
  /** 'RFD' (CSV upload) or 'SCD' (Servizio Civile Digitale, XLSX upload); null: RFD. */
  national_policy: string | null;
  national_programme_code: string | null;
  national_project_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProgrammePartnerTable {
  programme_id: string;
  organisation_id: string;
}

export interface ProgrammeTargetTable {
  id: string;
  programme_id: string;
  metric: string;
  value: number;
  deadline: string;
  label: string | null;
}

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
  starts_at: string;
  ends_at: string;
  /** Normalised title, description and place, for the catalogue's full-text search. */
  search_text: string;
  created_at: string;
  updated_at: string;
  /** Revision of its calendar file (SEQUENCE), one up with every change; 0 until the first. */
  sequence?: number;
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
}

export interface DeskTable {
  id: string;
  organisation_id: string;
  venue_id: string;
  /** A pop-up desk attached to an event (no foreign key). */
  event_id: string | null;
  name: string;
  description: string | null;
  /** 'MM-DD' of the local patron saint's day, closed like a holiday. */
  patron_day: string | null;
  person_limit_count: number | null;
  person_limit_days: number | null;
  retention_days: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface DeskServiceTable {
  desk_id: string;
  code: string;
  name: string;
  duration_minutes: number;
  /** JSON array of what to bring. */
  bring: string;
  position: number;
}

export interface DeskHoursTable {
  id: string;
  desk_id: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  start_time: string;
  end_time: string;
  operators: number;
}

export interface DeskExceptionTable {
  id: string;
  desk_id: string;
  kind: 'closed' | 'open' | 'blocked';
  from_date: string;
  to_date: string;
  start_time: string | null;
  end_time: string | null;
  operators: number | null;
  note: string | null;
  created_at: string;
}

export interface DeskOperatorTable {
  id: string;
  desk_id: string;
  name: string;
  user_id: string | null;
  weekday: number | null;
  on_date: string | null;
  start_time: string;
  end_time: string;
  absent: number;
  created_at: string;
}

export interface DeskSlotUsageTable {
  desk_id: string;
  /** UTC instant of a 5-minute unit; only ever changed by single conditional statements. */
  unit_start: string;
  used: number;
  capacity: number;
}

export interface DeskHoldTable {
  id: string;
  desk_id: string;
  service_code: string;
  start_at: string;
  end_at: string;
  expires_at: string;
  created_at: string;
}

export interface DeskAppointmentTable {
  id: string;
  desk_id: string;
  service_code: string;
  start_at: string;
  end_at: string;
  status: 'booked' | 'served' | 'no-show' | 'cancelled';
  /** Personal data: erased (null) when the desk's retention period ends. */
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Keyed hashes of the normalised e-mail and phone, for the per-person limit. */
  email_hash: string | null;
  phone_hash: string | null;
  manage_token_hash: string;
  hold_id: string | null;
  source: 'online' | 'staff' | 'walk-in';
  /** 1 while the appointment holds its units in desk_slot_usage. */
  holds_capacity: number;
  booked_by: string | null;
  lang: string;
  created_at: string;
  updated_at: string;
  served_at: string | null;
  cancelled_at: string | null;
  anonymised_at: string | null;
  /** Revision of its calendar file (SEQUENCE), one up with every change; 0 until the first. */
  sequence?: number;
}

export interface DeskContactLockTable {
  desk_id: string;
  contact_hash: string;
  touched_at: string;
}

export interface ServiceSheetTable {
  id: string;
  organisation_id: string;
  /** Unique within the organisation; the public page's address. */
  slug: string;
  name: string;
  /** What the service is for. */
  summary: string;
  /** Who can use it. */
  audience: string | null;
  /** Markdown, rendered through the sanitiser. */
  body: string;
  category: string;
  /** JSON array of access methods (spid, cie, cns, eidas, none). */
  access: string;
  url: string | null;
  cost: string | null;
  times: string | null;
  /** JSON array of { question, answer } (answers in Markdown). */
  faqs: string;
  contacts: string | null;
  status: 'draft' | 'review' | 'published';
  /** Number of the latest version in service_sheet_versions. */
  version: number;
  published_at: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ServiceSheetStepTable {
  sheet_id: string;
  position: number;
  text: string;
  image_url: string | null;
  image_alt: string | null;
}

export interface ServiceSheetLifeEventTable {
  sheet_id: string;
  life_event: string;
}

export interface ServiceSheetTopicTable {
  sheet_id: string;
  topic: string;
}

export interface ServiceSheetDeskServiceTable {
  sheet_id: string;
  service_code: string;
}

export interface ServiceSheetVersionTable {
  id: string;
  sheet_id: string;
  number: number;
  action: string;
  status: string;
  author_id: string | null;
  author_name: string | null;
  restored_from: number | null;
  /** JSON snapshot of the whole content. */
  content: string;
  created_at: string;
}

export interface GuideTermTable {
  term: string;
  stem: string;
  length: number;
  sheets: number;
}

/** Published sheets in the search index (plus an FTS5 table on SQLite, a tsvector column on PostgreSQL). */
export interface GuideIndexTable {
  sheet_id: string;
  organisation_id: string;
  category: string;
  /** The name's words reduced by the guides' stemmer: a query's words found in it rank first on both dialects. */
  title: string;
}

/** The distinct words of each indexed sheet, to keep guide_terms' counts. */
export interface GuideWordTable {
  sheet_id: string;
  words: string;
  updated_at: string;
}

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

export interface SkillVersionTable {
  id: string;
  /** 'default' for the built-in bank, otherwise the owning organisation's id. */
  scope: string;
  organisation_id: string | null;
  number: number;
  status: 'draft' | 'current' | 'retired';
  note: string | null;
  source_hash: string | null;
  created_by: string | null;
  created_at: string;
  published_at: string | null;
  retired_at: string | null;
}

export interface SkillItemTable {
  id: string;
  version_id: string;
  key: string;
  competence: string;
  level: number;
  kind: 'self' | 'knowledge';
  text_it: string;
  text_en: string | null;
  /** JSON array of { it, en? }. */
  options: string;
  correct: number | null;
  in_short: number;
  position: number;
}

export interface SkillAttemptTable {
  id: string;
  token_hash: string;
  version_id: string;
  variant: 'short' | 'full';
  /** JSON object item id → option index. */
  answers: string;
  organisation_id: string | null;
  municipality_code: string | null;
  age_band: string | null;
  event_id: string | null;
  phase: 'prima' | 'dopo' | null;
  previous_result_id: string | null;
  result_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface SkillResultTable {
  id: string;
  token_hash: string;
  chain_id: string;
  version_id: string;
  variant: 'short' | 'full';
  organisation_id: string | null;
  programme_id: string | null;
  event_id: string | null;
  phase: 'prima' | 'dopo' | null;
  previous_result_id: string | null;
  municipality_code: string | null;
  age_band: string | null;
  level_1: number;
  level_2: number;
  level_3: number;
  level_4: number;
  level_5: number;
  /** JSON object competence → credit share 0..1. */
  competences: string;
  created_at: string;
}

export interface SkillAnswerTable {
  result_id: string;
  item_id: string;
  value: number | null;
  correct: number | null;
  implied: number;
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
  recipients: number;
  created_by: string | null;
  created_at: string;
}

export interface WebhookSubscriptionTable {
  id: string;
  organisation_id: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  /** Signing secret, encrypted under a key derived from DATA_KEY. */
  secret: string;
  description: string | null;
  active: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  organisation_id: string;
  subscription_id: string;
  event_type: string;
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
}

/** An organisation's OpenID Connect provider for staff sign-in (one at most). */
export interface OidcProviderTable {
  organisation_id: string;
  /** The name on the sign-in button ("Accedi con …"). */
  label: string;
  issuer: string;
  client_id: string;
  /** Encrypted under DATA_KEY; never shown back. */
  client_secret_enc: string;
  enabled: number;
  updated_at: string;
}

/** An address allowed to get an account, with its role, at its first sign-in through the provider. */
export interface OidcInvitationTable {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  role: string;
  invited_by: string | null;
  created_at: string;
}

/** A user's TOTP secret: pending until `enabled_at` is set by a first valid code. */
export interface UserTotpTable {
  user_id: string;
  /** Encrypted under DATA_KEY. */
  secret_enc: string;
  enabled_at: string | null;
  /** The last 30-second step a code was accepted for: a code works once. */
  last_step: number | null;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

export interface TotpRecoveryCodeTable {
  id: string;
  user_id: string;
  /** sha256 of the code (80 random bits), never the code. */
  code_hash: string;
  used_at: string | null;
}

/** A password accepted, waiting for the second factor (or its set-up): no session exists yet. */
export interface LoginChallengeTable {
  /** sha256 of the cookie's token. */
  id: string;
  user_id: string;
  purpose: string;
  next: string | null;
  created_at: string;
  expires_at: string;
}

export interface PlatformSettingTable {
  name: string;
  value: string;
  updated_at: string;
}

export interface Database {
  municipalities: MunicipalityTable;
  organisations: OrganisationTable;
  organisation_municipalities: OrganisationMunicipalityTable;
  venues: VenueTable;
  agreements: AgreementTable;
  agreement_partners: AgreementPartnerTable;
  partnerships: PartnershipTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  password_links: PasswordLinkTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditTable;
  jobs: JobTable;
  idempotency_keys: IdempotencyKeyTable;
  programmes: ProgrammeTable;
  programme_partners: ProgrammePartnerTable;
  programme_targets: ProgrammeTargetTable;
  event_series: EventSeriesTable;
  events: EventTable;
  event_sessions: EventSessionTable;
  event_audiences: EventAudienceTable;
  event_topics: EventTopicTable;
  event_partners: EventPartnerTable;
  registrations: RegistrationTable;
  desks: DeskTable;
  desk_services: DeskServiceTable;
  desk_hours: DeskHoursTable;
  desk_exceptions: DeskExceptionTable;
  desk_operators: DeskOperatorTable;
  desk_slot_usage: DeskSlotUsageTable;
  desk_holds: DeskHoldTable;
  desk_appointments: DeskAppointmentTable;
  desk_contact_locks: DeskContactLockTable;
  service_sheets: ServiceSheetTable;
  service_sheet_steps: ServiceSheetStepTable;
  service_sheet_life_events: ServiceSheetLifeEventTable;
  service_sheet_topics: ServiceSheetTopicTable;
  service_sheet_desk_services: ServiceSheetDeskServiceTable;
  service_sheet_versions: ServiceSheetVersionTable;
  guide_terms: GuideTermTable;
  guide_index: GuideIndexTable;
  guide_words: GuideWordTable;
  facilitation_settings: FacilitationSettingsTable;
  facilitation_citizens: FacilitationCitizenTable;
  facilitation_records: FacilitationRecordTable;
  facilitation_citizen_programmes: FacilitationCitizenProgrammeTable;
  facilitation_rollup: FacilitationRollupTable;
  facilitation_rollup_venue: FacilitationRollupVenueTable;
  facilitation_batches: FacilitationBatchTable;
  facilitation_batch_records: FacilitationBatchRecordTable;
  skill_versions: SkillVersionTable;
  skill_items: SkillItemTable;
  skill_attempts: SkillAttemptTable;
  skill_results: SkillResultTable;
  skill_answers: SkillAnswerTable;
  event_checkins: EventCheckinTable;
  event_surveys: EventSurveyTable;
  event_messages: EventMessageTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
  oidc_providers: OidcProviderTable;
  oidc_invitations: OidcInvitationTable;
  user_totp: UserTotpTable;
  totp_recovery_codes: TotpRecoveryCodeTable;
  login_challenges: LoginChallengeTable;
  platform_settings: PlatformSettingTable;
}
