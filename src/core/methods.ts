/**
 * Which methods each known path answers, so that a known path asked with another method gets
 * 405 and an `Allow` header (RFC 9110 §15.5.6) instead of a 404 that says the path does not exist.
 * The router only tells "no route for this method"; this table, filled from every route as it is
 * registered, tells the rest. It is read only on the not-found path, never on a served request.
 */
export class MethodTable {
  private readonly patterns = new Map<string, { regex: RegExp; methods: Set<string> }>();

  add(method: string, url: string): void {
    let entry = this.patterns.get(url);
    if (!entry) {
      entry = { regex: patternToRegex(url), methods: new Set() };
      this.patterns.set(url, entry);
    }
    entry.methods.add(method);
    // Fastify answers HEAD wherever it answers GET.
    if (method === 'GET') entry.methods.add('HEAD');
  }

  /** The methods some route answers on this path (query ignored), sorted; empty for an unknown path. */
  allowed(url: string): string[] {
    const path = url.split('?')[0];
    const methods = new Set<string>();
    for (const { regex, methods: m } of this.patterns.values()) {
      if (regex.test(path)) for (const method of m) methods.add(method);
    }
    return [...methods].sort();
  }
}

/**
 * A route pattern of the router (`/eventi/:eventId.ics`, `/static/*`, `/x/:id(^\\d+)`) as a regular
 * expression over the raw path; a trailing slash is optional, as the router is configured.
 */
function patternToRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; ) {
    const rest = pattern.slice(i);
    const param = /^:[A-Za-z0-9_]+(\((?:[^()]|\([^()]*\))*\))?/.exec(rest);
    if (param) {
      source += param[1] ? `(?:${param[1].slice(1, -1).replace(/^\^|\$$/g, '')})` : '[^/]+?';
      i += param[0].length;
    } else if (rest[0] === '*') {
      source += '.*';
      i += 1;
    } else {
      source += rest[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  return new RegExp(`^${source.replace(/\/$/, '')}/?$`);
}
