import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { ErrorSummary, type Errors, Form } from '../forms.js';
import type { PageContext } from '../layout.js';

/** Whose form it is: the page's context (its language and its CSRF token), or the two given apart. */
type FormOwner = { ctx: PageContext; lang?: never; csrf?: never } | { ctx?: never; lang: Lang; csrf?: string };

/**
 * A form with the summary of its errors above it and one submit button under its fields (the form's
 * own problem, key `_`, is in the summary too):
 *
 *   <FormBlock ctx={ctx} errors={errors} labels={{ code: t(l, 'totp.code') }}
 *     action="/account/2fa/disable" submit={t(l, 'totp.disable')} submitClass="btn btn-outline-danger">
 *     <CodeField l={l} error={errors.code} />
 *   </FormBlock>
 */
export function FormBlock(
  props: FormOwner & {
    errors: Errors;
    /** Field labels for the error summary. */
    labels?: Record<string, string>;
    /** The summary's title (default: "the form has errors"). */
    title?: string;
    /** Put before the field names in the summary's links, as in the fields' ids (two forms on a page). */
    idPrefix?: string;
    /** The element a field's link in the summary goes to, when it is not the field's own. */
    anchors?: Record<string, string>;
    action: string;
    method?: 'post' | 'get';
    submit: string;
    /** The submit button's classes (default: the primary button). */
    submitClass?: string;
    /** The column classes of the form (default: narrow on wide screens); false: no column of its own. */
    width?: string | false;
    /** What follows the form in its column (e.g. the form that deletes the record). */
    after?: ComponentChildren;
    children: ComponentChildren;
  },
): VNode {
  const [lang, csrf] = props.ctx ? [props.ctx.lang, props.ctx.csrf] : [props.lang, props.csrf];
  const form = (
    <>
      <Form action={props.action} csrf={csrf} method={props.method}>
        {props.children}
        <button type="submit" class={props.submitClass ?? 'btn btn-primary'}>
          {props.submit}
        </button>
      </Form>
      {props.after}
    </>
  );
  return (
    <>
      <ErrorSummary
        errors={props.errors}
        title={props.title ?? t(lang, 'form.errors')}
        labels={props.labels}
        idPrefix={props.idPrefix}
        anchors={props.anchors}
      />
      {props.width === false ? form : <div class={`${props.width ?? 'col-12 col-md-8 col-lg-6'} px-0`}>{form}</div>}
    </>
  );
}

/**
 * A form under a list or a record's details: its heading, then a FormBlock.
 *
 *   <FormSection id="add-venue" heading={t(l, 'venues.add')} ctx={ctx} errors={errors} labels={labels}
 *     action={`/admin/organisations/${id}/venues`} submit={t(l, 'venues.add')}>
 *     <FieldList values={values} errors={errors} label={label} fields={[{ name: 'name', required: true }]} />
 *   </FormSection>
 */
export function FormSection(
  props: Parameters<typeof FormBlock>[0] & {
    /** The heading's id, the anchor of links such as "#add-venue". */
    id?: string;
    heading: string;
    /** The heading's classes (default: `h4 mt-4`). */
    headingClass?: string;
    /** The column classes of the form (default: narrow on wide screens); false: no column of its own. */
    width?: string | false;
  },
): VNode {
  const { id, heading, headingClass, ...block } = props;
  return (
    <>
      <h2 class={headingClass ?? 'h4 mt-4'} id={id}>
        {heading}
      </h2>
      <FormBlock {...block} />
    </>
  );
}

/**
 * A form that is one button (start, send again, remove, delete), with the hidden values it sends;
 * the children follow the label inside the button (e.g. a visually hidden "– of whom").
 *
 *   <ButtonForm action={`${url}/delete`} csrf={ctx.csrf} label={t(l, 'venue.delete')} class="btn btn-outline-danger" />
 */
export function ButtonForm(props: {
  action: string;
  csrf?: string;
  label: string;
  /** The button's classes (default: the primary button). */
  class?: string;
  /** The form's classes. */
  formClass?: string;
  hidden?: Record<string, string>;
  children?: ComponentChildren;
}): VNode {
  return (
    <Form action={props.action} csrf={props.csrf} class={props.formClass}>
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.class ?? 'btn btn-primary'}>
        {props.label}
        {props.children}
      </button>
    </Form>
  );
}

/** A narrow column on wide screens, the whole width on small ones: the sign-in pages' body. */
export function NarrowColumn(props: { children: ComponentChildren }): VNode {
  return (
    <div class="row">
      <div class="col-12 col-md-8 col-lg-6">{props.children}</div>
    </div>
  );
}
