import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { ErrorSummary, type Errors, Form, FormProblem } from '../forms.js';

/**
 * A form under a list or a record's details: its heading, the summary of its errors, the form's
 * own problem, the fields and one submit button.
 *
 *   <FormSection id="add-venue" heading={t(l, 'venues.add')} lang={l} errors={errors} labels={labels}
 *     action={`/admin/organisations/${id}/venues`} csrf={ctx.csrf} submit={t(l, 'venues.add')}>
 *     <FieldList values={values} errors={errors} label={label} fields={[{ name: 'name', required: true }]} />
 *   </FormSection>
 */
export function FormSection(props: {
  /** The heading's id, the anchor of links such as "#add-venue". */
  id: string;
  heading: string;
  lang: Lang;
  errors: Errors;
  /** Field labels for the error summary. */
  labels?: Record<string, string>;
  action: string;
  csrf?: string;
  submit: string;
  /** The column classes of the form (default: narrow on wide screens). */
  width?: string;
  children: ComponentChildren;
}): VNode {
  return (
    <>
      <h2 class="h4 mt-4" id={props.id}>
        {props.heading}
      </h2>
      <ErrorSummary errors={props.errors} title={t(props.lang, 'form.errors')} labels={props.labels} />
      <FormProblem errors={props.errors} />
      <div class={`${props.width ?? 'col-12 col-md-8 col-lg-6'} px-0`}>
        <Form action={props.action} csrf={props.csrf}>
          {props.children}
          <button type="submit" class="btn btn-primary">
            {props.submit}
          </button>
        </Form>
      </div>
    </>
  );
}
