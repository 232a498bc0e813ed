/** Tables owned by participation's surveys: questionnaires, questions, responses, answers. Conventions in ../schema.ts. */

export interface SurveyTable {
  id: string;
  organisation_id: string;
  /** The participatory process and phase it belongs to (participation's own tables), or null. */
  process_id: string | null;
  phase_id: string | null;
  /** The event whose satisfaction survey it is (events module, by id only), or null. */
  event_id: string | null;
  title: string;
  intro: string | null;
  /** 'draft', 'open' or 'closed'. */
  status: string;
  /** 1 when anyone may read the results (always with groups under 5 hidden). */
  public_results: number;
  /** When the respondents' contacts were erased (the answers stay, anonymous). */
  contacts_erased_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SurveyQuestionTable {
  id: string;
  survey_id: string;
  position: number;
  /** 'single', 'multiple', 'scale', 'short', 'long', 'comune', 'age'. */
  kind: string;
  label: string;
  hint: string | null;
  /** JSON array of the options' labels (choices; for a scale, the labels of 1…5). */
  options: string | null;
  required: number;
  /** A stable name for a template's question ('rating', 'comment' of an event's survey). */
  code: string | null;
  /** Shown only when the answer to this earlier question is `show_if_value`. */
  show_if_question: string | null;
  show_if_value: string | null;
  created_at: string;
}

export interface SurveyResponseTable {
  id: string;
  survey_id: string;
  organisation_id: string;
  /** 'pending' until the contact is confirmed, then 'confirmed'; only confirmed responses count. */
  status: string;
  /** Keyed hash of the e-mail or phone: one response per person; null once erased. */
  contact_hash: string | null;
  /** The private link the response came through (an event survey's id), instead of a contact. */
  ref: string | null;
  lang: string;
  created_at: string;
  confirmed_at: string | null;
}

export interface SurveyAnswerTable {
  id: string;
  response_id: string;
  survey_id: string;
  question_id: string;
  /** An option's number (from 1), a scale's 1…5, a comune's ISTAT code, an age band, or the text. */
  value: string;
}
