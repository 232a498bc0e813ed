import type { ComponentChildren, VNode } from 'preact';
import type { Errors } from '../forms.js';
import { Layout, type PageContext } from '../layout.js';
import { type Card, CardList } from './card-list.js';
import { FormSection } from './form-section.js';
import { staffCrumbs } from './staff-crumbs.js';

/**
 * The form below the list that adds one record, posted to `/admin/organisations/<id>/<path>`; the
 * submit button says `heading` unless `submit` is given.
 */
export interface OrgListAdd {
  /** The heading's id, the anchor of links such as "#add-venue". */
  id: string;
  heading: string;
  submit?: string;
  path: string;
  errors: Errors;
  labels: Record<string, string>;
  fields: ComponentChildren;
}

/**
 * A back-office page listing one kind of an organisation's records (venues, agreements,
 * programmes) as cards, its title followed by the organisation's name, and below the list the
 * form that adds one, for those who may (`add`, false or absent for the others):
 *
 *   <OrgListPage ctx={ctx} organisation={o} title={t(l, 'venues.title')} none={t(l, 'venues.none')} cards={cards}
 *     add={canEdit && { id: 'add-venue', heading: t(l, 'venues.add'), path: 'venues', errors, labels, fields: <VenueFields … /> }} />
 */
export function OrgListPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  title: string;
  lead?: string;
  /** Said in place of the list when it is empty. */
  none?: string;
  cards: Card[];
  add?: OrgListAdd | false;
}): VNode {
  const add = props.add;
  return (
    <Layout
      ctx={props.ctx}
      title={`${props.title} · ${props.organisation.name}`}
      crumbs={staffCrumbs(props.ctx.lang, props.organisation, { label: props.title })}
    >
      <h1>{props.title}</h1>
      {props.lead ? <p>{props.lead}</p> : null}
      <CardList cards={props.cards} none={props.none} />
      {add ? (
        <FormSection
          id={add.id}
          heading={add.heading}
          ctx={props.ctx}
          errors={add.errors}
          labels={add.labels}
          action={`/admin/organisations/${props.organisation.id}/${add.path}`}
          submit={add.submit ?? add.heading}
        >
          {add.fields}
        </FormSection>
      ) : null}
    </Layout>
  );
}
