import type { VNode } from 'preact';

/*
 * A row of links to what one can do from a page (the record's other pages, a download, a new
 * record), as data:
 *
 *   <ActionLinks links={[
 *     { href: `/admin/events/${ev.id}/ingresso`, label: t(l, 'sev.door') },
 *     { href: `/admin/events/${ev.id}/iscritti.csv`, label: t(l, 'sev.registrationsCsv'), download: true },
 *     ev.status !== 'draft' && { href: ev.page, label: t(l, 'sev.public') },
 *   ]} />
 */

/** One link: where it goes, its words, its classes (e.g. a button's) and whether it downloads a file. */
export interface ActionLink {
  href: string;
  label: string;
  class?: string;
  download?: boolean;
}

/** The links as a list of actions; a link given as `false`, `null` or `undefined` is left out. */
export function ActionLinks(props: { links: (ActionLink | false | null | undefined)[]; class?: string }): VNode {
  return (
    <ul class={props.class ? `ponte-actions list-unstyled ${props.class}` : 'ponte-actions list-unstyled'}>
      {props.links.map((a) =>
        a ? (
          <li>
            <a class={a.class} href={a.href} download={a.download}>
              {a.label}
            </a>
          </li>
        ) : null,
      )}
    </ul>
  );
}

/** One link drawn as a button, in its own paragraph: the way on from a page (sign in, a new record, the whole list). */
export function ButtonLink(props: { href: string; label: string }): VNode {
  return (
    <p>
      <a class="btn btn-primary" href={props.href}>
        {props.label}
      </a>
    </p>
  );
}
