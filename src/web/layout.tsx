import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { useContext } from 'preact/hooks';
import { render } from 'preact-render-to-string';
import { type Lang, t } from '../core/i18n.js';
import { assetUrl } from './assets.js';
import { type PageErrors, PageErrorsContext } from './forms.js';

export interface PageContext {
  lang: Lang;
  path: string;
  signedIn: boolean;
  userName?: string;
  /** CSRF token for forms on this page (the logout button needs one). */
  csrf?: string;
  /** Name shown in the slim header: the organisation whose pages these are. */
  organisationName?: string;
}

export interface Crumb {
  href?: string;
  label: string;
}

export function pageContext(req: FastifyRequest, reply: FastifyReply, organisationName?: string): PageContext {
  return {
    lang: req.lang,
    path: req.url,
    signedIn: !!req.principal,
    userName: req.principal?.name,
    csrf: reply.generateCsrf(),
    organisationName,
  };
}

/**
 * The context of a page that has no form for visitors: one who is not signed in gets no CSRF token,
 * nor its cookie, so the page is the same for all of them (and can be kept, see page-cache.ts).
 */
export function formlessPageContext(req: FastifyRequest, reply: FastifyReply): PageContext {
  return req.principal ? pageContext(req, reply) : { lang: req.lang, path: req.url, signedIn: false };
}

/**
 * The language of what organisations write (event titles and descriptions, guide texts, desk and
 * service names): Italian. In the English interface it is marked lang="it", so that a screen
 * reader reads it with an Italian voice (WCAG 3.1.2); in the Italian one it needs no mark.
 */
export function contentLang(l: Lang): 'it' | undefined {
  return l === 'it' ? undefined : 'it';
}

function langHref(path: string, lang: Lang): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', lang);
  return url.pathname + url.search;
}

/**
 * The site's icon: the ICO (16, 32 and 48 px) for browsers and readers that take nothing else, the
 * SVG for those that draw it sharp at any size. Also at /favicon.ico, where some look unasked.
 */
export function FaviconLinks(): VNode {
  return (
    <>
      <link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48" />
      <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
    </>
  );
}

