import type { ComponentChildren, VNode } from 'preact';

/*
 * A record's facts as a definition list, from data; a fact given as `false`, `null` or `undefined`
 * (one the record does not have) is left out:
 *
 *   <DetailList class="ponte-details" details={[
 *     { term: t(l, 'programme.period'), value: period(l, p) },
 *     s.cost && { term: t(l, 'sheet.cost'), value: s.cost },
 *   ]} />
 */

/** One fact: its name, its value, and classes of its value of its own (e.g. `text-break`). */
export interface Detail {
  term: string;
  value: ComponentChildren;
  class?: string;
}

export function DetailList(props: {
  details: (Detail | false | null | undefined | '')[];
  class?: string;
  /** Classes of every term and every value (e.g. the grid's columns). */
  termClass?: string;
  valueClass?: string;
}): VNode {
  return (
    <dl class={props.class}>
      {props.details.map((d) =>
        d ? (
          <>
            <dt class={props.termClass}>{d.term}</dt>
            <dd class={[props.valueClass, d.class].filter(Boolean).join(' ') || undefined}>{d.value}</dd>
          </>
        ) : null,
      )}
    </dl>
  );
}
