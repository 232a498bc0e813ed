import { type Lang, t } from '../../../core/i18n.js';
import { refuse } from '../../../core/problems.js';
import type { Db } from '../../../db/index.js';
import { AGE_BANDS, isCounted, MIN_GROUP, type Question, type QuestionKind } from './model.js';
import { type Comune, comuniOf, getSurvey, type SurveyView } from './service.js';

/**
 * A survey's results from its confirmed responses. No group under MIN_GROUP is ever shown: a
 * filtered group that small shows nothing; a question answered by fewer shows nothing; a value
 * chosen by 1–4 people reads "meno di 5", and when that leaves a single value hidden among values
 * that add up to the total, the next smallest is hidden too, so it cannot be worked out.
 */

export interface Cell {
  value: string;
  label: string;
  /** null: hidden, fewer than MIN_GROUP (and more than none), or hidden so a hidden one cannot be derived. */
  count: number | null;
  /** Why it is hidden: 'small' (1–4) or 'derived' (hidden so a small one cannot be worked out). */
  hidden?: 'small' | 'derived';
}

export interface QuestionResult {
  id: string;
  label: string;
  kind: QuestionKind;
  /** Responses that answered it, null when fewer than MIN_GROUP. */
  answered: number | null;
  cells: Cell[];
  /** Free text answers (staff only, and only from MIN_GROUP answers up). */
  texts: string[];
}

export interface SurveyResults {
  survey: { id: string; title: string };
  minimum: number;
  filter: { question: string; value: string; label: string } | null;
  /** Confirmed responses in the group, null when fewer than MIN_GROUP. */
  responses: number | null;
  questions: QuestionResult[];
}

/** The label of each value a counted question takes. */
export function valueLabels(q: Question, comuni: Comune[], lang: Lang): { value: string; label: string }[] {
  switch (q.kind) {
    case 'single':
    case 'multiple':
      return q.options.map((label, i) => ({ value: String(i + 1), label }));
    case 'scale':
      return [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: q.options[n - 1] ?? String(n) }));
    case 'comune':
      return comuni.map((c) => ({ value: c.code, label: c.name }));
    case 'age':
      return AGE_BANDS.map((b) => ({ value: b, label: t(lang, `survey.age.${b}`) }));
    default:
      return [];
  }
}

/** The questions a result can be filtered by: comune and age band. */
export const filterQuestions = (s: SurveyView) => s.questions.filter((q) => q.kind === 'comune' || q.kind === 'age');

function suppress(kind: QuestionKind, counts: { value: string; label: string; n: number }[], answered: number): Cell[] {
  const cells: Cell[] = counts.map((c) =>
    c.n > 0 && c.n < MIN_GROUP
      ? { value: c.value, label: c.label, count: null, hidden: 'small' }
      : { value: c.value, label: c.label, count: c.n },
  );
  // One answer per response: the values add up to `answered`, so one hidden value alone could be
  // worked out from the others; hide the smallest shown non-zero one with it.
  if (kind !== 'multiple' && answered > 0) {
    const hidden = cells.filter((c) => c.count === null).length;
    if (hidden === 1) {
      const shown = cells.filter((c) => c.count !== null && c.count > 0).sort((a, b) => (a.count ?? 0) - (b.count ?? 0));
      if (shown[0]) Object.assign(shown[0], { count: null, hidden: 'derived' });
    }
  }
  return cells;
}

