import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { Form } from '../../../web/forms.js';
import type { Crumb, PageContext } from '../../../web/layout.js';
import type { Question } from './model.js';
import { type Cell, hiddenText, type QuestionResult, type SurveyResults } from './results.js';
import type { SurveyView } from './service.js';

/**
 * Results as server-drawn SVG bars, each followed by the same figures in a table. The chart is an
 * image whose text alternative says what it shows; the table is what a screen reader reads.
 */

const W = 320;
const ROW = 40;

function Chart(props: { q: QuestionResult; lang: Lang; minimum: number; id: string }): VNode {
  const { q, lang: l } = props;
  const max = Math.max(1, ...q.cells.map((c) => c.count ?? 0));
  const h = q.cells.length * ROW + 4;
  const alt = t(l, 'survey.chart.alt', {
    label: q.label,
    values: q.cells.map((c) => `${c.label}: ${c.count === null ? hiddenText(c, l, props.minimum) : c.count}`).join('; '),
  });
  return (
    <svg
      class="ponte-survey-chart d-block w-100 mb-2"
      viewBox={`0 0 ${W} ${h}`}
      role="img"
      aria-labelledby={`${props.id}-t`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${props.id}-t`}>{alt}</title>
      {q.cells.map((c, i) => {
        const y = i * ROW;
        const width = c.count === null ? 0 : Math.round(((W - 60) * c.count) / max);
        return (
          <g>
            <text x="0" y={y + 13} font-size="12" fill="#1a1a1a">
              {c.label.length > 48 ? `${c.label.slice(0, 47)}…` : c.label}
            </text>
            {c.count === null ? (
              <rect x="0.5" y={y + 18.5} width={W - 61} height="14" fill="none" stroke="#5c6f82" stroke-dasharray="4 3" />
            ) : (
              <rect x="0" y={y + 18} width={Math.max(width, c.count > 0 ? 2 : 0)} height="15" fill="#0066cc" />
            )}
            <text x={c.count === null ? 6 : width + 6} y={y + 30} font-size="12" fill="#1a1a1a">
              {c.count === null ? hiddenText(c, l, props.minimum) : String(c.count)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function CellTable(props: { q: QuestionResult; lang: Lang; minimum: number }): VNode {
  const l = props.lang;
  return (
    <div class="table-responsive">
      <table class="table">
        <caption>{t(l, 'survey.table.caption', { label: props.q.label })}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'survey.csv.value')}</th>
            <th scope="col">{t(l, 'survey.csv.count')}</th>
          </tr>
        </thead>
        <tbody>
          {props.q.cells.map((c: Cell) => (
            <tr>
              <th scope="row">{c.label}</th>
              <td>{c.count === null ? hiddenText(c, l, props.minimum) : c.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface FilterChoice {
  question: Question;
  values: { value: string; label: string }[];
}

export function ResultsBody(props: {
  lang: Lang;
  survey: SurveyView;
  results: SurveyResults;
  /** The page's path, for the filter form and the CSV link. */
  base: string;
  filters?: FilterChoice[];
  csv?: string;
}): VNode {
  const l = props.lang;
  const r = props.results;
  const less = t(l, 'survey.results.less', { n: r.minimum });
  const filters = props.filters ?? [];
  return (
    <>
      <p>{t(l, 'survey.results.how', { n: r.minimum })}</p>
      {filters.length > 0 ? (
        <Form action={props.base} method="get" class="mb-4">
          <div class="mb-3 ponte-field">
            <label class="form-label" for="f-gruppo">
              {t(l, 'survey.results.filter')}
            </label>
            <select class="form-select" id="f-gruppo" name="gruppo">
              <option value="">{t(l, 'survey.results.everyone')}</option>
              {filters.map((f) => (
                <optgroup label={f.question.label}>
                  {f.values.map((v) => (
                    <option
                      value={`${f.question.id}:${v.value}`}
                      selected={r.filter?.question === f.question.id && r.filter.value === v.value}
                    >
                      {v.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <SubmitButton label={t(l, 'survey.results.apply')} class="btn btn-outline-primary" />
        </Form>
      ) : null}
      <p class="fw-semibold">
        {r.filter ? t(l, 'survey.results.group', { label: r.filter.label }) : t(l, 'survey.results.everyone')}:{' '}
        {r.responses === null ? less : t(l, 'survey.results.responses', { n: r.responses })}
      </p>
      {props.csv ? (
        <p>
          <a href={props.csv}>{t(l, 'survey.results.csv')}</a>
        </p>
      ) : null}
      {r.questions.map((q, i) => (
        <section class="mb-4">
          <h2 class="h5">{q.label}</h2>
          {q.cells.length > 0 ? (
            <>
              <Chart q={q} lang={l} minimum={r.minimum} id={`chart-${i}`} />
              <CellTable q={q} lang={l} minimum={r.minimum} />
            </>
          ) : (
            <>
              <p>{q.answered === null ? less : t(l, 'survey.results.answered', { n: q.answered })}</p>
              {q.texts.length > 0 ? (
                <ul>
                  {q.texts.map((x) => (
                    <li>{x}</li>
                  ))}
                </ul>
              ) : null}
            </>
          )}
        </section>
      ))}
    </>
  );
}

/** A page of a survey's results, the public one or the staff's: the survey's title as heading, then the results. */
export function ResultsPage(props: {
  ctx: PageContext;
  crumbs: Crumb[];
  survey: SurveyView;
  results: SurveyResults;
  base: string;
  filters: FilterChoice[];
  csv?: string;
}): VNode {
  const l = props.ctx.lang;
  const s = props.survey;
  return (
    <TitledPage ctx={props.ctx} heading={`${t(l, 'survey.results.title')}: ${s.title}`} crumbs={props.crumbs}>
      <ResultsBody lang={l} survey={s} results={props.results} base={props.base} filters={props.filters} csv={props.csv} />
    </TitledPage>
  );
}
