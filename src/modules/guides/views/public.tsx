import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatDate, formatRome } from '../../../core/time.js';
import { assetUrl } from '../../../web/assets.js';
import { DetailList } from '../../../web/components/detail-list.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { Section } from '../../../web/components/section.js';
import { SelectField, TextField } from '../../../web/forms.js';
import { contentLang, FaviconLinks, Layout, type PageContext } from '../../../web/layout.js';
import { renderInline, renderMarkdown } from '../markdown.js';
import { countKey } from '../messages.js';
import type { DeskLink, EventLink } from '../nearby.js';
import { CATEGORIES, LIFE_EVENTS } from '../schemas.js';
import type { ListResult, Sheet, SheetSummary } from '../service.js';
import { accessLabel, catLabel, Html, InlineHtml, lifeLabel, STYLES, statusLabel } from './common.js';

// ---------- public catalogue ----------

export interface CatalogueQuery {
  q: string;
  organisation: string;
  category: string;
  lifeEvent: string;
  offset: number;
  limit: number;
}

export interface Facets {
  organisations: { id: string; name: string; count: number }[];
  categories: Map<string, number>;
  lifeEvents: Map<string, number>;
}

function catalogueHref(q: Partial<CatalogueQuery>): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.organisation) p.set('organisation', q.organisation);
  if (q.category) p.set('category', q.category);
  if (q.lifeEvent) p.set('evento', q.lifeEvent);
  if (q.offset) p.set('offset', String(q.offset));
  const s = p.toString();
  return s ? `/servizi?${s}` : '/servizi';
}

function SheetCard(props: { s: SheetSummary; l: Lang; heading: 'h2' | 'h3' }): VNode {
  const { s, l } = props;
  const H = props.heading;
  return (
    <li class="ponte-card">
      <H>
        <a href={s.page} lang={contentLang(l)}>
          {s.name}
        </a>
      </H>
      <p class="ponte-guide-meta">
        {s.organisation.name} · {catLabel(s.category, l)}
      </p>
      <p class="mb-0" lang={contentLang(l)}>
        {s.summary}
      </p>
    </li>
  );
}

