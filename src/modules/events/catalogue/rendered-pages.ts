import { now } from '../../../core/time.js';
import type { SplicedPage } from '../../../web/page-cache.js';
import { SplicedGzip } from '../../../web/spliced-gzip.js';

/**
 * Pages rendered once per version of what they show. An event page is read afresh on every request
 * (seats, whether booking is open, the organiser's details), but what it shows changes far less often
 * than it is asked for, and rendering it was the largest part of its time. So the page is kept beside
 * a fingerprint of everything it was rendered from (the view's props, the day), and rendered again
 * only when the fingerprint differs: a change is seen on the very next request.
 *
 * What differs between visitors of the same page, the CSRF token of a form and the address in the
 * links to the other language (which keeps whatever the address carried), is rendered as a mark
 * and put in on the way out. Only for visitors who are not signed in: staff pages are rendered
 * each time. Bounded by bytes: past `maxBytes` the oldest pages are forgotten first.
 *
 * The kept page is also kept gzipped piece by piece around those marks (web/spliced-gzip.ts), so
 * that a visitor's copy is compressed by compressing only what is theirs: compressing the whole
 * page for every visitor cost more than everything else the page does.
 */
export class RenderedPages {
  private readonly pages = new Map<string, Kept>();
  private bytes = 0;

  constructor(private readonly maxBytes = 2 * 1024 * 1024) {}

  /**
   * The HTML of the page at `key` for `props`: kept when `props` (without the token) and the day are
   * the same as when it was rendered, else `render(props with the mark as token)` and kept.
   */
  html<P extends { ctx: { csrf?: string; path: string } }>(key: string, props: P, render: (props: P) => string): string {
    return this.page(key, props, render).html;
  }

  /**
   * The page as `html` does, and its gzip compression made from the kept pieces. `version`, when
   * given, stands for the props (without the token and the address): it must change whenever they
   * do, and spares writing them out as the fingerprint on every request.
   */
  page<P extends { ctx: { csrf?: string; path: string } }>(
    key: string,
    props: P,
    render: (props: P) => string,
    version?: string,
  ): VisitorPage {
    const { csrf = '', path } = props.ctx;
    const fingerprint = `${today()} ${version ?? JSON.stringify({ ...props, ctx: { ...props.ctx, csrf: undefined, path: undefined } })}`;
    let kept = this.pages.get(key);
    if (kept?.fingerprint !== fingerprint) {
      const html = render({ ...props, ctx: { ...props.ctx, csrf: CSRF_MARK, path: PATH_MARK } });
      kept = { fingerprint, ...piecesOf(html), bytes: 2 * (html.length + fingerprint.length + key.length) };
      this.forget(key);
      if (kept.bytes <= this.maxBytes) {
        while (this.bytes + kept.bytes > this.maxBytes) this.forget(this.pages.keys().next().value as string);
        this.pages.set(key, kept);
        this.bytes += kept.bytes;
      }
    }
    // The layout used the address somewhere other than its language links: render this one for real.
    if (!kept.gzip) return plainPage(render(props));
    const fills = kept.holes.map((hole) => (hole === CSRF_HOLE ? csrf : languageLink(path, hole)));
    const gzip = kept.gzip;
    return {
      html: String.raw({ raw: kept.texts }, ...fills),
      gzip: () => gzip.with(fills),
    };
  }

  /** How many bytes the kept pages take (UTF-16, as the engine may hold them): for tests and metrics. */
  get size(): { pages: number; bytes: number } {
    return { pages: this.pages.size, bytes: this.bytes };
  }

  private forget(key: string): void {
    const old = this.pages.get(key);
    if (!old) return;
    this.pages.delete(key);
    this.bytes -= old.bytes;
  }
}

/** One visitor's copy of a page: its HTML, and the same gzipped (null when it cannot be spliced). */
export type VisitorPage = SplicedPage;

interface Kept {
  fingerprint: string;
  /** The page's text between the marks, one more than the holes. */
  texts: string[];
  /** What goes in each hole: the token, or the language of a link to the page in it. */
  holes: string[];
  /** The texts compressed, or null when the page cannot be kept as pieces (the address is elsewhere). */
  gzip: SplicedGzip | null;
  bytes: number;
}

function plainPage(html: string): VisitorPage {
  return { html, gzip: () => null };
}

/** Rendered where the token goes; made of characters that neither HTML nor a token escape. */
const CSRF_MARK = 'ponte-csrf-mark-5c1e9a';
const CSRF_HOLE = '';

/**
 * Rendered as the page's address. The layout writes the address only in the links to the page in
 * the other language (the same address with `lang=`), which are put back here for the real one.
 */
const PATH_MARK = '/ponte-path-mark-5c1e9a';
const MARKS = /ponte-csrf-mark-5c1e9a|\/ponte-path-mark-5c1e9a\?lang=([a-z]{2})/g;

function piecesOf(html: string): Pick<Kept, 'texts' | 'holes' | 'gzip'> {
  const texts: string[] = [];
  const holes: string[] = [];
  let from = 0;
  for (const m of html.matchAll(MARKS)) {
    texts.push(html.slice(from, m.index));
    holes.push(m[1] ?? CSRF_HOLE);
    from = (m.index ?? 0) + m[0].length;
  }
  texts.push(html.slice(from));
  const whole = !texts.some((text) => text.includes(PATH_MARK));
  return { texts, holes, gzip: whole ? new SplicedGzip(texts) : null };
}

/** The address of the page in language `lang`, escaped for an attribute, as the layout writes it. */
function languageLink(path: string, lang: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', lang);
  return (url.pathname + url.search).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The day in Rome's winter time: dates on a page name the year only when it is not this year (format.ts). */
function today(): number {
  return Math.floor((now().getTime() + 3_600_000) / 86_400_000);
}
