import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { ColumnHeads } from '../../../web/components/data-table.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, Form, Notice } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import * as participation from '../../participation/service.js';
import { dayLabel, sessionLabel } from '../catalogue/format.js';
import { EVENTS_CSS, ScrollRegion } from '../catalogue/views.js';
import { MultiLine } from '../messages/views.js';
import { EventStaffLayout } from '../staff-layout.js';
import { StaffTable } from '../views/staff-table.js';
import {
  COMMENT_MAX,
  type Distribution,
  type EventSurveyResults,
  type ProgrammeSurveyResults,
  type SurveyFigures,
  type SurveyView,
} from './service.js';

const decimal = (l: Lang, n: number) => n.toLocaleString(l === 'en' ? 'en-GB' : 'it-IT', { maximumFractionDigits: 1 });
const percent = (l: Lang, share: number | null) =>
  share === null ? t(l, 'srv.none') : share.toLocaleString(l === 'en' ? 'en-GB' : 'it-IT', { style: 'percent', maximumFractionDigits: 0 });

// ---------- the public survey ----------

/** What the form posted, shown again after a refusal: by field name. */
export type SurveyFormValues = Record<string, string[]>;

/**
 * The template's questions in the page's language while their stored words are still the
 * template's (Italian); questions staff wrote or changed are shown as written.
 */
function templateText(l: Lang, q: participation.Question) {
  if (q.code === 'rating' && q.label === t('it', 'srv.legend')) {
    return { label: t(l, 'srv.legend'), optionLabels: [1, 2, 3, 4, 5].map((n) => t(l, `srv.rating.${n}`)) };
  }
  if (q.code === 'comment' && q.label === t('it', 'srv.comment')) {
    return { label: t(l, 'srv.comment'), hint: t(l, 'srv.comment.hint', { n: COMMENT_MAX }) };
  }
  return {};
}

export function SurveyPage(
  props: FormPageProps & {
    survey: SurveyView;
    token: string;
    /** The questions of this page (those shown given the answers so far) and the answers carried from earlier pages. */
    questions: participation.Question[];
    carried: participation.Answers;
    step: number;
    steps: number;
    comuni: { code: string; name: string }[];
    values?: SurveyFormValues;
  },
): VNode {
  const { l, e } = formPage(props);
  const s = props.survey;
  const current = (q: participation.Question) => props.values?.[participation.fieldName(q)] ?? s.answers[q.id] ?? [];
  const labels: Record<string, string> = {};
  for (const q of s.survey.questions) labels[participation.fieldName(q)] = templateText(l, q).label ?? q.label;
  const here = new Set(props.questions.map((q) => q.id));
  const last = props.step >= props.steps - 1;
  return (
    <TitledPage ctx={props.ctx} heading={t(l, 'srv.title')} head={EVENTS_CSS}>
      <p class="lead">
        <strong>{s.event.title}</strong>
        <br />
        {s.event.sessions.map((x) => sessionLabel(x.start, x.end, l)).join('; ')}
      </p>
      {props.steps > 1 ? <p>{t(l, 'survey.form.step', { n: props.step + 1, of: props.steps })}</p> : null}
      <p>{t(l, 'srv.intro')}</p>
      {s.answeredAt && !props.errors && props.step === 0 ? (
        <Notice kind="info">{t(l, 'srv.already', { when: dayLabel(s.answeredAt, l) })}</Notice>
      ) : null}
      <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={labels} />
      <Form action={`/gradimento/${s.id}`} csrf={props.ctx.csrf}>
        <input type="hidden" name="token" value={props.token} />
        <input type="hidden" name="passo" value={String(props.step)} />
        {s.survey.questions
          .filter((q) => !here.has(q.id))
          .flatMap((q) => (props.carried[q.id] ?? []).map((v) => <input type="hidden" name={participation.fieldName(q)} value={v} />))}
        {props.questions.map((q) => (
          <participation.QuestionField
            q={q}
            name={participation.fieldName(q)}
            lang={l}
            values={current(q)}
            error={e[participation.fieldName(q)]}
            comuni={props.comuni}
            {...templateText(l, q)}
          />
        ))}
        <SubmitButton label={t(l, last ? 'srv.submit' : 'survey.form.next')} />
      </Form>
    </TitledPage>
  );
}

export function SurveyThanksPage(props: { ctx: PageContext; survey: SurveyView; changed: boolean; again: string }): VNode {
  const l = props.ctx.lang;
  return (
    <TitledPage ctx={props.ctx} heading={t(l, 'srv.thanks')} head={EVENTS_CSS}>
      <Notice kind="success">{t(l, props.changed ? 'srv.thanks.changed' : 'srv.thanks.text')}</Notice>
      <p>
        <strong>{props.survey.event.title}</strong>
      </p>
      <p>
        <a href={props.again}>{t(l, 'srv.thanks.again')}</a>
      </p>
      <p>
        <a href="/eventi">{t(l, 'srv.thanks.events')}</a>
      </p>
    </TitledPage>
  );
}

// ---------- results, for staff ----------

