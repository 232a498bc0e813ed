import type { Database } from './schema.js';

/**
 * Which module owns each table. Only the owner's files name a table in their SQL; other modules ask
 * the owner's `service.ts` (or `index.ts`) for what they need. `core` tables are reached through
 * `src/core` (jobs, audit, idempotency, the principal of a request). test/architecture checks it,
 * and the type makes a new table without an owner fail to compile.
 */
export const TABLE_OWNERS: Record<keyof Database, string> = {
  jobs: 'core',
  audit_log: 'core',
  idempotency_keys: 'core',

  municipalities: 'organisations',
  organisations: 'organisations',
  organisation_municipalities: 'organisations',
  venues: 'organisations',
  agreements: 'organisations',
  agreement_partners: 'organisations',
  partnerships: 'organisations',

  users: 'accounts',
  memberships: 'accounts',
  sessions: 'accounts',
  api_tokens: 'accounts',
  password_links: 'accounts',
  login_throttle: 'accounts',
  oidc_providers: 'accounts',
  oidc_invitations: 'accounts',
  user_totp: 'accounts',
  totp_recovery_codes: 'accounts',
  login_challenges: 'accounts',
  platform_settings: 'accounts',

  programmes: 'programmes',
  programme_partners: 'programmes',
  programme_targets: 'programmes',
  programme_plan_items: 'programmes',

  event_series: 'events',
  events: 'events',
  event_sessions: 'events',
  event_audiences: 'events',
  event_topics: 'events',
  event_partners: 'events',
  event_invitations: 'events',
  registrations: 'events',
  event_checkins: 'events',
  event_surveys: 'events',
  event_messages: 'events',
  event_questions: 'events',
  registration_answers: 'events',

  desks: 'desks',
  desk_services: 'desks',
  desk_hours: 'desks',
  desk_exceptions: 'desks',
  desk_operators: 'desks',
  desk_slot_usage: 'desks',
  desk_holds: 'desks',
  desk_appointments: 'desks',
  desk_contact_locks: 'desks',

  service_sheets: 'guides',
  service_sheet_steps: 'guides',
  service_sheet_life_events: 'guides',
  service_sheet_topics: 'guides',
  service_sheet_desk_services: 'guides',
  service_sheet_versions: 'guides',
  guide_terms: 'guides',
  guide_index: 'guides',
  guide_words: 'guides',
  guide_search_version: 'guides',

  facilitation_settings: 'facilitation',
  facilitation_citizens: 'facilitation',
  facilitation_records: 'facilitation',
  facilitation_citizen_programmes: 'facilitation',
  facilitation_rollup: 'facilitation',
  facilitation_rollup_venue: 'facilitation',
  facilitation_batches: 'facilitation',
  facilitation_batch_records: 'facilitation',

  skill_versions: 'skills',
  skill_items: 'skills',
  skill_attempts: 'skills',
  skill_results: 'skills',
  skill_answers: 'skills',

  webhook_subscriptions: 'webhooks',
  webhook_deliveries: 'webhooks',

  phone_callbacks: 'callbacks',

  widget_origins: 'widget',

  volunteer_applications: 'volunteers',
  volunteers: 'volunteers',
  shifts: 'volunteers',
  shift_signups: 'volunteers',

  participation_processes: 'participation',
  participation_phases: 'participation',
  participation_confirmations: 'participation',
  participation_proposals: 'participation',
  participation_proposal_images: 'participation',
  participation_supports: 'participation',
  participation_comments: 'participation',
};
