import type { VNode } from 'preact';

/*
 * The submit buttons of a form that does one of several things, told apart by the value they send
 * under one name:
 *
 *   <ChoiceButtons name="intent" choices={[
 *     { value: 'check', label: t(l, 'import.check'), class: 'btn btn-primary' },
 *     { value: 'import', label: t(l, 'import.run'), class: 'btn btn-outline-primary' },
 *   ]} />
 */
export function ChoiceButtons(props: { name: string; choices: { value: string; label: string; class: string }[] }): VNode {
  return (
    <>
      {props.choices.map((c) => (
        <button type="submit" name={props.name} value={c.value} class={c.class}>
          {c.label}
        </button>
      ))}
    </>
  );
}
