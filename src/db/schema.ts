/**
 * Table types shared by both dialects, one file per owning module (src/db/schema/; owners in
 * owners.ts). Conventions that keep one code base for SQLite and PostgreSQL: ids are UUIDv7 text;
 * instants are ISO-8601 UTC text (they sort and compare as text); dates are 'YYYY-MM-DD';
 * booleans are integers 0/1.
 */

import type {
  ApiTokenTable,
  LoginChallengeTable,
  LoginThrottleTable,
  MembershipTable,
  OidcInvitationTable,
  OidcProviderTable,
  PasswordLinkTable,
  PlatformSettingTable,
  SessionTable,
  TotpRecoveryCodeTable,
  UserTable,
  UserTotpTable,
} from './schema/accounts.js';
import type { PhoneCallbackTable } from './schema/callbacks.js';
import type { ConnectivityReportTable } from './schema/connectivity.js';
import type { AuditTable, IdempotencyKeyTable, JobTable } from './schema/core.js';
import type {
  DeskAppointmentTable,
  DeskContactLockTable,
  DeskExceptionTable,
  DeskHoldTable,
  DeskHoursTable,
  DeskOperatorTable,
  DeskServiceTable,
  DeskSlotUsageTable,
  DeskTable,
} from './schema/desks.js';
import type {
  EventAudienceTable,
  EventCheckinTable,
  EventInvitationTable,
  EventMessageTable,
  EventPartnerTable,
  EventProposalTable,
  EventQuestionTable,
  EventSeriesTable,
  EventSessionTable,
  EventSurveyTable,
  EventTable,
  EventTopicTable,
  RegistrationAnswerTable,
  RegistrationTable,
} from './schema/events.js';
import type {
  FacilitationBatchRecordTable,
  FacilitationBatchTable,
  FacilitationCitizenProgrammeTable,
  FacilitationCitizenTable,
  FacilitationRecordTable,
  FacilitationRollupTable,
  FacilitationRollupVenueTable,
  FacilitationSettingsTable,
} from './schema/facilitation.js';
import type {
  GuideIndexTable,
  GuideSearchVersionTable,
  GuideTermTable,
  GuideWordTable,
  ServiceSheetDeskServiceTable,
  ServiceSheetLifeEventTable,
  ServiceSheetStepTable,
  ServiceSheetTable,
  ServiceSheetTopicTable,
  ServiceSheetVersionTable,
} from './schema/guides.js';
import type {
  AgreementCommitmentTable,
  AgreementPartnerTable,
  AgreementTable,
  MunicipalityTable,
  OrganisationMunicipalityTable,
  OrganisationTable,
  PartnershipTable,
  VenueTable,
} from './schema/organisations.js';
import type {
  ParticipationCommentTable,
  ParticipationConfirmationTable,
  ParticipationPhaseTable,
  ParticipationProcessTable,
  ParticipationProposalImageTable,
  ParticipationProposalTable,
  ParticipationSupportTable,
} from './schema/participation.js';
import type {
  AgendaActionOriginTable,
  AgendaActionTable,
  AgendaActionUpdateTable,
  MeetingPollAnswerTable,
  MeetingPollOptionTable,
  MeetingPollTable,
  MeetingProposalTable,
  ProcessMeetingTable,
} from './schema/participation-meetings.js';
import type { SurveyAnswerTable, SurveyQuestionTable, SurveyResponseTable, SurveyTable } from './schema/participation-surveys.js';
import type { ProgrammePartnerTable, ProgrammePlanItemTable, ProgrammeTable, ProgrammeTargetTable } from './schema/programmes.js';
import type { SkillAnswerTable, SkillAttemptTable, SkillItemTable, SkillResultTable, SkillVersionTable } from './schema/skills.js';
import type {
  ShiftSignupTable,
  ShiftTable,
  VolunteerApplicationTable,
  VolunteerMessageRecipientTable,
  VolunteerMessageTable,
  VolunteerProgrammeRuleTable,
  VolunteerTable,
  VolunteerTrainingTable,
} from './schema/volunteers.js';
import type { WebhookDeliveryTable, WebhookSubscriptionTable } from './schema/webhooks.js';
import type { WidgetOriginTable } from './schema/widget.js';

export type * from './schema/accounts.js';
export type * from './schema/callbacks.js';
export type * from './schema/connectivity.js';
export type * from './schema/core.js';
export type * from './schema/desks.js';
export type * from './schema/events.js';
export type * from './schema/facilitation.js';
export type * from './schema/guides.js';
export type * from './schema/organisations.js';
export type * from './schema/participation.js';
export type * from './schema/participation-meetings.js';
export type * from './schema/participation-surveys.js';
export type * from './schema/programmes.js';
export type * from './schema/skills.js';
export type * from './schema/volunteers.js';
export type * from './schema/webhooks.js';
export type * from './schema/widget.js';

export interface Database {
  municipalities: MunicipalityTable;
  organisations: OrganisationTable;
  organisation_municipalities: OrganisationMunicipalityTable;
  venues: VenueTable;
  agreements: AgreementTable;
  agreement_partners: AgreementPartnerTable;
  agreement_commitments: AgreementCommitmentTable;
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
  programme_plan_items: ProgrammePlanItemTable;
  event_series: EventSeriesTable;
  events: EventTable;
  /** Changes of what the public catalogue lists (migration 043; events/catalogue/catalogue.ts). */
  catalogue_version: { id: number; version: number };
  event_sessions: EventSessionTable;
  event_audiences: EventAudienceTable;
  event_topics: EventTopicTable;
  event_partners: EventPartnerTable;
  event_invitations: EventInvitationTable;
  registrations: RegistrationTable;
  event_questions: EventQuestionTable;
  registration_answers: RegistrationAnswerTable;
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
  guide_search_version: GuideSearchVersionTable;
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
  phone_callbacks: PhoneCallbackTable;
  widget_origins: WidgetOriginTable;
  oidc_providers: OidcProviderTable;
  oidc_invitations: OidcInvitationTable;
  user_totp: UserTotpTable;
  totp_recovery_codes: TotpRecoveryCodeTable;
  login_challenges: LoginChallengeTable;
  platform_settings: PlatformSettingTable;
  volunteer_applications: VolunteerApplicationTable;
  volunteers: VolunteerTable;
  shifts: ShiftTable;
  shift_signups: ShiftSignupTable;
  event_proposals: EventProposalTable;
  volunteer_trainings: VolunteerTrainingTable;
  volunteer_programme_rules: VolunteerProgrammeRuleTable;
  volunteer_messages: VolunteerMessageTable;
  volunteer_message_recipients: VolunteerMessageRecipientTable;
  participation_processes: ParticipationProcessTable;
  participation_phases: ParticipationPhaseTable;
  participation_confirmations: ParticipationConfirmationTable;
  participation_proposals: ParticipationProposalTable;
  participation_proposal_images: ParticipationProposalImageTable;
  participation_supports: ParticipationSupportTable;
  participation_comments: ParticipationCommentTable;
  surveys: SurveyTable;
  survey_questions: SurveyQuestionTable;
  survey_responses: SurveyResponseTable;
  survey_answers: SurveyAnswerTable;
  participation_meetings: ProcessMeetingTable;
  participation_meeting_proposals: MeetingProposalTable;
  participation_polls: MeetingPollTable;
  participation_poll_options: MeetingPollOptionTable;
  participation_poll_answers: MeetingPollAnswerTable;
  participation_actions: AgendaActionTable;
  participation_action_origins: AgendaActionOriginTable;
  participation_action_updates: AgendaActionUpdateTable;
  connectivity_reports: ConnectivityReportTable;
}
