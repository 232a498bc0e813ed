import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderPage } from './layout.js';

/**
 * Public pages as anonymous visitors see them, kept a few seconds per language and address (a
 * "microcache"). For pages that are the same for everyone who is not signed in and where a few
 * seconds of delay is harmless (a count of free seats, the next events): the pages that act on
 * the data (booking, manage, the API) always read the database. Signed-in users always get a fresh
 * page. Per process, bounded, and never holding personal data. Pages are kept as UTF-8 bytes:
 * encoding the text again for every visitor would cost more than the rest of the answer.
 *
 * Each page is also kept gzipped, compressed the first time a browser that accepts gzip asks for
 * it (every browser does): a catalogue page of 17 KB travels as 4 KB, which matters on a phone's
 * connection, and costs the server less to send than the plain bytes.
 */
export class PageCache {
  private readonly pages = new Map<string, Page & { until: number; key: string }>();
  private bytes = 0;

  /**
   * At most `maxBytes` of pages (plain and gzipped) per cache: every new address is a new page, and
   * a thousand catalogue pages of filters nobody asks twice held 20 MiB for nothing. The oldest go
   * first, and pages past their few seconds go when the next page is kept: a page is asked for many
   * times in its seconds or not at all, so a megabyte holds every page that is asked for again.
   */
  constructor(
    private readonly ttlMs = 5_000,
    private readonly max = 1_000,
    private readonly maxBytes = 1024 * 1024,
  ) {}

  /** How many pages are kept and their bytes: for tests. */
  get size(): { pages: number; bytes: number } {
    return { pages: this.pages.size, bytes: this.bytes };
  }

  /** The key of a request whose page may be shared, or null (signed in). */
  key(req: FastifyRequest): string | null {
    return req.principal ? null : `${req.lang} ${req.url}`;
  }

  /** Answers from the cache, or returns null when the page must be made. */
  serve(req: FastifyRequest, reply: FastifyReply): FastifyReply | null {
    const key = this.key(req);
    const hit = key ? this.pages.get(key) : undefined;
    if (!hit || hit.until <= Date.now()) return null;
    return send(req, reply, hit);
  }

  /**
   * Sends the page, and keeps it when it was made for a visitor who is not signed in. A page already
   * rendered comes as its HTML text, or as its text and its own way to gzip it (spliced from kept
   * pieces, see spliced-gzip.ts).
   */
  keepAndSend(req: FastifyRequest, reply: FastifyReply, page: VNode | string | SplicedPage): FastifyReply {
    const text = typeof page === 'string' ? page : isSpliced(page) ? page.html : renderPage(page);
    const key = this.key(req);
    const entry: Page & { until: number; key: string } = {
      text,
      bytes: Buffer.byteLength(text),
      makeGzip: isSpliced(page) ? page.gzip : undefined,
      until: Date.now() + this.ttlMs,
      key: key ?? '',
    };
    if (key) {
      this.forget(key);
      // A page counts its gzipped copy too (about a quarter of it), made when first sent.
      const bytes = cost(entry);
      // Pages are kept in the order they were made, all for the same time: the first is the oldest.
      const now = Date.now();
      for (const [oldest, page] of this.pages) {
        if (this.pages.size < this.max && this.bytes + bytes <= this.maxBytes && page.until > now) break;
        this.forget(oldest);
      }
      if (bytes <= this.maxBytes) {
        this.pages.set(key, entry);
        this.bytes += bytes;
      }
    }
    return send(req, reply, entry);
  }

  private forget(key: string): void {
    const old = this.pages.get(key);
    if (!old) return;
    this.pages.delete(key);
    this.bytes -= cost(old);
  }
}

/** The bytes a kept page is counted for: its HTML and room for its gzipped copy. */
function cost(page: Page & { key: string }): number {
  return Math.ceil(page.bytes * 1.25) + 2 * page.key.length;
}

/** A rendered page with its own gzip compression, or null when it has none. */
export interface SplicedPage {
  html: string;
  gzip: () => Buffer | null;
}

function isSpliced(page: VNode | string | SplicedPage): page is SplicedPage {
  return typeof page === 'object' && 'gzip' in page && typeof page.gzip === 'function';
}

/**
 * A page's text, its UTF-8 bytes once a browser that takes no gzip asks for it, and the same gzipped
 * once the first browser that accepts gzip asks for it (through `makeGzip` when the page has it).
 */
interface Page {
  text?: string;
  bytes: number;
  html?: Buffer;
  gzip?: Buffer;
  makeGzip?: () => Buffer | null;
}

function send(req: FastifyRequest, reply: FastifyReply, page: Page): FastifyReply {
  // The answer depends on Accept-Encoding: a shared cache in between must keep both.
  reply.header('vary', 'Accept-Encoding').type('text/html; charset=utf-8');
  if (!acceptsGzip(req.headers['accept-encoding'])) return reply.send(htmlOf(page));
  if (!page.gzip) {
    page.gzip = page.makeGzip?.() ?? gzipSync(htmlOf(page));
    page.makeGzip = undefined;
  }
  return reply.header('content-encoding', 'gzip').send(page.gzip);
}

/** The page's UTF-8 bytes, encoded once (encoding the text again for every visitor costs more than the rest). */
function htmlOf(page: Page): Buffer {
  if (!page.html) {
    page.html = Buffer.from(page.text ?? '');
    page.text = undefined;
  }
  return page.html;
}

/**
 * Sends a page made for one visitor: gzipped from its kept pieces when the browser accepts gzip
 * (instead of compressing the whole page again for each visitor), else as its text, which the
 * application's compression then handles as it does any page.
 */
export function sendSplicedPage(req: FastifyRequest, reply: FastifyReply, page: SplicedPage): FastifyReply {
  return sendKeptGzip(req, reply.code(200).type('text/html; charset=utf-8'), page.html, () => page.gzip());
}

/**
 * Sends an answer kept with its gzipped copy: that copy (made by `gzip` when first asked for) when
 * the client accepts gzip and no `x-no-compression` asks otherwise, else `plain`, which the
 * application's compression then handles as it does any answer.
 */
export function sendKeptGzip(req: FastifyRequest, reply: FastifyReply, plain: string | Buffer, gzip: () => Buffer | null): FastifyReply {
  const zipped = acceptsGzip(req.headers['accept-encoding']) && req.headers['x-no-compression'] === undefined ? gzip() : null;
  if (!zipped) return reply.send(plain);
  return reply.header('vary', 'Accept-Encoding').header('content-encoding', 'gzip').send(zipped);
}

/**
 * Whether an Accept-Encoding header accepts gzip: named, or `*`, with a weight above zero
 * (`gzip;q=0` refuses it, RFC 9110 §12.5.3).
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (!header) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  let star = false;
  for (const part of value.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const accepted = Number.isFinite(weight) && weight > 0;
    if (name === '*') star = accepted;
    else return accepted;
  }
  return star;
}
