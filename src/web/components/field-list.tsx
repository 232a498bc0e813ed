import type { VNode } from 'preact';
import { CheckboxField, type Errors, type FormBody, type SelectField, type TextArea, type TextField } from '../forms.js';
import { boundFields, formValue } from './bound-fields.js';
import { FieldsetNotes } from './fieldset-notes.js';

/**
 * A form's fields as data, rendered by one component: each field takes its value and error from
 * the form by its name, and its label from `label(name)` unless it gives one.
 *
 *   <FieldList
 *     values={values}
 *     errors={errors}
 *     label={(name) => t(l, `venue.${name}`)}
 *     fields={[
 *       { name: 'name', required: true, maxLength: 200 },
 *       { name: 'capacity', inputMode: 'numeric', maxLength: 6 },
 *       { name: 'stepFree', kind: 'checkbox' },
 *       { name: 'notes', kind: 'area', rows: 5, hint: t(l, 'venue.notes.hint') },
 *       { name: 'type', kind: 'select', options: [{ value: 'comune', label: 'Comune' }] },
 *     ]}
 *   />
 *
 * A field spec may be `false` or `null` (left out), so a list can hold fields shown only sometimes.
 */

type Props<F extends (p: never) => VNode> = Omit<Parameters<F>[0], 'label' | 'value' | 'error'> & { label?: string };

export type FieldSpec =
  | ({ kind?: 'text' } & Props<typeof TextField>)
  | ({ kind: 'area' } & Props<typeof TextArea>)
  | ({ kind: 'select' } & Props<typeof SelectField>)
  | { kind: 'checkbox'; name: string; label?: string; hint?: string };

export function FieldList(props: {
  fields: (FieldSpec | false | null)[];
  values: FormBody | undefined;
  errors: Errors;
  label: (name: string) => string;
}): VNode {
  const bound = boundFields({ values: props.values, errors: props.errors, label: props.label });
  const render = (spec: FieldSpec): VNode => {
    switch (spec.kind) {
      case 'area':
        return bound.Area(spec);
      case 'select':
        return bound.Select(spec);
      case 'checkbox':
        return CheckboxField({
          name: spec.name,
          label: spec.label ?? props.label(spec.name),
          hint: spec.hint,
          checked: formValue(props.values, spec.name) === '1',
          error: props.errors[spec.name],
        });
      default:
        return bound.Text(spec);
    }
  };
  return <>{props.fields.map((f) => (f ? render(f) : null))}</>;
}

/**
 * Several checkboxes of one name in a fieldset (e.g. the partners of a programme or agreement),
 * the ones in `values[name]` ticked, with the field's error under the legend.
 *
 *   <CheckboxGroup name="partners" legend={t(l, 'programme.partners')} values={values} errors={errors}
 *     options={organisations.map((o) => ({ value: o.id, label: o.name }))} empty={t(l, 'programme.partners.noChoices')} />
 */
export function CheckboxGroup(props: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  values: FormBody | undefined;
  errors: Errors;
  /** Shown instead of the boxes when there is nothing to choose. */
  empty?: string;
}): VNode {
  const { name } = props;
  const v = props.values?.[name];
  const chosen = new Set(Array.isArray(v) ? v : v ? [v] : []);
  const error = props.errors[name];
  return (
    <fieldset class="mb-3" id={`f-${name}`} tabIndex={-1} aria-describedby={error ? `e-${name}` : undefined}>
      <legend class="h6">{props.legend}</legend>
      <FieldsetNotes name={name} error={error} />
      {props.options.length === 0 && props.empty ? <p>{props.empty}</p> : null}
      <CheckOptions name={name} options={props.options} checked={(value) => chosen.has(value)} />
    </fieldset>
  );
}

/** The boxes of a group of checkboxes of one name, without the fieldset around them, for groups drawn otherwise. */
export function CheckOptions(props: {
  name: string;
  options: { value: string; label: string }[];
  checked: (value: string) => boolean;
}): VNode {
  const { name } = props;
  return (
    <>
      {props.options.map((o) => (
        // Ids carry the group's name: two groups on one page may offer the same value.
        <div class="form-check">
          <input
            class="form-check-input"
            type="checkbox"
            name={name}
            value={o.value}
            id={`f-${name}-${o.value}`}
            checked={props.checked(o.value)}
          />
          <label class="form-check-label" for={`f-${name}-${o.value}`}>
            {o.label}
          </label>
        </div>
      ))}
    </>
  );
}
