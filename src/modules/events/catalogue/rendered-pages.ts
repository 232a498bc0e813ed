import { now } from '../../../core/time.js';

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
 */
export class RenderedPages {
  private readonly pages = new Map<string, { fingerprint: string; html: string; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes = 2 * 1024 * 1024) {}

  /**
   * The HTML of the page at `key` for `props`: kept when `props` (without the token) and the day are
   * the same as when it was rendered, else `render(props with the mark as token)` and kept.
   */
  html<P extends { ctx: { csrf?: string; path: string } }>(key: string, props: P, render: (props: P) => string): string {
    const { csrf = '', path } = props.ctx;
    const fingerprint = `${today()} ${JSON.stringify({ ...props, ctx: { ...props.ctx, csrf: undefined, path: undefined } })}`;
    let kept = this.pages.get(key);
    if (kept?.fingerprint !== fingerprint) {
      const html = render({ ...props, ctx: { ...props.ctx, csrf: CSRF_MARK, path: PATH_MARK } });
      kept = { fingerprint, html, bytes: 2 * (html.length + fingerprint.length + key.length) };
      this.forget(key);
      if (kept.bytes <= this.maxBytes) {
        while (this.bytes + kept.bytes > this.maxBytes) this.forget(this.pages.keys().next().value as string);
        this.pages.set(key, kept);
        this.bytes += kept.bytes;
      }
    }
    const html = withAddress(withToken(kept.html, csrf), path);
    // The layout used the address somewhere other than its language links: render this one for real.
    return html.includes(PATH_MARK) ? render(props) : html;
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

/** Rendered where the token goes; made of characters that neither HTML nor a token escape. */
const CSRF_MARK = 'ponte-csrf-mark-5c1e9a';

function withToken(html: string, csrf: string): string {
  return html.includes(CSRF_MARK) ? html.split(CSRF_MARK).join(csrf) : html;
}

/**
 * Rendered as the page's address. The layout writes the address only in the links to the page in
 * the other language (the same address with `lang=`), which are put back here for the real one.
 */
const PATH_MARK = '/ponte-path-mark-5c1e9a';
const LANG_LINK = /\/ponte-path-mark-5c1e9a\?lang=([a-z]{2})/g;

function withAddress(html: string, path: string): string {
  return html.replace(LANG_LINK, (_all, lang: string) => {
    const url = new URL(path, 'http://x');
    url.searchParams.set('lang', lang);
    return (url.pathname + url.search).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  });
}

/** The day in Rome's winter time: dates on a page name the year only when it is not this year (format.ts). */
function today(): number {
  return Math.floor((now().getTime() + 3_600_000) / 86_400_000);
}
