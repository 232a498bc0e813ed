/** Tables owned by skills: the skills item bank, attempts and results. Conventions in ../schema.ts. */

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
