import type { ComponentChildren, VNode } from 'preact';

/*
 * A part of a page under its own heading, named by that heading for screen readers:
 *
 *   <Section id="door-list" heading={t(l, 'door.list.title')} class="mt-4">
 *     ...
 *   </Section>
 */
export function Section(props: {
  /** The heading's id, which names the section (and is the anchor of links such as "#door-list"). */
  id: string;
  heading: ComponentChildren;
  class?: string;
  /** The heading's classes: `h4` unless given; `''` keeps the plain h2 look. */
  headingClass?: string;
  children?: ComponentChildren;
}): VNode {
  const headingClass = props.headingClass ?? 'h4';
  return (
    <section aria-labelledby={props.id} class={props.class}>
      <h2 id={props.id} class={headingClass || undefined}>
        {props.heading}
      </h2>
      {props.children}
    </section>
  );
}
