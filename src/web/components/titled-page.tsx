import type { ComponentChildren, VNode } from 'preact';
import { type Crumb, Layout, type PageContext } from '../layout.js';
import { NarrowColumn } from './form-section.js';

/*
 * A page whose first heading is its name: the layout with its crumbs, the h1, the page's own
 * content, and at the end, where there is one, the link back to where the page was opened from.
 *
 *   <TitledPage ctx={ctx} heading={w('title')} title={`${w('title')} · ${o.name}`}
 *     crumbs={staffCrumbs(l, o, { label: w('title') })} back={{ href: `/admin/organisations/${o.id}`, label: w('back') }}>
 *     ...
 *   </TitledPage>
 */
export function TitledPage(props: {
  ctx: PageContext;
  /** The h1; also the document's title unless `title` is given. */
  heading: ComponentChildren;
  /** The document's title (e.g. the heading and the organisation's name). */
  title?: string;
  crumbs?: Crumb[];
  head?: ComponentChildren;
  /** Attributes of the h1 (e.g. a class, or the language of a title written by people). */
  headingClass?: string;
  headingLang?: string;
  /** The link back, in its own paragraph under the content. */
  back?: { href: string; label: string };
  children?: ComponentChildren;
}): VNode {
  const title = props.title ?? (typeof props.heading === 'string' ? props.heading : '');
  return (
    <Layout ctx={props.ctx} title={title} crumbs={props.crumbs} head={props.head}>
      <h1 class={props.headingClass} lang={props.headingLang}>
        {props.heading}
      </h1>
      {props.children}
      {props.back ? (
        <p class="mt-4">
          <a href={props.back.href}>{props.back.label}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/**
 * A page in one narrow column with its name as the h1: the sign-in, second step and password pages.
 *
 *   <NarrowPage ctx={ctx} heading={t(l, 'login.title')}>…</NarrowPage>
 */
export function NarrowPage(props: { ctx: PageContext; heading: string; children?: ComponentChildren }): VNode {
  return (
    <Layout ctx={props.ctx} title={props.heading}>
      <NarrowColumn>
        <h1>{props.heading}</h1>
        {props.children}
      </NarrowColumn>
    </Layout>
  );
}
