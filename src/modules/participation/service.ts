/**
 * What other modules, and the other parts of this one (surveys, meetings, agenda, connectivity),
 * use of participation. Each part adds its own exports here.
 */
export {
  type ConfirmationRequest,
  type ConfirmedContext,
  type ConfirmOutcome,
  type Contact,
  confirmedFor,
  contactHash,
  normaliseContact,
  onConfirmed,
  requestConfirmation,
} from './confirm/service.js';
export { type LocalityCount, localityCounts } from './connectivity/service.js';
export { parseBody, today } from './processes/check.js';
export { onProcessErasure } from './processes/erasure.js';
export type { PhaseView, ProcessView } from './processes/schemas.js';
export { addProcessSection, type ProcessSection, type ProcessSectionContent } from './processes/sections.js';
export { currentPhase, getProcess, getPublicProcess, listProcesses, organisationOfProcess } from './processes/service.js';
export {
  type Answers,
  answersFromFields,
  answersThroughLink,
  answerThroughLink,
  checkSurveyAnswers,
  comuniOf,
  type EventSurveyTemplateWords,
  eventComments,
  eventRatings,
  eventSurvey,
  fieldName,
  isShown,
  type Question,
  QuestionField,
  type SurveyView as BuiltSurvey,
  steps as surveySteps,
} from './surveys/service.js';
