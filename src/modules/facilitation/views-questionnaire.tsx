import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { boundFields } from '../../web/components/bound-fields.js';
import { type FormPageProps, formPage, SubmitButton } from '../../web/components/form-page.js';
import { TitledPage } from '../../web/components/titled-page.js';
import { ErrorSummary, Form, FormProblem, Notice } from '../../web/forms.js';
import { DISCOVERY, HELPERS, REASONS, RETURN } from './codes.js';
import type { QuestionnaireView } from './service.js';
import { boundChoices, STYLES } from './views.js';

// ---------------- the citizen's questionnaire ----------------

export function QuestionnairePage(props: FormPageProps & { q: QuestionnaireView; token: string; done: boolean }): VNode {
  const { l, v, e } = formPage(props);
  const q = props.q;
  const form = { values: v, errors: e, label: (name: string) => t(l, `q.${name}`) };
  const f = boundFields(form);
  const Choice = boundChoices(form);
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
            <Choice name="es1" list={DISCOVERY} columns />
            <Choice name="es2" list={REASONS} />
            <Choice name="es3" list={RETURN} type="radio" />
            <f.Area name="es4" maxLength={600} rows={3} />
            <Choice name="es5" list={HELPERS} columns />
            <Choice name="es6" list={{ '1': '1 – per nulla', '2': '2', '3': '3', '4': '4', '5': '5 – moltissimo' }} type="radio" />
            <SubmitButton label={t(l, 'q.send')} class="btn btn-primary btn-lg" />
          </Form>
        </>
      )}
    </TitledPage>
  );
}
