import type { Config } from '../config.js';

type Headers = Record<string, string>;

/** The pages' policy; `frameAncestors` names who may show the page in a frame (`'none'`: nobody). */
function pageCsp(https: boolean, frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // Bootstrap Italia's stylesheet carries one font inline, as a data: URL; data: fonts can only
    // come from a stylesheet the site itself serves, and no script may load from data:.
    "font-src 'self' data:",
    "connect-src 'self'",
    `frame-ancestors ${frameAncestors}`,
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    // Only where the site is really served over https: a plain-HTTP install on a local network must
    // keep working.
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join(';');
}

/**
 * The policy of a page made to be shown in a frame by other websites (the events widget): the
 * page policy with `frame-ancestors` naming the site itself and `origins`. The route sets it over
 * the default and removes X-Frame-Options, whose SAMEORIGIN would contradict it in browsers that
 * read only that header.
 */
export function framedPageCsp(config: Pick<Config, 'secureCookies'>, origins: readonly string[]): string {
  return pageCsp(config.secureCookies, ["'self'", ...origins].join(' '));
}

/**
 * The policy of a page that shows a map: the page policy with the tile server's origin (`{s}`
 * subdomains as `*`) among the image sources, and nothing else loosened.
 */
export function mapPageCsp(config: Pick<Config, 'secureCookies'>, tilesUrl: string): string {
  const origin = /^https?:\/\/[^/]+/.exec(tilesUrl)?.[0].replace('{s}', '*');
  const csp = pageCsp(config.secureCookies, "'none'");
  return origin ? csp.replace("img-src 'self' data:", `img-src 'self' data: ${origin}`) : csp;
}

/**
 * The security headers of every answer, worked out once at start-up: the values never depend on the
 * request, and building them per request (as a general-purpose middleware does) costs more than
 * the rest of a small API answer.
 *
 * Pages get a full Content-Security-Policy that allows the site's own scripts, styles, fonts and
 * images and nothing else, plus the usual browser protections. The API answers JSON and files that
 * no browser should render, run or frame, so it gets the short, strictest set OWASP recommends for
 * REST services: nothing may load (`default-src 'none'`), nothing may frame it.
 */
export function securityHeaders(config: Pick<Config, 'secureCookies'>): { page: Headers; api: Headers } {
  const https = config.secureCookies;
  const csp = pageCsp(https, "'none'");
  const hsts: Headers = https ? { 'strict-transport-security': 'max-age=15552000; includeSubDomains' } : {};
  const common: Headers = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    ...hsts,
  };
  return {
    page: {
      'content-security-policy': csp,
      'cross-origin-opener-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-dns-prefetch-control': 'off',
      ...common,
    },
    api: { 'content-security-policy': "default-src 'none';frame-ancestors 'none'", ...common },
  };
}
