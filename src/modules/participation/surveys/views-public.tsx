import type { VNode } from 'preact';
import { t } from '../../../core/i18n.js';
import { FieldList } from '../../../web/components/field-list.js';
import { type FormPageProps, formPage, Honeypot, SubmitButton } from '../../../web/components/form-page.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, Form, Notice } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import { CarriedAnswers, QuestionField } from './fields.js';
import type { Answers, Question } from './model.js';
import type { SurveyResults } from './results.js';
import { type Comune, fieldName, type SurveyView } from './service.js';
import { type FilterChoice, ResultsPage } from './views-results.js';

/** The public pages of a survey: its steps, the "check your messages" page, public results. */

export function SurveyStepPage(
  props: FormPageProps & {
    survey: SurveyView;
    comuni: Comune[];
    /** The questions of this step (null: the contact step after the last question). */
    questions: Question[] | null;
    step: number;
    steps: number;
    /** Answers of earlier steps (carried) and of this one (shown again after an error). */
    carried: Answers;
    current: Answers;
    /** Whether the contact fields come on this page. */
    withContact: boolean;
    contact?: { email?: string; phone?: string };
  },
): VNode {
  const { l, e } = formPage(props);
  const s = props.survey;
  const qs = props.questions ?? [];
  const carriedQuestions = s.questions.filter((q) => !qs.includes(q));
  const labels: Record<string, string> = { email: t(l, 'survey.form.email'), phone: t(l, 'survey.form.phone') };
  for (const q of s.questions) labels[fieldName(q)] = q.label;
  return (
    <TitledPage ctx={props.ctx} heading={s.title} crumbs={[{ href: '/partecipa', label: t(l, 'survey.public.crumb') }, { label: s.title }]}>
      {props.steps > 1 ? <p class="lead">{t(l, 'survey.form.step', { n: props.step + 1, of: props.steps })}</p> : null}
      {s.intro && props.step === 0 ? <p>{s.intro}</p> : null}
      <p>{t(l, 'survey.form.how')}</p>
      <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={labels} />
      <Form action={`/partecipa/questionari/${s.id}`} csrf={props.ctx.csrf}>
        <input type="hidden" name="passo" value={String(props.step)} />
        <CarriedAnswers questions={carriedQuestions} answers={props.carried} nameOf={fieldName} />
        {qs.map((q) => (
          <QuestionField
            q={q}
            name={fieldName(q)}
            lang={l}
            values={props.current[q.id] ?? []}
            error={e[fieldName(q)]}
            comuni={props.comuni}
          />
        ))}
        {props.withContact ? (
          <fieldset class="mb-4">
            <legend class="h5 fw-semibold">{t(l, 'survey.form.contact')}</legend>
            <p id="contact-why">{t(l, 'survey.form.contact.why')}</p>
            <FieldList
              values={props.contact}
              errors={e}
              label={(name) => labels[name]}
              fields={[
                { name: 'email', type: 'email', autocomplete: 'email', maxLength: 254, describedBy: 'contact-why' },
                { name: 'phone', type: 'tel', autocomplete: 'tel', maxLength: 30, hint: t(l, 'survey.form.phone.hint') },
              ]}
            />
            <Honeypot label={t(l, 'survey.form.honeypot')} />
          </fieldset>
        ) : null}
        <SubmitButton label={t(l, props.withContact ? 'survey.form.send' : 'survey.form.next')} />
      </Form>
    </TitledPage>
  );
}

export function SurveySentPage(props: { ctx: PageContext; survey: SurveyView; channel: 'email' | 'sms' }): VNode {
  const l = props.ctx.lang;
  return (
    <TitledPage ctx={props.ctx} heading={t(l, 'survey.sent.title')}>
      <Notice kind="success">{t(l, props.channel === 'email' ? 'survey.sent.email' : 'survey.sent.sms')}</Notice>
      {props.channel === 'sms' ? (
        <p>
          <a href="/partecipa/conferma">{t(l, 'survey.sent.code')}</a>
        </p>
      ) : null}
      <p>
        <strong>{props.survey.title}</strong>
      </p>
    </TitledPage>
  );
}

export function SurveyClosedPage(props: { ctx: PageContext; survey: SurveyView }): VNode {
  const l = props.ctx.lang;
  const s = props.survey;
  return (
    <TitledPage ctx={props.ctx} heading={s.title}>
      <Notice kind="info">{t(l, 'survey.problem.notOpen')}</Notice>
      {s.publicResults ? (
        <p>
          <a href={`/partecipa/questionari/${s.id}/risultati`}>{t(l, 'survey.results.title')}</a>
        </p>
      ) : null}
    </TitledPage>
  );
}

export function PublicResultsPage(props: {
  ctx: PageContext;
  survey: SurveyView;
  results: SurveyResults;
  filterBase: string;
  filters: FilterChoice[];
}): VNode {
  const l = props.ctx.lang;
  const s = props.survey;
  return ResultsPage({
    ...props,
    crumbs: [{ href: '/partecipa', label: t(l, 'survey.public.crumb') }, { label: s.title }],
    base: props.filterBase,
  });
}
