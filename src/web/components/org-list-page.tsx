import type { ComponentChildren, VNode } from 'preact';
import { Layout, type PageContext } from '../layout.js';
import { type Card, CardList } from './card-list.js';
import { staffCrumbs } from './staff-crumbs.js';

/**
 * A back-office page listing one kind of an organisation's records (venues, agreements,
 * programmes) as cards, its title followed by the organisation's name, and what the page adds
 * below the list (the form that adds one):
 *
 *   <OrgListPage ctx={ctx} organisation={o} title={t(l, 'venues.title')} none={t(l, 'venues.none')} cards={cards}>
 *     <FormSection … />
 *   </OrgListPage>
 */
export function OrgListPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  title: string;
  lead?: string;
  /** Said in place of the list when it is empty. */
  none?: string;
  cards: Card[];
  children?: ComponentChildren;
}): VNode {
  return (
    <Layout
      ctx={props.ctx}
      title={`${props.title} · ${props.organisation.name}`}
      crumbs={staffCrumbs(props.ctx.lang, props.organisation, { label: props.title })}
    >
      <h1>{props.title}</h1>
      {props.lead ? <p>{props.lead}</p> : null}
      <CardList cards={props.cards} none={props.none} />
      {props.children}
    </Layout>
  );
}
