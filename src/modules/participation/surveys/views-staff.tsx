import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { boundFields } from '../../../web/components/bound-fields.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { ButtonForm } from '../../../web/components/form-section.js';
import { RecordCards } from '../../../web/components/record-cards.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { CheckboxField, ErrorSummary, Form, type FormBody, Notice, SelectField, TextArea, TextField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import { isCounted, QUESTION_KINDS, type Question } from './model.js';
import { type SurveyResults, valueLabels } from './results.js';
import type { Comune, SurveyView } from './service.js';
import { type FilterChoice, ResultsPage } from './views-results.js';

/** Staff's pages of the survey builder: the list, one survey with its questions, a question's form, the results. */

type Org = { id: string; name: string };
const one = (v: FormBody[string]) => (Array.isArray(v) ? v[0] : v) ?? '';
const w = (l: Lang, k: string, vars?: Record<string, string | number>) => t(l, `survey.staff.${k}`, vars);

const crumbs = (l: Lang, o: Org, more: { href?: string; label: string }[]) =>
  staffCrumbs(l, o, { href: `/admin/organisations/${o.id}/questionari`, label: w(l, 'list') }, ...more);

export function SurveyListPage(
  props: FormPageProps & {
    organisation: Org;
    surveys: SurveyView[];
    processes: { id: string; title: string }[];
  },
): VNode {
  const { l, e, v } = formPage(props);
  const o = props.organisation;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={w(l, 'list')}
      title={`${w(l, 'list')} · ${o.name}`}
      crumbs={crumbs(l, o, [])
        .slice(0, 2)
        .concat({ label: w(l, 'list') })}
    >
      <RecordCards
        none={w(l, 'none')}
        cards={props.surveys.map((s) => ({
          title: s.title,
          href: `/admin/questionari/${s.id}`,
          body: (
            <>
              <p class="mb-0">
                {t(l, `survey.status.${s.status}`)} · {w(l, 'count', { n: s.questions.length })}
              </p>
            </>
          ),
        }))}
      />
      <h2>{w(l, 'new')}</h2>
      <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={{ title: w(l, 'field.title'), process: w(l, 'field.process') }} />
      <Form action={`/admin/organisations/${o.id}/questionari`} csrf={props.ctx.csrf}>
        <TextField name="title" label={w(l, 'field.title')} value={one(v.title)} error={e.title} required maxLength={200} />
        <TextArea name="intro" label={w(l, 'field.intro')} value={one(v.intro)} error={e.intro} maxLength={2000} />
        {props.processes.length > 0 ? (
          <SelectField
            name="process"
            label={w(l, 'field.process')}
            value={one(v.process)}
            error={e.process}
            placeholder={w(l, 'field.noProcess')}
            options={props.processes.map((p) => ({ value: p.id, label: p.title }))}
          />
        ) : null}
        <SubmitButton label={w(l, 'create')} />
      </Form>
    </TitledPage>
  );
}

function conditionText(l: Lang, q: Question, all: Question[], comuni: Comune[]): string | null {
  if (!q.showIf) return null;
  const p = all.find((x) => x.id === q.showIf?.question);
  if (!p) return null;
  const value = valueLabels(p, comuni, l).find((v) => v.value === q.showIf?.value)?.label ?? q.showIf.value;
  return w(l, 'condition', { label: p.label, value });
}

/** The choices of a condition: each possible answer of each counted question before this one. */
function conditionOptions(l: Lang, before: Question[], comuni: Comune[]) {
  return before
    .filter((p) => isCounted(p.kind))
    .flatMap((p) => valueLabels(p, comuni, l).map((v) => ({ value: `${p.id}:${v.value}`, label: `${p.label} = ${v.label}` })));
}

