import type { VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { Layout, type PageContext } from '../../web/layout.js';
import { type CatalogueItem, EVENTS_CSS, EventCard } from '../events/service.js';
import type { Organisation } from '../organisations/service.js';

/** A page of plain text: headings (`h`) and paragraphs (`p`) by dictionary key. */
type Block = ['h' | 'p', string];

const PRIVACY: Block[] = [
  ['p', 'privacy.p1'],
  ['h', 'privacy.h1'],
  ['p', 'privacy.p2'],
  ['h', 'privacy.h2'],
  ['p', 'privacy.p3'],
  ['h', 'privacy.h3'],
  ['p', 'privacy.p4'],
  ['p', 'privacy.p5'],
];
const ACCESSIBILITY: Block[] = [
  ['p', 'a11y.p1'],
  ['h', 'a11y.h1'],
  ['p', 'a11y.p2'],
];

function TextBlocks(props: { l: Lang; blocks: Block[] }): VNode {
  return <>{props.blocks.map(([kind, key]) => (kind === 'h' ? <h2 class="h4">{t(props.l, key)}</h2> : <p>{t(props.l, key)}</p>))}</>;
}

export function HomePage(props: { ctx: PageContext; organisations: Organisation[]; events: CatalogueItem[] }): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, 'home.title')} head={EVENTS_CSS}>
      <h1>{t(l, 'home.title')}</h1>
      <p class="lead">{t(l, 'home.lead')}</p>
      <section aria-labelledby="home-events" class="mb-4">
        <h2 id="home-events" class="h4">
          {t(l, 'home.events')}
        </h2>
        {props.events.length === 0 ? (
          <p>{t(l, 'home.events.none')}</p>
        ) : (
          <ul class="list-unstyled ponte-events">
            {props.events.map((item) => (
              <EventCard l={l} item={item} />
            ))}
          </ul>
        )}
        <p>
          <a class="btn btn-primary" href="/eventi">
            {t(l, 'home.events.all')}
          </a>
        </p>
      </section>
      <p>
        <a href="/sportelli">{t(l, 'desks.homeLink')}</a>
      </p>
      <p>
        <a href="/competenze">{t(l, 'skills.homeLink')}</a>
      </p>
      <p>
        <a href="/servizi">{t(l, 'guides.homeLink')}</a>
      </p>
      <p>
        <a href="/partecipa">{t(l, 'participation.homeLink')}</a>
      </p>
      <h2 class="h4">{t(l, 'home.orgs')}</h2>
      <ul>
        {props.organisations.map((o) => (
          <li>
            {o.name}
            {o.municipality ? ` (${o.municipality.name})` : ''}
          </li>
        ))}
      </ul>
      <p>
        <a href="/login">{t(l, 'home.staff')}</a>
      </p>
    </Layout>
  );
}

export function PrivacyPage(props: { ctx: PageContext }): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, 'privacy.title')}>
      <h1>{t(l, 'privacy.title')}</h1>
      <TextBlocks l={l} blocks={PRIVACY} />
    </Layout>
  );
}

export function AccessibilityPage(props: { ctx: PageContext }): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, 'a11y.title')}>
      <h1>{t(l, 'a11y.title')}</h1>
      <TextBlocks l={l} blocks={ACCESSIBILITY} />
    </Layout>
  );
}
