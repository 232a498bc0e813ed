import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { SubmitButton } from '../../web/components/form-page.js';
import { TitledPage } from '../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, FormProblem, Notice, TextArea } from '../../web/forms.js';
import type { PageContext } from '../../web/layout.js';
import { DISCOVERY, HELPERS, REASONS, RETURN } from './codes.js';
import type { QuestionnaireView } from './service.js';
import { Choices, type FormBody, STYLES, val, vals } from './views.js';

// ---------------- the citizen's questionnaire ----------------

export function QuestionnairePage(props: {
  ctx: PageContext;
  q: QuestionnaireView;
  token: string;
  values: FormBody;
  errors: Errors;
  done: boolean;
}): VNode {
  const l = props.ctx.lang;
  const v = props.values;
  const e = props.errors;
  const q = props.q;
  return (
    <TitledPage ctx={props.ctx} heading={t(l, 'q.title')} head={STYLES}>
      {props.done ? (
        <Notice kind="success">{t(l, 'q.thanks')}</Notice>
      ) : q.status === 'answered' ? (
        <Notice kind="info">{t(l, 'q.answered')}</Notice>
      ) : (
        <>
          <p>{t(l, 'q.intro', { date: formatDate(q.date, l), org: q.organisationName })}</p>
          <FormProblem errors={e} />
          <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={{ es1: t(l, 'q.es1'), es6: t(l, 'q.es6') }} />
          <Form action={`/questionario/${q.id}`} csrf={props.ctx.csrf}>
            <input type="hidden" name="token" value={props.token} />
            <Choices name="es1" legend={t(l, 'q.es1')} list={DISCOVERY} chosen={vals(v, 'es1')} error={e.es1} columns />
            <Choices name="es2" legend={t(l, 'q.es2')} list={REASONS} chosen={vals(v, 'es2')} error={e.es2} />
            <Choices name="es3" legend={t(l, 'q.es3')} list={RETURN} chosen={vals(v, 'es3')} error={e.es3} type="radio" />
            <TextArea name="es4" label={t(l, 'q.es4')} value={val(v, 'es4')} error={e.es4} maxLength={600} rows={3} />
            <Choices name="es5" legend={t(l, 'q.es5')} list={HELPERS} chosen={vals(v, 'es5')} error={e.es5} columns />
            <Choices
              name="es6"
              legend={t(l, 'q.es6')}
              list={{ '1': '1 – per nulla', '2': '2', '3': '3', '4': '4', '5': '5 – moltissimo' }}
              chosen={vals(v, 'es6')}
              error={e.es6}
              type="radio"
            />
            <SubmitButton label={t(l, 'q.send')} class="btn btn-primary btn-lg" />
          </Form>
        </>
      )}
    </TitledPage>
  );
}