/** A half-width section of links to the catalogue filtered one way (by life event, by category). */
function Chips(props: { id: string; heading: string; links: { href: string; label: string }[] }): VNode {
  return (
    <Section id={props.id} heading={props.heading} class="col-12 col-lg-6">
      <ul class="ponte-guide-chips mb-4">
        {props.links.map((a) => (
          <li>
            <a href={a.href}>{a.label}</a>
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** A choice of a filter, with how many sheets it finds. */
const option = (value: string, label: string, count: number | undefined) => ({ value, label: `${label} (${count})` });

/** The choices of a vocabulary that some sheet uses, in the vocabulary's order. */
/** The vocabulary's codes that some sheet has, in the vocabulary's order. */
const withSheet = (codes: readonly string[], counts: Map<string, number>) => codes.filter((c) => counts.has(c));

const withSheets = (codes: readonly string[], counts: Map<string, number>, label: (code: string) => string) =>
  withSheet(codes, counts).map((c) => option(c, label(c), counts.get(c)));

const FILTER_LABELS: Record<string, string> = {
  organisation: 'guides.filter.organisation',
  category: 'guides.filter.category',
  evento: 'guides.filter.lifeEvent',
};

/** A filter of the catalogue: any, or one of the choices that find sheets. */
function Filter(props: { l: Lang; name: string; value: string | undefined; options: { value: string; label: string }[] }): VNode {
  const { l } = props;
  return (
    <SelectField
      name={props.name}
      label={t(l, FILTER_LABELS[props.name])}
      value={props.value}
      placeholder={t(l, 'guides.filter.any')}
      options={props.options}
    />
  );
}

export function CataloguePage(props: { ctx: PageContext; query: CatalogueQuery; result: ListResult; facets: Facets }): VNode {
  const l = props.ctx.lang;
  const { query, result, facets } = props;
  const filtered = !!(query.organisation || query.category || query.lifeEvent);
  const searching = !!query.q;
  const heading = searching
    ? result.total === 0
      ? t(l, 'guides.results.none', { q: query.q })
      : result.total === 1
        ? t(l, 'guides.results.one', { q: query.q })
        : t(l, 'guides.results', { n: result.total, q: query.q })
    : filtered
      ? t(l, countKey('guides.results.browse', result.total), { n: result.total })
      : t(l, 'guides.all');
  const title = searching ? `${query.q} · ${t(l, 'guides.title')}` : t(l, 'guides.title');
  return (
    <Layout ctx={props.ctx} title={title} head={STYLES} crumbs={[{ href: '/', label: t(l, 'nav.home') }, { label: t(l, 'guides.title') }]}>
      <h1>{t(l, 'guides.title')}</h1>
      <p class="lead">{t(l, 'guides.lead')}</p>
      <form method="get" action="/servizi" role="search" class="ponte-guide-search mb-4">
        <div class="ponte-guide-q">
          <TextField
            name="q"
            type="search"
            label={t(l, 'guides.search')}
            value={query.q}
            hint={t(l, 'guides.search.hint')}
            maxLength={200}
          />
        </div>
        <Filter
          l={l}
          name="organisation"
          value={query.organisation}
          options={facets.organisations.map((o) => option(o.id, o.name, o.count))}
        />
        <Filter l={l} name="category" value={query.category} options={withSheets(CATEGORIES, facets.categories, (c) => catLabel(c, l))} />
        <Filter l={l} name="evento" value={query.lifeEvent} options={withSheets(LIFE_EVENTS, facets.lifeEvents, (e) => lifeLabel(e, l))} />
        <div class="ponte-guide-q">
          <SubmitButton label={t(l, 'guides.search.button')} />
          {searching || filtered ? (
            <a href="/servizi" class="ms-3">
              {t(l, 'guides.reset')}
            </a>
          ) : null}
        </div>
      </form>

      {!searching && !filtered ? (
        <div class="row">
          <Chips
            id="by-life-event"
            heading={t(l, 'guides.byLifeEvent')}
            links={withSheet(LIFE_EVENTS, facets.lifeEvents).map((e) => ({
              href: catalogueHref({ lifeEvent: e }),
              label: lifeLabel(e, l),
            }))}
          />
          <Chips
            id="by-category"
            heading={t(l, 'guides.byCategory')}
            links={withSheet(CATEGORIES, facets.categories).map((c) => ({ href: catalogueHref({ category: c }), label: catLabel(c, l) }))}
          />
        </div>
      ) : null}

      <section aria-labelledby="results">
        <h2 class="h3" id="results" aria-live="polite">
          {heading}
        </h2>
        {result.corrections.length > 0 ? (
          <p>
            {result.corrections.map((c) => (
              <span class="d-block">{t(l, 'guides.corrected', { from: c.from, to: c.to })}</span>
            ))}
          </p>
        ) : null}
        {result.mode === 'any' && result.total > 0 ? <p>{t(l, 'guides.partial')}</p> : null}
        <ul class="ponte-guide-list">
          {result.items.map((s) => (
            <SheetCard s={s} l={l} heading="h3" />
          ))}
        </ul>
        {query.offset > 0 || query.offset + result.items.length < result.total ? (
          <nav aria-label={t(l, 'guides.pages')}>
            <ul class="ponte-actions list-unstyled">
              {query.offset > 0 ? (
                <li>
                  <a href={catalogueHref({ ...query, offset: Math.max(0, query.offset - query.limit) })}>{t(l, 'guides.prev')}</a>
                </li>
              ) : null}
              {query.offset + result.items.length < result.total ? (
                <li>
                  <a href={catalogueHref({ ...query, offset: query.offset + query.limit })}>{t(l, 'guides.next')}</a>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </section>
    </Layout>
  );
}

export function ChoicePage(props: { ctx: PageContext; choices: SheetSummary[] }): VNode {
  const l = props.ctx.lang;
  const name = props.choices[0]?.name ?? t(l, 'guides.title');
  return (
    <Layout
      ctx={props.ctx}
      title={name}
      head={STYLES}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: '/servizi', label: t(l, 'guides.title') }, { label: name }]}
    >
      <h1>{name}</h1>
      <p class="lead">{t(l, 'sheet.choose')}</p>
      <ul class="ponte-guide-list">
        {props.choices.map((s) => (
          <SheetCard s={s} l={l} heading="h2" />
        ))}
      </ul>
    </Layout>
  );
}

// ---------- a sheet ----------

function Facts(props: { s: Sheet; l: Lang }): VNode {
  const { s, l } = props;
  return (
    <DetailList
      class="ponte-guide-facts"
      details={[
        s.audience && { term: t(l, 'sheet.audience'), value: s.audience },
        s.access.length > 0 && { term: t(l, 'sheet.access'), value: s.access.map((a) => accessLabel(a, l)).join(', ') },
        s.cost && { term: t(l, 'sheet.cost'), value: s.cost },
        s.times && { term: t(l, 'sheet.times'), value: s.times },
      ]}
    />
  );
}

function Steps(props: { s: Sheet; printable?: boolean }): VNode {
  return (
    <ol class="ponte-guide-steps">
      {props.s.steps.map((step) => (
        <li>
          <InlineHtml html={renderInline(step.text)} />
          {step.imageUrl ? (
            step.imageUrl.startsWith('/') ? (
              <img src={step.imageUrl} alt={step.imageAlt ?? ''} loading="lazy" />
            ) : (
              <span class="d-block">
                <a href={step.imageUrl}>{step.imageAlt ?? step.imageUrl}</a>
              </span>
            )
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Faqs(props: { s: Sheet; level: 3 | 2 }): VNode {
  const H = props.level === 3 ? 'h3' : 'h2';
  return (
    <>
      {props.s.faqs.map((f) => (
        <div class="mb-3">
          <H class="h5">{f.question}</H>
          <Html html={renderMarkdown(f.answer, 4)} />
        </div>
      ))}
    </>
  );
}

export function SheetPage(props: {
  ctx: PageContext;
  sheet: Sheet;
  preview: boolean;
  events: EventLink[];
  desks: DeskLink[];
  canEdit: boolean;
}): VNode {
  const l = props.ctx.lang;
  const s = props.sheet;
  const base = props.preview ? `/servizi/${s.id}` : s.page;
  return (
    <Layout
      ctx={props.ctx}
      title={s.name}
      head={STYLES}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: '/servizi', label: t(l, 'guides.title') }, { label: s.name }]}
    >
      <article class="ponte-guide-sheet">
        {props.preview ? (
          <div class="alert alert-warning" role="status">
            {t(l, 'sheet.preview', { status: statusLabel(s.status, l) })}
          </div>
        ) : null}
        <h1 lang={contentLang(l)}>{s.name}</h1>
        <p class="ponte-guide-meta">
          {t(l, 'sheet.by', { org: s.organisation.name })} · <a href={catalogueHref({ category: s.category })}>{catLabel(s.category, l)}</a>{' '}
          · {t(l, 'sheet.updated', { date: formatDate(s.updatedAt.slice(0, 10), l) })}
        </p>
        <p class="lead" lang={contentLang(l)}>
          {s.summary}
        </p>
        {s.url ? (
          <p>
            <a class="btn btn-primary ponte-guide-service-link" href={s.url} rel="noopener">
              {t(l, 'sheet.online')}
              <span class="visually-hidden">: {s.name}</span>
            </a>
          </p>
        ) : null}
        <h2>{t(l, 'sheet.facts')}</h2>
        <Facts s={s} l={l} />
        {s.body ? (
          <Section id="sheet-body" heading={t(l, 'sheet.body')} headingClass="">
            <div lang={contentLang(l)}>
              <Html html={renderMarkdown(s.body, 3)} class="ponte-guide-body" />
            </div>
          </Section>
        ) : null}
        {s.steps.length > 0 ? (
          <Section id="sheet-steps" heading={t(l, 'sheet.steps')} headingClass="">
            <div lang={contentLang(l)}>
              <Steps s={s} />
            </div>
          </Section>
        ) : null}
        {s.faqs.length > 0 ? (
          <Section id="sheet-faqs" heading={t(l, 'sheet.faqs')} headingClass="">
            <Faqs s={s} level={3} />
          </Section>
        ) : null}
        {s.contacts ? (
          <Section id="sheet-contacts" heading={t(l, 'sheet.contacts')} headingClass="">
            <Html html={renderMarkdown(s.contacts, 3)} />
          </Section>
        ) : null}
        <Section id="sheet-help" heading={t(l, 'sheet.help')} headingClass="">
          {props.events.length > 0 ? (
            <>
              <h3 class="h4">{t(l, 'sheet.help.events')}</h3>
              <ul>
                {props.events.map((e) => (
                  <li>
                    <a href={e.page}>{e.title}</a>
                    <span class="d-block">
                      {formatRome(e.start, l)}
                      {e.place ? ` · ${e.place}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {props.desks.length > 0 ? (
            <>
              <h3 class="h4">{t(l, 'sheet.help.desks')}</h3>
              <ul>
                {props.desks.map((d) => (
                  <li>
                    {d.page ? <a href={d.page}>{d.name}</a> : d.name}
                    {d.place ? <span class="d-block">{d.place}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {props.events.length === 0 && props.desks.length === 0 ? <p>{t(l, 'sheet.help.none')}</p> : null}
        </Section>
        {s.lifeEvents.length > 0 ? (
          <Section id="sheet-life" heading={t(l, 'sheet.lifeEvents')}>
            <ul class="ponte-guide-chips">
              {s.lifeEvents.map((e) => (
                <li>
                  <a href={catalogueHref({ lifeEvent: e })}>{lifeLabel(e, l)}</a>
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
        <p class="mt-4 ponte-noprint">
          <a href={`${base}/stampa`}>{t(l, 'sheet.print')}</a>
          {props.canEdit ? (
            <>
              {' · '}
              <a href={`/admin/servizi/${s.id}`}>{t(l, 'sheet.edit')}</a>
            </>
          ) : null}
        </p>
      </article>
    </Layout>
  );
}

/** The printable version: its own simple page in large type, with a print stylesheet. */
export function PrintPage(props: { ctx: PageContext; sheet: Sheet; sheetPath: string; absoluteUrl: string; now: string }): VNode {
  const l = props.ctx.lang;
  const s = props.sheet;
  // Each part under its heading, when the sheet has it.
  const printedParts: [key: string, part: ComponentChildren][] = [
    ['sheet.steps', s.steps.length > 0 && <Steps s={s} printable />],
    ['sheet.body', s.body && <Html html={renderMarkdown(s.body, 3)} />],
    ['sheet.faqs', s.faqs.length > 0 && <Faqs s={s} level={3} />],
    ['sheet.contacts', s.contacts && <Html html={renderMarkdown(s.contacts, 3)} />],
  ];
  return (
    <html lang={l}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${s.name} · ${t(l, 'sheet.print')} · Ponte`}</title>
        <FaviconLinks />
        <link rel="stylesheet" href={assetUrl('fonts.css')} />
        <link rel="stylesheet" href="/servizi/stile.css" />
      </head>
      <body>
        <main class="ponte-print">
          <p class="ponte-print-tools">
            {t(l, 'print.tools')} <a href={props.sheetPath}>{t(l, 'print.back')}</a>
          </p>
          <p>{s.organisation.name}</p>
          <h1>{s.name}</h1>
          <p>
            <strong>{s.summary}</strong>
          </p>
          {s.url ? (
            <p>
              {t(l, 'sheet.online')}: <a href={s.url}>{s.url}</a>
            </p>
          ) : null}
          <h2>{t(l, 'sheet.facts')}</h2>
          <Facts s={s} l={l} />
          {printedParts.map(([key, part]) =>
            part ? (
              <>
                <h2>{t(l, key)}</h2>
                {part}
              </>
            ) : null,
          )}
          <p class="mt-4">{t(l, 'print.printed', { date: formatRome(props.now, l, 'd LLLL yyyy'), url: props.absoluteUrl })}</p>
        </main>
      </body>
    </html>
  );
}
