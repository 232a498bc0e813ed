import { type FieldError, fieldError } from '../../../core/problems.js';

/**
 * A survey's questions and the rules on answers, without storage: which questions are shown given
 * the answers so far, in which steps a page without JavaScript shows them, and whether answers are
 * acceptable. Values are strings: an option's number from 1, a scale's 1…5, a comune's ISTAT code,
 * an age band, or the text.
 */

export const QUESTION_KINDS = ['single', 'multiple', 'scale', 'short', 'long', 'comune', 'age'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const AGE_BANDS = ['under-18', '18-29', '30-64', '65-plus'] as const;

/** Text limits by kind. */
export const TEXT_MAX: Record<string, number> = { short: 200, long: 1000 };
/** Below this many answers a group is never shown, anywhere. */
export const MIN_GROUP = 5;
export const MAX_OPTIONS = 20;
export const MAX_QUESTIONS = 60;

export interface Question {
  id: string;
  position: number;
  kind: QuestionKind;
  label: string;
  hint: string | null;
  /** Choices' labels; for a scale, the labels of 1…5 (or empty for plain numbers). */
  options: string[];
  required: boolean;
  code: string | null;
  showIf: { question: string; value: string } | null;
}

/** What a question may take as values: null for free text. */
export function allowedValues(q: Question, comuni: { code: string }[]): string[] | null {
  switch (q.kind) {
    case 'single':
    case 'multiple':
      return q.options.map((_, i) => String(i + 1));
    case 'scale':
      return ['1', '2', '3', '4', '5'];
    case 'comune':
      return comuni.map((c) => c.code);
    case 'age':
      return [...AGE_BANDS];
    default:
      return null;
  }
}

/** Kinds whose answers are counted by value (charts), as opposed to free text. */
export const isCounted = (kind: QuestionKind) => kind !== 'short' && kind !== 'long';

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it removes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export type Answers = Record<string, string[]>;

/** Whether a question is shown, given the answers to the questions before it. */
export function isShown(q: Question, answers: Answers): boolean {
  if (!q.showIf) return true;
  return (answers[q.showIf.question] ?? []).includes(q.showIf.value);
}

/**
 * The steps of the survey on pages without JavaScript: a question whose condition looks at a
 * question of the same step starts a new step, so the server sees the answer before deciding.
 */
export function steps(questions: Question[]): Question[][] {
  const out: Question[][] = [];
  let current: Question[] = [];
  for (const q of questions) {
    if (q.showIf && current.some((p) => p.id === q.showIf?.question)) {
      out.push(current);
      current = [];
    }
    current.push(q);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Checks the answers to `questions` (those shown only: a hidden question's answer is dropped) and
 * answers the cleaned values; errors name each field by `fieldOf`.
 */
export function checkAnswers(
  questions: Question[],
  given: Answers,
  comuni: { code: string }[],
  fieldOf: (q: Question) => string,
  earlier: Answers = {},
): { answers: Answers; errors: FieldError[] } {
  const answers: Answers = {};
  const errors: FieldError[] = [];
  for (const q of questions) {
    if (!isShown(q, { ...earlier, ...answers })) continue;
    const raw = (given[q.id] ?? []).map((v) => v.trim()).filter((v) => v !== '');
    const field = fieldOf(q);
    if (raw.length === 0) {
      if (q.required) errors.push(fieldError(field, q.kind === 'scale' ? 'survey.check.scale' : 'survey.check.required'));
      continue;
    }
    const allowed = allowedValues(q, comuni);
    if (allowed) {
      const values = [...new Set(raw)];
      if (values.some((v) => !allowed.includes(v)) || (q.kind !== 'multiple' && values.length > 1)) {
        errors.push(fieldError(field, q.kind === 'scale' ? 'survey.check.scale' : 'survey.check.choice'));
        continue;
      }
      answers[q.id] = values;
    } else {
      const max = TEXT_MAX[q.kind] ?? 200;
      // Control characters are no text anyone typed (and PostgreSQL refuses NUL).
      const text = raw.join('\n').replace(CONTROL, '').trim();
      if (text === '') {
        if (q.required) errors.push(fieldError(field, 'survey.check.required'));
        continue;
      }
      if (text.length > max) {
        errors.push(fieldError(field, 'survey.check.length', { n: max }));
        continue;
      }
      answers[q.id] = [text];
    }
  }
  return { answers, errors };
}
