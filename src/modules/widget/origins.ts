/**
 * What a website's origin is, as a browser compares it for `frame-ancestors`: a scheme (http or
 * https), a host and a port, nothing else. Staff paste addresses in many shapes; these rules take
 * the address of a home page (`https://www.comune.prato.it/`) and refuse anything that would mean
 * something else in a policy: a path (a policy would allow the whole site anyway, so it would
 * mislead), a query, credentials, a wildcard, or a scheme that is not a website.
 */

export const ORIGIN_MAX = 200;

export type OriginReason =
  | 'widget.origin.missing'
  | 'widget.origin.tooLong'
  | 'widget.origin.scheme'
  | 'widget.origin.wildcard'
  | 'widget.origin.path'
  | 'widget.origin.credentials'
  | 'widget.origin.invalid';

/** The origin, normalised (`https://www.comune.prato.it`), or the dictionary key of why not. */
export function parseOrigin(raw: unknown): { origin: string } | { reason: OriginReason } {
  if (typeof raw !== 'string' || raw.trim() === '') return { reason: 'widget.origin.missing' };
  const typed = raw.trim();
  if (typed.length > ORIGIN_MAX) return { reason: 'widget.origin.tooLong' };
  if (!/^https?:\/\//i.test(typed)) return { reason: 'widget.origin.scheme' };
  if (typed.includes('*')) return { reason: 'widget.origin.wildcard' };
  // Spaces, control characters and backslashes are dropped or read as "/" by the URL parser: an
  // address holding one is not what it looks like.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\s\\\u0000-\u001f]/.test(typed)) return { reason: 'widget.origin.invalid' };
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return { reason: 'widget.origin.invalid' };
  }
  if (url.username || url.password || /^https?:\/\/[^/?#]*@/i.test(typed)) return { reason: 'widget.origin.credentials' };
  // Only "/" may follow the host: a trailing slash is how many people type a home page.
  const rest = typed.replace(/^https?:\/\/[^/?#]*/i, '');
  if (rest !== '' && rest !== '/') return { reason: 'widget.origin.path' };
  // A host is letters, digits, dots and hyphens (international names arrive as xn--), or an IPv6
  // address in brackets: the parser lets through characters such as ; , ' that would end or widen
  // the Content-Security-Policy the origin is written into.
  if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname)) return { reason: 'widget.origin.invalid' };
  return { origin: url.origin };
}
