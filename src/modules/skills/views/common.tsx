import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { type Column, ColumnHeads as HeadingRow } from '../../../web/components/data-table.js';
import { type Crumb, Layout, type PageContext } from '../../../web/layout.js';

export { say } from '../bank.js';

/** The address of the current page with the large-type preference switched. */
function largeHref(path: string, large: boolean): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('testo', large ? 'normale' : 'grande');
  return url.pathname + url.search;
}

export function SkillsLayout(props: {
  ctx: PageContext;
  title: string;
  large: boolean;
  crumbs?: Crumb[];
  script?: boolean;
  /** The title is also the page's first heading, its h1. */
  titled?: boolean;
  children: ComponentChildren;
}): VNode {
  const l = props.ctx.lang;
  return (
    <Layout
      ctx={props.ctx}
      title={props.title}
      crumbs={props.crumbs}
      head={
        <>
          <link rel="stylesheet" href="/competenze/stile.css" />
          {props.script ? <script src="/competenze/stampa.js" defer /> : null}
        </>
      }
    >
      <div class={`ponte-skills${props.large ? ' ponte-skills-large' : ''}`}>
        <p class="ponte-skills-noprint text-end mb-2">
          <a href={largeHref(props.ctx.path, props.large)}>{t(l, props.large ? 'skills.large.off' : 'skills.large.on')}</a>
        </p>
        {props.titled ? <h1>{props.title}</h1> : null}
        {props.children}
      </div>
    </Layout>
  );
}

export const publicCrumbs = (l: Lang, last?: string): Crumb[] => [
  { href: '/', label: t(l, 'nav.home') },
  { href: '/competenze', label: t(l, 'skills.nav') },
  ...(last ? [{ label: last }] : []),
];

/** A change with its sign: +1, 0, -2. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** A column heading (see web/components/data-table): false or null leaves the column out. */
export type Heading = Column;

/** A table's head, one `<th scope="col">` a column. */
export function ColumnHeads(props: { columns: Heading[] }): VNode {
  return (
    <thead>
      <HeadingRow columns={props.columns} />
    </thead>
  );
}
