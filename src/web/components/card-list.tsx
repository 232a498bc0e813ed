import type { ComponentChildren, VNode } from 'preact';

/*
 * A list of records as cards: each card's name in bold, a link to the record where there is one,
 * then the card's own lines.
 *
 *   <CardList none={t(l, 'desks.none')} cards={desks.map((d) => ({
 *     name: d.name,
 *     href: `/admin/desks/${d.id}`,
 *     body: <span class="d-block">{d.venue.name}</span>,
 *   }))} />
 */

/** One card: its name, where the name links to (none: not a link) and the lines under it. */
export interface Card {
  name: string;
  href?: string;
  body: ComponentChildren;
}

/** The cards, after `none` in a paragraph when there are none. */
export function CardList(props: { cards: Card[]; none?: string }): VNode {
  return (
    <>
      {props.cards.length === 0 && props.none ? <p>{props.none}</p> : null}
      <ul class="list-unstyled">
        {props.cards.map((c) => (
          <li class="ponte-card">
            {c.href ? (
              <a class="fw-bold" href={c.href}>
                {c.name}
              </a>
            ) : (
              <span class="fw-bold">{c.name}</span>
            )}
            {c.body}
          </li>
        ))}
      </ul>
    </>
  );
}
