import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { CheckboxField, ErrorSummary, type Errors, Form, FormProblem, SelectField, TextArea, TextField } from '../../../web/forms.js';
import { CHILD_AGE_MAX, QUESTION_KINDS } from '../booking/answers.js';
import type { BookingDetails, BookingFormSettings } from '../booking/questions-repo.js';
import { EVENTS_CSS } from '../catalogue/views.js';
import type { EventDetail } from '../service.js';
import { crumbs, type FormValues, type Org, val } from './staff.js';

/**
 * The questions an event asks at booking: their fields on the public booking form, how a
 * booking's answers and child's details read in the staff list and at the door, and the staff
 * page where they are set.
 */

type Values = Record<string, string | string[] | undefined>;

/** The labels of the extra fields, for the error summary at the top of the booking form. */
export function extraLabels(l: Lang, form: BookingFormSettings | undefined): Record<string, string> {
  if (!form) return {};
  const labels: Record<string, string> = Object.fromEntries(form.questions.map((qn) => [`answers.${qn.id}`, qn.label]));
  if (form.forMinors) {
    labels.name = t(l, 'book.guardian.name');
    labels['child.name'] = t(l, 'book.child.name');
    labels['child.age'] = t(l, 'book.child.age');
    labels['guardian.consent'] = t(l, 'book.guardian.consent');
    labels.child = t(l, 'book.child.legend');
  }
  return labels;
}

/** The child's fields, shown before the booking's own for an activity for minors. */
export function ChildFields(props: { l: Lang; form?: BookingFormSettings; values: Values; errors: Errors }): VNode | null {
  const { l, values: v, errors: e } = props;
  if (!props.form?.forMinors) return null;
  return (
    <fieldset class="mb-3 ponte-fieldset" aria-describedby="h-child">
      <legend class="h6">{t(l, 'book.child.legend')}</legend>
      <p id="h-child" class="form-text">
        {t(l, 'book.child.hint')}
      </p>
      <TextField
        name="child.name"
        label={t(l, 'book.child.name')}
        required
        maxLength={60}
        autocomplete="off"
        value={val(v, 'child.name')}
        error={e['child.name']}
      />
      <TextField
        name="child.age"
        label={t(l, 'book.child.age')}
        required
        type="number"
        inputMode="numeric"
        min={0}
        max={CHILD_AGE_MAX}
        value={val(v, 'child.age')}
        error={e['child.age'] ?? e.child}
      />
    </fieldset>
  );
}

