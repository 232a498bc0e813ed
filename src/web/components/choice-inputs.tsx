import type { ComponentChildren, VNode } from 'preact';

/*
 * Radio buttons or checkboxes of one name, each with its label, the ids made of a prefix and the
 * value (`f-credentials-link`), for groups whose fieldset is drawn by the page:
 *
 *   <ChoiceInputs type="checkbox" name="events" idPrefix="f-events-" checked={(e) => chosen.includes(e)}
 *     invalid={!!error} choices={EVENTS.map((e) => ({ value: e, label: <>{label(e)} <code>{e}</code></> }))} />
 *
 * (CheckOptions in field-list.tsx is the lighter group of checkboxes whose ids carry the name.)
 */

/** One choice: the value it sends and its label (words, or words with markup). */
export interface Choice {
  value: string;
  label: ComponentChildren;
}

export interface ChoiceInputsProps {
  type: 'radio' | 'checkbox';
  name: string;
  /** Put before each value to make its input's id. */
  idPrefix: string;
  choices: Choice[];
  checked: (value: string) => boolean;
  /** The group's answer was refused: each input says so. */
  invalid?: boolean;
}

export function ChoiceInputs(props: ChoiceInputsProps): VNode {
  return (
    <>
      {props.choices.map((c) => (
        <div class="form-check">
          <input
            class="form-check-input"
            type={props.type}
            id={`${props.idPrefix}${c.value}`}
            name={props.name}
            value={c.value}
            checked={props.checked(c.value)}
            aria-invalid={props.invalid ? 'true' : undefined}
          />
          <label class="form-check-label" for={`${props.idPrefix}${c.value}`}>
            {c.label}
          </label>
        </div>
      ))}
    </>
  );
}

/**
 * The same choices in a fieldset of their own under a small legend:
 *
 *   <ChoiceFieldset legend={t(l, 'members.credentials')} type="radio" name="credentials" idPrefix="f-credentials-"
 *     checked={(way) => chosen === way} choices={WAYS.map((way) => ({ value: way, label: t(l, `way.${way}`) }))} />
 */
export function ChoiceFieldset(props: ChoiceInputsProps & { legend: string }): VNode {
  const { legend, ...inputs } = props;
  return (
    <fieldset class="mb-3">
      <legend class="h6">{legend}</legend>
      <ChoiceInputs {...inputs} />
    </fieldset>
  );
}
