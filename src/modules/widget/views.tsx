import type { VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { formatRome } from '../../core/time.js';
import { assetUrl } from '../../web/assets.js';
import { FieldList } from '../../web/components/field-list.js';
import { type FormPageProps, formPage } from '../../web/components/form-page.js';
import { ButtonForm, FormBlock } from '../../web/components/form-section.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { URL_INPUT } from '../../web/components/url-input.js';
import { Notice } from '../../web/forms.js';
import { FaviconLinks, Layout } from '../../web/layout.js';
import { type CatalogueItem, EVENTS_CSS } from '../events/service.js';
import { ORIGIN_MAX, type OriginView, type WidgetView } from './service.js';

// ---------- the widget, inside the comune's page ----------

const query = (values: Record<string, string>) => {
  const s = new URLSearchParams(values).toString();
  return s ? `?${s}` : '';
};

function place(l: Lang, item: CatalogueItem): string {
  if (item.format === 'online') return t(l, 'cat.online');
  const parts = [item.venue?.name, item.municipality?.name];
  return parts.filter(Boolean).join(', ');
}

/**
 * One event, compact: its links open Ponte's own pages in the whole window (`_top`), since those
 * pages refuse to be framed and booking wants the full screen of a phone.
 */
function WidgetCard(props: { l: Lang; item: CatalogueItem }): VNode {
  const { l, item } = props;
  const page = item.page;
  return (
    <li class="ponte-card ponte-event">
      <h2 class="h6 mb-1">
        <a href={page} target="_top">
          {item.title}
        </a>
      </h2>
      <p class="mb-1 small">
        <time dateTime={item.start}>{formatRome(item.start, l, "ccc d LLL yyyy 'ore' HH:mm")}</time>
        {' · '}
        {place(l, item)}
      </p>
      <p class="mb-1 small">{item.bookingRequired ? t(l, `cat.seats.${item.availability}`) : t(l, 'cat.openEntry')}</p>
      {item.bookingRequired && !item.full ? (
        <a class="btn btn-primary btn-sm" href={`${page}/prenota`} target="_top">
          {t(l, 'widget.book')}
          <span class="visually-hidden">: {item.title}</span>
        </a>
      ) : null}
    </li>
  );
}

/**
 * The page shown in the iframe: no site header or footer, just the list and a way to the rest.
 * Links are relative: inside the frame they resolve to the address Ponte answered at.
 */
export function WidgetPage(props: { lang: Lang; view: WidgetView }): VNode {
  const { lang: l, view } = props;
  const name = view.organisation.name;
  return (
    <html lang={l}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${t(l, 'widget.frame.title', { name })} · Ponte`}</title>
        <FaviconLinks />
        <link rel="stylesheet" href={assetUrl('bootstrap-italia.css')} />
        <link rel="stylesheet" href={assetUrl('fonts.css')} />
        <link rel="stylesheet" href={assetUrl('ponte.css')} />
        {EVENTS_CSS}
        <script src="/widget/frame.js" defer />
      </head>
      <body class="ponte-widget">
        <main id="main" class="container-fluid py-2">
          <h1 class="h5">{t(l, 'widget.heading', { name })}</h1>
          {view.items.length === 0 ? (
            <p>{t(l, 'widget.none')}</p>
          ) : (
            <ul class="list-unstyled ponte-events mb-2">
              {view.items.map((item) => (
                <WidgetCard l={l} item={item} />
              ))}
            </ul>
          )}
          <p class="mb-1">
            <a href={`/eventi${query(view.query)}`} target="_top">
              {t(l, 'widget.all')}
            </a>
          </p>
          <p class="small mb-0">{t(l, 'widget.poweredBy')}</p>
        </main>
      </body>
    </html>
  );
}

// ---------- the settings page, for the organisation's administrators ----------

interface Org {
  id: string;
  name: string;
}

/** The two ways to put the widget on a page, with the organisation filled in. */
export function snippets(baseUrl: string, org: Org): { script: string; iframe: string } {
  const title = `Eventi di ${org.name}`.replace(/"/g, '&quot;');
  return {
    script: `<script src="${baseUrl}/widget.js" data-organisation="${org.id}" data-title="${title}" async></script>`,
    iframe: `<iframe src="${baseUrl}/widget/eventi?organisation=${org.id}" title="${title}" style="width:100%;height:600px;border:0"></iframe>`,
  };
}

function Snippet(props: { id: string; label: string; code: string }): VNode {
  return (
    <div class="mb-3">
      <label class="form-label" for={props.id}>
        {props.label}
      </label>
      <textarea class="form-control font-monospace" id={props.id} rows={3} readOnly>
        {props.code}
      </textarea>
    </div>
  );
}

export type WidgetNotice = 'added' | 'removed';

export function WidgetSettingsPage(
  props: FormPageProps & {
    organisation: Org;
    origins: OriginView[];
    baseUrl: string;
    notice?: WidgetNotice;
    value?: string;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const o = props.organisation;
  const code = snippets(props.baseUrl, o);
  return (
    <Layout
      ctx={props.ctx}
      title={`${Object.keys(errors).length ? `${t(l, 'form.errors')} · ` : ''}${t(l, 'widget.title')} · ${o.name}`}
      crumbs={staffCrumbs(l, o, { label: t(l, 'widget.title') })}
    >
      <h1>{t(l, 'widget.title')}</h1>
      <p>{t(l, 'widget.lead')}</p>
      {props.notice ? <Notice kind="success">{t(l, `widget.origin.${props.notice}`)}</Notice> : null}

      <h2 class="h4 mt-4">{t(l, 'widget.origins')}</h2>
      {props.origins.length === 0 ? (
        <p>{t(l, 'widget.origins.none')}</p>
      ) : (
        <ul class="list-unstyled">
          {props.origins.map((origin) => (
            <li class="ponte-card d-flex flex-wrap align-items-center gap-2">
              <span class="text-break me-auto">{origin.origin}</span>
              <ButtonForm
                action={`/admin/widget-origins/${origin.id}/delete`}
                csrf={props.ctx.csrf}
                label={t(l, 'widget.origin.remove', { origin: origin.origin })}
                class="btn btn-outline-danger btn-sm"
              />
            </li>
          ))}
        </ul>
      )}
      <FormBlock
        ctx={props.ctx}
        errors={errors}
        labels={{ origin: t(l, 'widget.origin') }}
        action={`/admin/organisations/${o.id}/widget`}
        submit={t(l, 'widget.origin.add')}
      >
        <FieldList
          values={{ origin: props.value }}
          errors={errors}
          label={(name) => t(l, `widget.${name}`)}
          fields={[{ name: 'origin', ...URL_INPUT, maxLength: ORIGIN_MAX, hint: t(l, 'widget.origin.hint') }]}
        />
      </FormBlock>

      <h2 class="h4 mt-4">{t(l, 'widget.snippets')}</h2>
      <Snippet id="snippet-script" label={t(l, 'widget.snippet.script')} code={code.script} />
      <Snippet id="snippet-iframe" label={t(l, 'widget.snippet.iframe')} code={code.iframe} />
      <p class="small">{t(l, 'widget.snippet.hint')}</p>
      <p>
        <a href={`/widget/eventi?organisation=${o.id}`}>{t(l, 'widget.preview')}</a>
      </p>
    </Layout>
  );
}
