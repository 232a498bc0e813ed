import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '../helpers.js';

/** The Nu HTML checker (the W3C validator's engine), run from the vnu-jar package with Java. */
export const VNU_JAR = join(import.meta.dirname, '../../node_modules/vnu-jar/build/dist/vnu.jar');

export interface NuError {
  /** The address of the page, as the site serves it. */
  page: string;
  line?: number;
  message: string;
  extract?: string;
}

/**
 * Checks every page in one run of the checker (one JVM for all: a JVM per page would cost seconds
 * each) and returns its errors, each with the page it is on. Warnings and notes are left out.
 */
export async function nuErrors(pages: Map<string, string>): Promise<NuError[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-vnu-'));
  try {
    const fileToPage = new Map<string, string>();
    let n = 0;
    for (const [page, html] of pages) {
      n += 1;
      const file = join(dir, `page-${String(n).padStart(4, '0')}.html`);
      writeFileSync(file, html);
      fileToPage.set(file, page);
    }
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        'java',
        // A short run: the quick compiler alone and one garbage-collecting thread spend a quarter
        // less processor time than the JVM's defaults, which tune for long-running servers. The quick
        // compiler's frames are larger, so the stack is too (the checker's own advice is ≥ 512k).
        [
          '-Xss16m',
          '-XX:TieredStopAtLevel=1',
          '-XX:+UseSerialGC',
          '-jar',
          VNU_JAR,
          '--format',
          'json',
          '--errors-only',
          '--exit-zero-always',
          '--stdout',
          ...fileToPage.keys(),
        ],
        { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const report = JSON.parse(output) as {
      messages: { type: string; url?: string; lastLine?: number; message: string; extract?: string }[];
    };
    return report.messages
      .filter((m) => m.type === 'error' || m.type === 'non-document-error')
      .map((m) => ({
        // The checker names each file by its file: URL.
        page: (m.url && fileToPage.get(decodeURIComponent(new URL(m.url).pathname))) ?? m.url ?? '?',
        line: m.lastLine,
        message: m.message,
        extract: m.extract,
      }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per error, grouped by page: what the test prints when a page is not valid. */
export function describeErrors(errors: NuError[]): string {
  return errors
    .map((e) => `${e.page}${e.line ? `:${e.line}` : ''}: ${e.message}${e.extract ? `\n    ${e.extract.replace(/\n/g, ' ')}` : ''}`)
    .join('\n');
}

/** The links of a page's <a> elements, as paths of this site. */
export function siteLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)) {
    const href = m[1].replace(/&amp;/g, '&').split('#')[0];
    if (href.startsWith('/') && !href.startsWith('//')) out.push(href);
  }
  return out;
}

/** A path's shape: ids and numbers generalised, query names kept, so the crawl visits a few of each kind. */
export function pageShape(path: string): string {
  const url = new URL(path, 'http://x');
  const shape = url.pathname
    // One guide is much like the next: their addresses are slugs, not ids.
    .replace(/^\/servizi\/[^/]+/, '/servizi/:slug')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')
    .replace(/\d+/g, 'N');
  return `${shape}?${[...url.searchParams.keys()].sort().join('&')}`;
}

/**
 * Follows the site's own links from the given pages and keeps every HTML page reached: at most
 * `perShape` pages of one shape (one event page is much like the next) and `limit` in all.
 */
export async function crawl(
  b: Browser,
  seeds: string[],
  opts: { follow: (path: string) => boolean; perShape?: number; limit?: number },
): Promise<Map<string, string>> {
  const perShape = opts.perShape ?? 2;
  const limit = opts.limit ?? 200;
  const pages = new Map<string, string>();
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  const queue = [...seeds];
  while (queue.length > 0 && pages.size < limit) {
    const path = queue.shift() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    const shape = pageShape(path);
    const count = shapes.get(shape) ?? 0;
    if (count >= perShape && !seeds.includes(path)) continue;
    shapes.set(shape, count + 1);
    const res = await b.get(path);
    if (!String(res.headers['content-type'] ?? '').startsWith('text/html')) continue;
    pages.set(`${path} (${res.statusCode})`, res.body);
    for (const link of siteLinks(res.body)) if (!seen.has(link) && opts.follow(link)) queue.push(link);
  }
  return pages;
}

/** Ids used more than once on a page (the checker reports them too; this names them for a quick read). */
export function repeatedIds(html: string): string[] {
  const counts = new Map<string, number>();
  for (const m of html.matchAll(/\sid="([^"]*)"/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([id]) => id);
}