function Figures(props: { l: Lang; f: SurveyFigures }): VNode {
  const { l, f } = props;
  return (
    <dl class="ponte-event-facts mb-3">
      <dt>{t(l, 'srv.sent')}</dt>
      <dd>{f.sent}</dd>
      <dt>{t(l, 'srv.answered')}</dt>
      <dd>{f.answered}</dd>
      <dt>{t(l, 'srv.rate')}</dt>
      <dd>{percent(l, f.responseRate)}</dd>
      <dt>{t(l, 'srv.average')}</dt>
      <dd>{f.average === null ? t(l, 'srv.none') : t(l, 'srv.average.value', { n: decimal(l, f.average) })}</dd>
    </dl>
  );
}

function DistributionTable(props: { l: Lang; rows: Distribution[]; answered: number; id: string }): VNode {
  const { l } = props;
  return (
    <ScrollRegion label={t(l, 'srv.distribution')}>
      <table class="table" id={props.id}>
        <caption>{t(l, 'srv.distribution')}</caption>
        <thead>
          <ColumnHeads columns={['rating', 'count', 'share'].map((k) => t(l, `srv.col.${k}`))} />
        </thead>
        <tbody>
          {props.rows.map((d) => (
            <tr>
              <th scope="row">{t(l, `srv.rating.${d.rating}`)}</th>
              <td>{d.count}</td>
              <td>
                {percent(l, props.answered > 0 ? d.count / props.answered : null)}
                {/* The bar repeats the percentage for the eye; the number above it is what is read out. */}
                <progress class="d-block w-100" max={Math.max(1, props.answered)} value={d.count} aria-hidden="true" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function EventSurveyPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  results: EventSurveyResults;
}): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const r = props.results;
  return (
    <EventStaffLayout ctx={props.ctx} organisation={o} event={r.event} here={t(l, 'srv.results')} head={EVENTS_CSS}>
      <p class="lead">{sessionLabel(r.event.start, r.event.end, l)}</p>
      <p>{t(l, 'srv.results.how')}</p>
      <p>
        <a href={`/admin/questionari/${r.surveyId}`}>{t(l, 'srv.edit')}</a>
        {' · '}
        <a href={`/admin/questionari/${r.surveyId}/risultati`}>{t(l, 'srv.allResults')}</a>
      </p>
      <Figures l={l} f={r} />
      <DistributionTable l={l} rows={r.distribution} answered={r.answered} id="distribuzione" />
      <h2 class="h4 mt-4">{t(l, 'srv.comments')}</h2>
      <p>
        <em>{t(l, 'srv.results.anonymous')}</em>
      </p>
      {r.comments.length === 0 ? (
        <p>{t(l, 'srv.comments.none')}</p>
      ) : (
        <ul class="list-unstyled">
          {r.comments.map((c) => (
            <li class="ponte-card mb-2">
              <p class="fw-semibold mb-1">
                {c.rating === null ? '' : `${t(l, 'srv.comment.rating', { n: c.rating })} · `}
                {dayLabel(c.answeredAt, l)}
              </p>
              <MultiLine text={c.comment} />
            </li>
          ))}
        </ul>
      )}
    </EventStaffLayout>
  );
}

export function ProgrammeSurveyPage(props: { ctx: PageContext; results: ProgrammeSurveyResults }): VNode {
  const l = props.ctx.lang;
  const r = props.results;
  const o = r.programme.organisation;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={`${t(l, 'srv.programme.title')}: ${r.programme.name}`}
      crumbs={staffCrumbs(
        l,
        o,
        { href: `/admin/organisations/${o.id}/programmes`, label: t(l, 'srv.programmes') },
        { href: `/admin/programmes/${r.programme.id}`, label: r.programme.name },
        { label: t(l, 'srv.results') },
      )}
      head={EVENTS_CSS}
    >
      <p>{t(l, 'srv.results.how')}</p>
      <Figures l={l} f={r} />
      <p class="form-text">{t(l, 'srv.programme.average')}</p>
      <DistributionTable l={l} rows={r.distribution} answered={r.answered} id="distribuzione" />
      <h2 class="h4 mt-4">{t(l, 'srv.programme.events')}</h2>
      {r.events.length === 0 ? (
        <p>{t(l, 'srv.programme.noEvents')}</p>
      ) : (
        <StaffTable
          caption={t(l, 'srv.programme.events')}
          columns={['srv.col.event', 'srv.col.date', 'srv.sent', 'srv.answered', 'srv.rate', 'srv.average'].map((k) => t(l, k))}
        >
          {r.events.map((e) => (
            <tr>
              <th scope="row">
                <a href={`/admin/events/${e.id}/gradimento`}>{e.title}</a>
              </th>
              <td>{dayLabel(e.start, l)}</td>
              <td>{e.sent}</td>
              <td>{e.answered}</td>
              <td>{percent(l, e.responseRate)}</td>
              <td>{e.average === null ? t(l, 'srv.none') : decimal(l, e.average)}</td>
            </tr>
          ))}
        </StaffTable>
      )}
    </TitledPage>
  );
}
