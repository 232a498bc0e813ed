import type { ComponentChildren, VNode } from 'preact';

/*
 * A back-office list of records as cards, each under its own h2 (a link to the record) with the
 * lines under it; a sentence instead when there are none. (CardList is the lighter list whose
 * names are bold links, not headings.)
 *
 *   <RecordCards none={t(l, 'participation.agenda.none')} cards={actions.map((a) => ({
 *     title: a.title,
 *     href: `/admin/actions/${a.id}`,
 *     body: <p class="mb-0">{status(a)}</p>,
 *   }))} />
 */
export function RecordCards(props: { none: string; cards: { title: string; href?: string; body: ComponentChildren }[] }): VNode {
  return (
    <>
      {props.cards.length === 0 ? <p>{props.none}</p> : null}
      <ul class="list-unstyled">
        {props.cards.map((c) => (
          <li class="ponte-card mb-3">
            <h2 class="h5 mb-1">{c.href ? <a href={c.href}>{c.title}</a> : c.title}</h2>
            {c.body}
          </li>
        ))}
      </ul>
    </>
  );
}
