import type { ComponentChildren, VNode } from 'preact';
import type { FieldError } from '../core/problems.js';

/**
 * Accessible form pieces: every field has a visible label, errors are tied to the field with
 * aria-describedby and listed in a summary at the top that links to each field.
 */
export type Errors = Record<string, string>;

/** A posted form as the body parser gives it: a repeated field becomes an array. */
export type FormBody = Record<string, string | string[] | undefined>;

/** A field's value, trimmed (the first one when the field is repeated). */
export function formText(body: FormBody, key: string): string {
  const v = body[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
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
export function ErrorSummary(props: { errors: Errors; title: string; labels?: Record<string, string> }): VNode | null {
  const entries = Object.entries(props.errors).filter(([field]) => field !== '_');
  if (entries.length === 0) return null;
  return (
    <div class="alert alert-danger" role="alert" tabIndex={-1} id="error-summary">
      <p class="fw-bold mb-1">{props.title}</p>
      <ul class="mb-0">
        {entries.map(([field, message]) => (
          <li>
            <a href={`#f-${field}`}>{props.labels?.[field] ? `${props.labels[field]}: ${message}` : message}</a>
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
      <label class="form-label" for={`f-${p.name}`}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <input
        class={`form-control${p.error ? ' is-invalid' : ''}`}
        id={`f-${p.name}`}
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
        aria-describedby={describedBy(p.name, p.hint, p.error)}
      />
      <FieldMessages name={p.name} hint={p.hint} error={p.error} />
    </div>
  );
}

export function TextArea(p: FieldProps & { rows?: number }): VNode {
  return (
    <div class="mb-3 ponte-field">
      <label class="form-label" for={`f-${p.name}`}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <textarea
        class={`form-control${p.error ? ' is-invalid' : ''}`}
        id={`f-${p.name}`}
        name={p.name}
        rows={p.rows ?? 3}
        required={p.required}
        maxLength={p.maxLength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
      >
        {p.value ?? ''}
      </textarea>
      <FieldMessages name={p.name} hint={p.hint} error={p.error} />
    </div>
  );
}

export function SelectField(p: FieldProps & { options: { value: string; label: string }[]; placeholder?: string }): VNode {
  return (
    <div class="mb-3 ponte-field">
      <label class="form-label" for={`f-${p.name}`}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select
        class={`form-select${p.error ? ' is-invalid' : ''}`}
        id={`f-${p.name}`}
        name={p.name}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
      >
        {p.placeholder !== undefined ? <option value="">{p.placeholder}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={String(p.value ?? '') === o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages name={p.name} hint={p.hint} error={p.error} />
    </div>
  );
}

export function CheckboxField(p: { name: string; label: string; checked?: boolean; hint?: string; error?: string }): VNode {
  return (
    <div class="form-check mb-3">
      <input
        class="form-check-input"
        type="checkbox"
        id={`f-${p.name}`}
        name={p.name}
        value="1"
        checked={p.checked}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
      />
      <label class="form-check-label" for={`f-${p.name}`}>
        {p.label}
      </label>
      <FieldMessages name={p.name} hint={p.hint} error={p.error} />
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