export function QuestionForm(
  props: FormPageProps & {
    action: string;
    before: Question[];
    comuni: Comune[];
    submit: string;
  },
): VNode {
  const { l, e, v } = formPage(props);
  const labels = {
    kind: w(l, 'field.kind'),
    label: w(l, 'field.label'),
    hint: w(l, 'field.hint'),
    options: w(l, 'field.options'),
    showIf: w(l, 'field.showIf'),
  };
  return (
    <>
      <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={labels} />
      <Form action={props.action} csrf={props.ctx.csrf}>
        <SelectField
          name="kind"
          label={labels.kind}
          value={one(v.kind) || 'single'}
          error={e.kind}
          required
          options={QUESTION_KINDS.map((k) => ({ value: k, label: t(l, `survey.kind.${k}`) }))}
        />
        <TextField name="label" label={labels.label} value={one(v.label)} error={e.label} required maxLength={300} />
        <TextField name="hint" label={labels.hint} value={one(v.hint)} error={e.hint} maxLength={300} />
        <TextArea
          name="options"
          label={labels.options}
          value={one(v.options)}
          error={e.options}
          rows={5}
          hint={w(l, 'field.options.hint')}
        />
        <CheckboxField name="required" label={w(l, 'field.required')} checked={one(v.required) === '1'} />
        {props.before.some((p) => isCounted(p.kind)) ? (
          <SelectField
            name="showIf"
            label={labels.showIf}
            value={one(v.showIf)}
            error={e.showIf}
            placeholder={w(l, 'field.always')}
            options={conditionOptions(l, props.before, props.comuni)}
            hint={w(l, 'field.showIf.hint')}
          />
        ) : null}
        <SubmitButton label={props.submit} />
      </Form>
    </>
  );
}

/** A question as the form shows it again. */
export function questionValues(q: Question): FormBody {
  return {
    kind: q.kind,
    label: q.label,
    hint: q.hint ?? '',
    options: q.options.join('\n'),
    required: q.required ? '1' : '',
    showIf: q.showIf ? `${q.showIf.question}:${q.showIf.value}` : '',
  };
}