/** The event's questions and, for minors, the guardian's declaration; before the privacy checkbox. */
export function QuestionFields(props: { l: Lang; form?: BookingFormSettings; values: Values; errors: Errors }): VNode | null {
  const { l, form, values: v, errors: e } = props;
  if (!form || (!form.forMinors && form.questions.length === 0)) return null;
  return (
    <>
      {form.questions.length ? (
        <fieldset class="mb-3 ponte-fieldset">
          <legend class="h6">{t(l, 'book.questions')}</legend>
          {form.questions.map((qn) => {
            const name = `answers.${qn.id}`;
            const common = { name, label: qn.label, required: qn.required, value: val(v, name), error: e[name] };
            if (qn.kind === 'text') return <TextArea {...common} rows={2} maxLength={500} />;
            const options =
              qn.kind === 'choice'
                ? qn.options.map((o) => ({ value: o, label: o }))
                : [
                    { value: 'yes', label: t(l, 'book.answer.yes') },
                    { value: 'no', label: t(l, 'book.answer.no') },
                  ];
            return <SelectField {...common} placeholder={t(l, 'book.answer.choose')} options={options} />;
          })}
        </fieldset>
      ) : null}
      {form.forMinors ? (
        <div class="form-check mb-3">
          <input
            class="form-check-input"
            type="checkbox"
            id="f-guardian.consent"
            name="guardian.consent"
            value="1"
            aria-required="true"
            checked={val(v, 'guardian.consent') === '1'}
            aria-invalid={e['guardian.consent'] ? 'true' : undefined}
            aria-describedby={e['guardian.consent'] ? 'e-guardian.consent' : undefined}
          />
          <label class="form-check-label" for="f-guardian.consent">
            {t(l, 'book.guardian.consent')}
            <span aria-hidden="true"> *</span>
          </label>
          {e['guardian.consent'] ? (
            <div id="e-guardian.consent" class="ponte-field-error">
              {e['guardian.consent']}
            </div>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

/** An answer as staff read it: yes/no in words, others as given. */
export function answerText(l: Lang, a: BookingDetails['answers'][number]): string {
  if (a.kind === 'yes-no') return t(l, a.value === 'yes' ? 'reg.answer.yes' : 'reg.answer.no');
  return a.value;
}

/** "Minore: Luca, 9 anni · responsabile: Maria Rossi", for the staff list and the door. */
export function childLine(l: Lang, child: BookingDetails['child']): string {
  if (!child) return '';
  return t(l, 'reg.child', {
    name: child.name,
    age: child.age === null ? '' : t(l, 'reg.child.age', { age: child.age }),
    guardian: child.guardianName ?? '—',
  });
}

/** "minore: Luca, 9 anni", beside the guardian's name at the door. */
export function childAtDoor(l: Lang, child: { name: string; age: number | null }): string {
  return t(l, 'door.child', { name: child.name, age: child.age === null ? '' : t(l, 'reg.child.age', { age: child.age }) });
}

/** Under a booking's name in the staff list: the child and guardian, then each answer. */
export function BookingDetailsLines(props: { l: Lang; details?: BookingDetails }): VNode | null {
  const d = props.details;
  if (!d || (!d.child && d.answers.length === 0)) return null;
  return (
    <ul class="list-unstyled small mb-0 mt-1 ponte-booking-details">
      {d.child ? <li>{childLine(props.l, d.child)}</li> : null}
      {d.answers.map((a) => (
        <li>
          {a.label}: {answerText(props.l, a)}
        </li>
      ))}
    </ul>
  );
}

// ---------- the staff page ----------

/** How many blank rows the page offers for new questions at once. */
export const NEW_ROWS = 1;

function QuestionRow(props: { l: Lang; i: number; v: FormValues; e: Errors; existing: boolean }): VNode {
  const { l, i, v, e } = props;
  const k = (f: string) => `q${i}.${f}`;
  return (
    <fieldset class="mb-4 ponte-fieldset">
      <legend class="h6">{props.existing ? t(l, 'qs.question', { n: i + 1 }) : t(l, 'qs.new')}</legend>
      {props.existing ? <input type="hidden" name={k('id')} value={val(v, k('id'))} /> : <p class="form-text">{t(l, 'qs.empty.hint')}</p>}
      <TextField
        name={k('label')}
        label={t(l, 'qs.label')}
        required={props.existing}
        maxLength={200}
        value={val(v, k('label'))}
        error={e[k('label')]}
      />
      <SelectField
        name={k('kind')}
        label={t(l, 'qs.kind')}
        value={val(v, k('kind')) || 'text'}
        error={e[k('kind')]}
        options={QUESTION_KINDS.map((kind) => ({ value: kind, label: t(l, `qs.kind.${kind}`) }))}
      />
      <TextArea
        name={k('options')}
        label={t(l, 'qs.options')}
        hint={t(l, 'qs.options.hint')}
        rows={3}
        value={val(v, k('options'))}
        error={e[k('options')]}
      />
      <TextField
        name={k('position')}
        label={t(l, 'qs.position')}
        type="number"
        inputMode="numeric"
        min={1}
        max={99}
        value={val(v, k('position')) || String(i + 1)}
        error={e[k('position')]}
      />
      <CheckboxField name={k('required')} label={t(l, 'qs.required')} checked={val(v, k('required')) === '1'} />
      {props.existing ? <CheckboxField name={k('remove')} label={t(l, 'qs.remove')} checked={val(v, k('remove')) === '1'} /> : null}
    </fieldset>
  );
}

/** The form's values for the questions as saved. */
export function questionValues(form: BookingFormSettings): FormValues {
  const v: FormValues = { forMinors: form.forMinors ? '1' : '' };
  form.questions.forEach((qn, i) => {
    v[`q${i}.id`] = qn.id;
    v[`q${i}.label`] = qn.label;
    v[`q${i}.kind`] = qn.kind;
    v[`q${i}.options`] = qn.options.join('\n');
    v[`q${i}.position`] = String(i + 1);
    v[`q${i}.required`] = qn.required ? '1' : '';
  });
  return v;
}

export function QuestionsPage(
  props: FormPageProps & {
    organisation: Org;
    event: EventDetail;
    /** Existing questions shown as rows (from the saved form, or as posted). */
    rows: number;
    values: FormValues;
    saved?: boolean;
  },
): VNode {
  const { l, v, e } = formPage(props);
  const ev = props.event;
  const hasErrors = Object.keys(e).length > 0;
  const labels: Record<string, string> = { forMinors: t(l, 'qs.forMinors') };
  for (let i = 0; i < props.rows + NEW_ROWS; i++) {
    const n = i < props.rows ? t(l, 'qs.question', { n: i + 1 }) : t(l, 'qs.new');
    for (const f of ['label', 'kind', 'options', 'position']) labels[`q${i}.${f}`] = `${n} – ${t(l, `qs.${f}`)}`;
  }
  return (
    <TitledPage
      ctx={props.ctx}
      heading={`${t(l, 'qs.title')}: ${ev.title}`}
      title={`${hasErrors ? `${t(l, 'form.errors')} – ` : ''}${t(l, 'qs.title')}: ${ev.title}`}
      crumbs={crumbs(l, props.organisation, [
        { href: `/admin/organisations/${props.organisation.id}/events`, label: t(l, 'sev.title') },
        { href: `/admin/events/${ev.id}`, label: ev.title },
        { label: t(l, 'qs.title') },
      ])}
      head={EVENTS_CSS}
    >
      <p class="lead">{t(l, 'qs.lead')}</p>
      {props.saved ? (
        <div class="alert alert-success" role="status">
          {t(l, 'qs.saved')}
        </div>
      ) : null}
      <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={labels} />
      <FormProblem errors={e} />
      <div class="col-12 col-md-10 col-lg-8 px-0">
        <Form action={`/admin/events/${ev.id}/domande`} csrf={props.ctx.csrf}>
          <CheckboxField
            name="forMinors"
            label={t(l, 'qs.forMinors')}
            hint={t(l, 'qs.forMinors.hint')}
            checked={val(v, 'forMinors') === '1'}
          />
          {Array.from({ length: props.rows + NEW_ROWS }, (_, i) => (
            <QuestionRow l={l} i={i} v={v} e={e} existing={i < props.rows} />
          ))}
          <SubmitButton label={t(l, 'qs.save')} />
        </Form>
      </div>
      <p class="mt-3">
        <a href={`/admin/events/${ev.id}/registrations`}>{t(l, 'reg.title')}</a>
      </p>
    </TitledPage>
  );
}
