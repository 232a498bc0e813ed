import { type ComponentChildren, createContext, type VNode } from 'preact';
import { useContext } from 'preact/hooks';
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

/** The text of each of the named fields, under the same names (each read as `formText` reads it). */
export function formTexts<K extends string>(body: FormBody, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, formText(body, k)])) as Record<K, string>;
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

/**
 * What the forms of a page being rendered tell the layout: whether the page shows an error summary
 * (then the page's title starts with "Errore:", see renderPage in layout.tsx) and whether the form's
 * own problem (key `_`) is already on it. renderPage gives each render a fresh one; a piece of page
 * rendered on its own (no provider) behaves as if it were the only one.
 */
export interface PageErrors {
  summary: boolean;
  formProblem: boolean;
}

export const PageErrorsContext = createContext<PageErrors | null>(null);

/**
 * The errors of a failed submit, in one box at the top of the form: the problem of the whole form
 * (key `_`) first, then each field's error linking to the field. The first box on a page takes the
 * focus without JavaScript (`autofocus`, which also scrolls to it when it sits far down the page),
 * so a screen reader reads it and a keyboard starts from it (WCAG 3.3.1, 2.4.3, 4.1.3).
 * `anchors` names the element a field's link goes to, when it is not `f-<idPrefix><field>`.
 * `focus={false}` leaves the focus to a field that takes it itself (the door's code field, where the
 * next scanned code must go); the summary is still announced (role="alert") and the title says Errore.
 */
export function ErrorSummary(props: {
  errors: Errors;
  title: string;
  labels?: Record<string, string>;
  idPrefix?: string;
  anchors?: Record<string, string>;
  focus?: boolean;
}): VNode | null {
  const page = useContext(PageErrorsContext);
  const problem = page?.formProblem ? undefined : props.errors._;
  const entries = Object.entries(props.errors).filter(([field, message]) => field !== '_' && message);
  if (entries.length === 0 && !problem) return null;
  const first = !page?.summary;
  const focus = first && props.focus !== false;
  if (page) {
    page.summary = true;
    if (problem) page.formProblem = true;
  }
  return (
    // biome-ignore lint/a11y/noAutofocus: the summary of a failed submit takes the focus without JavaScript (WCAG 3.3.1, 2.4.3)
    <div class="alert alert-danger" role="alert" tabIndex={-1} id={first ? 'error-summary' : undefined} autoFocus={focus}>
      {problem ? <p class={entries.length > 0 ? 'mb-2' : 'mb-0'}>{problem}</p> : null}
      {entries.length > 0 ? (
        <>
          <p class="fw-bold mb-1">{props.title}</p>
          <ul class="mb-0">
            {entries.map(([field, message]) => (
              <li>
                <a href={`#${props.anchors?.[field] ?? `f-${props.idPrefix ?? ''}${field}`}`}>
                  {props.labels?.[field] ? `${props.labels[field]}: ${message}` : message}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
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
  /** Ids of text elsewhere on the page that also describes the field (e.g. "give an e-mail or a phone" above two fields). */
  describedBy?: string;
  /**
   * Invalid though the error is shown on another field: of two fields where either would do, the
   * error sits under the first, and both are marked (aria-invalid) for a screen reader.
   */
  invalid?: boolean;
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

function describedBy(name: string, hint?: string, error?: string, more?: string): string | undefined {
  const ids = [more ?? '', hint ? `h-${name}` : '', error ? `e-${name}` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/**
 * A field's hint and error under its control, with the ids `h-<name>` and `e-<name>` its
 * aria-describedby names: for the fields above, and for a control drawn by hand.
 */
export function FieldMessages(props: { name: string; hint?: string; error?: string }): VNode {
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

/** A field's frame: its label (marked when required), then the control, then its hint and error. */
function FieldFrame(props: { p: FieldProps; children: ComponentChildren }): VNode {
  const { p } = props;
  return (
    <div class="mb-3 ponte-field">
      <label class="form-label" for={`f-${idKey(p)}`}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.children}
      <FieldMessages name={idKey(p)} hint={p.hint} error={p.error} />
    </div>
  );
}

export function TextField(p: FieldProps): VNode {
  return (
    <FieldFrame p={p}>
      <input
        class={`form-control${p.error || p.invalid ? ' is-invalid' : ''}`}
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
        aria-invalid={p.error || p.invalid ? 'true' : undefined}
        aria-describedby={describedBy(idKey(p), p.hint, p.error, p.describedBy)}
      />
    </FieldFrame>
  );
}

export function TextArea(p: FieldProps & { rows?: number }): VNode {
  return (
    <FieldFrame p={p}>
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
    </FieldFrame>
  );
}

export function SelectField(p: FieldProps & { options: { value: string; label: string }[]; placeholder?: string }): VNode {
  // HTML allows `required` on a single-choice select only when its first option is an empty
  // placeholder. Without one, every option is a real answer and the select always has a value, so
  // `required` would change nothing: the field stays marked as required to people (the asterisk)
  // and to assistive technology (aria-required) instead.
  const placeholder = p.placeholder !== undefined;
  return (
    <FieldFrame p={p}>
      <select
        class={`form-select${p.error ? ' is-invalid' : ''}`}
        id={`f-${idKey(p)}`}
        name={p.name}
        required={p.required && placeholder}
        aria-required={p.required && !placeholder ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(idKey(p), p.hint, p.error)}
      >
        {/* HTML refuses an empty option: an empty placeholder still shows a dash. */}
        {placeholder ? <option value="">{p.placeholder || '—'}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={String(p.value ?? '') === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
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

/**
 * The problem of the whole form (key `_`), when there is one: an error summary of that one line,
 * unless a summary on the page already shows it.
 */
export function FormProblem(props: { errors?: Errors }): VNode | null {
  const page = useContext(PageErrorsContext);
  const problem = props.errors?._;
  if (!problem || page?.formProblem) return null;
  return <ErrorSummary errors={{ _: problem }} title="" />;
}
