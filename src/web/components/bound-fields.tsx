import type { VNode } from 'preact';
import { type Errors, type FormBody, SelectField, TextArea, TextField } from '../forms.js';

/*
 * Fields bound to one form's values, errors and labels, for forms written as JSX:
 *
 *   const f = boundFields({ values, errors, label: (name) => t(l, `programme.${name}`) });
 *   <f.Text name="name" required maxLength={200} />
 *   <f.Area name="description" rows={4} />
 *
 * A form that is only a list of fields is shorter as data: see FieldList in field-list.tsx.
 */

type FieldProps = Parameters<typeof TextField>[0];
/** A field's props without what the form gives it: the label is optional (the form's label for the name by default). */
type Bound<P extends FieldProps> = Omit<P, 'label' | 'value' | 'error'> & { label?: string };

/** The first value of a field of a posted or prefilled form ('' when there is none). */
export function formValue(values: FormBody | undefined, name: string): string {
  const v = values?.[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/**
 * The fields of one form, bound to its values and errors: each field takes its value, its error
 * and (unless given) its label from its name, so a form lists only what differs between fields.
 */
export function boundFields(form: { values: FormBody | undefined; errors: Errors; label: (name: string) => string }) {
  const bind = <P extends FieldProps>(p: Bound<P>): P =>
    ({ ...p, label: p.label ?? form.label(p.name), value: formValue(form.values, p.name), error: form.errors[p.name] }) as P;
  return {
    Text: (p: Bound<FieldProps>): VNode => TextField(bind(p)),
    Area: (p: Bound<Parameters<typeof TextArea>[0]>): VNode => TextArea(bind(p)),
    Select: (p: Bound<Parameters<typeof SelectField>[0]>): VNode => SelectField(bind(p)),
  };
}
