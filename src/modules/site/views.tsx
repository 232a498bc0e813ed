import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { ButtonLink } from '../../web/components/action-links.js';
import { Section } from '../../web/components/section.js';
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

/** A page of plain text under its title. */
function TextPage(props: { ctx: PageContext; title: string; blocks: Block[] }): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, props.title)}>
      <h1>{t(l, props.title)}</h1>
      {props.blocks.map(([kind, key]) => (kind === 'h' ? <h2 class="h4">{t(l, key)}</h2> : <p>{t(l, key)}</p>))}
    </Layout>
  );
}

/** The home page's links to the other public sections, one a line. */
const SECTION_LINKS: [href: string, key: string][] = [
  ['/sportelli', 'desks.homeLink'],
  ['/competenze', 'skills.homeLink'],
  ['/servizi', 'guides.homeLink'],
  ['/partecipa', 'participation.homeLink'],
];

export function HomePage(props: { ctx: PageContext; organisations: Organisation[]; events: CatalogueItem[] }): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, 'home.title')} head={EVENTS_CSS}>
      <h1>{t(l, 'home.title')}</h1>
      <p class="lead">{t(l, 'home.lead')}</p>
      <Section id="home-events" heading={t(l, 'home.events')} class="mb-4">
        {props.events.length === 0 ? (
          <p>{t(l, 'home.events.none')}</p>
        ) : (
          <ul class="list-unstyled ponte-events">
            {props.events.map((item) => (
              <EventCard l={l} item={item} />
            ))}
          </ul>
        )}
        <ButtonLink href="/eventi" label={t(l, 'home.events.all')} />
      </Section>
      {SECTION_LINKS.map(([href, key]) => (
        <p>
          <a href={href}>{t(l, key)}</a>
        </p>
      ))}
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
  return <TextPage ctx={props.ctx} title="privacy.title" blocks={PRIVACY} />;
}

export function AccessibilityPage(props: { ctx: PageContext }): VNode {
  return <TextPage ctx={props.ctx} title="a11y.title" blocks={ACCESSIBILITY} />;
}