export function Layout(props: {
  ctx: PageContext;
  title: string;
  crumbs?: Crumb[];
  children: ComponentChildren;
  /** Extra elements for <head>, e.g. JSON-LD. */
  head?: ComponentChildren;
}): VNode {
  const { ctx, title } = props;
  const l = ctx.lang;
  const rendering = useContext(PageErrorsContext) as PageRender | null;
  if (rendering) rendering.lang = l;
  return (
    <html lang={l}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Ponte`}</title>
        <FaviconLinks />
        <link rel="stylesheet" href={assetUrl('bootstrap-italia.css')} />
        <link rel="stylesheet" href={assetUrl('fonts.css')} />
        <link rel="stylesheet" href={assetUrl('ponte.css')} />
        {props.head}
      </head>
      <body>
        <div class="skiplinks">
          <a class="visually-hidden-focusable" href="#main">
            {t(l, 'skip.content')}
          </a>
          <a class="visually-hidden-focusable" href="#footer">
            {t(l, 'skip.footer')}
          </a>
        </div>
        <header class="it-header-wrapper ponte-header">
          <div class="it-header-slim-wrapper">
            <div class="container">
              <div class="ponte-slim">
                <span class="ponte-slim-org">{ctx.organisationName ?? t(l, 'site.tagline')}</span>
                <nav aria-label={t(l, 'lang.switch')} class="ponte-langs">
                  <ul class="list-inline mb-0">
                    {(['it', 'en'] as Lang[]).map((code) => (
                      <li class="list-inline-item">
                        <a href={langHref(ctx.path, code)} lang={code} hrefLang={code} aria-current={code === l ? 'true' : undefined}>
                          {t(code, `lang.${code}`)}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              </div>
            </div>
          </div>
          <div class="it-header-center-wrapper">
            <div class="container">
              <div class="ponte-center">
                <a href="/" class="ponte-brand">
                  <span class="ponte-brand-name">Ponte</span>
                  <span class="ponte-brand-tag">{t(l, 'site.tagline')}</span>
                </a>
              </div>
            </div>
          </div>
          <div class="ponte-nav-wrapper">
            <div class="container">
              <nav aria-label={t(l, 'nav.main')}>
                <ul class="ponte-nav">
                  <LinkItems l={l} links={HOME_LINK} />
                  {ctx.signedIn ? (
                    <>
                      <LinkItems l={l} links={SIGNED_IN_LINKS} />
                      <li>
                        <form method="post" action="/logout" class="d-inline">
                          <input type="hidden" name="_csrf" value={ctx.csrf} />
                          <button type="submit" class="btn btn-link ponte-nav-button">
                            {t(l, 'nav.logout')}
                          </button>
                        </form>
                      </li>
                    </>
                  ) : (
                    <LinkItems l={l} links={SIGNED_OUT_LINKS} />
                  )}
                </ul>
              </nav>
            </div>
          </div>
        </header>
        <main id="main" class="container my-4">
          {props.crumbs && props.crumbs.length > 0 ? (
            <nav aria-label={t(l, 'breadcrumb')} class="breadcrumb-container">
              <ol class="breadcrumb">
                {props.crumbs.map((c, i) => (
                  <li class={`breadcrumb-item${i === props.crumbs!.length - 1 ? ' active' : ''}`}>
                    {c.href && i < props.crumbs!.length - 1 ? (
                      <a href={c.href}>{c.label}</a>
                    ) : (
                      <span aria-current={i === props.crumbs!.length - 1 ? 'page' : undefined}>{c.label}</span>
                    )}
                    {i < props.crumbs!.length - 1 ? <span class="separator">/</span> : null}
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
          {props.children}
        </main>
        <footer id="footer" class="it-footer">
          <div class="it-footer-main">
            <div class="container py-4">
              <p class="ponte-footer-title">Ponte</p>
              <ul class="ponte-footer-links">
                <LinkItems l={l} links={FOOTER_LINKS} />
              </ul>
              <p class="mb-0">{t(l, 'footer.licence')}</p>
            </div>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** The layout's fixed links, each a path and the key of its words: the main menu's and the footer's. */
type LinkTable = readonly (readonly [href: string, key: string])[];
const HOME_LINK: LinkTable = [['/', 'nav.home']];
const SIGNED_IN_LINKS: LinkTable = [
  ['/admin', 'nav.backoffice'],
  ['/account', 'nav.account'],
];
const SIGNED_OUT_LINKS: LinkTable = [['/login', 'nav.login']];
const FOOTER_LINKS: LinkTable = [
  ['/privacy', 'footer.privacy'],
  ['/accessibilita', 'footer.accessibility'],
  ['/gestisci', 'bycode.link'],
  ['/api/v1/openapi.json', 'footer.api'],
];

/** A list's items, one link each. */
function LinkItems({ l, links }: { l: Lang; links: LinkTable }): VNode {
  return (
    <>
      {links.map(([href, key]) => (
        <li>
          <a href={href}>{t(l, key)}</a>
        </li>
      ))}
    </>
  );
}

/** What renderPage learns while rendering a page: its forms' errors, and the layout's language. */
interface PageRender extends PageErrors {
  lang?: Lang;
}

/**
 * A page's whole HTML document. When the page shows an error summary (a form came back with errors)
 * its title starts with "Errore:" ("Error:"), the first thing a screen reader announces of the page
 * that answers a failed submit (WCAG 3.3.1). One mechanism for every form: the summary tells the
 * render, and the title, written before the body, is prefixed once the whole page is rendered.
 */
export function renderPage(page: VNode): string {
  const rendering: PageRender = { summary: false, formProblem: false };
  const html = render(<PageErrorsContext.Provider value={rendering}>{page}</PageErrorsContext.Provider>);
  const titled = rendering.summary ? html.replace('<title>', `<title>${t(rendering.lang ?? 'it', 'form.errorTitle')}: `) : html;
  return `<!doctype html>${titled}`;
}

/** Sends a full HTML page. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderPage(page));
}
