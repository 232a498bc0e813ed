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
  national_id: string | null;
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

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  national_id: string | null;
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

export interface Database {
  municipalities: MunicipalityTable;
  organisations: OrganisationTable;
  organisation_municipalities: OrganisationMunicipalityTable;
  venues: VenueTable;
  agreements: AgreementTable;
  agreement_partners: AgreementPartnerTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditTable;
  jobs: JobTable;
  idempotency_keys: IdempotencyKeyTable;
}