export async function surveyResults(
  db: Db,
  surveyId: string,
  opts: { lang: Lang; filter?: { question?: string; value?: string }; staff: boolean },
): Promise<SurveyResults> {
  const survey = await getSurvey(db, surveyId);
  const comuni = await comuniOf(db, survey);
  let filter: SurveyResults['filter'] = null;
  if (opts.filter?.question) {
    const fq = filterQuestions(survey).find((q) => q.id === opts.filter?.question);
    const label = fq ? valueLabels(fq, comuni, opts.lang).find((v) => v.value === opts.filter?.value) : undefined;
    if (!fq || !label) throw refuse(400, 'survey.problem.filter');
    filter = { question: fq.id, value: label.value, label: label.label };
  }
  let responses = db.k
    .selectFrom('survey_responses as r')
    .select('r.id')
    .where('r.survey_id', '=', survey.id)
    .where('r.status', '=', 'confirmed');
  if (filter) {
    const f = filter;
    responses = responses.where((eb) =>
      eb.exists(
        eb
          .selectFrom('survey_answers as fa')
          .select('fa.id')
          .whereRef('fa.response_id', '=', 'r.id')
          .where('fa.question_id', '=', f.question)
          .where('fa.value', '=', f.value),
      ),
    );
  }
  const total = Number(
    (
      await db.k
        .selectFrom(responses.as('g'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );
  const base = { survey: { id: survey.id, title: survey.title }, minimum: MIN_GROUP, filter };
  const empty = (q: Question): QuestionResult => ({
    id: q.id,
    label: q.label,
    kind: q.kind,
    answered: null,
    cells: valueLabels(q, comuni, opts.lang).map((v) => ({ ...v, count: null, hidden: 'small' as const })),
    texts: [],
  });
  if (total < MIN_GROUP) return { ...base, responses: null, questions: survey.questions.map(empty) };

  const rows = await db.k
    .selectFrom('survey_answers as a')
    .select((eb) => ['a.question_id', 'a.value', eb.fn.countAll<number>().as('n')])
    .where('a.survey_id', '=', survey.id)
    .where('a.response_id', 'in', responses)
    .groupBy(['a.question_id', 'a.value'])
    .execute();
  const answeredRows = await db.k
    .selectFrom('survey_answers as a')
    .select((eb) => ['a.question_id', eb.fn.count<number>('a.response_id').distinct().as('n')])
    .where('a.survey_id', '=', survey.id)
    .where('a.response_id', 'in', responses)
    .groupBy('a.question_id')
    .execute();
  const answeredOf = new Map(answeredRows.map((r) => [r.question_id, Number(r.n)]));
  const questions: QuestionResult[] = [];
  for (const q of survey.questions) {
    const answered = answeredOf.get(q.id) ?? 0;
    if (answered < MIN_GROUP) {
      questions.push(empty(q));
      continue;
    }
    if (!isCounted(q.kind)) {
      const texts = opts.staff
        ? (
            await db.k
              .selectFrom('survey_answers as a')
              .select('a.value')
              .where('a.question_id', '=', q.id)
              .where('a.response_id', 'in', responses)
              .orderBy('a.value')
              .execute()
          ).map((r) => r.value)
        : [];
      questions.push({ id: q.id, label: q.label, kind: q.kind, answered, cells: [], texts });
      continue;
    }
    const counts = valueLabels(q, comuni, opts.lang).map((v) => ({
      ...v,
      n: Number(rows.find((r) => r.question_id === q.id && r.value === v.value)?.n ?? 0),
    }));
    questions.push({ id: q.id, label: q.label, kind: q.kind, answered, cells: suppress(q.kind, counts, answered), texts: [] });
  }
  return { ...base, responses: total, questions };
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  // A cell a spreadsheet would read as a formula is written as text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** What a hidden count reads. */
export const hiddenText = (c: Cell, lang: Lang, n: number) =>
  t(lang, c.hidden === 'derived' ? 'survey.results.derived' : 'survey.results.less', { n });

/** The results as CSV: one row per question and value, hidden counts written "meno di 5". */
export function resultsCsv(r: SurveyResults, lang: Lang): string {
  const less = t(lang, 'survey.results.less', { n: r.minimum });
  const head = [t(lang, 'survey.csv.question'), t(lang, 'survey.csv.value'), t(lang, 'survey.csv.count'), t(lang, 'survey.csv.group')];
  const group = r.filter ? r.filter.label : t(lang, 'survey.results.everyone');
  const lines = [head];
  lines.push([t(lang, 'survey.csv.responses'), '', r.responses === null ? less : String(r.responses), group]);
  for (const q of r.questions) {
    if (q.cells.length === 0) lines.push([q.label, '', q.answered === null ? less : String(q.answered), group]);
    for (const c of q.cells) lines.push([q.label, c.label, c.count === null ? hiddenText(c, lang, r.minimum) : String(c.count), group]);
  }
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
