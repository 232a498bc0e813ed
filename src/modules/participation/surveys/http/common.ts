import type { Lang } from '../../../../core/i18n.js';
import type { Db } from '../../../../db/index.js';
import { filterQuestions, valueLabels } from '../results.js';
import { comuniOf, type SurveyView } from '../service.js';
import type { FilterChoice } from '../views-results.js';

/** The group of the results' page, `gruppo=<questionId>:<value>`. */
export function filterOf(gruppo: unknown): { question: string; value: string } | undefined {
  if (typeof gruppo !== 'string' || !gruppo.includes(':')) return undefined;
  const [question, ...value] = gruppo.split(':');
  return { question, value: value.join(':') };
}

export async function filterChoices(db: Db, survey: SurveyView, lang: Lang): Promise<FilterChoice[]> {
  const qs = filterQuestions(survey);
  if (qs.length === 0) return [];
  const comuni = await comuniOf(db, survey);
  return qs.map((question) => ({ question, values: valueLabels(question, comuni, lang) }));
}
