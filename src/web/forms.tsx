import type { ComponentChildren, VNode } from 'preact';
import type { FieldError } from '../core/problems.js';

/**
 * Accessible form pieces: every field has a visible label, errors are tied to the field with
 * aria-describedby and listed in a summary at the top that links to each field.
 */
export type Errors = Record<string, string>;

/** A posted form as the body parser gives it: a repeated field becomes an array. */
export type FormBody = Record<string, string | string[] | undefined>;

/**
 * A field's value, trimmed (the first one when the field is repeated). A form route also takes a
 * JSON body, whose values may be numbers, booleans or null: those are no text, so they read as ''.
 */
export function formText(body: FormBody, key: string): string {
  const v: unknown = body?.[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim() : '';
}

/** A repeated field's values (checkboxes), trimmed, empty ones left out. */
export function formList(body: FormBody, key: string): string[] {
  const v = body[key];
  return (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean);
}

export function errorsByField(errors: FieldError[] | undefined): Errors {
  const out: Errors = {};
  for (const e of errors ?? []) out[e.field] ??= e.message;
  return out;
}

/** Lists the field errors; a problem of the whole form (key `_`) is the page's to show, not a field's. */
export function ErrorSummary(props: { errors: Errors; title: string; labels?: Record<string, string>; idPrefix?: string }): VNode | null {
  const entries = Object.entries(props.errors).filter(([field]) => field !== '_');
  if (entries.length === 0) return null;
  return (
    <div class="alert alert-danger" role="alert" tabIndex={-1} id="error-summary">
      <p class="fw-bold mb-1">{props.title}</p>
      <ul class="mb-0">
        {entries.map(([field, message]) => (
          <li>
            <a href={`#f-${props.idPrefix ?? ''}${field}`}>{props.labels?.[field] ? `${props.labels[field]}: ${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  value?: string | number | null;
  error?: string;
  hint?: string;
  required?: boolean;
  type?: string;
  maxLength?: number;
  autocomplete?: string;
  inputMode?: string;
  min?: string | number;
  max?: string | number;
  step?: string | number;
  list?: string;
  /**
   * Put before the name in the ids of the field, its hint and its error: needed when a page has
   * several forms with fields of the same name (ids must be unique on a page).
   */
  idPrefix?: string;
}

/** The part of a field's ids after `f-`, `h-` and `e-`. */
function idKey(p: { name: string; idPrefix?: string }): string {
  return `${p.idPrefix ?? ''}${p.name}`;
}

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `h-${name}` : '', error ? `e-${name}` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldMessages(props: { name: string; hint?: string; error?: string }): VNode {
  return (
    <>
      {props.hint ? (
        <small id={`h-${props.name}`} class="form-text d-block">
          {props.hint}
        </small>
      ) : null}
      {props.error ? (
        <div id={`e-${props.name}`} class="ponte-field-error">
          {props.error}
        </div>
      ) : null}
    </>
  );
}

export function TextField(p: FieldProps): VNode {
  return (
    <div class="mb-3 ponte-field">
      <label class="form-label" for={`f-${idKey(p)}`}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <input
        class={`form-control${p.error ? ' is-invalid' : ''}`}
        id={`f-${idKey(p)}`}
        name={p.name}
        type={(p.type ?? 'text') as 'text'}
        value={p.value ?? ''}
        required={p.required}
        maxLength={p.maxLength}
        autoComplete={p.autocomplete}
        inputMode={p.inputMode as never}
        min={p.min}
        max={p.max}
        step={p.step}
        list={p.list}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(idKey(p), p.hint, p.error)}
      />
      <FieldMessages name={idKey(p)} hint={p.hint} error={p.error} />
    </div>
  );
}

export function TextArea(p: FieldProps & { rows?: number }): VNode {
  return (
    <div class="mb-3 ponte-field">
      <label class="form-label" for={`f-${idKey(p)}`}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <textarea
        class={`form-control${p.error ? ' is-invalid' : ''}`}
        id={`f-${idKey(p)}`}
        name={p.name}
        rows={p.rows ?? 3}
        required={p.required}
        maxLength={p.maxLength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(idKey(p), p.hint, p.error)}
      >
        {p.value ?? ''}
      </textarea>
      <FieldMessages name={idKey(p)} hint={p.hint} error={p.error} />
    </div>
  );
}

export function SelectField(p: FieldProps & { options: { value: string; label: string }[]; placeholder?: string }): VNode {
  // HTML allows `required` on a single-choice select only when its first option is an empty
  // placeholder. Without one, every option is a real answer and the select always has a value, so
  // `required` would change nothing: the field stays marked as required to people (the asterisk)
  // and to assistive technology (aria-required) instead.
  const placeholder = p.placeholder !== undefined;
  return (
    <div class="mb-3 ponte-field">
      <label class="form-label" for={`f-${idKey(p)}`}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select
        class={`form-select${p.error ? ' is-invalid' : ''}`}
        id={`f-${idKey(p)}`}
        name={p.name}
        required={p.required && placeholder}
        aria-required={p.required && !placeholder ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(idKey(p), p.hint, p.error)}
      >
        {placeholder ? <option value="">{p.placeholder}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={String(p.value ?? '') === o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages name={idKey(p)} hint={p.hint} error={p.error} />
    </div>
  );
}

export function CheckboxField(p: {
  name: string;
  label: string;
  checked?: boolean;
  hint?: string;
  error?: string;
  idPrefix?: string;
}): VNode {
  return (
    <div class="form-check mb-3">
      <input
        class="form-check-input"
        type="checkbox"
        id={`f-${idKey(p)}`}
        name={p.name}
        value="1"
        checked={p.checked}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(idKey(p), p.hint, p.error)}
      />
      <label class="form-check-label" for={`f-${idKey(p)}`}>
        {p.label}
      </label>
      <FieldMessages name={idKey(p)} hint={p.hint} error={p.error} />
    </div>
  );
}

export function CsrfField(props: { token?: string }): VNode {
  return <input type="hidden" name="_csrf" value={props.token ?? ''} />;
}

export function Form(props: {
  action: string;
  csrf?: string;
  children: ComponentChildren;
  method?: 'post' | 'get';
  class?: string;
}): VNode {
  const method = props.method ?? 'post';
  return (
    <form method={method} action={props.action} class={props.class} noValidate>
      {method === 'post' ? <CsrfField token={props.csrf} /> : null}
      {props.children}
    </form>
  );
}

/** A message above a form or list: success and information are announced politely, errors at once. */
export function Notice(props: { kind: 'success' | 'info' | 'warning' | 'danger'; children: ComponentChildren }): VNode {
  return (
    <div class={`alert alert-${props.kind}`} role={props.kind === 'danger' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** The problem of the whole form (key `_`), when there is one. */
export function FormProblem(props: { errors?: Errors }): VNode | null {
  return props.errors?._ ? <Notice kind="danger">{props.errors._}</Notice> : null;
}
