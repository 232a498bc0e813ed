import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import type { Errors } from '../../../web/forms.js';
import { AGE_BANDS, type Answers, type Question, TEXT_MAX } from './model.js';
import type { Comune } from './service.js';

/**
 * One question as a form control that works without JavaScript: radios for one choice, a scale
 * and an age band, checkboxes for several, a select for the comune, a text field or area. The
 * fieldset's legend is the question; its error sits under the legend.
 */
export function QuestionField(props: {
  q: Question;
  name: string;
  lang: Lang;
  values: string[];
  error?: string;
  comuni: Comune[];
  /** The question's words in the page's language, when they differ from the stored ones (templates). */
  label?: string;
  hint?: string | null;
  optionLabels?: string[];
}): VNode {
  const { q, name, lang: l } = props;
  const id = `f-${name}`;
  const label = props.label ?? q.label;
  const hint = props.hint === undefined ? q.hint : props.hint;
  const describedBy = [hint ? `h-${name}` : '', props.error ? `e-${name}` : ''].filter(Boolean).join(' ') || undefined;
  const mark = q.required ? <span aria-hidden="true"> *</span> : null;
  const messages = (
    <>
      {hint ? (
        <small id={`h-${name}`} class="form-text d-block">
          {hint}
        </small>
      ) : null}
      {props.error ? (
        <div id={`e-${name}`} class="ponte-field-error">
          {props.error}
        </div>
      ) : null}
    </>
  );
  /** A control with its label above and its hint and error under it. */
  const Labelled = ({ children }: { children: ComponentChildren }) => (
    <div class="mb-4 ponte-field">
      <label class="form-label fw-semibold" for={id}>
        {label}
        {mark}
      </label>
      {children}
      {messages}
    </div>
  );
  if (q.kind === 'short' || q.kind === 'long') {
    const max = TEXT_MAX[q.kind];
    const common = {
      class: `form-control${props.error ? ' is-invalid' : ''}`,
      id,
      name,
      maxLength: max,
      'aria-invalid': props.error ? ('true' as const) : undefined,
      'aria-describedby': describedBy,
      'aria-required': q.required ? ('true' as const) : undefined,
    };
    return (
      <Labelled>
        {q.kind === 'short' ? (
          <input type="text" {...common} value={props.values[0] ?? ''} />
        ) : (
          <textarea rows={5} {...common}>
            {props.values[0] ?? ''}
          </textarea>
        )}
      </Labelled>
    );
  }
  if (q.kind === 'comune') {
    return (
      <Labelled>
        <select
          class={`form-select${props.error ? ' is-invalid' : ''}`}
          id={id}
          name={name}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy}
          aria-required={q.required ? 'true' : undefined}
        >
          <option value="">{t(l, 'survey.form.choose')}</option>
          {props.comuni.map((c) => (
            <option value={c.code} selected={props.values.includes(c.code)}>
              {c.name}
            </option>
          ))}
        </select>
      </Labelled>
    );
  }
  const choices =
    q.kind === 'age'
      ? AGE_BANDS.map((b) => ({ value: b, label: t(l, `survey.age.${b}`) }))
      : q.kind === 'scale'
        ? [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: props.optionLabels?.[n - 1] ?? q.options[n - 1] ?? String(n) }))
        : q.options.map((o, i) => ({ value: String(i + 1), label: props.optionLabels?.[i] ?? o }));
  const type = q.kind === 'multiple' ? 'checkbox' : 'radio';
  return (
    <fieldset class="mb-4" id={id} tabIndex={-1} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy}>
      <legend class="h5 fw-semibold">
        {label}
        {mark}
      </legend>
      {messages}
      {choices.map((c) => (
        <div class="form-check">
          <input
            class="form-check-input"
            type={type}
            name={name}
            id={`${id}-${c.value}`}
            value={c.value}
            checked={props.values.includes(c.value)}
          />
          <label class="form-check-label" for={`${id}-${c.value}`}>
            {c.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** Answers already given on earlier steps, carried as hidden fields to the next. */
export function CarriedAnswers(props: { questions: Question[]; answers: Answers; nameOf: (q: Question) => string }): VNode {
  return (
    <>{props.questions.flatMap((q) => (props.answers[q.id] ?? []).map((v) => <input type="hidden" name={props.nameOf(q)} value={v} />))}</>
  );
}

export const errorOf = (errors: Errors, name: string) => errors[name];