export function SurveyBuilderPage(
  props: FormPageProps & {
    organisation: Org;
    survey: SurveyView;
    comuni: Comune[];
    notice?: string;
    /** Which form the values and errors belong to. */
    form?: 'settings' | 'question';
    /** A refusal of a move or removal, shown at the top. */
    problem?: string;
  },
): VNode {
  const { l } = formPage(props);
  const o = props.organisation;
  const s = props.survey;
  const settingsErrors = props.form === 'settings' ? (props.errors ?? {}) : {};
  const sv =
    props.form === 'settings' && props.values
      ? props.values
      : { title: s.title, intro: s.intro ?? '', status: s.status, publicResults: s.publicResults ? '1' : '' };
  const f = boundFields({ values: sv, errors: settingsErrors, label: (n) => w(l, `field.${n}`) });
  return (
    <TitledPage ctx={props.ctx} heading={s.title} title={`${s.title} · ${o.name}`} crumbs={crumbs(l, o, [{ label: s.title }])}>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.problem ? <Notice kind="danger">{props.problem}</Notice> : null}
      <p>
        {t(l, `survey.status.${s.status}`)}
        {s.status === 'open' && !s.event ? (
          <>
            {' · '}
            <a href={`/partecipa/questionari/${s.id}`}>{w(l, 'publicLink')}</a>
          </>
        ) : null}
        {' · '}
        <a href={`/admin/questionari/${s.id}/risultati`}>{t(l, 'survey.results.title')}</a>
      </p>
      <h2>{w(l, 'questions')}</h2>
      {s.questions.length === 0 ? <p>{w(l, 'noQuestions')}</p> : null}
      <ol>
        {s.questions.map((q, i) => (
          <li class="mb-3">
            <p class="fw-semibold mb-1">{q.label}</p>
            <p class="mb-1">
              {t(l, `survey.kind.${q.kind}`)}
              {q.required ? ` · ${w(l, 'requiredShort')}` : ''}
              {q.options.length > 0 && q.kind !== 'scale' ? ` · ${q.options.join(' / ')}` : ''}
            </p>
            {q.showIf ? <p class="mb-1">{conditionText(l, q, s.questions, props.comuni)}</p> : null}
            <div class="d-flex flex-wrap gap-2">
              <a class="btn btn-sm btn-outline-primary" href={`/admin/questionari/${s.id}/domande/${q.id}`}>
                {w(l, 'edit')}
                <span class="visually-hidden">: {q.label}</span>
              </a>
              {(['up', 'down'] as const)
                .filter((direction) => (direction === 'up' ? i > 0 : i < s.questions.length - 1))
                .map((direction) => (
                  <ButtonForm
                    action={`/admin/questionari/${s.id}/domande/${q.id}/sposta`}
                    csrf={props.ctx.csrf}
                    hidden={{ direction }}
                    label={w(l, direction)}
                    class="btn btn-sm btn-outline-secondary"
                  >
                    <span class="visually-hidden">: {q.label}</span>
                  </ButtonForm>
                ))}
              <ButtonForm
                action={`/admin/questionari/${s.id}/domande/${q.id}/elimina`}
                csrf={props.ctx.csrf}
                label={w(l, 'remove')}
                class="btn btn-sm btn-outline-danger"
              >
                <span class="visually-hidden">: {q.label}</span>
              </ButtonForm>
            </div>
          </li>
        ))}
      </ol>
      <h2>{w(l, 'addQuestion')}</h2>
      <QuestionForm
        ctx={props.ctx}
        action={`/admin/questionari/${s.id}/domande`}
        before={s.questions}
        comuni={props.comuni}
        values={props.form === 'question' ? props.values : undefined}
        errors={props.form === 'question' ? props.errors : undefined}
        submit={w(l, 'add')}
      />
      <h2 class="mt-4">{w(l, 'settings')}</h2>
      <ErrorSummary errors={settingsErrors} title={t(l, 'form.errors')} labels={{ title: w(l, 'field.title') }} idPrefix="s-" />
      <Form action={`/admin/questionari/${s.id}`} csrf={props.ctx.csrf}>
        <f.Text name="title" required maxLength={200} idPrefix="s-" />
        <f.Area name="intro" maxLength={2000} idPrefix="s-" />
        {s.event ? null : (
          <f.Select
            name="status"
            options={['draft', 'open', 'closed'].map((x) => ({ value: x, label: t(l, `survey.status.${x}`) }))}
            idPrefix="s-"
          />
        )}
        <CheckboxField name="publicResults" label={w(l, 'field.publicResults')} checked={one(sv.publicResults) === '1'} idPrefix="s-" />
        <SubmitButton label={w(l, 'save')} />
      </Form>
    </TitledPage>
  );
}

export function QuestionEditPage(
  props: FormPageProps & {
    organisation: Org;
    survey: SurveyView;
    question: Question;
    comuni: Comune[];
  },
): VNode {
  const { l } = formPage(props);
  const s = props.survey;
  const q = props.question;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={w(l, 'editQuestion')}
      title={`${w(l, 'editQuestion')} · ${s.title}`}
      crumbs={crumbs(l, props.organisation, [{ href: `/admin/questionari/${s.id}`, label: s.title }, { label: w(l, 'editQuestion') }])}
    >
      <QuestionForm
        ctx={props.ctx}
        action={`/admin/questionari/${s.id}/domande/${q.id}`}
        before={s.questions.filter((x) => x.position < q.position)}
        comuni={props.comuni}
        values={props.values ?? questionValues(q)}
        errors={props.errors}
        submit={w(l, 'save')}
      />
    </TitledPage>
  );
}

export function StaffResultsPage(props: {
  ctx: PageContext;
  organisation: Org;
  survey: SurveyView;
  results: SurveyResults;
  filters: FilterChoice[];
  csv: string;
}): VNode {
  const l = props.ctx.lang;
  const s = props.survey;
  return ResultsPage({
    ...props,
    crumbs: crumbs(l, props.organisation, [
      { href: `/admin/questionari/${s.id}`, label: s.title },
      { label: t(l, 'survey.results.title') },
    ]),
    base: `/admin/questionari/${s.id}/risultati`,
  });
}
