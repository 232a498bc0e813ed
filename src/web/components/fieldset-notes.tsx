import type { VNode } from 'preact';

/*
 * What a group of fields (a fieldset of checkboxes or radios) says under its legend: its hint and
 * its error, with the ids `h-<name>` and `e-<name>` the fieldset's aria-describedby names.
 *
 *   <fieldset class="mb-3" id="f-services" tabIndex={-1} aria-describedby={...}>
 *     <legend class="h6">{t(l, 'services')}</legend>
 *     <FieldsetNotes name="services" hint={t(l, 'services.hint')} error={errors.services} />
 *     ...the boxes
 */
export function FieldsetNotes(props: { name: string; hint?: string; error?: string }): VNode {
  return (
    <>
      {props.hint ? (
        <p class="form-text" id={`h-${props.name}`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <div class="ponte-field-error" id={`e-${props.name}`}>
          {props.error}
        </div>
      ) : null}
    </>
  );
}
