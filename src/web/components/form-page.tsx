import type { ComponentChildren, VNode } from 'preact';
import type { Lang } from '../../core/i18n.js';
import type { Errors, FormBody } from '../forms.js';
import type { PageContext } from '../layout.js';

/*
 * The pieces every page with a form repeats:
 *
 *   export function ThingPage(props: FormPageProps & { thing: Thing }): VNode {
 *     const { l, v, e } = formPage(props);
 *     ...
 *       <Honeypot label={t(l, 'form.honeypot')} />
 *       <SubmitButton label={t(l, 'thing.save')} />
 */

/** What a page with a form receives: the request's context, and the values and errors of a form sent back. */
export interface FormPageProps {
  ctx: PageContext;
  values?: FormBody;
  errors?: Errors;
}

/** The page's language, the form's values (`initial` when none were sent back) and its errors (none by default). */
export function formPage(props: FormPageProps, initial: FormBody = {}): { l: Lang; v: FormBody; e: Errors } {
  return { l: props.ctx.lang, v: props.values ?? initial, e: props.errors ?? {} };
}

/** A form's submit button: the primary one unless `class` says otherwise; `name`/`value` tell two buttons apart. */
export function SubmitButton(props: {
  label?: string;
  class?: string;
  name?: string;
  value?: string;
  /** What follows the label, e.g. a visually hidden "– of which row". */
  children?: ComponentChildren;
}): VNode {
  return (
    <button type="submit" class={props.class ?? 'btn btn-primary'} name={props.name} value={props.value}>
      {props.label}
      {props.children}
    </button>
  );
}

/** The field people never see and bots fill in: a public form sent with it filled is refused. */
export function Honeypot(props: { label: string; idPrefix?: string; class?: string }): VNode {
  const id = `f-${props.idPrefix ?? ''}website`;
  return (
    <div class={props.class ?? 'd-none'} aria-hidden="true">
      <label for={id}>{props.label}</label>
      <input id={id} name="website" type="text" tabIndex={-1} autoComplete="off" value="" />
    </div>
  );
}
